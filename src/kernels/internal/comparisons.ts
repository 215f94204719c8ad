/**
 * EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL math (reference/comparisons.h), with TFLM's
 * broadcasting (BroadcastBinaryOpSimple, via the plan of binary_broadcast.ts).
 *
 * Unquantized types (bool, int32, int64, float32) compare raw values (C's ==, <, ...: NaN compares unequal to
 * everything). Quantized int8/int16 compare rescaled values: each side is
 *   MultiplyByQuantizedMultiplierSmallerThanOneExp((zp-offset + v) << 8, m, shift)
 * with (m, shift) from its own scale, so inputs of different scales compare by real value (up to rounding).
 * For int8 prepare tabulates that for all 256 values of each input. Nothing here allocates.
 */
import { nextRow, startRows, type BroadcastPlan } from './binary_broadcast.js';
import type { MultiplyByQuantizedMultiplierFn } from './quantization.js';

export const Compare = {
  EQUAL: 0,
  NOT_EQUAL: 1,
  GREATER: 2,
  GREATER_EQUAL: 3,
  LESS: 4,
  LESS_EQUAL: 5,
} as const;

type Values = ArrayLike<number> | ArrayLike<bigint>;

/**
 * out = op(a, b) over the broadcast plan, comparing raw elements (numbers or bigints: both sides the same
 * kind). Output bools are written as 0/1 bytes.
 */
export function compareRaw(op: number, a: Values, b: Values, out: Uint8Array, p: BroadcastPlan): void {
  const x = a as ArrayLike<number>;
  const y = b as ArrayLike<number>;
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    switch (op) {
      case Compare.EQUAL:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = x[ia]! === y[ib]! ? 1 : 0;
        break;
      case Compare.NOT_EQUAL:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = x[ia]! !== y[ib]! ? 1 : 0;
        break;
      case Compare.GREATER:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = x[ia]! > y[ib]! ? 1 : 0;
        break;
      case Compare.GREATER_EQUAL:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = x[ia]! >= y[ib]! ? 1 : 0;
        break;
      case Compare.LESS:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = x[ia]! < y[ib]! ? 1 : 0;
        break;
      default:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = x[ia]! <= y[ib]! ? 1 : 0;
        break;
    }
    nextRow(p);
  }
}

/** TFLM ComparisonParams (the int8/int16 rescaling). left_shift is 8. */
export interface ComparisonQuantParams {
  /** -zero point of each input. */
  input1Offset: number;
  input1Multiplier: number;
  input1Shift: number;
  input2Offset: number;
  input2Multiplier: number;
  input2Shift: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

const LEFT_SHIFT = 8;

/** The rescaled value ComparisonWithScaling compares for raw input v of input 1 (which = 1) or 2. */
export function comparisonScaled(p: ComparisonQuantParams, v: number, which: 1 | 2): number {
  // (offset + v) * (1 << 8) is an int32 product in C; | 0 wraps the same way for absurd zero points.
  if (which === 1) return p.mbqm(((p.input1Offset + v) * (1 << LEFT_SHIFT)) | 0, p.input1Multiplier, p.input1Shift);
  return p.mbqm(((p.input2Offset + v) * (1 << LEFT_SHIFT)) | 0, p.input2Multiplier, p.input2Shift);
}

/** Fill an int8 table: table[v + 128] = comparisonScaled(p, v, which). */
export function fillComparisonTable(p: ComparisonQuantParams, which: 1 | 2, table: Int32Array): void {
  for (let v = -128; v <= 127; v++) table[v + 128] = comparisonScaled(p, v, which);
}

/** int8: compare ta[a + 128] with tb[b + 128] (the tabulated rescaled values) over the plan. */
export function compareInt8Tables(op: number, a: Int8Array, ta: Int32Array, b: Int8Array, tb: Int32Array, out: Uint8Array, p: BroadcastPlan): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    switch (op) {
      case Compare.EQUAL:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ta[a[ia]! + 128]! === tb[b[ib]! + 128]! ? 1 : 0;
        break;
      case Compare.NOT_EQUAL:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ta[a[ia]! + 128]! !== tb[b[ib]! + 128]! ? 1 : 0;
        break;
      case Compare.GREATER:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ta[a[ia]! + 128]! > tb[b[ib]! + 128]! ? 1 : 0;
        break;
      case Compare.GREATER_EQUAL:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ta[a[ia]! + 128]! >= tb[b[ib]! + 128]! ? 1 : 0;
        break;
      case Compare.LESS:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ta[a[ia]! + 128]! < tb[b[ib]! + 128]! ? 1 : 0;
        break;
      default:
        for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ta[a[ia]! + 128]! <= tb[b[ib]! + 128]! ? 1 : 0;
        break;
    }
    nextRow(p);
  }
}

/** Comparison of two already-rescaled values. */
function cmp(op: number, x: number, y: number): number {
  switch (op) {
    case Compare.EQUAL:
      return x === y ? 1 : 0;
    case Compare.NOT_EQUAL:
      return x !== y ? 1 : 0;
    case Compare.GREATER:
      return x > y ? 1 : 0;
    case Compare.GREATER_EQUAL:
      return x >= y ? 1 : 0;
    case Compare.LESS:
      return x < y ? 1 : 0;
    default:
      return x <= y ? 1 : 0;
  }
}

/** int16 (GREATER only in TFLM): rescale both sides per element and compare. */
export function compareInt16Scaled(op: number, a: Int16Array, b: Int16Array, q: ComparisonQuantParams, out: Uint8Array, p: BroadcastPlan): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  const mbqm = q.mbqm;
  const o1 = q.input1Offset, m1 = q.input1Multiplier, s1 = q.input1Shift;
  const o2 = q.input2Offset, m2 = q.input2Multiplier, s2 = q.input2Shift;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    for (let i = 0; i < n; i++, ia += sa, ib += sb) {
      const x = mbqm(((o1 + a[ia]!) * 256) | 0, m1, s1);
      const y = mbqm(((o2 + b[ib]!) * 256) | 0, m2, s2);
      out[o + i] = cmp(op, x, y);
    }
    nextRow(p);
  }
}
