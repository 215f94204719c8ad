/**
 * LOGICAL_AND, LOGICAL_OR (micro/kernels/logical_common.cc, reference/binary_function.h) and LOGICAL_NOT
 * (elementwise.cc) over bool tensors stored one byte per element. C++ reads a bool byte as true when it is
 * nonzero and writes 0 or 1; so do these. Broadcasting follows binary_broadcast.ts's plan.
 */
import { nextRow, startRows, type BroadcastPlan } from './binary_broadcast.js';

/** out = a && b (and = true) or a || b over the plan. */
export function logicalBinary(and: boolean, a: Uint8Array, b: Uint8Array, out: Uint8Array, p: BroadcastPlan): void {
  startRows(p);
  const n = p.inner;
  const sa = p.aInner;
  const sb = p.bInner;
  for (let r = 0; r < p.rows; r++) {
    let ia = p.a;
    let ib = p.b;
    const o = p.o;
    if (and) {
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = a[ia]! !== 0 && b[ib]! !== 0 ? 1 : 0;
    } else {
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = a[ia]! !== 0 || b[ib]! !== 0 ? 1 : 0;
    }
    nextRow(p);
  }
}

/** out[i] = !input[i]. */
export function logicalNot(input: Uint8Array, out: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = input[i] === 0 ? 1 : 0;
}
