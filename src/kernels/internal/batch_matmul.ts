/**
 * reference_ops::BatchMatMul (float, and the quantized FullyConnectedParams form with int32 or int64
 * accumulators) as TFLM's BATCH_MATMUL drives it. TFLM transposes the operands into RHS^T x LHS (and may fold
 * a broadcast batch dim into the rows); none of that changes what any output element is: out[b][m][n] is the
 * sum over k = 0, 1, ... of lhs[b][m][k] * rhs[b][k][n], accumulated in that order. Here the operands are read
 * in place through element strides (adj_x / adj_y only swap strides), batch dims broadcast with stride 0.
 */

export interface BatchMatMulParams {
  /** Output batch dims (the inputs extended to rank 5; dims 0..2 are batch dims). */
  batch0: number;
  batch1: number;
  batch2: number;
  /** Element strides of each batch dim in lhs and rhs (0 where that input is broadcast). */
  lhsBatch0: number;
  lhsBatch1: number;
  lhsBatch2: number;
  rhsBatch0: number;
  rhsBatch1: number;
  rhsBatch2: number;
  /** Output rows (lhs rows), columns (rhs columns) and the accumulation depth. */
  rows: number;
  cols: number;
  depth: number;
  /** Strides of lhs along its rows and depth, of rhs along depth and columns. */
  lhsRowStride: number;
  lhsDepthStride: number;
  rhsDepthStride: number;
  rhsColStride: number;
  /** Quantized: -lhs zero point, -rhs zero point, output zero point, multiplier, shift, clamp range. */
  lhsOffset: number;
  rhsOffset: number;
  outputOffset: number;
  multiplier: number;
  shift: number;
  actMin: number;
  actMax: number;
}

/** Float32: each product and each addition rounded to float32 (C++ float, no FMA). */
export function batchMatMulFloat(p: BatchMatMulParams, lhs: Float32Array, rhs: Float32Array, out: Float32Array): void {
  const f = Math.fround;
  const { rows, cols, depth, lhsRowStride, lhsDepthStride, rhsDepthStride, rhsColStride } = p;
  let o = 0;
  for (let b0 = 0; b0 < p.batch0; b0++) {
    for (let b1 = 0; b1 < p.batch1; b1++) {
      for (let b2 = 0; b2 < p.batch2; b2++) {
        const lb = b0 * p.lhsBatch0 + b1 * p.lhsBatch1 + b2 * p.lhsBatch2;
        const rb = b0 * p.rhsBatch0 + b1 * p.rhsBatch1 + b2 * p.rhsBatch2;
        for (let m = 0; m < rows; m++) {
          const lRow = lb + m * lhsRowStride;
          for (let n = 0; n < cols; n++) {
            let total = 0;
            for (let k = 0, li = lRow, ri = rb + n * rhsColStride; k < depth; k++, li += lhsDepthStride, ri += rhsDepthStride) {
              total = f(total + f(lhs[li]! * rhs[ri]!));
            }
            out[o++] = total;
          }
        }
      }
    }
  }
}

/**
 * int8 (int32 accumulator, wrapping like C's int32 additions; each product is below 2^16) requantized with
 * `mbqm` (the rounding mode's MultiplyByQuantizedMultiplier), offset and clamped.
 */
export function batchMatMulInt8(
  p: BatchMatMulParams,
  lhs: Int8Array,
  rhs: Int8Array,
  out: Int8Array,
  mbqm: (x: number, multiplier: number, shift: number) => number,
): void {
  const { rows, cols, depth, lhsRowStride, lhsDepthStride, rhsDepthStride, rhsColStride } = p;
  const { lhsOffset, rhsOffset, outputOffset, multiplier, shift, actMin, actMax } = p;
  let o = 0;
  for (let b0 = 0; b0 < p.batch0; b0++) {
    for (let b1 = 0; b1 < p.batch1; b1++) {
      for (let b2 = 0; b2 < p.batch2; b2++) {
        const lb = b0 * p.lhsBatch0 + b1 * p.lhsBatch1 + b2 * p.lhsBatch2;
        const rb = b0 * p.rhsBatch0 + b1 * p.rhsBatch1 + b2 * p.rhsBatch2;
        for (let m = 0; m < rows; m++) {
          const lRow = lb + m * lhsRowStride;
          for (let n = 0; n < cols; n++) {
            let total = 0;
            for (let k = 0, li = lRow, ri = rb + n * rhsColStride; k < depth; k++, li += lhsDepthStride, ri += rhsDepthStride) {
              total = (total + (lhs[li]! + lhsOffset) * (rhs[ri]! + rhsOffset)) | 0;
            }
            let v = mbqm(total, multiplier, shift) + outputOffset;
            v = v < actMin ? actMin : v;
            out[o++] = v > actMax ? actMax : v;
          }
        }
      }
    }
  }
}

/**
 * int16 (zero points are 0): int64 accumulator, exact in doubles while depth < 2^23 (each product is at most
 * 2^30), requantized by the int64 MultiplyByQuantizedMultiplier, offset and clamped.
 */
export function batchMatMulInt16(
  p: BatchMatMulParams,
  lhs: Int16Array,
  rhs: Int16Array,
  out: Int16Array,
  mbqm64: (x: number, multiplier: number, shift: number) => number,
): void {
  const { rows, cols, depth, lhsRowStride, lhsDepthStride, rhsDepthStride, rhsColStride } = p;
  const { lhsOffset, rhsOffset, outputOffset, multiplier, shift, actMin, actMax } = p;
  let o = 0;
  for (let b0 = 0; b0 < p.batch0; b0++) {
    for (let b1 = 0; b1 < p.batch1; b1++) {
      for (let b2 = 0; b2 < p.batch2; b2++) {
        const lb = b0 * p.lhsBatch0 + b1 * p.lhsBatch1 + b2 * p.lhsBatch2;
        const rb = b0 * p.rhsBatch0 + b1 * p.rhsBatch1 + b2 * p.rhsBatch2;
        for (let m = 0; m < rows; m++) {
          const lRow = lb + m * lhsRowStride;
          for (let n = 0; n < cols; n++) {
            let total = 0;
            for (let k = 0, li = lRow, ri = rb + n * rhsColStride; k < depth; k++, li += lhsDepthStride, ri += rhsDepthStride) {
              total += (lhs[li]! + lhsOffset) * (rhs[ri]! + rhsOffset);
            }
            let v = (mbqm64(total, multiplier, shift) + outputOffset) | 0;
            v = v < actMin ? actMin : v;
            out[o++] = v > actMax ? actMax : v;
          }
        }
      }
    }
  }
}
