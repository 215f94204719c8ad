/**
 * STRIDED_SLICE index logic (TFLite's kernels/internal/strided_slice_logic.h): how begin/end/strides and the
 * masks turn into a start, a stop and a step per axis. Pure prepare-time arithmetic over small arrays.
 *
 * Two families, as in TFLite:
 *  - `startForAxis` / `stopForAxis`: what TFLM's prepare uses to check the output shape (mask overrides to
 *    INT_MIN/INT_MAX first, then the usual negative-index fix-up and clamping);
 *  - `sliceStartForAxis` / `sliceEndForAxis`: what the reference kernel iterates with (fix-up and clamping
 *    first, mask overrides last; honours `offset`, where `end` counts from `begin`).
 * Both agree except on degenerate axes (size 0, out-of-range shrink indices), which the kernel rejects.
 */

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** tflite::StridedSliceParams after mask processing (one entry per effective axis). */
export interface StridedSliceSpec {
  start: number[];
  stop: number[];
  strides: number[];
  beginMask: number;
  endMask: number;
  shrinkAxisMask: number;
  offset: boolean;
}

/** The raw node: begin/end/strides values and StridedSliceOptions. */
export interface StridedSliceRaw {
  begin: readonly number[];
  end: readonly number[];
  strides: readonly number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
  offset: boolean;
}

export function clamp(v: number, lo: number, hi: number): number {
  if (hi < v) return hi;
  if (v < lo) return lo;
  return v;
}

function bit(mask: number, axis: number): boolean {
  return (mask & (1 << axis)) !== 0;
}

/**
 * Expand ellipsis_mask and new_axis_mask into an effective input shape and per-axis begin/end/strides and
 * begin/end/shrink masks (TFLite's BuildStridedSliceParams). Without ellipsis and new-axis bits, this is the
 * identity on the node's values, with axes beyond the given indices taken whole.
 */
export function effectiveStridedSlice(raw: StridedSliceRaw, inputShape: readonly number[]): { spec: StridedSliceSpec; shape: number[] } {
  const inputDims = inputShape.length;
  const beginCount = raw.begin.length;
  let numAddAxis = 0;
  for (let i = 0; i < beginCount; i++) if (!bit(raw.ellipsisMask, i) && bit(raw.newAxisMask, i)) numAddAxis++;
  const effectiveDims = inputDims + numAddAxis;

  let effEllipsis = 0;
  let effNewAxis = 0;
  let ellipsisStart = effectiveDims;
  let expandedEllipsis = 0;
  for (let i = 0; i < effectiveDims; ) {
    if (bit(raw.ellipsisMask, i)) {
      ellipsisStart = i;
      const ellipsisEnd = Math.max(i + 1, Math.min(i + 1 + numAddAxis + inputDims - beginCount, effectiveDims));
      expandedEllipsis = ellipsisEnd - ellipsisStart - 1;
      for (; i < ellipsisEnd; i++) effEllipsis |= 1 << i;
      continue;
    }
    if (bit(raw.newAxisMask, i - expandedEllipsis)) effNewAxis |= 1 << i;
    i++;
  }

  const spec: StridedSliceSpec = {
    start: new Array<number>(effectiveDims).fill(0),
    stop: new Array<number>(effectiveDims).fill(0),
    strides: new Array<number>(effectiveDims).fill(1),
    beginMask: 0,
    endMask: 0,
    shrinkAxisMask: 0,
    offset: raw.offset,
  };
  const shape = new Array<number>(effectiveDims).fill(1);
  let addedEllipsis = 0;
  let addedAxes = 0;
  for (let i = 0; i < effectiveDims; i++) {
    if (bit(effEllipsis, i)) {
      addedEllipsis = Math.max(0, i - ellipsisStart);
      spec.beginMask |= 1 << i;
      spec.endMask |= 1 << i;
      shape[i] = inputShape[i - addedAxes]!;
    } else if (bit(effNewAxis, i)) {
      spec.stop[i] = 1;
      shape[i] = 1;
      addedAxes++;
    } else if (i >= beginCount + expandedEllipsis) {
      spec.beginMask |= 1 << i;
      spec.endMask |= 1 << i;
      shape[i] = inputShape[i - addedAxes]!;
    } else {
      const orig = i - addedEllipsis;
      spec.start[i] = raw.begin[orig]!;
      spec.stop[i] = raw.end[orig]!;
      spec.strides[i] = raw.strides[orig]!;
      if (bit(raw.beginMask, orig)) spec.beginMask |= 1 << i;
      if (bit(raw.endMask, orig)) spec.endMask |= 1 << i;
      if (bit(raw.shrinkAxisMask, orig)) spec.shrinkAxisMask |= 1 << i;
      shape[i] = inputShape[i - addedAxes]!;
    }
  }
  return { spec, shape };
}

/** StridedSliceStartForAxis: first index the kernel visits, in [0, size] (or [-1, size-1] for stride < 0). */
export function sliceStartForAxis(p: StridedSliceSpec, shape: readonly number[], axis: number): number {
  const size = shape[axis]!;
  const stride = p.strides[axis]!;
  let start = p.start[axis]!;
  if (start < 0) start += size;
  start = stride > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1);
  if (bit(p.beginMask, axis)) start = stride > 0 ? 0 : size - 1;
  return start;
}

/** StridedSliceEndForAxis: the kernel's loop bound (exclusive). */
export function sliceEndForAxis(p: StridedSliceSpec, shape: readonly number[], axis: number, start: number): number {
  const size = shape[axis]!;
  if (bit(p.shrinkAxisMask, axis)) return start >= size ? start : start + 1;
  let end = p.stop[axis]!;
  if (p.offset) end += start;
  const stride = p.strides[axis]!;
  if (end < 0) end += size;
  end = stride > 0 ? clamp(end, 0, size) : clamp(end, -1, size - 1);
  if (bit(p.endMask, axis)) end = stride > 0 ? size : -1;
  return end;
}

/** StartForAxis (TFLM prepare's shape check). */
export function startForAxis(p: StridedSliceSpec, shape: readonly number[], axis: number): number {
  const size = shape[axis]!;
  if (size === 0) return 0;
  const stride = p.strides[axis]!;
  let start = p.start[axis]!;
  if (bit(p.beginMask, axis)) start = stride > 0 ? INT_MIN : INT_MAX;
  if (start < 0) start += size;
  return stride > 0 ? clamp(start, 0, size) : clamp(start, -1, size - 1);
}

/** StopForAxis (TFLM prepare's shape check). */
export function stopForAxis(p: StridedSliceSpec, shape: readonly number[], axis: number, start: number): number {
  const size = shape[axis]!;
  if (size === 0) return 0;
  if (bit(p.shrinkAxisMask, axis)) return start + 1;
  const stride = p.strides[axis]!;
  let stop = p.stop[axis]!;
  if (bit(p.endMask, axis)) stop = stride > 0 ? INT_MAX : INT_MIN;
  if (stop < 0) stop += size;
  return stride > 0 ? clamp(stop, 0, size) : clamp(stop, -1, size - 1);
}

/** Iterations of `for (i = start; stride > 0 ? i < stop : i > stop; i += stride)`. */
export function iterationCount(start: number, stop: number, stride: number): number {
  if (stride > 0) return stop > start ? Math.floor((stop - start - 1) / stride) + 1 : 0;
  return start > stop ? Math.floor((start - stop - 1) / -stride) + 1 : 0;
}

/**
 * TFLM's output dim for an axis: `(int)ceil((float)(end - begin) / (float)stride)`, clamped at 0, computed in
 * float32 as the C++ does (exact for every realistic size; kept bit-faithful anyway).
 */
export function tflmDimShape(begin: number, end: number, stride: number): number {
  const q = Math.fround(Math.fround((end - begin) | 0) / Math.fround(stride));
  const d = Math.ceil(q);
  return d < 0 ? 0 : d;
}
