/**
 * Reference AVERAGE_POOL_2D / MAX_POOL_2D math (reference_ops / reference_integer_ops pooling.h), NHWC, over
 * flat typed arrays. Loops follow the output tensor's dims (TFLM does not recompute them); each window is
 * clipped to the input, so padding never reads outside it.
 */

export interface PoolParams {
  batches: number;
  inputHeight: number;
  inputWidth: number;
  depth: number;
  outputHeight: number;
  outputWidth: number;
  strideHeight: number;
  strideWidth: number;
  filterHeight: number;
  filterWidth: number;
  padHeight: number;
  padWidth: number;
  /** Clamp range: quantized for int8/int16, float (±FLT_MAX when no activation) for float32. */
  actMin: number;
  actMax: number;
}

/** TfLitePadding as TFLM's parser maps the schema's Padding (unknown: anything else, or no options). */
export const PoolPadding = { UNKNOWN: 0, SAME: 1, VALID: 2 } as const;
export type PoolPadding = (typeof PoolPadding)[keyof typeof PoolPadding];

/**
 * ComputePaddingHeightWidth (kernels/padding.h) for dilation 1: padding before the first row/column. Like
 * TFLM, invalid arguments (unknown padding, stride or filter <= 0, VALID with the filter larger than input +
 * stride) yield zero padding rather than an error. Sizes are int (< 2^31); the int64 arithmetic of TFLM is
 * exact in doubles.
 */
export function computePoolPadding(padding: PoolPadding, stride: number, inSize: number, filterSize: number): number {
  if ((padding !== PoolPadding.SAME && padding !== PoolPadding.VALID) || inSize < 0 || filterSize <= 0 || stride <= 0) return 0;
  const outSize = padding === PoolPadding.SAME
    ? Math.trunc((inSize + stride - 1) / stride)
    : Math.trunc((inSize + stride - filterSize) / stride);
  if (outSize < 0) return 0;
  const total = (outSize - 1) * stride + filterSize - inSize;
  return total > 0 ? Math.floor(total / 2) : 0;
}

/**
 * Float average pool: per window, total and count accumulate in float32 (Math.fround per addition, in the
 * reference's fy/fx order), average = total / count in float32, then min(max(avg, actMin), actMax). Stops
 * (leaving the remaining outputs untouched) at the first empty window, as the reference returns false there.
 */
export function averagePoolFloat(p: PoolParams, input: Float32Array, output: Float32Array): void {
  const f = Math.fround;
  const { batches, inputHeight, inputWidth, depth, outputHeight, outputWidth, actMin, actMax } = p;
  const { strideHeight, strideWidth, filterHeight, filterWidth, padHeight, padWidth } = p;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outputHeight; oy++) {
      const inYOrigin = oy * strideHeight - padHeight;
      const fyStart = Math.max(0, -inYOrigin);
      const fyEnd = Math.min(filterHeight, inputHeight - inYOrigin);
      for (let ox = 0; ox < outputWidth; ox++) {
        const inXOrigin = ox * strideWidth - padWidth;
        const fxStart = Math.max(0, -inXOrigin);
        const fxEnd = Math.min(filterWidth, inputWidth - inXOrigin);
        const count = fyEnd > fyStart && fxEnd > fxStart ? (fyEnd - fyStart) * (fxEnd - fxStart) : 0;
        if (count === 0) return;
        const outBase = ((b * outputHeight + oy) * outputWidth + ox) * depth;
        for (let c = 0; c < depth; c++) {
          let total = 0;
          for (let fy = fyStart; fy < fyEnd; fy++) {
            let idx = ((b * inputHeight + inYOrigin + fy) * inputWidth + inXOrigin + fxStart) * depth + c;
            for (let fx = fxStart; fx < fxEnd; fx++, idx += depth) total = f(total + input[idx]!);
          }
          // count is an exact float32 (< 2^24 for any real window).
          let v = f(total / count);
          v = v < actMin ? actMin : v;
          output[outBase + c] = actMax < v ? actMax : v;
        }
      }
    }
  }
}

/**
 * int8/int16 average pool: int32 sum, rounded to nearest with ties away from zero by
 * (sum ± count/2) / count in C's truncating division, then clamped. The division is exact in doubles:
 * |sum| < 2^31 and count < 2^22 keep the quotient's distance to the next integer above double precision.
 * Stops at the first empty window like the reference.
 */
export function averagePoolInt(p: PoolParams, input: Int8Array | Int16Array, output: Int8Array | Int16Array): void {
  const { batches, inputHeight, inputWidth, depth, outputHeight, outputWidth, actMin, actMax } = p;
  const { strideHeight, strideWidth, filterHeight, filterWidth, padHeight, padWidth } = p;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outputHeight; oy++) {
      const inYOrigin = oy * strideHeight - padHeight;
      const fyStart = Math.max(0, -inYOrigin);
      const fyEnd = Math.min(filterHeight, inputHeight - inYOrigin);
      for (let ox = 0; ox < outputWidth; ox++) {
        const inXOrigin = ox * strideWidth - padWidth;
        const fxStart = Math.max(0, -inXOrigin);
        const fxEnd = Math.min(filterWidth, inputWidth - inXOrigin);
        const count = fyEnd > fyStart && fxEnd > fxStart ? (fyEnd - fyStart) * (fxEnd - fxStart) : 0;
        if (count === 0) return;
        const half = count >> 1;
        const outBase = ((b * outputHeight + oy) * outputWidth + ox) * depth;
        for (let c = 0; c < depth; c++) {
          let acc = 0;
          for (let fy = fyStart; fy < fyEnd; fy++) {
            let idx = ((b * inputHeight + inYOrigin + fy) * inputWidth + inXOrigin + fxStart) * depth + c;
            for (let fx = fxStart; fx < fxEnd; fx++, idx += depth) acc = (acc + input[idx]!) | 0;
          }
          let v = acc > 0 ? Math.trunc((acc + half) / count) : Math.trunc((acc - half) / count);
          v = v < actMin ? actMin : v;
          output[outBase + c] = v > actMax ? actMax : v;
        }
      }
    }
  }
}

/**
 * Max pool for every type: the running max starts at `lowest` (float32: -FLT_MAX; int8: -128; int16:
 * -32768) and takes an input only when strictly greater (std::max), so NaN inputs are skipped; the result is
 * clamped like the reference (float: min(max(m, actMin), actMax), int: max then min).
 */
export function maxPool(
  p: PoolParams,
  input: Float32Array | Int8Array | Int16Array,
  output: Float32Array | Int8Array | Int16Array,
  lowest: number,
): void {
  const { batches, inputHeight, inputWidth, depth, outputHeight, outputWidth, actMin, actMax } = p;
  const { strideHeight, strideWidth, filterHeight, filterWidth, padHeight, padWidth } = p;
  // Unary plus types the parameter as a number for V8's optimizer: the running maximum `m` is then kept as an
  // unboxed double. Without it (a parameter is of unknown type there) `m` is a tagged value and every float32
  // element assigned to it allocates a heap number.
  const start = +lowest;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outputHeight; oy++) {
      const inYOrigin = oy * strideHeight - padHeight;
      const fyStart = Math.max(0, -inYOrigin);
      const fyEnd = Math.min(filterHeight, inputHeight - inYOrigin);
      for (let ox = 0; ox < outputWidth; ox++) {
        const inXOrigin = ox * strideWidth - padWidth;
        const fxStart = Math.max(0, -inXOrigin);
        const fxEnd = Math.min(filterWidth, inputWidth - inXOrigin);
        const outBase = ((b * outputHeight + oy) * outputWidth + ox) * depth;
        for (let c = 0; c < depth; c++) {
          let m = start;
          for (let fy = fyStart; fy < fyEnd; fy++) {
            let idx = ((b * inputHeight + inYOrigin + fy) * inputWidth + inXOrigin + fxStart) * depth + c;
            for (let fx = fxStart; fx < fxEnd; fx++, idx += depth) {
              const v = input[idx]!;
              if (m < v) m = v;
            }
          }
          m = m < actMin ? actMin : m;
          output[outBase + c] = actMax < m ? actMax : m;
        }
      }
    }
  }
}
