/**
 * DIV math (reference_ops::Div / BroadcastDivSlow / DivElementwise), broadcasting via binary_broadcast.ts.
 * Nothing allocates.
 */
import { nextRow, startRows, type BroadcastPlan } from './binary_broadcast.js';
import { getReciprocal } from './fixedpoint.js';
import { saturatingRoundingDoublingHighMul, type MultiplyByQuantizedMultiplierFn } from './quantization.js';

/** float32: fround(a / b) clamped to the activation range (NaN passes, as in std::min/max). */
export function divFloat(a: Float32Array, b: Float32Array, out: Float32Array, p: BroadcastPlan, actMin: number, actMax: number): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    for (let i = 0; i < n; i++, ia += sa, ib += sb) {
      const v = Math.fround(a[ia]! / b[ib]!);
      out[o + i] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
    nextRow(p);
  }
}

/**
 * int32: C division truncating toward zero, clamped to the activation range. Division by zero traps in C
 * (SIGFPE on x86); here it yields 0. INT32_MIN / -1 wraps to INT32_MIN.
 */
export function divInt32(a: Int32Array, b: Int32Array, out: Int32Array, p: BroadcastPlan, actMin: number, actMax: number): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    for (let i = 0; i < n; i++, ia += sa, ib += sb) {
      const y = b[ib]!;
      const v = y === 0 ? 0 : Math.trunc(a[ia]! / y) | 0;
      out[o + i] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
    nextRow(p);
  }
}

export interface QuantizedDivParams {
  input1Offset: number;
  input2Offset: number;
  outputOffset: number;
  outputMultiplier: number;
  outputShift: number;
  actMin: number;
  actMax: number;
  /** MultiplyByQuantizedMultiplierGreaterThanOne and ...SmallerThanOneExp of the rounding mode. */
  mulGreater: MultiplyByQuantizedMultiplierFn;
  mulSmaller: MultiplyByQuantizedMultiplierFn;
}

/**
 * int8 (DivElementwise): the divisor's reciprocal by GetReciprocal (Newton-Raphson in Q0.31), the dividend
 * normalized by its headroom, then one requantization with the combined shift. A zero divisor (TFLM only
 * DCHECKs it) gives what TFLM's x86-64 build computes with the DCHECK compiled out (verified).
 */
export function divInt8(a: Int8Array, b: Int8Array, out: Int8Array, p: BroadcastPlan, q: QuantizedDivParams): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  const { input1Offset, input2Offset, outputOffset, outputMultiplier, outputShift, actMin, actMax, mulGreater, mulSmaller } = q;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    for (let i = 0; i < n; i++, ia += sa, ib += sb) {
      let x = input1Offset + a[ia]!;
      let y = input2Offset + b[ib]!;
      if (y < 0) {
        x = -x;
        y = -y;
      }
      const recipShift = 31 - Math.clz32(y);
      const recip = getReciprocal(y);
      // CountLeadingSignBits (GCC's __builtin_clrsb; 31 for 0).
      const headroom = Math.clz32(x < 0 ? ~x : x) - 1;
      const unscaled = mulGreater(x, recip, headroom);
      const totalShift = outputShift - recipShift - headroom;
      let v = outputOffset + mulSmaller(unscaled, outputMultiplier, totalShift);
      v = v < actMin ? actMin : v > actMax ? actMax : v;
      out[o + i] = v;
    }
    nextRow(p);
  }
}

/**
 * MultiplyByQuantizedMultiplierSmallerThanOneExp (default double rounding) as TFLM's x86 build computes it
 * for any left shift, including the ones below -31 that DIV produces for dividends of one or two units:
 * gemmlowp's RoundingDivideByPOT builds its mask as int32((1ll << e) - 1), which is all ones once e >= 32, and
 * shifts with the hardware `sar`, which takes the count mod 32. For 0 <= e <= 31 this is the usual rounding
 * divide.
 */
export function multiplyByQuantizedMultiplierSmallerThanOneExpX86(x: number, multiplier: number, leftShift: number): number {
  const v = saturatingRoundingDoublingHighMul(x, multiplier);
  const e = -leftShift;
  const e64 = e & 63;
  const mask = e64 >= 32 ? -1 : ((1 << e64) - 1) | 0;
  const remainder = v & mask;
  const threshold = (mask >> 1) + (v < 0 ? 1 : 0);
  return ((v >> (e & 31)) + (remainder > threshold ? 1 : 0)) | 0;
}

const TWO_16 = 65536;
const TWO_32 = 4294967296;

/**
 * MultiplyByQuantizedMultiplier as built with TFLITE_SINGLE_ROUNDING, for any shift, as TFLM's x86-64 build
 * computes it once its DCHECK(-31 <= shift <= 30) is compiled out: int64 (x * m + (1 << (total - 1))) >> total
 * with total = 31 - shift, where x86 takes both shift counts mod 64 (a count of -1 makes the rounding term
 * INT64_MIN), then the low 32 bits. DIV reaches shifts outside the checked range for dividends of 0, ±1 and
 * ±2. In range this is the ordinary single-rounding multiply. The 64-bit values are kept as a signed high
 * word and an unsigned low word (exact: |x * m| < 2^62 is split as in quantization.ts).
 */
export function multiplyByQuantizedMultiplierSingleRoundingX86(x: number, multiplier: number, shift: number): number {
  const total = 31 - shift;
  let pl = Math.imul(x, multiplier) >>> 0;
  const hi = x * (multiplier >> 16);
  const lo = x * (multiplier & 0xffff);
  const hq = Math.floor(hi / TWO_16);
  let ph = hq + ((hi - hq * TWO_16) * TWO_16 + lo - pl) / TWO_32;
  const r = (total - 1) & 63;
  if (r < 32) {
    pl += 2 ** r;
    if (pl >= TWO_32) {
      pl -= TWO_32;
      ph += 1;
    }
  } else if (r < 63) {
    ph += 2 ** (r - 32);
  } else {
    ph -= 2147483648; // + INT64_MIN
  }
  ph |= 0; // int64 wrap of the high word
  const sh = total & 63;
  if (sh === 0) return pl | 0;
  if (sh < 32) return ((pl >>> sh) | (ph << (32 - sh))) | 0;
  return ph >> (sh - 32);
}
