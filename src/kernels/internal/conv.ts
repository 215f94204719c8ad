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
// ---------------------------------------------------------------------------------------------------------

/** int8 activations, int8 (or unpacked int4) per-channel weights, int32 bias: ConvPerChannel. */
export function convPerChannelInt8(p: ConvParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, fD = p.filterDepth;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const inOff = p.inputOffset, outOff = p.outputOffset, actMin = p.actMin, actMax = p.actMax;
  const mult = p.multipliers, shift = p.shifts, single = p.singleRounding;
  const filtersPerGroup = outD / (inD / fD);
  const fStrideY = fW * fD, fStrideOc = fH * fStrideY, inStrideX = dW * inD, inStrideY = dH * inW * inD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), fy1 = endTap(inY0, dH, inH, fH);
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), fx1 = endTap(inX0, dW, inW, fW);
        // Input index of tap (fy0, fx0), channel 0 of group 0; filter offset of that tap in a filter.
        const inTap0 = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap0 = fy0 * fStrideY + fx0 * fD;
        const rowLen = (fx1 - fx0) * fD;
        for (let oc = 0; oc < outD; oc++, o++) {
          const group = (oc / filtersPerGroup) | 0;
          let acc = 0;
          let inRow = inTap0 + group * fD;
          let fRow = oc * fStrideOc + fTap0;
          for (let fy = fy0; fy < fy1; fy++, inRow += inStrideY, fRow += fStrideY) {
            let ii = inRow;
            let fi = fRow;
            const fEnd = fRow + rowLen;
            while (fi < fEnd) {
              const iEnd = ii + fD;
              for (let i = ii; i < iEnd; i++, fi++) acc = (acc + Math.imul(filter[fi]!, input[i]! + inOff)) | 0;
              ii += inStrideX;
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
 * int16 activations, int8 weights (16x8). `bias64` holds an int64 bias as int32 pairs (little-endian: low
 * word, then high word), `bias32` an int32 bias; at most one is non-null. `int64Acc` selects TFLM's
 * AccumScalar: int64 (exact double accumulator, int64 MultiplyByQuantizedMultiplier) or int32 (wrapping
 * accumulator, int32 MultiplyByQuantizedMultiplier). Zero points are ignored, as in TFLM.
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
  const actMin = p.actMin, actMax = p.actMax;
  const mult = p.multipliers, shift = p.shifts, single = p.singleRounding;
  const filtersPerGroup = outD / (inD / fD);
  const fStrideY = fW * fD, fStrideOc = fH * fStrideY, inStrideX = dW * inD, inStrideY = dH * inW * inD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), fy1 = endTap(inY0, dH, inH, fH);
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), fx1 = endTap(inX0, dW, inW, fW);
        const inTap0 = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap0 = fy0 * fStrideY + fx0 * fD;
        const rowLen = (fx1 - fx0) * fD;
        for (let oc = 0; oc < outD; oc++, o++) {
          const group = (oc / filtersPerGroup) | 0;
          let inRow = inTap0 + group * fD;
          let fRow = oc * fStrideOc + fTap0;
          let v: number;
          if (int64Acc) {
            let acc = 0;
            for (let fy = fy0; fy < fy1; fy++, inRow += inStrideY, fRow += fStrideY) {
              let ii = inRow;
              let fi = fRow;
              const fEnd = fRow + rowLen;
              while (fi < fEnd) {
                const iEnd = ii + fD;
                for (let i = ii; i < iEnd; i++, fi++) acc += filter[fi]! * input[i]!;
                ii += inStrideX;
              }
            }
            if (bias64 !== null) acc += bias64[2 * oc + 1]! * TWO_32 + (bias64[2 * oc]! >>> 0);
            v = multiplyByQuantizedMultiplierInt64(acc, mult[oc]!, shift[oc]!);
          } else {
            let acc = 0;
            for (let fy = fy0; fy < fy1; fy++, inRow += inStrideY, fRow += fStrideY) {
              let ii = inRow;
              let fi = fRow;
              const fEnd = fRow + rowLen;
              while (fi < fEnd) {
                const iEnd = ii + fD;
                for (let i = ii; i < iEnd; i++, fi++) acc = (acc + Math.imul(filter[fi]!, input[i]!)) | 0;
                ii += inStrideX;
              }
            }
            if (bias32 !== null) acc = (acc + bias32[oc]!) | 0;
            v = single
              ? multiplyByQuantizedMultiplierSingleRounding(acc, mult[oc]!, shift[oc]!)
              : multiplyByQuantizedMultiplier(acc, mult[oc]!, shift[oc]!);
          }
          output[o] = v < actMin ? actMin : v > actMax ? actMax : v;
        }
      }
    }
  }
}

/** float32 Conv with float32 rounding of every product and sum, taps in the reference's order. */
export function convFloat(p: ConvParams, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void {
  const f = Math.fround;
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, fD = p.filterDepth;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const actMin = p.actMin, actMax = p.actMax;
  const filtersPerGroup = outD / (inD / fD);
  const fStrideY = fW * fD, fStrideOc = fH * fStrideY, inStrideX = dW * inD, inStrideY = dH * inW * inD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), fy1 = endTap(inY0, dH, inH, fH);
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), fx1 = endTap(inX0, dW, inW, fW);
        const inTap0 = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap0 = fy0 * fStrideY + fx0 * fD;
        const rowLen = (fx1 - fx0) * fD;
        for (let oc = 0; oc < outD; oc++, o++) {
          const group = (oc / filtersPerGroup) | 0;
          let total = 0;
          let inRow = inTap0 + group * fD;
          let fRow = oc * fStrideOc + fTap0;
          for (let fy = fy0; fy < fy1; fy++, inRow += inStrideY, fRow += fStrideY) {
            let ii = inRow;
            let fi = fRow;
            const fEnd = fRow + rowLen;
            while (fi < fEnd) {
              const iEnd = ii + fD;
              for (let i = ii; i < iEnd; i++, fi++) total = f(total + f(input[i]! * filter[fi]!));
              ii += inStrideX;
            }
          }
          const v = f(total + (bias !== null ? bias[oc]! : 0));
          output[o] = v < actMin ? actMin : v > actMax ? actMax : v;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// DEPTHWISE_CONV_2D
// ---------------------------------------------------------------------------------------------------------

/** int8 activations, int8 (or unpacked int4) per-channel weights, int32 bias: DepthwiseConvPerChannel. */
export function depthwiseConvPerChannelInt8(p: ConvParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, dm = p.depthMultiplier;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const inOff = p.inputOffset, outOff = p.outputOffset, actMin = p.actMin, actMax = p.actMax;
  const mult = p.multipliers, shift = p.shifts, single = p.singleRounding;
  const inStrideX = dW * inD, inStrideY = dH * inW * inD, fStrideY = fW * outD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), fy1 = endTap(inY0, dH, inH, fH);
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), fx1 = endTap(inX0, dW, inW, fW);
        const inTap0 = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap0 = fy0 * fStrideY + fx0 * outD;
        const nx = fx1 - fx0;
        for (let ic = 0; ic < inD; ic++) {
          for (let m = 0; m < dm; m++, o++) {
            const oc = ic * dm + m;
            let acc = 0;
            let inRow = inTap0 + ic;
            let fRow = fTap0 + oc;
            for (let fy = fy0; fy < fy1; fy++, inRow += inStrideY, fRow += fStrideY) {
              for (let x = 0, ii = inRow, fi = fRow; x < nx; x++, ii += inStrideX, fi += outD) {
                acc = (acc + Math.imul(filter[fi]!, input[ii]! + inOff)) | 0;
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
}

/** int16 activations, int8 weights, int64 bias (int32 pairs, low word first) and accumulator. */
export function depthwiseConvPerChannel16x8(p: ConvParams, input: Int16Array, filter: Int8Array, bias64: Int32Array | null, output: Int16Array): void {
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, dm = p.depthMultiplier;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const actMin = p.actMin, actMax = p.actMax;
  const mult = p.multipliers, shift = p.shifts;
  const inStrideX = dW * inD, inStrideY = dH * inW * inD, fStrideY = fW * outD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), fy1 = endTap(inY0, dH, inH, fH);
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), fx1 = endTap(inX0, dW, inW, fW);
        const inTap0 = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap0 = fy0 * fStrideY + fx0 * outD;
        const nx = fx1 - fx0;
        for (let ic = 0; ic < inD; ic++) {
          for (let m = 0; m < dm; m++, o++) {
            const oc = ic * dm + m;
            let acc = 0;
            let inRow = inTap0 + ic;
            let fRow = fTap0 + oc;
            for (let fy = fy0; fy < fy1; fy++, inRow += inStrideY, fRow += fStrideY) {
              for (let x = 0, ii = inRow, fi = fRow; x < nx; x++, ii += inStrideX, fi += outD) acc += filter[fi]! * input[ii]!;
            }
            if (bias64 !== null) acc += bias64[2 * oc + 1]! * TWO_32 + (bias64[2 * oc]! >>> 0);
            const v = multiplyByQuantizedMultiplierInt64(acc, mult[oc]!, shift[oc]!);
            output[o] = v < actMin ? actMin : v > actMax ? actMax : v;
          }
        }
      }
    }
  }
}

/** float32 DepthwiseConv, float32 rounding, taps in the reference's order. */
export function depthwiseConvFloat(p: ConvParams, input: Float32Array, filter: Float32Array, bias: Float32Array | null, output: Float32Array): void {
  const f = Math.fround;
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, dm = p.depthMultiplier;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const actMin = p.actMin, actMax = p.actMax;
  const inStrideX = dW * inD, inStrideY = dH * inW * inD, fStrideY = fW * outD;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), fy1 = endTap(inY0, dH, inH, fH);
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), fx1 = endTap(inX0, dW, inW, fW);
        const inTap0 = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap0 = fy0 * fStrideY + fx0 * outD;
        const nx = fx1 - fx0;
        for (let ic = 0; ic < inD; ic++) {
          for (let m = 0; m < dm; m++, o++) {
            const oc = ic * dm + m;
            let total = 0;
            let inRow = inTap0 + ic;
            let fRow = fTap0 + oc;
            for (let fy = fy0; fy < fy1; fy++, inRow += inStrideY, fRow += fStrideY) {
              for (let x = 0, ii = inRow, fi = fRow; x < nx; x++, ii += inStrideX, fi += outD) {
                total = f(total + f(input[ii]! * filter[fi]!));
              }
            }
            const v = f(total + (bias !== null ? bias[oc]! : 0));
            output[o] = v < actMin ? actMin : v > actMax ? actMax : v;
          }
        }
      }
    }
  }
}
