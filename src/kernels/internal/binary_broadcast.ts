/**
 * The loop nest of an elementwise binary op with broadcasting, as TFLM's BroadcastBinaryOpSimple
 * (reference/broadcast_loop.h) builds it: shapes are right-aligned to the largest rank; an input dim of 1
 * against an output dim != 1 gets stride 0; adjacent dims whose strides chain are fused into one loop. The
 * output is traversed in row-major order, so the plan reproduces TFLM's results element for element.
 *
 * Usage: `planBroadcast` in prepare; in invoke, `startRows(plan)`, then for each of `plan.rows` rows process
 * `plan.inner` elements at offsets plan.a (+ i * plan.aInner), plan.b (+ i * plan.bInner), plan.o (+ i), and
 * call `nextRow(plan)`. Rows cost one call each; nothing allocates.
 */

/** TFLM's kMaxRank for BroadcastBinaryOpSimple. */
export const MAX_BROADCAST_RANK = 8;

export interface BroadcastPlan {
  /** Number of output elements (0 when any dim is 0). */
  size: number;
  /** Extent and input strides (0 or 1) of the innermost fused loop. */
  inner: number;
  aInner: number;
  bInner: number;
  /** Number of rows (size / inner). */
  rows: number;
  /** Outer fused loops, innermost first (index 1 .. loops - 1; index 0 is the inner loop). */
  loops: number;
  shape: Int32Array;
  aStride: Int32Array;
  bStride: Int32Array;
  counter: Int32Array;
  /** Offsets of the current row. */
  a: number;
  b: number;
  o: number;
}

/** Right-align `shape` to `rank` dims, padding with 1s. */
function extended(shape: ArrayLike<number>, rank: number, i: number): number {
  const k = i - (rank - shape.length);
  return k < 0 ? 1 : shape[k]!;
}

/**
 * Plan the loops for inputs of shapes `a` and `b` writing an output of shape `out`. Returns an error message
 * when the shapes are not compatible (an input dim neither 1 nor the output dim), or the rank exceeds 8.
 */
export function planBroadcast(a: ArrayLike<number>, b: ArrayLike<number>, out: ArrayLike<number>): BroadcastPlan | string {
  const rank = Math.max(a.length, b.length, out.length);
  if (rank > MAX_BROADCAST_RANK) return `rank ${rank} exceeds ${MAX_BROADCAST_RANK}`;
  const plan: BroadcastPlan = {
    size: 0, inner: 1, aInner: 0, bInner: 0, rows: 0, loops: 0,
    shape: new Int32Array(MAX_BROADCAST_RANK), aStride: new Int32Array(MAX_BROADCAST_RANK),
    bStride: new Int32Array(MAX_BROADCAST_RANK), counter: new Int32Array(MAX_BROADCAST_RANK), a: 0, b: 0, o: 0,
  };
  let size = 1;
  for (let i = 0; i < rank; i++) {
    const o = extended(out, rank, i);
    const da = extended(a, rank, i);
    const db = extended(b, rank, i);
    if ((da !== o && da !== 1) || (db !== o && db !== 1))
      return `shapes [${Array.from(a).join(',')}] and [${Array.from(b).join(',')}] do not broadcast to [${Array.from(out).join(',')}]`;
    size *= o;
  }
  if (rank === 0) {
    plan.size = 1;
    plan.rows = 1;
    plan.loops = 1;
    plan.shape[0] = 1;
    plan.inner = 1;
    return plan;
  }
  if (size === 0) return plan;
  // Innermost first, fusing as CanFuseLoops allows.
  let aAcc = 1;
  let bAcc = 1;
  let oAcc = 1;
  let last = -1;
  for (let i = rank - 1; i >= 0; i--) {
    const o = extended(out, rank, i);
    const da = extended(a, rank, i);
    const db = extended(b, rank, i);
    const sa = da === 1 && o !== 1 ? 0 : aAcc;
    const sb = db === 1 && o !== 1 ? 0 : bAcc;
    const canFuse = (stride: number, expected: number, next: number): boolean =>
      o === 1 ? true : next === 0 ? stride === 0 : stride === expected;
    if (last >= 0 && canFuse(sa, aAcc, plan.aStride[last]!) && canFuse(sb, bAcc, plan.bStride[last]!) && canFuse(oAcc, oAcc, 1)) {
      plan.shape[last]! *= o;
    } else {
      last++;
      plan.shape[last] = o;
      plan.aStride[last] = sa;
      plan.bStride[last] = sb;
    }
    aAcc *= da;
    bAcc *= db;
    oAcc *= o;
  }
  plan.loops = last + 1;
  plan.size = size;
  plan.inner = plan.shape[0]!;
  plan.aInner = plan.aStride[0]!;
  plan.bInner = plan.bStride[0]!;
  plan.rows = size / plan.inner;
  return plan;
}

/** Reset the row cursor to the first row. */
export function startRows(p: BroadcastPlan): void {
  p.a = 0;
  p.b = 0;
  p.o = 0;
  p.counter.fill(0);
}

/** Advance the row cursor (odometer over the outer fused loops). */
export function nextRow(p: BroadcastPlan): void {
  p.o += p.inner;
  const { shape, aStride, bStride, counter } = p;
  for (let d = 1; d < p.loops; d++) {
    counter[d]!++;
    p.a += aStride[d]!;
    p.b += bStride[d]!;
    if (counter[d]! < shape[d]!) return;
    counter[d] = 0;
    p.a -= aStride[d]! * shape[d]!;
    p.b -= bStride[d]! * shape[d]!;
  }
}

/** True when both shapes are equal once right-aligned (TFLM's ProcessBroadcastShapes "non-broadcast" case). */
export function sameExtendedShape(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const rank = Math.max(a.length, b.length);
  for (let i = 0; i < rank; i++) if (extended(a, rank, i) !== extended(b, rank, i)) return false;
  return true;
}
