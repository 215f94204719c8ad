/**
 * Reference reductions (reference_ops reduce.h): MEAN, SUM, REDUCE_MAX, REDUCE_MIN over flat row-major
 * arrays. TFLM walks every input element in row-major order and adds it into the output element given by
 * ReducedOutputOffset (the input index with the reduced axes dropped). Here the walk is the same, row by row:
 * an odometer over all dims but the last (in TFLM's `input_iter` scratch) gives each row's output offset, and
 * the row's elements then go either all into one output (last axis reduced) or into consecutive outputs. The
 * order of the additions into each output — and so every float32 rounding — is TFLM's.
 */
/**
 * ResolveAxis: negative axes count from the end, duplicates are dropped (first occurrence kept). Writes the
 * resolved axes to `out` and returns their count, or -1 when an axis is out of range (TFLM fails the op).
 * A scalar input (rank 0) resolves to no axes.
 */
export function resolveAxis(rank: number, axis: Int32Array, numAxis: number, out: Int32Array): number {
  if (rank === 0) return 0;
  let n = 0;
  for (let i = 0; i < numAxis; i++) {
    const a = axis[i]!;
    const cur = a < 0 ? a + rank : a;
    if (cur < 0 || cur >= rank) return -1;
    let dup = false;
    for (let j = 0; j < n; j++) {
      if (out[j] === cur) {
        dup = true;
        break;
      }
    }
    if (!dup) out[n++] = cur;
  }
  return n;
}

/** Product of the input dims along the resolved axes (TFLM's num_elements_in_axis; exact below 2^53). */
export function reducedElementCount(dims: Int32Array, axes: Int32Array, numAxes: number): number {
  let n = 1;
  for (let i = 0; i < numAxes; i++) n *= dims[axes[i]!]!;
  return n;
}

function isAxis(d: number, axes: Int32Array, numAxes: number): boolean {
  for (let i = 0; i < numAxes; i++) if (axes[i] === d) return true;
  return false;
}

/** ReducedOutputOffset of the index in `iter` (only its first rank - 1 entries; the last index is 0). */
function rowOutputOffset(dims: Int32Array, rank: number, iter: Int32Array, axes: Int32Array, numAxes: number): number {
  let offset = 0;
  for (let d = 0; d < rank; d++) {
    if (!isAxis(d, axes, numAxes)) offset = offset * dims[d]! + (d === rank - 1 ? 0 : iter[d]!);
  }
  return offset;
}

/** NextIndex over dims 0 .. rank - 2 (the rows); false after the last row. */
function nextRow(dims: Int32Array, rank: number, iter: Int32Array): boolean {
  for (let d = rank - 2; d >= 0; d--) {
    const v = iter[d]! + 1;
    if (v < dims[d]!) {
      iter[d] = v;
      return true;
    }
    iter[d] = 0;
  }
  return false;
}

function hasZeroDim(dims: Int32Array): boolean {
  for (let i = 0; i < dims.length; i++) if (dims[i] === 0) return true;
  return false;
}

/** The reducers TFLM instantiates. */
export const Reducer = { SUM: 0, MAX: 1, MIN: 2 } as const;
export type Reducer = (typeof Reducer)[keyof typeof Reducer];

/**
 * Reduce `input` into `output` (already initialized by the caller): float32 sums round to float32 after each
 * addition (`in + current`); MAX/MIN keep `current` unless `in` is strictly greater/smaller (NaN inputs are
 * skipped); int32 sums (`output` an Int32Array accumulator) wrap like TFLM's int32 additions.
 */
export function reduceInto(
  input: Float32Array | Int8Array | Int16Array,
  dims: Int32Array,
  output: Float32Array | Int8Array | Int32Array,
  axes: Int32Array,
  numAxes: number,
  iter: Int32Array,
  reducer: Reducer,
): void {
  const rank = dims.length;
  const isFloat = output instanceof Float32Array;
  if (rank === 0) {
    const v = input[0]!;
    const c = output[0]!;
    output[0] = reducer === Reducer.SUM ? (isFloat ? Math.fround(v + c) : (v + c) | 0) : reducer === Reducer.MAX ? (v > c ? v : c) : v < c ? v : c;
    return;
  }
  const len = dims[rank - 1]!;
  const lastReduced = isAxis(rank - 1, axes, numAxes);
  for (let d = 0; d < rank; d++) iter[d] = 0;
  let inOff = 0;
  do {
    const outOff = rowOutputOffset(dims, rank, iter, axes, numAxes);
    if (lastReduced) {
      let acc = output[outOff]!;
      if (reducer === Reducer.SUM) {
        if (isFloat) for (let j = 0; j < len; j++) acc = Math.fround(input[inOff + j]! + acc);
        else for (let j = 0; j < len; j++) acc = (input[inOff + j]! + acc) | 0;
      } else if (reducer === Reducer.MAX) {
        for (let j = 0; j < len; j++) {
          const v = input[inOff + j]!;
          if (v > acc) acc = v;
        }
      } else {
        for (let j = 0; j < len; j++) {
          const v = input[inOff + j]!;
          if (v < acc) acc = v;
        }
      }
      output[outOff] = acc;
    } else if (reducer === Reducer.SUM) {
      // Float32Array stores round to float32, int32 stores wrap: exactly the C additions.
      for (let j = 0; j < len; j++) output[outOff + j] = input[inOff + j]! + output[outOff + j]!;
    } else if (reducer === Reducer.MAX) {
      for (let j = 0; j < len; j++) {
        const v = input[inOff + j]!;
        if (v > output[outOff + j]!) output[outOff + j] = v;
      }
    } else {
      for (let j = 0; j < len; j++) {
        const v = input[inOff + j]!;
        if (v < output[outOff + j]!) output[outOff + j] = v;
      }
    }
    inOff += len;
  } while (nextRow(dims, rank, iter));
}

/**
 * ReduceGeneric (SUM float32, REDUCE_MAX, REDUCE_MIN): fill the output with `init`, stop if the input has a
 * zero dim, resolve the axes (false when one is out of range), reduce.
 */
export function reduceGeneric(
  input: Float32Array | Int8Array,
  dims: Int32Array,
  output: Float32Array | Int8Array,
  axis: Int32Array,
  numAxis: number,
  iter: Int32Array,
  resolved: Int32Array,
  init: number,
  reducer: Reducer,
): boolean {
  output.fill(init);
  if (hasZeroDim(dims)) return true;
  const n = resolveAxis(dims.length, axis, numAxis, resolved);
  if (n < 0) return false;
  reduceInto(input, dims, output, resolved, n, iter, reducer);
  return true;
}

/**
 * Float32 MEAN (reference_ops::Mean<float, float> with the output as its own accumulator): zero the output,
 * sum in float32, then divide each output by float(num_elements_in_axis) in float32 (skipped when that
 * count is 0). TFLM's 4D keep_dims axes-{1,2} special case computes the same values in the same order.
 */
export function meanFloat(
  input: Float32Array,
  dims: Int32Array,
  output: Float32Array,
  axis: Int32Array,
  numAxis: number,
  iter: Int32Array,
  resolved: Int32Array,
): boolean {
  output.fill(0);
  const n = resolveAxis(dims.length, axis, numAxis, resolved);
  if (n < 0) return false;
  // TFLM would read past an empty input here; nothing is summed instead.
  if (!hasZeroDim(dims)) reduceInto(input, dims, output, resolved, n, iter, Reducer.SUM);
  const count = reducedElementCount(dims, resolved, n);
  if (count > 0) {
    const fc = Math.fround(count);
    for (let i = 0; i < output.length; i++) output[i] = output[i]! / fc;
  }
  return true;
}

export interface QuantizedReduceParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** Requantization input_scale / output_scale. */
  multiplier: number;
  shift: number;
  /** MultiplyByQuantizedMultiplier of the interpreter's rounding mode. */
  mbqm: (x: number, multiplier: number, shift: number) => number;
  qmin: number;
  qmax: number;
}

/**
 * floor(m * 2^s / n) for 0 <= m < 2^31, 0 <= s <= 32, n >= 1: TFLM's
 * `(int64_t(multiplier) << shift) / num_elements_in_axis`, by long division in 16-bit steps so that every
 * intermediate (remainder * 2^16 < 2^48) stays exact.
 */
function shiftedQuotient(m: number, s: number, n: number): number {
  let q = Math.floor(m / n);
  let r = m - q * n;
  while (s > 0) {
    const k = s < 16 ? s : 16;
    const step = 2 ** k;
    const t = r * step;
    const qk = Math.floor(t / n);
    q = q * step + qk;
    r = t - qk * n;
    s -= k;
  }
  return q;
}

/**
 * QuantizedMeanOrSum (int8/int16, int32 accumulator `tempSum`): zero outputs and accumulators, stop if the
 * input has a zero dim, sum, then requantize each sum minus zero_point * count. For MEAN the 1/count factor
 * is folded into the multiplier as TFLM does: shift = min(floor(log2 count), 32, 31 + output_shift),
 * multiplier' = (multiplier << shift) / count, output_shift' = output_shift - shift.
 */
export function quantizedMeanOrSum(
  input: Int8Array | Int16Array,
  dims: Int32Array,
  output: Int8Array | Int16Array,
  axis: Int32Array,
  numAxis: number,
  iter: Int32Array,
  resolved: Int32Array,
  tempSum: Int32Array,
  numOutputs: number,
  p: QuantizedReduceParams,
  computeSum: boolean,
): boolean {
  for (let i = 0; i < numOutputs; i++) {
    output[i] = 0;
    tempSum[i] = 0;
  }
  if (hasZeroDim(dims)) return true;
  const n = resolveAxis(dims.length, axis, numAxis, resolved);
  if (n < 0) return false;
  reduceInto(input, dims, tempSum, resolved, n, iter, Reducer.SUM);
  const count = reducedElementCount(dims, resolved, n);
  if (count === 0) return true;
  let multiplier = p.multiplier;
  let shift = p.shift;
  if (!computeSum) {
    let s = Math.floor(Math.log2(count));
    // Math.log2 may round up just below a power of two: settle on the exact floor(log2(count)).
    while (2 ** s > count) s--;
    while (2 ** (s + 1) <= count) s++;
    s = Math.min(s, 32, 31 + shift);
    multiplier = shiftedQuotient(multiplier, s, count) | 0;
    shift -= s;
  }
  const zpTimesCount = p.inputZeroPoint * count;
  const { outputZeroPoint, qmin, qmax, mbqm } = p;
  for (let i = 0; i < numOutputs; i++) {
    // int64 difference narrowed to int32: exact below 2^53, and `| 0` wraps modulo 2^32 like the C cast.
    const shiftedSum = (tempSum[i]! - zpTimesCount) | 0;
    let v = mbqm(shiftedSum, multiplier, shift) + outputZeroPoint;
    v = v < qmin ? qmin : v > qmax ? qmax : v;
    output[i] = v;
  }
  return true;
}

