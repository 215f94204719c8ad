/**
 * Elementwise ADD, SUB and MUL as row functions for the broadcast driver (see broadcast.ts), bit-exact with
 * TFLM's reference kernels (reference/add.h, sub.h, mul.h, integer_ops/add.h, integer_ops/mul.h).
 *
 * Quantized ADD/SUB (int8 and int16; TFLM micro always takes the general-scale path, never the int16
 * power-of-two one), per element:
 *   shifted_k = (input_k + offset_k) * 2^left_shift                (left_shift 20 for int8, 15 for int16)
 *   scaled_k  = MultiplyByQuantizedMultiplierSmallerThanOneExp(shifted_k, multiplier_k, shift_k)
 *   raw       = scaled_1 ± scaled_2
 *   out       = clamp(MultiplyByQuantizedMultiplierSmallerThanOneExp(raw, out_multiplier, out_shift) + out_offset)
 * Bounds: |input + offset| <= 255 (int8) so |shifted| < 2^28; |input + offset| <= 65535 (int16, zero point 0)
 * so |shifted| < 2^31; the input multipliers s_k / (2 * max(s_1, s_2)) are at most 1/2, so |scaled_k| <= 2^30
 * and raw fits int32.
 * The multiplications wrap like C's int32 if a model has out-of-contract zero points (`<<` wraps the same).
 *
 * scaled_k depends only on input_k, so for int8 prepare tabulates it for all 256 input values (SUB stores
 * -scaled_2, which is exact since |scaled_2| < 2^31): invoke then does one multiply per element instead of
 * three. The tables hold exactly what the formula gives, so the result is unchanged.
 *
 * Quantized MUL: out = clamp(MultiplyByQuantizedMultiplier((a + offset_1) * (b + offset_2), m, shift) + out_offset);
 * the product is at most 255^2 (int8) or 2^30 (int16, zero points 0) in magnitude.
 *
 * float32: the sum/difference/product of two float32 values rounded once to float32 (Math.fround of the exact
 * double result for ADD/SUB when the exponents are close, and in general: double rounding through binary64 is
 * innocuous for +, -, * of binary32 operands), then min(max(x, act_min), act_max) as TFLM's
 * ActivationFunctionWithMinMax (NaN passes through; ±Infinity is clamped to ±FLT_MAX when there is no
 * activation). int32: wrapping + - * then the same clamp.
 */
import type { MultiplyByQuantizedMultiplierFn } from './quantization.js';

/** Precomputed quantized ADD/SUB parameters (TFLM's OpDataAdd / OpDataSub). */
export interface AddSubQuantParams {
  leftShift: number;
  input1Offset: number;
  input1Multiplier: number;
  input1Shift: number;
  input2Offset: number;
  input2Multiplier: number;
  input2Shift: number;
  outputOffset: number;
  outputMultiplier: number;
  outputShift: number;
  actMin: number;
  actMax: number;
  /** MultiplyByQuantizedMultiplier of the build's rounding mode (SmallerThanOneExp is the same function). */
  mbqm: MultiplyByQuantizedMultiplierFn;
  /** int8 only: scaled_1 for input values -128..127 (index value + 128). */
  table1: Int32Array;
  /** int8 only: scaled_2 (ADD) or -scaled_2 (SUB) for input values -128..127. */
  table2: Int32Array;
}

/** Precomputed quantized MUL parameters (TFLM's OpDataMul). */
export interface MulQuantParams {
  input1Offset: number;
  input2Offset: number;
  outputOffset: number;
  outputMultiplier: number;
  outputShift: number;
  actMin: number;
  actMax: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

/** Clamp range for float32 and int32 ops. */
export interface ClampParams {
  min: number;
  max: number;
}

/** scaled_k of the quantized ADD/SUB formula for one input value (prepare-time table fill and int16 rows). */
export function addScaledInput(p: AddSubQuantParams, value: number, which: 1 | 2): number {
  const off = which === 1 ? p.input1Offset : p.input2Offset;
  const m = which === 1 ? p.input1Multiplier : p.input2Multiplier;
  const s = which === 1 ? p.input1Shift : p.input2Shift;
  return p.mbqm((value + off) << p.leftShift, m, s);
}

/** Fill the int8 tables of `p` (after its multipliers are set); `negate2` for SUB. */
export function fillInt8AddTables(p: AddSubQuantParams, negate2: boolean): void {
  for (let v = -128; v < 128; v++) {
    p.table1[v + 128] = addScaledInput(p, v, 1);
    const s2 = addScaledInput(p, v, 2);
    p.table2[v + 128] = negate2 ? -s2 | 0 : s2;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Quantized ADD / SUB
// ---------------------------------------------------------------------------------------------------------

/** int8 ADD and SUB (the tables carry the sign of input 2). */
export function addSubInt8Row(
  p: AddSubQuantParams, a: Int8Array, aOff: number, aStep: number, b: Int8Array, bOff: number, bStep: number,
  o: Int8Array, oOff: number, n: number,
): void {
  const t1 = p.table1;
  const t2 = p.table2;
  const mbqm = p.mbqm;
  const m = p.outputMultiplier;
  const s = p.outputShift;
  const off = p.outputOffset;
  const lo = p.actMin;
  const hi = p.actMax;
  const end = oOff + n;
  if (aStep === 1 && bStep === 1) {
    // The non-broadcast case: both inputs contiguous.
    for (let i = oOff, ia = aOff - oOff, ib = bOff - oOff; i < end; i++) {
      let r = mbqm((t1[a[i + ia]! + 128]! + t2[b[i + ib]! + 128]!) | 0, m, s) + off;
      r = r < lo ? lo : r;
      o[i] = r > hi ? hi : r;
    }
    return;
  }
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    let r = mbqm((t1[a[ia]! + 128]! + t2[b[ib]! + 128]!) | 0, m, s) + off;
    r = r < lo ? lo : r;
    o[i] = r > hi ? hi : r;
  }
}

/** int16 ADD (general scales, left shift 15). */
export function addInt16Row(
  p: AddSubQuantParams, a: Int16Array, aOff: number, aStep: number, b: Int16Array, bOff: number, bStep: number,
  o: Int16Array, oOff: number, n: number,
): void {
  const mbqm = p.mbqm;
  const ls = p.leftShift;
  const off1 = p.input1Offset, m1 = p.input1Multiplier, s1 = p.input1Shift;
  const off2 = p.input2Offset, m2 = p.input2Multiplier, s2 = p.input2Shift;
  const m = p.outputMultiplier, s = p.outputShift, off = p.outputOffset;
  const lo = p.actMin, hi = p.actMax;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x1 = mbqm((a[ia]! + off1) << ls, m1, s1);
    const x2 = mbqm((b[ib]! + off2) << ls, m2, s2);
    let r = mbqm((x1 + x2) | 0, m, s) + off;
    r = r < lo ? lo : r;
    o[i] = r > hi ? hi : r;
  }
}

/** int16 SUB (general scales, left shift 15). */
export function subInt16Row(
  p: AddSubQuantParams, a: Int16Array, aOff: number, aStep: number, b: Int16Array, bOff: number, bStep: number,
  o: Int16Array, oOff: number, n: number,
): void {
  const mbqm = p.mbqm;
  const ls = p.leftShift;
  const off1 = p.input1Offset, m1 = p.input1Multiplier, s1 = p.input1Shift;
  const off2 = p.input2Offset, m2 = p.input2Multiplier, s2 = p.input2Shift;
  const m = p.outputMultiplier, s = p.outputShift, off = p.outputOffset;
  const lo = p.actMin, hi = p.actMax;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x1 = mbqm((a[ia]! + off1) << ls, m1, s1);
    const x2 = mbqm((b[ib]! + off2) << ls, m2, s2);
    let r = mbqm((x1 - x2) | 0, m, s) + off;
    r = r < lo ? lo : r;
    o[i] = r > hi ? hi : r;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Quantized MUL
// ---------------------------------------------------------------------------------------------------------

export function mulInt8Row(
  p: MulQuantParams, a: Int8Array, aOff: number, aStep: number, b: Int8Array, bOff: number, bStep: number,
  o: Int8Array, oOff: number, n: number,
): void {
  const mbqm = p.mbqm;
  const off1 = p.input1Offset, off2 = p.input2Offset;
  const m = p.outputMultiplier, s = p.outputShift, off = p.outputOffset;
  const lo = p.actMin, hi = p.actMax;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    let r = off + mbqm((a[ia]! + off1) * (b[ib]! + off2), m, s);
    r = r < lo ? lo : r;
    o[i] = r > hi ? hi : r;
  }
}

export function mulInt16Row(
  p: MulQuantParams, a: Int16Array, aOff: number, aStep: number, b: Int16Array, bOff: number, bStep: number,
  o: Int16Array, oOff: number, n: number,
): void {
  const mbqm = p.mbqm;
  const off1 = p.input1Offset, off2 = p.input2Offset;
  const m = p.outputMultiplier, s = p.outputShift, off = p.outputOffset;
  const lo = p.actMin, hi = p.actMax;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    // Math.imul: the int32 product of C (exact here: zero points are 0, so |product| <= 2^30).
    let r = off + mbqm(Math.imul(a[ia]! + off1, b[ib]! + off2), m, s);
    r = r < lo ? lo : r;
    o[i] = r > hi ? hi : r;
  }
}

// ---------------------------------------------------------------------------------------------------------
// float32
// ---------------------------------------------------------------------------------------------------------

export function addFloatRow(
  p: ClampParams, a: Float32Array, aOff: number, aStep: number, b: Float32Array, bOff: number, bStep: number,
  o: Float32Array, oOff: number, n: number,
): void {
  const lo = p.min, hi = p.max;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x = Math.fround(a[ia]! + b[ib]!);
    const y = x < lo ? lo : x;
    o[i] = hi < y ? hi : y;
  }
}

export function subFloatRow(
  p: ClampParams, a: Float32Array, aOff: number, aStep: number, b: Float32Array, bOff: number, bStep: number,
  o: Float32Array, oOff: number, n: number,
): void {
  const lo = p.min, hi = p.max;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x = Math.fround(a[ia]! - b[ib]!);
    const y = x < lo ? lo : x;
    o[i] = hi < y ? hi : y;
  }
}

export function mulFloatRow(
  p: ClampParams, a: Float32Array, aOff: number, aStep: number, b: Float32Array, bOff: number, bStep: number,
  o: Float32Array, oOff: number, n: number,
): void {
  const lo = p.min, hi = p.max;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x = Math.fround(a[ia]! * b[ib]!);
    const y = x < lo ? lo : x;
    o[i] = hi < y ? hi : y;
  }
}

// ---------------------------------------------------------------------------------------------------------
// int32 (wrapping arithmetic, as the C code compiles on two's-complement targets)
// ---------------------------------------------------------------------------------------------------------

export function addInt32Row(
  p: ClampParams, a: Int32Array, aOff: number, aStep: number, b: Int32Array, bOff: number, bStep: number,
  o: Int32Array, oOff: number, n: number,
): void {
  const lo = p.min, hi = p.max;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x = (a[ia]! + b[ib]!) | 0;
    const y = x < lo ? lo : x;
    o[i] = hi < y ? hi : y;
  }
}

export function subInt32Row(
  p: ClampParams, a: Int32Array, aOff: number, aStep: number, b: Int32Array, bOff: number, bStep: number,
  o: Int32Array, oOff: number, n: number,
): void {
  const lo = p.min, hi = p.max;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x = (a[ia]! - b[ib]!) | 0;
    const y = x < lo ? lo : x;
    o[i] = hi < y ? hi : y;
  }
}

export function mulInt32Row(
  p: ClampParams, a: Int32Array, aOff: number, aStep: number, b: Int32Array, bOff: number, bStep: number,
  o: Int32Array, oOff: number, n: number,
): void {
  const lo = p.min, hi = p.max;
  const end = oOff + n;
  for (let i = oOff, ia = aOff, ib = bOff; i < end; i++, ia += aStep, ib += bStep) {
    const x = Math.imul(a[ia]!, b[ib]!);
    const y = x < lo ? lo : x;
    o[i] = hi < y ? hi : y;
  }
}
