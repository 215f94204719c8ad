/**
 * Reference TRANSPOSE_CONV math (reference_ops::TransposeConv, reference_integer_ops::TransposeConv).
 *
 * Layouts: input [batches, inH, inW, inD]; filter [outD, fH, fW, inD]; output [batches, outH, outW, outD].
 * Input pixel (iy, ix) contributes filter tap (fy, fx) to output pixel (iy * sH - padH + fy, ix * sW - padW + fx).
 *
 * TFLM "scatters": it zeroes an accumulator buffer the size of the output, walks the input (iy, ix, ic) and
 * adds every tap's contribution, then adds the bias and requantizes. Here each output element "gathers" its
 * contributions instead, visiting them in the same order (iy ascending, ix ascending, ic ascending), so the
 * float32 sums round identically and the integer sums are equal (int32 sums wrap the same modulo 2^32 in
 * any order; int64 sums are exact). No accumulator buffer is needed and each output is written once.
 *
 * Accumulators as in conv.ts: int8 → wrapping int32; 16x8 → exact double (products < 2^22, bias < 2^52);
 * float32 → Math.fround after every product and sum.
 */
import { requantize64, type ConvParams } from './conv.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierSingleRounding } from './quantization.js';

const TWO_32 = 4294967296;

/** Smallest input index i >= 0 with i * stride <= pos (pos + pad) and pos - i * stride < filterSize. */
function firstInput(pos: number, stride: number, filterSize: number): number {
  const lo = pos - filterSize + 1;
  return lo <= 0 ? 0 : Math.floor((lo + stride - 1) / stride);
}

/** One past the largest input index i < size with i * stride <= pos. */
function endInput(pos: number, stride: number, size: number): number {
  if (pos < 0) return 0;
  const e = Math.floor(pos / stride) + 1;
  return e < size ? e : size;
}

/** int8 activations, int8 per-channel weights, int32 bias. */
export function transposeConvPerChannelInt8(p: ConvParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth;
  const inOff = p.inputOffset, outOff = p.outputOffset, actMin = p.actMin, actMax = p.actMax;
  const mult = p.multipliers, shift = p.shifts, single = p.singleRounding;
  const fStrideY = fW * inD, fStrideOc = fH * fStrideY;
  // Moving to the next input row/column moves the tap back by stride rows/columns.
  const inStepY = inW * inD, fStepY = sH * fStrideY, fStepX = sW * inD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const py = oy + p.padHeight;
      const iy0 = firstInput(py, sH, fH), iy1 = endInput(py, sH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const px = ox + p.padWidth;
        const ix0 = firstInput(px, sW, fW), ix1 = endInput(px, sW, inW);
        const inTap0 = inBatch + (iy0 * inW + ix0) * inD;
        const fTap0 = (py - iy0 * sH) * fStrideY + (px - ix0 * sW) * inD;
        for (let oc = 0; oc < outD; oc++, o++) {
          let acc = 0;
          let inRow = inTap0;
          let fRow = oc * fStrideOc + fTap0;
          for (let iy = iy0; iy < iy1; iy++, inRow += inStepY, fRow -= fStepY) {
            let ii = inRow;
            let fx = fRow;
            for (let ix = ix0; ix < ix1; ix++, fx -= fStepX) {
              let fi = fx;
              const iEnd = ii + inD;
              for (; ii < iEnd; ii++, fi++) acc = (acc + Math.imul(input[ii]! + inOff, filter[fi]!)) | 0;
            }
          }
          if (bias !== null) acc = (acc + bias[oc]!) | 0;
          let v = single
            ? multiplyByQuantizedMultiplierSingleRounding(acc, mult[oc]!, shift[oc]!)
            : multiplyByQuantizedMultiplier(acc, mult[oc]!, shift[oc]!);
          v += outOff;
          output[o] = v < actMin ? actMin : v > actMax ? actMax : v;
        }
      }
    }
  }
}

/**
 * int16 activations, int8 weights, int64 accumulator. The bias is int64 (`bias64`, int32 pairs with the low
 * word first) or int16 (`bias16`, which TFLM widens to int64); at most one is non-null.
 */
export function transposeConvPerChannel16x8(
  p: ConvParams,
  input: Int16Array,
  filter: Int8Array,
  bias64: Int32Array | null,
  bias16: Int16Array | null,
  output: Int16Array,
): void {
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth;
  const actMin = p.actMin, actMax = p.actMax;
  const mult = p.multipliers, shift = p.shifts;
  const fStrideY = fW * inD, fStrideOc = fH * fStrideY;
  const inStepY = inW * inD, fStepY = sH * fStrideY, fStepX = sW * inD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const py = oy + p.padHeight;
      const iy0 = firstInput(py, sH, fH), iy1 = endInput(py, sH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const px = ox + p.padWidth;
        const ix0 = firstInput(px, sW, fW), ix1 = endInput(px, sW, inW);
        const inTap0 = inBatch + (iy0 * inW + ix0) * inD;
        const fTap0 = (py - iy0 * sH) * fStrideY + (px - ix0 * sW) * inD;
        for (let oc = 0; oc < outD; oc++, o++) {
          let acc = 0;
          let inRow = inTap0;
          let fRow = oc * fStrideOc + fTap0;
          for (let iy = iy0; iy < iy1; iy++, inRow += inStepY, fRow -= fStepY) {
            let ii = inRow;
            let fx = fRow;
            for (let ix = ix0; ix < ix1; ix++, fx -= fStepX) {
              let fi = fx;
              const iEnd = ii + inD;
              for (; ii < iEnd; ii++, fi++) acc += input[ii]! * filter[fi]!;
            }
          }
          if (bias64 !== null) acc += bias64[2 * oc + 1]! * TWO_32 + (bias64[2 * oc]! >>> 0);
          else if (bias16 !== null) acc += bias16[oc]!;
          const v = requantize64(acc, mult[oc]!, shift[oc]!);
          output[o] = v < actMin ? actMin : v > actMax ? actMax : v;
        }
      }
    }
  }
}

/** float32 TransposeConv: float32 rounding, contributions in the reference's scatter order. */
export function transposeConvFloat(p: ConvParams, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void {
  const f = Math.fround;
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth;
  const actMin = p.actMin, actMax = p.actMax;
  const fStrideY = fW * inD, fStrideOc = fH * fStrideY;
  const inStepY = inW * inD, fStepY = sH * fStrideY, fStepX = sW * inD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const py = oy + p.padHeight;
      const iy0 = firstInput(py, sH, fH), iy1 = endInput(py, sH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const px = ox + p.padWidth;
        const ix0 = firstInput(px, sW, fW), ix1 = endInput(px, sW, inW);
        const inTap0 = inBatch + (iy0 * inW + ix0) * inD;
        const fTap0 = (py - iy0 * sH) * fStrideY + (px - ix0 * sW) * inD;
        for (let oc = 0; oc < outD; oc++, o++) {
          let total = 0;
          let inRow = inTap0;
          let fRow = oc * fStrideOc + fTap0;
          for (let iy = iy0; iy < iy1; iy++, inRow += inStepY, fRow -= fStepY) {
            let ii = inRow;
            let fx = fRow;
            for (let ix = ix0; ix < ix1; ix++, fx -= fStepX) {
              let fi = fx;
              const iEnd = ii + inD;
              for (; ii < iEnd; ii++, fi++) total = f(total + f(input[ii]! * filter[fi]!));
            }
          }
          const v = bias !== null ? f(total + bias[oc]!) : total;
          output[o] = v < actMin ? actMin : v > actMax ? actMax : v;
        }
      }
    }
  }
}
