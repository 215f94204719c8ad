/**
 * MAXIMUM / MINIMUM math (reference_ops::MaximumMinimumBroadcastSlow with TFLM's MaximumOp / MinimumOp):
 * `a > b ? a : b` and `a < b ? a : b` exactly, so a NaN in the second operand wins and one in the first loses,
 * as in C. Broadcasting follows the plan from binary_broadcast.ts. Nothing allocates.
 */
import { nextRow, startRows, type BroadcastPlan } from './binary_broadcast.js';

type NumArray = Int8Array | Int16Array | Int32Array | Float32Array;

export function maximumMinimum(isMax: boolean, a: NumArray, b: NumArray, out: NumArray, p: BroadcastPlan): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    if (isMax) {
      for (let i = 0; i < n; i++, ia += sa, ib += sb) {
        const x = a[ia]!;
        const y = b[ib]!;
        out[o + i] = x > y ? x : y;
      }
    } else {
      for (let i = 0; i < n; i++, ia += sa, ib += sb) {
        const x = a[ia]!;
        const y = b[ib]!;
        out[o + i] = x < y ? x : y;
      }
    }
    nextRow(p);
  }
}

/** The int64 variant (BigInt64Array elements). */
export function maximumMinimumInt64(isMax: boolean, a: BigInt64Array, b: BigInt64Array, out: BigInt64Array, p: BroadcastPlan): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    for (let i = 0; i < n; i++, ia += sa, ib += sb) {
      const x = a[ia]!;
      const y = b[ib]!;
      out[o + i] = isMax ? (x > y ? x : y) : x < y ? x : y;
    }
    nextRow(p);
  }
}
