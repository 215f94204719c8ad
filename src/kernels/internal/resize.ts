/**
 * reference_ops::ResizeBilinear (float), ResizeBilinearInteger (int8, the only integer path TFLM's
 * RESIZE_BILINEAR takes) and ResizeNearestNeighbor's index mapping, NHWC. Float math follows the C++ float
 * expressions operation by operation (each rounded to float32, no FMA).
 */

export interface ResizeParams {
  batches: number;
  inputHeight: number;
  inputWidth: number;
  depth: number;
  outputHeight: number;
  outputWidth: number;
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** The float scale of one axis: in / out, or (in - 1) / (out - 1) with align_corners (out > 1). */
function floatScale(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? Math.fround((inSize - 1) / (outSize - 1)) : Math.fround(inSize / outSize);
}

/**
 * Float32 bilinear. Per output row/column, ComputeInterpolationValues: the scaled source coordinate
 * ((v + 0.5) * scale - 0.5 with half-pixel centers, else v * scale), its floor clamped at 0 and its ceil
 * clamped at size - 1; per channel the four weighted taps summed left to right, plus 0.0f (the float
 * rounding offset, which turns -0 into +0).
 */
export function resizeBilinearFloat(p: ResizeParams, input: Float32Array, output: Float32Array): void {
  const f = Math.fround;
  const { batches, inputHeight, inputWidth, depth, outputHeight, outputWidth, halfPixelCenters } = p;
  const heightScale = floatScale(inputHeight, outputHeight, p.alignCorners);
  const widthScale = floatScale(inputWidth, outputWidth, p.alignCorners);
  const rowStride = inputWidth * depth;
  let o = 0;
  for (let b = 0; b < batches; b++) {
    const inBatch = b * inputHeight * rowStride;
    for (let y = 0; y < outputHeight; y++) {
      const inputY = halfPixelCenters ? f(f(f(y + 0.5) * heightScale) - 0.5) : f(y * heightScale);
      const y0 = Math.max(Math.floor(inputY), 0);
      const y1 = Math.min(Math.ceil(inputY), inputHeight - 1);
      const dy = f(inputY - y0);
      const wy0 = f(1 - dy);
      const row0 = inBatch + y0 * rowStride;
      const row1 = inBatch + y1 * rowStride;
      for (let x = 0; x < outputWidth; x++) {
        const inputX = halfPixelCenters ? f(f(f(x + 0.5) * widthScale) - 0.5) : f(x * widthScale);
        const x0 = Math.max(Math.floor(inputX), 0);
        const x1 = Math.min(Math.ceil(inputX), inputWidth - 1);
        const dx = f(inputX - x0);
        const wx0 = f(1 - dx);
        const i00 = row0 + x0 * depth;
        const i10 = row1 + x0 * depth;
        const i01 = row0 + x1 * depth;
        const i11 = row1 + x1 * depth;
        for (let c = 0; c < depth; c++) {
          const t00 = f(f(input[i00 + c]! * wy0) * wx0);
          const t10 = f(f(input[i10 + c]! * dy) * wx0);
          const t01 = f(f(input[i01 + c]! * wy0) * dx);
          const t11 = f(f(input[i11 + c]! * dy) * dx);
          output[o++] = f(f(f(t00 + t10) + t01) + t11) + 0;
        }
      }
    }
  }
}

/** The 10-bit fixed-point scale of one axis: round(1024 * in / out), or of (in - 1) / (out - 1) with align_corners. */
function scale10(inSize: number, outSize: number, alignCorners: boolean): number {
  if (alignCorners && outSize > 1) return Math.trunc((1024 * (inSize - 1) + Math.trunc((outSize - 1) / 2)) / (outSize - 1));
  return Math.trunc((1024 * inSize + Math.trunc(outSize / 2)) / outSize);
}

/**
 * int8 bilinear without floats: coordinates in 1/1024ths (C's truncating divisions), taps weighted in
 * 1/2^20ths (|sum| < 2^28, exact), rounded to nearest with ties away from zero (default build) or by adding
 * 2^19 and shifting right (TFLITE_SINGLE_ROUNDING), then stored with C's int8 conversion (wrapping).
 */
export function resizeBilinearInt8(p: ResizeParams, input: Int8Array, output: Int8Array, singleRounding: boolean): void {
  const { batches, inputHeight, inputWidth, depth, outputHeight, outputWidth, halfPixelCenters } = p;
  const hs = scale10(inputHeight, outputHeight, p.alignCorners);
  const ws = scale10(inputWidth, outputWidth, p.alignCorners);
  const rowStride = inputWidth * depth;
  let o = 0;
  for (let b = 0; b < batches; b++) {
    const inBatch = b * inputHeight * rowStride;
    for (let y = 0; y < outputHeight; y++) {
      const inputY = halfPixelCenters ? (y * hs + Math.trunc(hs / 2) - 512) | 0 : (y * hs) | 0;
      const y0 = Math.max(Math.trunc(inputY / 1024), 0);
      const y1 = Math.min(Math.trunc((inputY + 1023) / 1024), inputHeight - 1);
      const dy = inputY - 1024 * y0;
      const wy0 = 1024 - dy;
      const row0 = inBatch + y0 * rowStride;
      const row1 = inBatch + y1 * rowStride;
      for (let x = 0; x < outputWidth; x++) {
        const inputX = halfPixelCenters ? (x * ws + Math.trunc(ws / 2) - 512) | 0 : (x * ws) | 0;
        const x0 = Math.max(Math.trunc(inputX / 1024), 0);
        const x1 = Math.min(Math.trunc((inputX + 1023) / 1024), inputWidth - 1);
        const dx = inputX - 1024 * x0;
        const wx0 = 1024 - dx;
        const i00 = row0 + x0 * depth;
        const i10 = row1 + x0 * depth;
        const i01 = row0 + x1 * depth;
        const i11 = row1 + x1 * depth;
        for (let c = 0; c < depth; c++) {
          const out20 = input[i00 + c]! * wy0 * wx0 + input[i10 + c]! * dy * wx0 + input[i01 + c]! * wy0 * dx + input[i11 + c]! * dy * dx;
          output[o++] = singleRounding
            ? Math.floor((out20 + 524288) / 1048576)
            : Math.trunc((out20 + (out20 > 0 ? 524288 : -524288)) / 1048576);
        }
      }
    }
  }
}

/**
 * GetNearestNeighbor for output indices 0 .. outSize - 1 into `map`: the source index
 * floor((v + offset) * scale) (round half away from zero with align_corners), at most size - 1, and at least
 * 0 with half-pixel centers; offset is 0.5 with half-pixel centers.
 */
export function nearestNeighborMap(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean, map: Int32Array): void {
  const f = Math.fround;
  const scale = alignCorners && outSize > 1 ? f((inSize - 1) / f(outSize - 1)) : f(inSize / f(outSize));
  const offset = halfPixelCenters ? 0.5 : 0;
  for (let v = 0; v < outSize; v++) {
    const s = f(f(v + offset) * scale);
    let i = alignCorners ? Math.sign(s) * Math.floor(Math.abs(s) + 0.5) : Math.floor(s);
    i = Math.min(i, inSize - 1);
    if (halfPixelCenters) i = Math.max(0, i);
    map[v] = i;
  }
}
