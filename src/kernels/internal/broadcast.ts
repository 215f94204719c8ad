/**
 * NumPy-style broadcasting of binary elementwise ops (ADD, SUB, MUL, PRELU, ...), up to rank 6 (RuntimeShape's
 * kMaxSmallSize in TFLM).
 *
 * TFLM's BroadcastBinaryOpSimple (reference/broadcast_loop.h) walks the output in row-major order, reading
 * each input at its broadcast position (stride 0 along a dimension of size 1), and fuses adjacent dimensions
 * whose strides allow it. Every TFLM path of these ops (non-broadcast elementwise, BroadcastAdd6DSlow,
 * BroadcastBinaryFunction6DSlow, ...) applies the same per-element function to the same (a, b) pairs, so one
 * traversal reproduces all of them: only the visiting order of independent elements differs, never a value.
 *
 * A plan is built in prepare: the output's dimensions (size-1 ones dropped) are fused into at most 6 loop
 * levels, outermost first, each with the element stride of input a and input b along it (0 = broadcast). The
 * innermost level has strides 0 or 1 for each input, so the op's row function runs one tight loop over it.
 * `runBroadcast` only iterates the outer levels: no allocation, one row call per innermost run (a
 * non-broadcast op is a single row call over the whole tensor).
 */

export const MAX_BROADCAST_RANK = 6;

const L = MAX_BROADCAST_RANK;

export interface BroadcastPlan {
  /** Loop sizes, outermost first; unused outer levels have size 1. sizes[5] is the innermost run length. */
  readonly sizes: Int32Array;
  /** Element strides of input a per level (0 where a is broadcast). */
  readonly aStrides: Int32Array;
  /** Element strides of input b per level. */
  readonly bStrides: Int32Array;
  /** Number of output elements (0 for an empty output: nothing runs). */
  count: number;
}

export function newBroadcastPlan(): BroadcastPlan {
  return { sizes: new Int32Array(L), aStrides: new Int32Array(L), bStrides: new Int32Array(L), count: 0 };
}

/**
 * The broadcast shape of `a` and `b` (shapes right-aligned, missing leading dims = 1; per dim equal sizes or
 * one of them 1), or null when some dim pair is incompatible. A dim of 0 against 1 gives 0.
 */
export function broadcastShape(a: ArrayLike<number>, b: ArrayLike<number>): number[] | null {
  const r = Math.max(a.length, b.length);
  const out = new Array<number>(r);
  for (let i = 0; i < r; i++) {
    const da = i < r - a.length ? 1 : a[i - (r - a.length)]!;
    const db = i < r - b.length ? 1 : b[i - (r - b.length)]!;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return null;
  }
  return out;
}

/** Whether two shapes are equal once both are extended with leading 1s to the same rank. */
export function sameExtendedShape(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const r = Math.max(a.length, b.length);
  for (let i = 0; i < r; i++) {
    const da = i < r - a.length ? 1 : a[i - (r - a.length)]!;
    const db = i < r - b.length ? 1 : b[i - (r - b.length)]!;
    if (da !== db) return false;
  }
  return true;
}

/**
 * Fill `plan` for inputs of shapes `a`, `b` and an output of shape `out`. The caller has checked that `out`
 * equals broadcastShape(a, b) up to leading 1s and that no rank exceeds MAX_BROADCAST_RANK.
 */
export function planBroadcast(a: ArrayLike<number>, b: ArrayLike<number>, out: ArrayLike<number>, plan: BroadcastPlan): void {
  const r = Math.max(a.length, b.length, out.length);
  // Levels collected innermost first into the tail of the arrays, then shifted into place.
  const sz = plan.sizes;
  const sa = plan.aStrides;
  const sb = plan.bStrides;
  let levels = 0;
  let accA = 1;
  let accB = 1;
  let count = 1;
  for (let i = r - 1; i >= 0; i--) {
    const da = i < r - a.length ? 1 : a[i - (r - a.length)]!;
    const db = i < r - b.length ? 1 : b[i - (r - b.length)]!;
    const dO = i < r - out.length ? 1 : out[i - (r - out.length)]!;
    count *= dO;
    if (dO !== 1) {
      const strideA = da === 1 ? 0 : accA;
      const strideB = db === 1 ? 0 : accB;
      const k = L - levels; // index of the current outermost level is k (when levels > 0)
      // Fuse with the level just inside when this dim continues its stride pattern for both inputs
      // (stride-0 dims fuse with stride-0 levels: 0 == 0 * size).
      if (levels > 0 && strideA === sa[k]! * sz[k]! && strideB === sb[k]! * sz[k]!) {
        sz[k] = sz[k]! * dO;
      } else {
        levels++;
        sz[L - levels] = dO;
        sa[L - levels] = strideA;
        sb[L - levels] = strideB;
      }
    }
    accA *= da;
    accB *= db;
  }
  if (levels === 0) {
    // Every dim is 1 (or rank 0): one element.
    levels = 1;
    sz[L - 1] = 1;
    sa[L - 1] = 0;
    sb[L - 1] = 0;
  }
  for (let i = 0; i < L - levels; i++) {
    sz[i] = 1;
    sa[i] = 0;
    sb[i] = 0;
  }
  plan.count = count;
}

/**
 * A row function: `n` output elements from `o[oOff]` on, reading a from `a[aOff]` stepping `aStep` (0 or 1)
 * and b from `b[bOff]` stepping `bStep` (0 or 1).
 */
export type RowFn<P, A, B, O> = (
  p: P,
  a: A,
  aOff: number,
  aStep: number,
  b: B,
  bOff: number,
  bStep: number,
  o: O,
  oOff: number,
  n: number,
) => void;

/** Run `row` over the plan's outer levels (invoke-time; allocates nothing). */
export function runBroadcast<P, A, B, O>(plan: BroadcastPlan, row: RowFn<P, A, B, O>, p: P, a: A, b: B, o: O): void {
  if (plan.count === 0) return;
  const sz = plan.sizes;
  const sa = plan.aStrides;
  const sb = plan.bStrides;
  const n = sz[5]!;
  const aStep = sa[5]!;
  const bStep = sb[5]!;
  const n0 = sz[0]!, n1 = sz[1]!, n2 = sz[2]!, n3 = sz[3]!, n4 = sz[4]!;
  if (n0 === 1 && n1 === 1 && n2 === 1 && n3 === 1 && n4 === 1) {
    row(p, a, 0, aStep, b, 0, bStep, o, 0, n);
    return;
  }
  const a0s = sa[0]!, a1s = sa[1]!, a2s = sa[2]!, a3s = sa[3]!, a4s = sa[4]!;
  const b0s = sb[0]!, b1s = sb[1]!, b2s = sb[2]!, b3s = sb[3]!, b4s = sb[4]!;
  let oOff = 0;
  for (let i0 = 0, a0 = 0, b0 = 0; i0 < n0; i0++, a0 += a0s, b0 += b0s) {
    for (let i1 = 0, a1 = a0, b1 = b0; i1 < n1; i1++, a1 += a1s, b1 += b1s) {
      for (let i2 = 0, a2 = a1, b2 = b1; i2 < n2; i2++, a2 += a2s, b2 += b2s) {
        for (let i3 = 0, a3 = a2, b3 = b2; i3 < n3; i3++, a3 += a3s, b3 += b3s) {
          for (let i4 = 0, a4 = a3, b4 = b3; i4 < n4; i4++, a4 += a4s, b4 += b4s) {
            row(p, a, a4, aStep, b, b4, bStep, o, oOff, n);
            oOff += n;
          }
        }
      }
    }
  }
}
