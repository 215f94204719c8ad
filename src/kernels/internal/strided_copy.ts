/**
 * The one engine behind the data-movement ops (STRIDED_SLICE, SLICE, TRANSPOSE, PAD, CONCATENATION, SPLIT,
 * SPLIT_V, PACK, UNPACK): a copy of up to MAX_COPY_AXES nested loops, each axis with its own element step in
 * the source and in the destination. Prepare describes the op as such a loop nest (`CopyAxis[]`), simplifies
 * it (drops size-1 axes, merges axes that are contiguous in both source and destination so the innermost loop
 * runs as long as possible) and stores it in a flat Int32Array plan; invoke runs `stridedCopy` on the plan.
 *
 * Only element moves, never arithmetic: every reference kernel of these ops is a sequence of element copies
 * (memcpy or `*out++ = *in++`), so any traversal that writes the same value to the same place is exact.
 * Types wider than 4 bytes (INT64) are moved as bytes: callers scale steps by the element size and add an
 * innermost axis over the element's bytes (`withElementBytes`), which the simplifier merges into the run.
 */

/** Axes a plan can hold (TRANSPOSE needs 6; every other op needs at most 5, plus one byte axis for INT64). */
export const MAX_COPY_AXES = 6;

/** Int32 slots of one plan: counts, source steps, destination steps, source base, destination base. */
export const COPY_PLAN_SIZE = 3 * MAX_COPY_AXES + 2;

/** Slot offsets inside a plan: counts at 0, then source steps, destination steps and the two bases. */
export const PLAN_SRC_STEPS = MAX_COPY_AXES;
export const PLAN_DST_STEPS = 2 * MAX_COPY_AXES;
export const PLAN_SRC_BASE = 3 * MAX_COPY_AXES;
export const PLAN_DST_BASE = 3 * MAX_COPY_AXES + 1;

/** One loop of the nest, outermost first: `count` iterations, advancing `src` and `dst` elements per step. */
export interface CopyAxis {
  count: number;
  src: number;
  dst: number;
}

/** Typed arrays the engine moves elements between (both of the same kind; INT64 goes through its bytes). */
export type CopyView = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/**
 * Drop size-1 axes and merge an axis into the next inner one when stepping it once equals running the inner
 * axis to its end, in the source and in the destination alike. Returns the simplified nest (a zero count
 * anywhere yields a single empty axis).
 */
export function simplifyAxes(axes: readonly CopyAxis[]): CopyAxis[] {
  if (axes.some((a) => a.count <= 0)) return [{ count: 0, src: 0, dst: 0 }];
  const kept = axes.filter((a) => a.count !== 1).map((a) => ({ ...a }));
  const out: CopyAxis[] = [];
  for (let i = kept.length - 1; i >= 0; i--) {
    const a = kept[i]!;
    const inner = out[0];
    if (inner && a.src === inner.count * inner.src && a.dst === inner.count * inner.dst) {
      inner.count *= a.count;
    } else {
      out.unshift(a);
    }
  }
  return out;
}

/**
 * Scale a nest over elements of `elementBytes` bytes into a nest over bytes: steps and bases are multiplied,
 * and an innermost axis walks the bytes of one element.
 */
export function withElementBytes(axes: readonly CopyAxis[], elementBytes: number): CopyAxis[] {
  if (elementBytes === 1) return axes.slice();
  return [
    ...axes.map((a) => ({ count: a.count, src: a.src * elementBytes, dst: a.dst * elementBytes })),
    { count: elementBytes, src: 1, dst: 1 },
  ];
}

/**
 * Write the simplified nest into `plan` at slot `at` (COPY_PLAN_SIZE slots), padded with outer size-1 axes.
 * Returns false when more than MAX_COPY_AXES axes remain (the caller fails prepare).
 */
export function writeCopyPlan(plan: Int32Array, at: number, axes: readonly CopyAxis[], srcBase: number, dstBase: number): boolean {
  const s = simplifyAxes(axes);
  if (s.length > MAX_COPY_AXES) return false;
  const pad = MAX_COPY_AXES - s.length;
  for (let k = 0; k < MAX_COPY_AXES; k++) {
    const a = k < pad ? null : s[k - pad]!;
    plan[at + k] = a ? a.count : 1;
    plan[at + PLAN_SRC_STEPS + k] = a ? a.src : 0;
    plan[at + PLAN_DST_STEPS + k] = a ? a.dst : 0;
  }
  plan[at + PLAN_SRC_BASE] = srcBase;
  plan[at + PLAN_DST_BASE] = dstBase;
  return true;
}

/** Elements the plan at `at` writes. */
export function copyPlanCount(plan: Int32Array, at: number): number {
  let n = 1;
  for (let k = 0; k < MAX_COPY_AXES; k++) n *= plan[at + k]!;
  return n;
}

/**
 * Run the plan at slot `at`: dst[d] = src[s] over the loop nest. `src` and `dst` are views of the same
 * element kind and must not overlap (they are distinct tensors). Allocates nothing.
 */
export function stridedCopy(src: CopyView, dst: CopyView, plan: Int32Array, at: number): void {
  const c0 = plan[at]!, c1 = plan[at + 1]!, c2 = plan[at + 2]!, c3 = plan[at + 3]!, c4 = plan[at + 4]!, c5 = plan[at + 5]!;
  const s0 = plan[at + 6]!, s1 = plan[at + 7]!, s2 = plan[at + 8]!, s3 = plan[at + 9]!, s4 = plan[at + 10]!, s5 = plan[at + 11]!;
  const d0 = plan[at + 12]!, d1 = plan[at + 13]!, d2 = plan[at + 14]!, d3 = plan[at + 15]!, d4 = plan[at + 16]!, d5 = plan[at + 17]!;
  if (c0 === 0 || c1 === 0 || c2 === 0 || c3 === 0 || c4 === 0 || c5 === 0) return;
  let a0 = plan[at + 18]!;
  let b0 = plan[at + 19]!;
  for (let i0 = 0; i0 < c0; i0++, a0 += s0, b0 += d0) {
    let a1 = a0;
    let b1 = b0;
    for (let i1 = 0; i1 < c1; i1++, a1 += s1, b1 += d1) {
      let a2 = a1;
      let b2 = b1;
      for (let i2 = 0; i2 < c2; i2++, a2 += s2, b2 += d2) {
        let a3 = a2;
        let b3 = b2;
        for (let i3 = 0; i3 < c3; i3++, a3 += s3, b3 += d3) {
          let a4 = a3;
          let b4 = b3;
          for (let i4 = 0; i4 < c4; i4++, a4 += s4, b4 += d4) {
            if (s5 === 1 && d5 === 1) {
              // The common case: a contiguous run in both tensors.
              for (let j = 0; j < c5; j++) dst[b4 + j] = src[a4 + j]!;
            } else {
              for (let j = 0, a = a4, b = b4; j < c5; j++, a += s5, b += d5) dst[b] = src[a]!;
            }
          }
        }
      }
    }
  }
}

/** Row-major element strides of `shape` (stride of the last dim is 1). */
export function rowMajorStrides(shape: ArrayLike<number>): number[] {
  const n = shape.length;
  const strides = new Array<number>(n);
  let s = 1;
  for (let i = n - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/**
 * memcpy of the first `bytes` bytes of `src` into `dst` (whole-tensor moves: RESHAPE, SQUEEZE, EXPAND_DIMS),
 * skipped when both views are the same memory. Allocates nothing: one native `set` when `src` is exactly
 * `bytes` long (always, for planned tensors), else a byte loop.
 */
export function copyBytes(src: Uint8Array, dst: Uint8Array, bytes: number): void {
  if (src.buffer === dst.buffer && src.byteOffset === dst.byteOffset) return;
  if (src.length === bytes && dst.length >= bytes) {
    dst.set(src);
    return;
  }
  for (let i = 0; i < bytes; i++) dst[i] = src[i]!;
}
