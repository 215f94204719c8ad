/**
 * reference_ops::L2Pool (float32 only in TFLM), NHWC: per window (clipped to the input), the sum of squares
 * in float32 (each product and addition rounded), divided by the number of elements read, square-rooted
 * (sqrtf: correctly rounded, so the float32 rounding of the double sqrt) and clamped. An empty window gives
 * 0 / 0 = NaN, which the clamp keeps, as in C.
 */
import type { PoolParams } from './pooling.js';

export function l2PoolFloat(p: PoolParams, input: Float32Array, output: Float32Array): void {
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
        const outBase = ((b * outputHeight + oy) * outputWidth + ox) * depth;
        for (let c = 0; c < depth; c++) {
          let sum = 0;
          for (let fy = fyStart; fy < fyEnd; fy++) {
            let idx = ((b * inputHeight + inYOrigin + fy) * inputWidth + inXOrigin + fxStart) * depth + c;
            for (let fx = fxStart; fx < fxEnd; fx++, idx += depth) {
              const v = input[idx]!;
              sum = f(sum + f(v * v));
            }
          }
          // count is an exact float32; std::max(x, lo) keeps x unless x < lo, std::min(y, hi) keeps y unless hi < y.
          let r = f(Math.sqrt(f(sum / count)));
          r = r < actMin ? actMin : r;
          output[outBase + c] = actMax < r ? actMax : r;
        }
      }
    }
  }
}
