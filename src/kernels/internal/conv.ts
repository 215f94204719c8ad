/**
 * Reference CONV_2D and DEPTHWISE_CONV_2D math (TFLite reference_ops::Conv, reference_ops::DepthwiseConv,
 * reference_integer_ops::ConvPerChannel, reference_integer_ops::DepthwiseConvPerChannel): free functions over
 * flat NHWC arrays and one geometry/quantization record filled in prepare.
 *
 * Layouts: input [batches, inH, inW, inD]; output [batches, outH, outW, outD];
 * CONV_2D filter [outD, fH, fW, fD] (fD = inD / groups); DEPTHWISE filter [1, fH, fW, outD] with
 * outD = inD * depthMultiplier and output channel oc = ic * depthMultiplier + m.
 *
 * Padding is implicit zeros: taps outside the input are skipped. Instead of testing every tap, the valid tap
 * range of each output row/column is computed once ([fyStart, fyEnd) × [fxStart, fxEnd)); the taps visited and
 * their order are exactly the reference's, so float sums round identically.
 *
 * Accumulators. int8: int32 with wrap-around (Math.imul, `| 0`), as the C int32 accumulator wraps on x86/Arm.
 * 16x8 with int64 bias: the accumulator is a double, exact because each product is below 2^22 in magnitude
 * and |acc| stays below 2^53 for fewer than 2^31 taps (the bias is checked below 2^52 in prepare).
 * float32: every product and sum is rounded to float32 (Math.fround), as the C++ computes without FMA.
 */
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierInt64,
  multiplyByQuantizedMultiplierSingleRounding,
  roundingDivideByPOT,
} from './quantization.js';

const TWO_32 = 4294967296;

/** Geometry and quantization of one conv-like node; one record per node, filled in prepare. */
export interface ConvParams {
  batches: number;
  inputHeight: number;
  inputWidth: number;
  inputDepth: number;
  filterHeight: number;
  filterWidth: number;
  /** CONV_2D: filter input channels (inputDepth / groups). Unused by depthwise. */
  filterDepth: number;
  outputHeight: number;
  outputWidth: number;
  outputDepth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padHeight: number;
  padWidth: number;
  /** DEPTHWISE_CONV_2D only. */
  depthMultiplier: number;
  /** -input zero point (int8 only; 16x8 kernels assume zero points of 0, as TFLM's do). */
  inputOffset: number;
  /** Output zero point (int8 only). */
  outputOffset: number;
  /** Clamp range: quantized for int8/int16, float for float32. */
  actMin: number;
  actMax: number;
  /** Per output channel (per-tensor filters are broadcast). */
  multipliers: Int32Array;
  shifts: Int32Array;
  /** TFLITE_SINGLE_ROUNDING requantization (int32 accumulators only; the int64 one is the same in both). */
  singleRounding: boolean;
}

const EMPTY_I32 = new Int32Array(0);

export function newConvParams(): ConvParams {
  return {
    batches: 0, inputHeight: 0, inputWidth: 0, inputDepth: 0,
    filterHeight: 0, filterWidth: 0, filterDepth: 0,
    outputHeight: 0, outputWidth: 0, outputDepth: 0,
    strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padHeight: 0, padWidth: 0,
    depthMultiplier: 1, inputOffset: 0, outputOffset: 0, actMin: 0, actMax: 0,
    multipliers: EMPTY_I32, shifts: EMPTY_I32, singleRounding: false,
  };
}

/** First tap f with 0 <= origin + dilation * f (taps below it read padding). */
function firstTap(origin: number, dilation: number): number {
  return origin >= 0 ? 0 : Math.floor((dilation - 1 - origin) / dilation);
}

/** One past the last tap f < filterSize with origin + dilation * f < size. */
function endTap(origin: number, dilation: number, size: number, filterSize: number): number {
  const last = size - 1 - origin;
  if (last < 0) return 0;
  const e = Math.floor(last / dilation) + 1;
  return e < filterSize ? e : filterSize;
}

/**
 * MultiplyByQuantizedMultiplier for an int32 accumulator, in the node's rounding mode. Default (double)
 * rounding takes an exact shortcut for the common case |x| < 2^22 and shift <= 0: then |x * multiplier| <
 * 2^53, so SaturatingRoundingDoublingHighMul = floor((x * multiplier + 2^30) / 2^31) is computed exactly in one
 * double expression (see quantization.ts for that identity); otherwise the general function runs.
 */
export function requantize(x: number, multiplier: number, shift: number, single: boolean): number {
  if (single) return multiplyByQuantizedMultiplierSingleRounding(x, multiplier, shift);
  if (shift <= 0 && x < 4194304 && x > -4194304) {
    return roundingDivideByPOT(Math.floor((x * multiplier + 1073741824) / 2147483648), -shift);
  }
  return multiplyByQuantizedMultiplier(x, multiplier, shift);
}

/** Bias, requantization, output offset and clamp of one int32 accumulator (int8 and 16x8-int32 paths). */
function outputInt32Acc(acc: number, oc: number, bias: Int32Array | null, p: ConvParams): number {
  if (bias !== null) acc = (acc + bias[oc]!) | 0;
  const v = requantize(acc, p.multipliers[oc]!, p.shifts[oc]!, p.singleRounding) + p.outputOffset;
  return v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
}

/** HALF[t] = 2^(t-1) and INV[t] = 2^-t for 1 <= t <= 62 (exact powers of two). */
const HALF = new Float64Array(63);
const INV = new Float64Array(63);
for (let t = 1; t < 63; t++) {
  HALF[t] = 2 ** (t - 1);
  INV[t] = 2 ** -t;
}

/**
 * MultiplyByQuantizedMultiplier for an int64 accumulator (exact integer in a double). For |x| < 2^37 the C
 * expression int32((x * reduced + 2^(t-1)) >> t), reduced = the multiplier rounded to Q0.15 and t = 15 - shift,
 * is computed directly: |x * reduced| <= 2^52 and the rounding term <= 2^45 keep the sum exact, the scaling
 * by 2^-t and the floor are exact, and `| 0` keeps the low 32 bits as the C conversion does. Larger
 * accumulators (and shifts outside TFLM's range) take the general function.
 */
export function requantize64(x: number, multiplier: number, shift: number): number {
  const t = 15 - shift;
  if (x < 137438953472 && x > -137438953472 && t >= 1 && t <= 62) {
    const reduced = multiplier < 0x7fff0000 ? (multiplier + 32768) >> 16 : 0x7fff;
    return Math.floor((x * reduced + HALF[t]!) * INV[t]!) | 0;
  }
  return multiplyByQuantizedMultiplierInt64(x, multiplier, shift);
}

/** Bias, int64 requantization and clamp of one exact (double) int64 accumulator (16x8 paths; no offsets). */
function outputInt64Acc(acc: number, oc: number, bias64: Int32Array | null, p: ConvParams): number {
  if (bias64 !== null) acc += bias64[2 * oc + 1]! * TWO_32 + (bias64[2 * oc]! >>> 0);
  const v = requantize64(acc, p.multipliers[oc]!, p.shifts[oc]!);
  return v < p.actMin ? p.actMin : v > p.actMax ? p.actMax : v;
}

/**
 * Output of a 16x8 conv accumulator: the exact sum as an int64 accumulator, or wrapped to int32 first for
 * TFLM's int32 accumulator (wrapping once equals wrapping every step modulo 2^32; the sum is exact below 2^53).
 */
function output16x8(acc: number, oc: number, int64Acc: boolean, bias32: Int32Array | null, bias64: Int32Array | null, p: ConvParams): number {
  return int64Acc ? outputInt64Acc(acc, oc, bias64, p) : outputInt32Acc(acc | 0, oc, bias32, p);
}

/**
 * Bias (float32 add) and clamp of the float accumulators of one output pixel, output[o, o + n) (channel c at
 * o + c). The float kernels store their float32 accumulators (exactly) and finish each pixel here: a helper
 * taking or returning one float per channel would box it (allocate) whenever V8 does not inline the call.
 */
function biasClampFloat(output: Float32Array, o: number, n: number, bias: Float32Array | null, p: ConvParams): void {
  const lo = p.actMin, hi = p.actMax;
  for (let c = 0; c < n; c++) {
    const v = Math.fround(output[o + c]! + (bias !== null ? bias[c]! : 0));
    output[o + c] = v < lo ? lo : v > hi ? hi : v;
  }
}

/**
 * Unpack TFLite's dense int4 (two's-complement nibbles, low nibble first) into one int8 per element
 * (tensor_utils::UnpackDenseInt4IntoInt8).
 */
export function unpackInt4(src: Int8Array, count: number, dst: Int8Array): void {
  const pairs = count >> 1;
  for (let i = 0; i < pairs; i++) {
    const b = src[i]!;
    dst[2 * i] = (b << 28) >> 28;
    dst[2 * i + 1] = b >> 4;
  }
  if (count & 1) dst[count - 1] = (src[pairs]! << 28) >> 28;
}

// ---------------------------------------------------------------------------------------------------------
// CONV_2D
//
// Output pixels are visited in raster order. Two consecutive pixels whose valid tap ranges are equal (every
// pixel away from the borders, and all pixels of an unpadded 1x1 conv, across rows too) are computed
// together, and output channels in blocks of four: the 2×4 block loads each input value once for four
// filters and each filter value once for two pixels, which is what makes these loops fast in JS. Without
// dilation or groups the taps of one filter row are one contiguous run in both input and filter. Each
// accumulator still sums its own taps in the reference order (fy, fx, input channel).
// ---------------------------------------------------------------------------------------------------------

/** int8 activations, int8 (or unpacked int4) per-channel weights, int32 bias: ConvPerChannel. */
export function convPerChannelInt8(p: ConvParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, fD = p.filterDepth;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const inOff = p.inputOffset;
  const groups = inD / fD, perGroup = outD / groups;
  const fsY = fW * fD, fsOc = fH * fsY, isX = dW * inD, isY = dH * inW * inD;
  const contiguous = dW === 1 && fD === inD;
  const nPix = outH * outW;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let q = 0; q < nPix; ) {
      // Pixel q and, when its taps are the same, pixel q + 1 in raster order (the next column, or the first
      // of the next row) form a pair that shares every filter load; `pix` is their distance in the input.
      const oy = (q / outW) | 0, ox = q - oy * outW;
      const inY0 = oy * sH - p.padHeight, inX0 = ox * sW - p.padWidth;
      const fy0 = firstTap(inY0, dH), fy1 = endTap(inY0, dH, inH, fH), ny = fy1 - fy0;
      const fx0 = firstTap(inX0, dW), fx1 = endTap(inX0, dW, inW, fW), nx = fx1 - fx0;
      let pair = false, pix = 0;
      // (0 - padWidth, not -padWidth: a -0 passed to the tap helpers would be boxed, an allocation.)
      if (q + 1 < nPix) {
        const inY1 = ox + 1 < outW ? inY0 : inY0 + sH, inX1 = ox + 1 < outW ? inX0 + sW : 0 - p.padWidth;
        pair = firstTap(inY1, dH) === fy0 && endTap(inY1, dH, inH, fH) === fy1 && firstTap(inX1, dW) === fx0 && endTap(inX1, dW, inW, fW) === fx1;
        pix = ((inY1 - inY0) * inW + inX1 - inX0) * inD;
      }
      // Without dilation or groups a filter row's taps are contiguous in the input and the filter: one run.
      const runs = contiguous ? (nx > 0 ? 1 : 0) : nx, runLen = contiguous ? nx * fD : fD;
      const inTap = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
      const fTap = fy0 * fsY + fx0 * fD;
      const o = (b * nPix + q) * outD;
      for (let g = 0; g < groups; g++) {
        const inG = inTap + g * fD;
        const ocEnd = (g + 1) * perGroup;
        let oc = g * perGroup;
        for (; oc + 4 <= ocEnd; oc += 4) {
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
          for (let ty = 0, iRow = inG, fRow = oc * fsOc + fTap; ty < ny; ty++, iRow += isY, fRow += fsY) {
            for (let tx = 0, i0 = iRow, f0 = fRow; tx < runs; tx++, i0 += isX, f0 += fD) {
              const i1 = i0 + pix, f1 = f0 + fsOc, f2 = f1 + fsOc, f3 = f2 + fsOc;
              if (pair) {
                for (let k = 0; k < runLen; k++) {
                  const x = input[i0 + k]! + inOff, y = input[i1 + k]! + inOff;
                  const w0 = filter[f0 + k]!, w1 = filter[f1 + k]!, w2 = filter[f2 + k]!, w3 = filter[f3 + k]!;
                  a0 = (a0 + Math.imul(w0, x)) | 0; b0 = (b0 + Math.imul(w0, y)) | 0;
                  a1 = (a1 + Math.imul(w1, x)) | 0; b1 = (b1 + Math.imul(w1, y)) | 0;
                  a2 = (a2 + Math.imul(w2, x)) | 0; b2 = (b2 + Math.imul(w2, y)) | 0;
                  a3 = (a3 + Math.imul(w3, x)) | 0; b3 = (b3 + Math.imul(w3, y)) | 0;
                }
              } else {
                for (let k = 0; k < runLen; k++) {
                  const x = input[i0 + k]! + inOff;
                  a0 = (a0 + Math.imul(filter[f0 + k]!, x)) | 0;
                  a1 = (a1 + Math.imul(filter[f1 + k]!, x)) | 0;
                  a2 = (a2 + Math.imul(filter[f2 + k]!, x)) | 0;
                  a3 = (a3 + Math.imul(filter[f3 + k]!, x)) | 0;
                }
              }
            }
          }
          output[o + oc] = outputInt32Acc(a0, oc, bias, p);
          output[o + oc + 1] = outputInt32Acc(a1, oc + 1, bias, p);
          output[o + oc + 2] = outputInt32Acc(a2, oc + 2, bias, p);
          output[o + oc + 3] = outputInt32Acc(a3, oc + 3, bias, p);
          if (pair) {
            output[o + outD + oc] = outputInt32Acc(b0, oc, bias, p);
            output[o + outD + oc + 1] = outputInt32Acc(b1, oc + 1, bias, p);
            output[o + outD + oc + 2] = outputInt32Acc(b2, oc + 2, bias, p);
            output[o + outD + oc + 3] = outputInt32Acc(b3, oc + 3, bias, p);
          }
        }
        for (; oc < ocEnd; oc++) {
          let a = 0, c = 0;
          for (let ty = 0, iRow = inG, fRow = oc * fsOc + fTap; ty < ny; ty++, iRow += isY, fRow += fsY) {
            for (let tx = 0, i0 = iRow, f0 = fRow; tx < runs; tx++, i0 += isX, f0 += fD) {
              const i1 = i0 + pix;
              if (pair) {
                for (let k = 0; k < runLen; k++) {
                  const w = filter[f0 + k]!;
                  a = (a + Math.imul(w, input[i0 + k]! + inOff)) | 0;
                  c = (c + Math.imul(w, input[i1 + k]! + inOff)) | 0;
                }
              } else {
                for (let k = 0; k < runLen; k++) a = (a + Math.imul(filter[f0 + k]!, input[i0 + k]! + inOff)) | 0;
              }
            }
          }
          output[o + oc] = outputInt32Acc(a, oc, bias, p);
          if (pair) output[o + outD + oc] = outputInt32Acc(c, oc, bias, p);
        }
      }
      q += pair ? 2 : 1;
    }
  }
}

/** float32 Conv: the int8 kernel's blocking with float32 rounding of every product and sum. */
export function convFloat(p: ConvParams, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void {
  const f = Math.fround;
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, fD = p.filterDepth;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const groups = inD / fD, perGroup = outD / groups;
  const fsY = fW * fD, fsOc = fH * fsY, isX = dW * inD, isY = dH * inW * inD;
  const contiguous = dW === 1 && fD === inD;
  const nPix = outH * outW;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let q = 0; q < nPix; ) {
      // Pixel q and, when its taps are the same, pixel q + 1 in raster order (the next column, or the first
      // of the next row) form a pair that shares every filter load; `pix` is their distance in the input.
      const oy = (q / outW) | 0, ox = q - oy * outW;
      const inY0 = oy * sH - p.padHeight, inX0 = ox * sW - p.padWidth;
      const fy0 = firstTap(inY0, dH), fy1 = endTap(inY0, dH, inH, fH), ny = fy1 - fy0;
      const fx0 = firstTap(inX0, dW), fx1 = endTap(inX0, dW, inW, fW), nx = fx1 - fx0;
      let pair = false, pix = 0;
      if (q + 1 < nPix) {
        const inY1 = ox + 1 < outW ? inY0 : inY0 + sH, inX1 = ox + 1 < outW ? inX0 + sW : 0 - p.padWidth;
        pair = firstTap(inY1, dH) === fy0 && endTap(inY1, dH, inH, fH) === fy1 && firstTap(inX1, dW) === fx0 && endTap(inX1, dW, inW, fW) === fx1;
        pix = ((inY1 - inY0) * inW + inX1 - inX0) * inD;
      }
      // Without dilation or groups a filter row's taps are contiguous in the input and the filter: one run.
      const runs = contiguous ? (nx > 0 ? 1 : 0) : nx, runLen = contiguous ? nx * fD : fD;
      const inTap = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
      const fTap = fy0 * fsY + fx0 * fD;
      const o = (b * nPix + q) * outD;
      for (let g = 0; g < groups; g++) {
        const inG = inTap + g * fD;
        const ocEnd = (g + 1) * perGroup;
        let oc = g * perGroup;
        for (; oc + 4 <= ocEnd; oc += 4) {
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
          for (let ty = 0, iRow = inG, fRow = oc * fsOc + fTap; ty < ny; ty++, iRow += isY, fRow += fsY) {
            for (let tx = 0, i0 = iRow, f0 = fRow; tx < runs; tx++, i0 += isX, f0 += fD) {
              const i1 = i0 + pix, f1 = f0 + fsOc, f2 = f1 + fsOc, f3 = f2 + fsOc;
              if (pair) {
                for (let k = 0; k < runLen; k++) {
                  const x = input[i0 + k]!, y = input[i1 + k]!;
                  const w0 = filter[f0 + k]!, w1 = filter[f1 + k]!, w2 = filter[f2 + k]!, w3 = filter[f3 + k]!;
                  a0 = f(a0 + f(x * w0)); b0 = f(b0 + f(y * w0));
                  a1 = f(a1 + f(x * w1)); b1 = f(b1 + f(y * w1));
                  a2 = f(a2 + f(x * w2)); b2 = f(b2 + f(y * w2));
                  a3 = f(a3 + f(x * w3)); b3 = f(b3 + f(y * w3));
                }
              } else {
                for (let k = 0; k < runLen; k++) {
                  const x = input[i0 + k]!;
                  a0 = f(a0 + f(x * filter[f0 + k]!));
                  a1 = f(a1 + f(x * filter[f1 + k]!));
                  a2 = f(a2 + f(x * filter[f2 + k]!));
                  a3 = f(a3 + f(x * filter[f3 + k]!));
                }
              }
            }
          }
          output[o + oc] = a0;
          output[o + oc + 1] = a1;
          output[o + oc + 2] = a2;
          output[o + oc + 3] = a3;
          if (pair) {
            output[o + outD + oc] = b0;
            output[o + outD + oc + 1] = b1;
            output[o + outD + oc + 2] = b2;
            output[o + outD + oc + 3] = b3;
          }
        }
        for (; oc < ocEnd; oc++) {
          let a = 0, c = 0;
          for (let ty = 0, iRow = inG, fRow = oc * fsOc + fTap; ty < ny; ty++, iRow += isY, fRow += fsY) {
            for (let tx = 0, i0 = iRow, f0 = fRow; tx < runs; tx++, i0 += isX, f0 += fD) {
              const i1 = i0 + pix;
              if (pair) {
                for (let k = 0; k < runLen; k++) {
                  const w = filter[f0 + k]!;
                  a = f(a + f(input[i0 + k]! * w));
                  c = f(c + f(input[i1 + k]! * w));
                }
              } else {
                for (let k = 0; k < runLen; k++) a = f(a + f(input[i0 + k]! * filter[f0 + k]!));
              }
            }
          }
          output[o + oc] = a;
          if (pair) output[o + outD + oc] = c;
        }
      }
      biasClampFloat(output, o, outD, bias, p);
      if (pair) biasClampFloat(output, o + outD, outD, bias, p);
      q += pair ? 2 : 1;
    }
  }
}

/**
 * int16 activations, int8 weights (16x8). `bias64` holds an int64 bias as int32 pairs (little-endian: low
 * word, then high word), `bias32` an int32 bias; at most one is non-null. `int64Acc` selects TFLM's
 * AccumScalar: int64 (exact double accumulator, int64 MultiplyByQuantizedMultiplier) or int32 (wrapping
 * accumulator, int32 MultiplyByQuantizedMultiplier). Zero points are ignored, as in TFLM. Output channels
 * are blocked by four.
 */
export function convPerChannel16x8(
  p: ConvParams,
  input: Int16Array,
  filter: Int8Array,
  bias32: Int32Array | null,
  bias64: Int32Array | null,
  int64Acc: boolean,
  output: Int16Array,
): void {
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, fD = p.filterDepth;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const groups = inD / fD, perGroup = outD / groups;
  const fsY = fW * fD, fsOc = fH * fsY, isX = dW * inD, isY = dH * inW * inD;
  const contiguous = dW === 1 && fD === inD;
  const nPix = outH * outW;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let q = 0; q < nPix; ) {
      // Pixel q and, when its taps are the same, pixel q + 1 in raster order (the next column, or the first
      // of the next row) form a pair that shares every filter load; `pix` is their distance in the input.
      const oy = (q / outW) | 0, ox = q - oy * outW;
      const inY0 = oy * sH - p.padHeight, inX0 = ox * sW - p.padWidth;
      const fy0 = firstTap(inY0, dH), fy1 = endTap(inY0, dH, inH, fH), ny = fy1 - fy0;
      const fx0 = firstTap(inX0, dW), fx1 = endTap(inX0, dW, inW, fW), nx = fx1 - fx0;
      let pair = false, pix = 0;
      if (q + 1 < nPix) {
        const inY1 = ox + 1 < outW ? inY0 : inY0 + sH, inX1 = ox + 1 < outW ? inX0 + sW : 0 - p.padWidth;
        pair = firstTap(inY1, dH) === fy0 && endTap(inY1, dH, inH, fH) === fy1 && firstTap(inX1, dW) === fx0 && endTap(inX1, dW, inW, fW) === fx1;
        pix = ((inY1 - inY0) * inW + inX1 - inX0) * inD;
      }
      // Without dilation or groups a filter row's taps are contiguous in the input and the filter: one run.
      const runs = contiguous ? (nx > 0 ? 1 : 0) : nx, runLen = contiguous ? nx * fD : fD;
      const inTap = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
      const fTap = fy0 * fsY + fx0 * fD;
      const o = (b * nPix + q) * outD;
      for (let g = 0; g < groups; g++) {
        const inG = inTap + g * fD;
        const ocEnd = (g + 1) * perGroup;
        let oc = g * perGroup;
        // Sums are exact doubles (products < 2^22); the int32 variant wraps them once at the end, which
        // equals wrapping every step modulo 2^32.
        for (; oc + 4 <= ocEnd; oc += 4) {
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
          for (let ty = 0, iRow = inG, fRow = oc * fsOc + fTap; ty < ny; ty++, iRow += isY, fRow += fsY) {
            for (let tx = 0, i0 = iRow, f0 = fRow; tx < runs; tx++, i0 += isX, f0 += fD) {
              const i1 = i0 + pix, f1 = f0 + fsOc, f2 = f1 + fsOc, f3 = f2 + fsOc;
              if (pair) {
                for (let k = 0; k < runLen; k++) {
                  const x = input[i0 + k]!, y = input[i1 + k]!;
                  const w0 = filter[f0 + k]!, w1 = filter[f1 + k]!, w2 = filter[f2 + k]!, w3 = filter[f3 + k]!;
                  a0 += w0 * x; b0 += w0 * y;
                  a1 += w1 * x; b1 += w1 * y;
                  a2 += w2 * x; b2 += w2 * y;
                  a3 += w3 * x; b3 += w3 * y;
                }
              } else {
                for (let k = 0; k < runLen; k++) {
                  const x = input[i0 + k]!;
                  a0 += filter[f0 + k]! * x;
                  a1 += filter[f1 + k]! * x;
                  a2 += filter[f2 + k]! * x;
                  a3 += filter[f3 + k]! * x;
                }
              }
            }
          }
          output[o + oc] = output16x8(a0, oc, int64Acc, bias32, bias64, p);
          output[o + oc + 1] = output16x8(a1, oc + 1, int64Acc, bias32, bias64, p);
          output[o + oc + 2] = output16x8(a2, oc + 2, int64Acc, bias32, bias64, p);
          output[o + oc + 3] = output16x8(a3, oc + 3, int64Acc, bias32, bias64, p);
          if (pair) {
            output[o + outD + oc] = output16x8(b0, oc, int64Acc, bias32, bias64, p);
            output[o + outD + oc + 1] = output16x8(b1, oc + 1, int64Acc, bias32, bias64, p);
            output[o + outD + oc + 2] = output16x8(b2, oc + 2, int64Acc, bias32, bias64, p);
            output[o + outD + oc + 3] = output16x8(b3, oc + 3, int64Acc, bias32, bias64, p);
          }
        }
        // Two remaining channels (e.g. a 2-channel output layer) as a 2×2 block.
        if (oc + 2 <= ocEnd) {
          let a0 = 0, a1 = 0, b0 = 0, b1 = 0;
          for (let ty = 0, iRow = inG, fRow = oc * fsOc + fTap; ty < ny; ty++, iRow += isY, fRow += fsY) {
            for (let tx = 0, i0 = iRow, f0 = fRow; tx < runs; tx++, i0 += isX, f0 += fD) {
              const i1 = i0 + pix, f1 = f0 + fsOc;
              if (pair) {
                for (let k = 0; k < runLen; k++) {
                  const x = input[i0 + k]!, y = input[i1 + k]!, w0 = filter[f0 + k]!, w1 = filter[f1 + k]!;
                  a0 += w0 * x; b0 += w0 * y;
                  a1 += w1 * x; b1 += w1 * y;
                }
              } else {
                for (let k = 0; k < runLen; k++) {
                  const x = input[i0 + k]!;
                  a0 += filter[f0 + k]! * x;
                  a1 += filter[f1 + k]! * x;
                }
              }
            }
          }
          output[o + oc] = output16x8(a0, oc, int64Acc, bias32, bias64, p);
          output[o + oc + 1] = output16x8(a1, oc + 1, int64Acc, bias32, bias64, p);
          if (pair) {
            output[o + outD + oc] = output16x8(b0, oc, int64Acc, bias32, bias64, p);
            output[o + outD + oc + 1] = output16x8(b1, oc + 1, int64Acc, bias32, bias64, p);
          }
          oc += 2;
        }
        for (; oc < ocEnd; oc++) {
          let a = 0, c = 0;
          for (let ty = 0, iRow = inG, fRow = oc * fsOc + fTap; ty < ny; ty++, iRow += isY, fRow += fsY) {
            for (let tx = 0, i0 = iRow, f0 = fRow; tx < runs; tx++, i0 += isX, f0 += fD) {
              const i1 = i0 + pix;
              if (pair) {
                for (let k = 0; k < runLen; k++) {
                  const w = filter[f0 + k]!;
                  a += w * input[i0 + k]!;
                  c += w * input[i1 + k]!;
                }
              } else {
                for (let k = 0; k < runLen; k++) a += filter[f0 + k]! * input[i0 + k]!;
              }
            }
          }
          output[o + oc] = output16x8(a, oc, int64Acc, bias32, bias64, p);
          if (pair) output[o + outD + oc] = output16x8(c, oc, int64Acc, bias32, bias64, p);
        }
      }
      q += pair ? 2 : 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// DEPTHWISE_CONV_2D
//
// Output channels in blocks of four consecutive channels: with depth multiplier 1 they read four consecutive
// input channels, with a larger multiplier (blocks inside one input channel) they share one input value.
// Filter values of consecutive output channels are adjacent ([1, fH, fW, outD]).
// ---------------------------------------------------------------------------------------------------------

/** int8 activations, int8 (or unpacked int4) per-channel weights, int32 bias: DepthwiseConvPerChannel. */
export function depthwiseConvPerChannelInt8(p: ConvParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, dm = p.depthMultiplier;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const inOff = p.inputOffset;
  const isX = dW * inD, isY = dH * inW * inD, fsY = fW * outD;
  // Block of four output channels: input channel step between them (1 when dm = 1, else 0), and the
  // channel runs the blocks cover (all channels when dm = 1, else one run of dm channels per input channel).
  const runs = dm === 1 ? 1 : inD, runLen = dm === 1 ? inD : dm, inStep = dm === 1 ? 1 : 0;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), ny = endTap(inY0, dH, inH, fH) - fy0;
      for (let ox = 0; ox < outW; ox++, o += outD) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), nx = endTap(inX0, dW, inW, fW) - fx0;
        const inTap = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap = fy0 * fsY + fx0 * outD;
        for (let r = 0; r < runs; r++) {
          // Run r: output channels [r * runLen, (r + 1) * runLen), input channel r (dm > 1) or oc (dm = 1).
          const ocEnd = (r + 1) * runLen;
          let oc = r * runLen;
          for (; oc + 4 <= ocEnd; oc += 4) {
            let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            const ic = dm === 1 ? oc : r;
            for (let ty = 0, iRow = inTap + ic, fRow = fTap + oc; ty < ny; ty++, iRow += isY, fRow += fsY) {
              for (let tx = 0, i = iRow, fi = fRow; tx < nx; tx++, i += isX, fi += outD) {
                a0 = (a0 + Math.imul(filter[fi]!, input[i]! + inOff)) | 0;
                a1 = (a1 + Math.imul(filter[fi + 1]!, input[i + inStep]! + inOff)) | 0;
                a2 = (a2 + Math.imul(filter[fi + 2]!, input[i + 2 * inStep]! + inOff)) | 0;
                a3 = (a3 + Math.imul(filter[fi + 3]!, input[i + 3 * inStep]! + inOff)) | 0;
              }
            }
            output[o + oc] = outputInt32Acc(a0, oc, bias, p);
            output[o + oc + 1] = outputInt32Acc(a1, oc + 1, bias, p);
            output[o + oc + 2] = outputInt32Acc(a2, oc + 2, bias, p);
            output[o + oc + 3] = outputInt32Acc(a3, oc + 3, bias, p);
          }
          for (; oc < ocEnd; oc++) {
            let a = 0;
            const ic = dm === 1 ? oc : r;
            for (let ty = 0, iRow = inTap + ic, fRow = fTap + oc; ty < ny; ty++, iRow += isY, fRow += fsY) {
              for (let tx = 0, i = iRow, fi = fRow; tx < nx; tx++, i += isX, fi += outD) {
                a = (a + Math.imul(filter[fi]!, input[i]! + inOff)) | 0;
              }
            }
            output[o + oc] = outputInt32Acc(a, oc, bias, p);
          }
        }
      }
    }
  }
}

/** int16 activations, int8 weights, int64 bias (int32 pairs, low word first) and accumulator. */
export function depthwiseConvPerChannel16x8(p: ConvParams, input: Int16Array, filter: Int8Array, bias64: Int32Array | null, output: Int16Array): void {
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, dm = p.depthMultiplier;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const isX = dW * inD, isY = dH * inW * inD, fsY = fW * outD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), ny = endTap(inY0, dH, inH, fH) - fy0;
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), nx = endTap(inX0, dW, inW, fW) - fx0;
        const inTap = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap = fy0 * fsY + fx0 * outD;
        for (let oc = 0; oc < outD; oc++, o++) {
          let a = 0;
          for (let ty = 0, iRow = inTap + ((oc / dm) | 0), fRow = fTap + oc; ty < ny; ty++, iRow += isY, fRow += fsY) {
            for (let tx = 0, i = iRow, fi = fRow; tx < nx; tx++, i += isX, fi += outD) a += filter[fi]! * input[i]!;
          }
          output[o] = outputInt64Acc(a, oc, bias64, p);
        }
      }
    }
  }
}

/** float32 DepthwiseConv: the int8 kernel's blocking with float32 rounding, taps in the reference's order. */
export function depthwiseConvFloat(p: ConvParams, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void {
  const f = Math.fround;
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, dm = p.depthMultiplier;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const isX = dW * inD, isY = dH * inW * inD, fsY = fW * outD;
  const runs = dm === 1 ? 1 : inD, runLen = dm === 1 ? inD : dm, inStep = dm === 1 ? 1 : 0;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), ny = endTap(inY0, dH, inH, fH) - fy0;
      for (let ox = 0; ox < outW; ox++, o += outD) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), nx = endTap(inX0, dW, inW, fW) - fx0;
        const inTap = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap = fy0 * fsY + fx0 * outD;
        for (let r = 0; r < runs; r++) {
          const ocEnd = (r + 1) * runLen;
          let oc = r * runLen;
          for (; oc + 4 <= ocEnd; oc += 4) {
            let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            const ic = dm === 1 ? oc : r;
            for (let ty = 0, iRow = inTap + ic, fRow = fTap + oc; ty < ny; ty++, iRow += isY, fRow += fsY) {
              for (let tx = 0, i = iRow, fi = fRow; tx < nx; tx++, i += isX, fi += outD) {
                a0 = f(a0 + f(input[i]! * filter[fi]!));
                a1 = f(a1 + f(input[i + inStep]! * filter[fi + 1]!));
                a2 = f(a2 + f(input[i + 2 * inStep]! * filter[fi + 2]!));
                a3 = f(a3 + f(input[i + 3 * inStep]! * filter[fi + 3]!));
              }
            }
            output[o + oc] = a0;
            output[o + oc + 1] = a1;
            output[o + oc + 2] = a2;
            output[o + oc + 3] = a3;
          }
          for (; oc < ocEnd; oc++) {
            let a = 0;
            const ic = dm === 1 ? oc : r;
            for (let ty = 0, iRow = inTap + ic, fRow = fTap + oc; ty < ny; ty++, iRow += isY, fRow += fsY) {
              for (let tx = 0, i = iRow, fi = fRow; tx < nx; tx++, i += isX, fi += outD) a = f(a + f(input[i]! * filter[fi]!));
            }
            output[o + oc] = a;
          }
        }
        biasClampFloat(output, o, outD, bias, p);
      }
    }
  }
}
