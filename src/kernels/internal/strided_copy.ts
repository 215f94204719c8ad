/**
 * The one engine behind the data-movement ops (STRIDED_SLICE, SLICE, TRANSPOSE, PAD, CONCATENATION, SPLIT,
 * SPLIT_V, PACK, UNPACK): a copy of up to MAX_COPY_AXES nested loops, each axis with its own element step in
 * the source and in the destination. Prepare describes the op as such a loop nest (`CopyAxis[]`), simplifies
 * it (drops size-1 axes, merges axes that are contiguous in both source and destination so the innermost loop
 * runs as long as possible) and stores it in a flat Int32Array plan; invoke runs `copyTensor` on the plan.
 *
 * Only element moves, never arithmetic: every reference kernel of these ops is a sequence of element copies
 * (memcpy or `*out++ = *in++`), so any traversal that writes the same value to the same place is exact.
 *
 * Views. Tensors in the tensor arena (every planned or persistent tensor) are moved through views of the whole
 * arena buffer (`ArenaViews`, made once in prepare): contiguous runs of NATIVE_RUN_BYTES or more with one
 * native `copyWithin`, shorter ones by an element loop over the arena's Uint8Array, Int16Array or Int32Array
 * (float32 moves as int32 bits, so NaN payloads survive as in TFLM's memcpy). Tensors outside the arena
 * (constants in the model bytes) fall back to loops over their own views. Types other than float32, int32 and
 * int16 (int8, uint8, bool, int64, ...) move as bytes: the plan over elements of `unit` bytes is scaled to
 * bytes with an innermost axis over each element's bytes (`withElementBytes`), which the simplifier merges into
 * the contiguous run. There is one loop per view type on purpose: one loop fed with five typed-array kinds
 * goes megamorphic in V8 and runs some 25x slower.
 */
import { TensorType, tensorTypeSize } from '../../model/types.js';
import type { Tensor } from '../../runtime/kernel.js';

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

/** Which view and loop a tensor type moves through. */
export const CopyKind = { BYTES: 0, INT16: 1, INT32: 2, FLOAT32: 3 } as const;

/** Copy kind of a tensor type and the number of view units per element (bytes per element for BYTES). */
export function copyKindOf(type: number): { kind: number; unit: number } {
  switch (type) {
    case TensorType.FLOAT32:
      return { kind: CopyKind.FLOAT32, unit: 1 };
    case TensorType.INT32:
      return { kind: CopyKind.INT32, unit: 1 };
    case TensorType.INT16:
      return { kind: CopyKind.INT16, unit: 1 };
    default:
      return { kind: CopyKind.BYTES, unit: Math.max(1, tensorTypeSize(type)) };
  }
}

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
 * Steps and bases count elements; `unit` (from copyKindOf) scales them to view units. Returns false when
 * more than MAX_COPY_AXES axes remain (the caller fails prepare).
 */
export function writeCopyPlan(plan: Int32Array, at: number, axes: readonly CopyAxis[], srcBase: number, dstBase: number, unit = 1): boolean {
  const s = simplifyAxes(withElementBytes(axes, unit));
  // Any loop order writes the same elements to the same places. When the innermost axis is not a contiguous
  // run, make the longest axis innermost (a transpose NCHW -> NHWC then runs 3 loops of H*W, not H*W of 3).
  const last = s[s.length - 1];
  if (last && !(last.src === 1 && last.dst === 1)) {
    let k = s.length - 1;
    for (let i = 0; i < s.length - 1; i++) if (s[i]!.count > s[k]!.count) k = i;
    if (k !== s.length - 1) s.push(s.splice(k, 1)[0]!);
  }
  srcBase *= unit;
  dstBase *= unit;
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

/** Contiguous runs at least this long (in bytes) move with one native copyWithin instead of a JS loop. */
export const NATIVE_RUN_BYTES = 64;

/** Bytes per view unit of each CopyKind. */
const UNIT_BYTES = [1, 2, 4, 4];

/** Views of the whole buffer behind the tensor arena (made in prepare, see arenaViews in util.ts). */
export interface ArenaViews {
  readonly u8: Uint8Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
}

export function arenaViewsOver(buffer: ArrayBufferLike): ArenaViews {
  const n = buffer.byteLength;
  return { u8: new Uint8Array(buffer, 0, n), i16: new Int16Array(buffer, 0, n >> 1), i32: new Int32Array(buffer, 0, n >> 2) };
}

/**
 * Run the plan at slot `at` from tensor `src` into tensor `dst` (distinct tensors, never overlapping), for
 * tensors of copy kind `kind` (copyKindOf of their type). Allocates nothing.
 */
export function copyTensor(kind: number, src: Tensor, dst: Tensor, plan: Int32Array, at: number, arena: ArenaViews | null): void {
  const ub = UNIT_BYTES[kind]!;
  const sb = src.bytes;
  const db = dst.bytes;
  if (arena !== null && sb.buffer === arena.u8.buffer && db.buffer === arena.u8.buffer && ((sb.byteOffset | db.byteOffset) & (ub - 1)) === 0) {
    if (
      plan[at + PLAN_SRC_STEPS + MAX_COPY_AXES - 1] === 1 &&
      plan[at + PLAN_DST_STEPS + MAX_COPY_AXES - 1] === 1 &&
      plan[at + MAX_COPY_AXES - 1]! * ub >= NATIVE_RUN_BYTES
    ) {
      copyRunsNative(arena.u8, sb.byteOffset, db.byteOffset, ub, plan, at);
    } else if (ub === 4) copyI32(arena.i32, sb.byteOffset >> 2, arena.i32, db.byteOffset >> 2, plan, at);
    else if (ub === 2) copyI16(arena.i16, sb.byteOffset >> 1, arena.i16, db.byteOffset >> 1, plan, at);
    else copyU8(arena.u8, sb.byteOffset, arena.u8, db.byteOffset, plan, at);
    return;
  }
  // A tensor outside the arena (a constant in the model bytes): loops over the tensors' own views. Only here
  // does float32 go through Float32Array, which could quiet a signaling NaN of a constant.
  if (kind === CopyKind.FLOAT32) copyF32(src.data as Float32Array, 0, dst.data as Float32Array, 0, plan, at);
  else if (kind === CopyKind.INT32) copyI32(src.data as Int32Array, 0, dst.data as Int32Array, 0, plan, at);
  else if (kind === CopyKind.INT16) copyI16(src.data as Int16Array, 0, dst.data as Int16Array, 0, plan, at);
  else copyU8(sb, 0, db, 0, plan, at);
}

/** The plan's outer loops, one copyWithin per contiguous innermost run (offsets in bytes within `arena`). */
function copyRunsNative(arena: Uint8Array, srcOffset: number, dstOffset: number, u: number, plan: Int32Array, at: number): void {
  const c0 = plan[at]!, c1 = plan[at + 1]!, c2 = plan[at + 2]!, c3 = plan[at + 3]!, c4 = plan[at + 4]!;
  const s0 = plan[at + 6]! * u, s1 = plan[at + 7]! * u, s2 = plan[at + 8]! * u, s3 = plan[at + 9]! * u, s4 = plan[at + 10]! * u;
  const d0 = plan[at + 12]! * u, d1 = plan[at + 13]! * u, d2 = plan[at + 14]! * u, d3 = plan[at + 15]! * u, d4 = plan[at + 16]! * u;
  const run = plan[at + 5]! * u;
  if (c0 === 0 || c1 === 0 || c2 === 0 || c3 === 0 || c4 === 0 || run === 0) return;
  for (let i0 = 0, a0 = srcOffset + plan[at + 18]! * u, b0 = dstOffset + plan[at + 19]! * u; i0 < c0; i0++, a0 += s0, b0 += d0)
    for (let i1 = 0, a1 = a0, b1 = b0; i1 < c1; i1++, a1 += s1, b1 += d1)
      for (let i2 = 0, a2 = a1, b2 = b1; i2 < c2; i2++, a2 += s2, b2 += d2)
        for (let i3 = 0, a3 = a2, b3 = b2; i3 < c3; i3++, a3 += s3, b3 += d3)
          for (let i4 = 0, a4 = a3, b4 = b3; i4 < c4; i4++, a4 += s4, b4 += d4) arena.copyWithin(b4, a4, a4 + run);
}

// The four loops below are the same code over four view types (see the header for why). `srcOffset` and
// `dstOffset` (in view units) locate the tensors inside their views.

function copyU8(src: Uint8Array, srcOffset: number, dst: Uint8Array, dstOffset: number, plan: Int32Array, at: number): void {
  const c0 = plan[at]!, c1 = plan[at + 1]!, c2 = plan[at + 2]!, c3 = plan[at + 3]!, c4 = plan[at + 4]!, c5 = plan[at + 5]!;
  const s0 = plan[at + 6]!, s1 = plan[at + 7]!, s2 = plan[at + 8]!, s3 = plan[at + 9]!, s4 = plan[at + 10]!, s5 = plan[at + 11]!;
  const d0 = plan[at + 12]!, d1 = plan[at + 13]!, d2 = plan[at + 14]!, d3 = plan[at + 15]!, d4 = plan[at + 16]!, d5 = plan[at + 17]!;
  if (c0 === 0 || c1 === 0 || c2 === 0 || c3 === 0 || c4 === 0 || c5 === 0) return;
  const unitSteps = s5 === 1 && d5 === 1;
  for (let i0 = 0, a0 = srcOffset + plan[at + 18]!, b0 = dstOffset + plan[at + 19]!; i0 < c0; i0++, a0 += s0, b0 += d0)
    for (let i1 = 0, a1 = a0, b1 = b0; i1 < c1; i1++, a1 += s1, b1 += d1)
      for (let i2 = 0, a2 = a1, b2 = b1; i2 < c2; i2++, a2 += s2, b2 += d2)
        for (let i3 = 0, a3 = a2, b3 = b2; i3 < c3; i3++, a3 += s3, b3 += d3)
          for (let i4 = 0, a4 = a3, b4 = b3; i4 < c4; i4++, a4 += s4, b4 += d4)
            if (unitSteps) for (let j = 0; j < c5; j++) dst[b4 + j] = src[a4 + j]!;
            else for (let j = 0, a = a4, b = b4; j < c5; j++, a += s5, b += d5) dst[b] = src[a]!;
}

function copyI16(src: Int16Array, srcOffset: number, dst: Int16Array, dstOffset: number, plan: Int32Array, at: number): void {
  const c0 = plan[at]!, c1 = plan[at + 1]!, c2 = plan[at + 2]!, c3 = plan[at + 3]!, c4 = plan[at + 4]!, c5 = plan[at + 5]!;
  const s0 = plan[at + 6]!, s1 = plan[at + 7]!, s2 = plan[at + 8]!, s3 = plan[at + 9]!, s4 = plan[at + 10]!, s5 = plan[at + 11]!;
  const d0 = plan[at + 12]!, d1 = plan[at + 13]!, d2 = plan[at + 14]!, d3 = plan[at + 15]!, d4 = plan[at + 16]!, d5 = plan[at + 17]!;
  if (c0 === 0 || c1 === 0 || c2 === 0 || c3 === 0 || c4 === 0 || c5 === 0) return;
  const unitSteps = s5 === 1 && d5 === 1;
  for (let i0 = 0, a0 = srcOffset + plan[at + 18]!, b0 = dstOffset + plan[at + 19]!; i0 < c0; i0++, a0 += s0, b0 += d0)
    for (let i1 = 0, a1 = a0, b1 = b0; i1 < c1; i1++, a1 += s1, b1 += d1)
      for (let i2 = 0, a2 = a1, b2 = b1; i2 < c2; i2++, a2 += s2, b2 += d2)
        for (let i3 = 0, a3 = a2, b3 = b2; i3 < c3; i3++, a3 += s3, b3 += d3)
          for (let i4 = 0, a4 = a3, b4 = b3; i4 < c4; i4++, a4 += s4, b4 += d4)
            if (unitSteps) for (let j = 0; j < c5; j++) dst[b4 + j] = src[a4 + j]!;
            else for (let j = 0, a = a4, b = b4; j < c5; j++, a += s5, b += d5) dst[b] = src[a]!;
}

function copyI32(src: Int32Array, srcOffset: number, dst: Int32Array, dstOffset: number, plan: Int32Array, at: number): void {
  const c0 = plan[at]!, c1 = plan[at + 1]!, c2 = plan[at + 2]!, c3 = plan[at + 3]!, c4 = plan[at + 4]!, c5 = plan[at + 5]!;
  const s0 = plan[at + 6]!, s1 = plan[at + 7]!, s2 = plan[at + 8]!, s3 = plan[at + 9]!, s4 = plan[at + 10]!, s5 = plan[at + 11]!;
  const d0 = plan[at + 12]!, d1 = plan[at + 13]!, d2 = plan[at + 14]!, d3 = plan[at + 15]!, d4 = plan[at + 16]!, d5 = plan[at + 17]!;
  if (c0 === 0 || c1 === 0 || c2 === 0 || c3 === 0 || c4 === 0 || c5 === 0) return;
  const unitSteps = s5 === 1 && d5 === 1;
  for (let i0 = 0, a0 = srcOffset + plan[at + 18]!, b0 = dstOffset + plan[at + 19]!; i0 < c0; i0++, a0 += s0, b0 += d0)
    for (let i1 = 0, a1 = a0, b1 = b0; i1 < c1; i1++, a1 += s1, b1 += d1)
      for (let i2 = 0, a2 = a1, b2 = b1; i2 < c2; i2++, a2 += s2, b2 += d2)
        for (let i3 = 0, a3 = a2, b3 = b2; i3 < c3; i3++, a3 += s3, b3 += d3)
          for (let i4 = 0, a4 = a3, b4 = b3; i4 < c4; i4++, a4 += s4, b4 += d4)
            if (unitSteps) for (let j = 0; j < c5; j++) dst[b4 + j] = src[a4 + j]!;
            else for (let j = 0, a = a4, b = b4; j < c5; j++, a += s5, b += d5) dst[b] = src[a]!;
}

function copyF32(src: Float32Array, srcOffset: number, dst: Float32Array, dstOffset: number, plan: Int32Array, at: number): void {
  const c0 = plan[at]!, c1 = plan[at + 1]!, c2 = plan[at + 2]!, c3 = plan[at + 3]!, c4 = plan[at + 4]!, c5 = plan[at + 5]!;
  const s0 = plan[at + 6]!, s1 = plan[at + 7]!, s2 = plan[at + 8]!, s3 = plan[at + 9]!, s4 = plan[at + 10]!, s5 = plan[at + 11]!;
  const d0 = plan[at + 12]!, d1 = plan[at + 13]!, d2 = plan[at + 14]!, d3 = plan[at + 15]!, d4 = plan[at + 16]!, d5 = plan[at + 17]!;
  if (c0 === 0 || c1 === 0 || c2 === 0 || c3 === 0 || c4 === 0 || c5 === 0) return;
  const unitSteps = s5 === 1 && d5 === 1;
  for (let i0 = 0, a0 = srcOffset + plan[at + 18]!, b0 = dstOffset + plan[at + 19]!; i0 < c0; i0++, a0 += s0, b0 += d0)
    for (let i1 = 0, a1 = a0, b1 = b0; i1 < c1; i1++, a1 += s1, b1 += d1)
      for (let i2 = 0, a2 = a1, b2 = b1; i2 < c2; i2++, a2 += s2, b2 += d2)
        for (let i3 = 0, a3 = a2, b3 = b2; i3 < c3; i3++, a3 += s3, b3 += d3)
          for (let i4 = 0, a4 = a3, b4 = b3; i4 < c4; i4++, a4 += s4, b4 += d4)
            if (unitSteps) for (let j = 0; j < c5; j++) dst[b4 + j] = src[a4 + j]!;
            else for (let j = 0, a = a4, b = b4; j < c5; j++, a += s5, b += d5) dst[b] = src[a]!;
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
