/**
 * RELU, RELU6, LEAKY_RELU and PRELU math, bit-exact with TFLM (micro/kernels/activations.h,
 * activations_common.cc, reference/leaky_relu.h, reference/prelu.h, micro/kernels/prelu_common.cc).
 *
 * Quantized RELU and LEAKY_RELU map each input value independently, so for int8 prepare evaluates the exact
 * per-element formula for all 256 values into a lookup table and invoke only indexes it. int16 evaluates the
 * formula per element (a 65536-entry table per node would cost more than it saves).
 */
import type { MultiplyByQuantizedMultiplierFn } from './quantization.js';

// ---------------------------------------------------------------------------------------------------------
// RELU
// ---------------------------------------------------------------------------------------------------------

/** TFLM's ReluParams as ReluQuantized uses them. */
export interface ReluQuantParams {
  /** The input zero point (subtracted). */
  inputOffset: number;
  outputOffset: number;
  outputMultiplier: number;
  outputShift: number;
  actMin: number;
  actMax: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

/** ReluQuantized for one value: clamp(out_zp + MBQM(v - in_zp, m, shift)), max first, then min. */
export function reluQuantElement(p: ReluQuantParams, v: number): number {
  let r = p.outputOffset + p.mbqm(v - p.inputOffset, p.outputMultiplier, p.outputShift);
  r = p.actMin > r ? p.actMin : r;
  return p.actMax < r ? p.actMax : r;
}

export function reluInt16(p: ReluQuantParams, input: Int16Array, output: Int16Array, n: number): void {
  const mbqm = p.mbqm;
  const inOff = p.inputOffset, outOff = p.outputOffset, m = p.outputMultiplier, s = p.outputShift;
  const lo = p.actMin, hi = p.actMax;
  for (let i = 0; i < n; i++) {
    let r = outOff + mbqm(input[i]! - inOff, m, s);
    r = lo > r ? lo : r;
    output[i] = hi < r ? hi : r;
  }
}

/** ReluFloat: val < 0 ? 0 : val (NaN and -0 pass through). */
export function reluFloat(input: Float32Array, output: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    output[i] = v < 0 ? 0 : v;
  }
}

// ---------------------------------------------------------------------------------------------------------
// RELU6
// ---------------------------------------------------------------------------------------------------------

/** Relu6Float: val > 6 ? 6 : val < 0 ? 0 : val. */
export function relu6Float(input: Float32Array, output: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    output[i] = v > 6 ? 6 : v < 0 ? 0 : v;
  }
}

/** Relu6Quantized: val > upper ? upper : val < lower ? lower : val (upper tested first, as in TFLM). */
export function relu6Quantized(lower: number, upper: number, input: Int8Array | Int16Array, output: Int8Array | Int16Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    output[i] = v > upper ? upper : v < lower ? lower : v;
  }
}

// ---------------------------------------------------------------------------------------------------------
// LEAKY_RELU
// ---------------------------------------------------------------------------------------------------------

/** TFLM's LeakyReluOpData. */
export interface LeakyReluQuantParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** Negative when alpha is negative (QuantizeMultiplier keeps the sign). */
  alphaMultiplier: number;
  alphaShift: number;
  identityMultiplier: number;
  identityShift: number;
  /** Type range of the output. */
  qmin: number;
  qmax: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

/**
 * QuantizeLeakyRelu for one value: v - in_zp >= 0 takes the identity multiplier, else the alpha multiplier
 * made non-negative (|m|, and the result negated back when alpha < 0); plus out_zp, clamped to the type range.
 */
export function leakyReluQuantElement(p: LeakyReluQuantParams, v: number): number {
  const x = v - p.inputZeroPoint;
  let r = p.outputZeroPoint;
  if (x >= 0) {
    r += p.mbqm(x, p.identityMultiplier, p.identityShift);
  } else {
    const neg = p.alphaMultiplier < 0;
    // -INT32_MIN wraps to INT32_MIN as in C (only reachable for an alpha multiplier of exactly -1.0 * 2^shift).
    const safe = neg ? -p.alphaMultiplier | 0 : p.alphaMultiplier;
    const scaled = p.mbqm(x, safe, p.alphaShift);
    r += neg ? -scaled : scaled;
  }
  r = r < p.qmin ? p.qmin : r;
  return r > p.qmax ? p.qmax : r;
}

export function leakyReluInt16(p: LeakyReluQuantParams, input: Int16Array, output: Int16Array, n: number): void {
  const mbqm = p.mbqm;
  const inZp = p.inputZeroPoint, outZp = p.outputZeroPoint;
  const neg = p.alphaMultiplier < 0;
  const am = neg ? -p.alphaMultiplier | 0 : p.alphaMultiplier;
  const as = p.alphaShift, im = p.identityMultiplier, is = p.identityShift;
  for (let i = 0; i < n; i++) {
    const x = input[i]! - inZp;
    let r: number;
    if (x >= 0) {
      r = outZp + mbqm(x, im, is);
    } else {
      const scaled = mbqm(x, am, as);
      r = neg ? outZp - scaled : outZp + scaled;
    }
    r = r < -32768 ? -32768 : r;
    output[i] = r > 32767 ? 32767 : r;
  }
}

/** LeakyRelu float: val > 0 ? val : val * alpha (alpha is a float32 value; the product is rounded once). */
export function leakyReluFloat(alpha: number, input: Float32Array, output: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    output[i] = v > 0 ? v : v * alpha;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Lookup for int8 elementwise maps
// ---------------------------------------------------------------------------------------------------------

/** output[i] = lut[input[i] + 128]. */
export function lookupInt8(lut: Int8Array, input: Int8Array, output: Int8Array, n: number): void {
  for (let i = 0; i < n; i++) output[i] = lut[input[i]! + 128]!;
}

// ---------------------------------------------------------------------------------------------------------
// PRELU (broadcast rows, see broadcast.ts; a = input, b = alpha)
// ---------------------------------------------------------------------------------------------------------

/** TFLM's PreluParams. */
export interface PreluQuantParams {
  inputOffset: number;
  alphaOffset: number;
  outputOffset: number;
  multiplier1: number;
  shift1: number;
  multiplier2: number;
  shift2: number;
  qmin: number;
  qmax: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

/**
 * BroadcastPrelu4DSlow for int8 or int16 input (alpha int8): x = input + in_offset; x >= 0 ? MBQM(x, m1, s1)
 * : MBQM(x * (alpha + alpha_offset), m2, s2); plus out_offset, clamped to the type range. |x * alpha'| <=
 * 65535 * 255 < 2^31.
 */
export function preluQuantRow(
  p: PreluQuantParams, a: Int8Array | Int16Array, aOff: number, aStep: number, b: Int8Array, bOff: number, bStep: number,
  o: Int8Array | Int16Array, oOff: number, n: number,
): void {
  const mbqm = p.mbqm;
  const inOff = p.inputOffset, alphaOff = p.alphaOffset, outOff = p.outputOffset;
  const m1 = p.multiplier1, s1 = p.shift1, m2 = p.multiplier2, s2 = p.shift2;
  const lo = p.qmin, hi = p.qmax;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x = inOff + a[ia]!;
    let r = x >= 0 ? mbqm(x, m1, s1) : mbqm(Math.imul(x, alphaOff + b[ib]!), m2, s2);
    r += outOff;
    r = r < lo ? lo : r;
    o[i] = r > hi ? hi : r;
  }
}

/** BroadcastPrelu4DSlowFloat: in >= 0 ? in : in * alpha. */
export function preluFloatRow(
  _p: null, a: Float32Array, aOff: number, aStep: number, b: Float32Array, bOff: number, bStep: number,
  o: Float32Array, oOff: number, n: number,
): void {
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x = a[ia]!;
    o[i] = x >= 0 ? x : x * b[ib]!;
  }
}
