/**
 * FLOOR_DIV, FLOOR_MOD (reference/floor_div.h, floor_mod.h) and SQUARED_DIFFERENCE (micro/kernels/
 * squared_difference.cc) over binary_broadcast.ts's plan, bit-exact.
 *
 *  - FloorDiv<float>: std::floor(double(a) / double(b)) converted to float. A double quotient of two floats
 *    is correctly rounded, floor is exact, the float conversion rounds once: exactly JS's
 *    fround(floor(a / b)).
 *  - FloorMod<float>: r = fmodf(a, b) (exact: JS's % on the same values), then r + b in float when r is
 *    nonzero and its sign differs from b's.
 *  - SquaredDifference: float (a - b)^2 in float; int32 with wrapping; int8/int16 through the ADD-style
 *    rescaling (see squaredDifferenceQuant).
 * Nothing here allocates.
 */
import { nextRow, startRows, type BroadcastPlan } from './binary_broadcast.js';
import type { MultiplyByQuantizedMultiplierFn } from './quantization.js';

const f = Math.fround;

/** Index of the first zero (+0 or -0) in b[0..n), or -1: FLOOR_DIV's "Division by 0" check. */
export function firstZero(b: Float32Array, n: number): number {
  for (let i = 0; i < n; i++) if (b[i] === 0) return i;
  return -1;
}

export function floorDivFloat(a: Float32Array, b: Float32Array, out: Float32Array, p: BroadcastPlan): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = Math.floor(a[ia]! / b[ib]!);
    nextRow(p);
  }
}

export function floorModFloat(a: Float32Array, b: Float32Array, out: Float32Array, p: BroadcastPlan): void {
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
      const m = a[ia]! % y;
      out[o + i] = m !== 0 && y < 0 !== m < 0 ? f(m + y) : m;
    }
    nextRow(p);
  }
}

export function squaredDifferenceFloat(a: Float32Array, b: Float32Array, out: Float32Array, p: BroadcastPlan): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    for (let i = 0; i < n; i++, ia += sa, ib += sb) {
      const d = f(a[ia]! - b[ib]!);
      out[o + i] = d * d;
    }
    nextRow(p);
  }
}

/** int32: difference and square both wrap (two's complement, as the compiled C). */
export function squaredDifferenceInt32(a: Int32Array, b: Int32Array, out: Int32Array, p: BroadcastPlan): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    for (let i = 0; i < n; i++, ia += sa, ib += sb) {
      const d = (a[ia]! - b[ib]!) | 0;
      out[o + i] = Math.imul(d, d);
    }
    nextRow(p);
  }
}

/** The ArithmeticParams squared_difference.cc's PrepareQuantized fills. */
export interface SquaredDifferenceParams {
  /** -zero point of each input. */
  input1Offset: number;
  input2Offset: number;
  outputOffset: number;
  /** 7 for int8, 0 for int16. */
  leftShift: number;
  input1Multiplier: number;
  input1Shift: number;
  input2Multiplier: number;
  input2Shift: number;
  outputMultiplier: number;
  outputShift: number;
  min: number;
  max: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

/**
 * SquaredDifference<int8/int16>: each input (offset + v) << left_shift scaled by its
 * MultiplyByQuantizedMultiplierSmallerThanOneExp (to half the larger scale), the int32 difference squared
 * (int32 product: |diff| <= 2^15 for these ranges), MultiplyByQuantizedMultiplier to the output scale, plus
 * zp_out, clamped.
 */
export function squaredDifferenceQuant(
  q: SquaredDifferenceParams,
  a: Int8Array | Int16Array,
  b: Int8Array | Int16Array,
  out: Int8Array | Int16Array,
  p: BroadcastPlan,
): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  const mbqm = q.mbqm;
  const o1 = q.input1Offset, m1 = q.input1Multiplier, s1 = q.input1Shift;
  const o2 = q.input2Offset, m2 = q.input2Multiplier, s2 = q.input2Shift;
  const om = q.outputMultiplier, os = q.outputShift, oo = q.outputOffset;
  const scale = 1 << q.leftShift;
  const lo = q.min, hi = q.max;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    for (let i = 0; i < n; i++, ia += sa, ib += sb) {
      const x = mbqm(Math.imul(o1 + a[ia]!, scale), m1, s1);
      const y = mbqm(Math.imul(o2 + b[ib]!, scale), m2, s2);
      const d = (x - y) | 0;
      const v = (mbqm(Math.imul(d, d), om, os) + oo) | 0;
      out[o + i] = v < lo ? lo : v > hi ? hi : v;
    }
    nextRow(p);
  }
}
