/**
 * SELECT_V2 math (reference/select.h): out = cond ? x : y elementwise, with the three inputs broadcast to the
 * output's shape (BroadcastSelectSimple, rank <= 8). Values are copied, so the visiting order is free: the
 * plan walks the output in row-major order with one stride per input and dimension (0 where it broadcasts).
 * Nothing here allocates at invoke.
 */

export const MAX_SELECT_RANK = 8;

export interface SelectPlan {
  rank: number;
  /** Output element count (0: nothing to do). */
  count: number;
  shape: Int32Array;
  condStride: Int32Array;
  xStride: Int32Array;
  yStride: Int32Array;
  counter: Int32Array;
}

export function newSelectPlan(): SelectPlan {
  const n = MAX_SELECT_RANK;
  return {
    rank: 0, count: 0, shape: new Int32Array(n), condStride: new Int32Array(n), xStride: new Int32Array(n),
    yStride: new Int32Array(n), counter: new Int32Array(n),
  };
}

/**
 * Fill the plan for inputs of shapes cond, x, y and an output of shape out (all right-aligned to the output's
 * rank, which the caller has checked is the largest). `flat` > 0 instead plans one flat run of that many
 * elements for every tensor (the same-shape and all-scalar cases).
 */
export function planSelect(p: SelectPlan, cond: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, out: ArrayLike<number>, flat = 0): void {
  if (flat > 0) {
    p.rank = 1;
    p.count = flat;
    p.shape[0] = flat;
    p.condStride[0] = 1;
    p.xStride[0] = 1;
    p.yStride[0] = 1;
    return;
  }
  const rank = out.length;
  p.rank = Math.max(rank, 1);
  let count = 1;
  let cAcc = 1, xAcc = 1, yAcc = 1;
  const dimOf = (s: ArrayLike<number>, i: number): number => {
    const k = i - (rank - s.length);
    return k < 0 ? 1 : s[k]!;
  };
  if (rank === 0) {
    p.shape[0] = 1;
    p.condStride[0] = 0;
    p.xStride[0] = 0;
    p.yStride[0] = 0;
  }
  for (let i = rank - 1; i >= 0; i--) {
    const o = out[i]!;
    const dc = dimOf(cond, i), dx = dimOf(x, i), dy = dimOf(y, i);
    p.shape[i] = o;
    p.condStride[i] = dc === 1 ? 0 : cAcc;
    p.xStride[i] = dx === 1 ? 0 : xAcc;
    p.yStride[i] = dy === 1 ? 0 : yAcc;
    cAcc *= dc;
    xAcc *= dx;
    yAcc *= dy;
    count *= o;
  }
  p.count = count;
}

type Values = Float32Array | Int8Array | Int16Array;

/** out = cond ? x : y over the plan. */
export function select(p: SelectPlan, cond: Uint8Array, x: Values, y: Values, out: Values): void {
  if (p.count === 0) return;
  const last = p.rank - 1;
  const n = p.shape[last]!;
  const cs = p.condStride[last]!, xs = p.xStride[last]!, ys = p.yStride[last]!;
  const counter = p.counter;
  counter.fill(0);
  let c0 = 0, x0 = 0, y0 = 0, o = 0;
  for (;;) {
    for (let i = 0, c = c0, xi = x0, yi = y0; i < n; i++, c += cs, xi += xs, yi += ys) out[o++] = cond[c] !== 0 ? x[xi]! : y[yi]!;
    // Odometer over the outer dims.
    let d = last - 1;
    for (; d >= 0; d--) {
      counter[d]!++;
      c0 += p.condStride[d]!;
      x0 += p.xStride[d]!;
      y0 += p.yStride[d]!;
      if (counter[d]! < p.shape[d]!) break;
      c0 -= p.condStride[d]! * p.shape[d]!;
      x0 -= p.xStride[d]! * p.shape[d]!;
      y0 -= p.yStride[d]! * p.shape[d]!;
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}
