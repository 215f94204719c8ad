/**
 * Reference FULLY_CONNECTED math (TFLite reference_ops / reference_integer_ops): free functions over flat
 * arrays. Layouts: input [batches, depth], filter [units, depth], output [batches, units].
 */
import { requantize, requantize64 } from './conv.js';

export interface QuantizedFcParams {
  batches: number;
  units: number;
  depth: number;
  /** -input zero point. */
  inputOffset: number;
  /** -filter zero point. */
  filterOffset: number;
  outputOffset: number;
  /** Per-tensor multiplier/shift (used when `multipliers` is null). */
  multiplier: number;
  shift: number;
  /** Per-channel multipliers and shifts, or null for per-tensor. */
  multipliers: Int32Array | null;
  shifts: Int32Array | null;
  actMin: number;
  actMax: number;
  /** TFLITE_SINGLE_ROUNDING requantization of the int32 accumulator (the int64 one is the same in both modes). */
  singleRounding: boolean;
}

/**
 * int8/int16 activations, int8 weights, int32 bias and accumulator. TFLM accumulates in int32; real models stay
 * far from overflow, and where a hostile one does not, Math.imul and `| 0` wrap as two's-complement hardware does.
 */
export function fullyConnectedInt32Acc(
  p: QuantizedFcParams,
  input: Int8Array | Int16Array,
  filter: Int8Array,
  bias: Int32Array | null,
  output: Int8Array | Int16Array,
): void {
  const { batches, units, depth, inputOffset, filterOffset, outputOffset, actMin, actMax, multipliers, shifts, singleRounding } = p;
  for (let b = 0; b < batches; b++) {
    const inBase = b * depth;
    for (let u = 0; u < units; u++) {
      const fBase = u * depth;
      let acc = 0;
      for (let d = 0; d < depth; d++) {
        acc = (acc + Math.imul(filter[fBase + d]! + filterOffset, input[inBase + d]! + inputOffset)) | 0;
      }
      if (bias !== null) acc = (acc + bias[u]!) | 0;
      let v = multipliers !== null
        ? requantize(acc, multipliers[u]!, shifts![u]!, singleRounding)
        : requantize(acc, p.multiplier, p.shift, singleRounding);
      v += outputOffset;
      output[b * units + u] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
  }
}

/**
 * int8 activations and weights, int32 bias and accumulator: fullyConnectedInt32Acc specialized for int8 input
 * and output (typed-array reads stay monomorphic), four units per pass sharing each input read.
 *
 * The sums are formed exactly in doubles and wrapped to int32 once (`| 0`): each product is at most 255·255 in
 * magnitude, so a depth below 2^37 keeps the sum exact, and ToInt32 of the exact sum equals the sum wrapped
 * at every step (both are the sum mod 2^32), which is what the compiled C++ computes.
 */
export function fullyConnectedInt8(p: QuantizedFcParams, input: Int8Array, filter: Int8Array, bias: Int32Array | null, output: Int8Array): void {
  const { batches, units, depth, inputOffset, filterOffset, outputOffset, actMin, actMax, multipliers, shifts, singleRounding } = p;
  const units4 = units & ~3;
  for (let b = 0; b < batches; b++) {
    const inBase = b * depth;
    const outBase = b * units;
    let u = 0;
    for (; u < units4; u += 4) {
      const f0 = u * depth;
      const f1 = f0 + depth;
      const f2 = f1 + depth;
      const f3 = f2 + depth;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let d = 0; d < depth; d++) {
        const x = input[inBase + d]! + inputOffset;
        a0 += (filter[f0 + d]! + filterOffset) * x;
        a1 += (filter[f1 + d]! + filterOffset) * x;
        a2 += (filter[f2 + d]! + filterOffset) * x;
        a3 += (filter[f3 + d]! + filterOffset) * x;
      }
      output[outBase + u] = outputInt8(a0 | 0, u, p, bias, multipliers, shifts, singleRounding, outputOffset, actMin, actMax);
      output[outBase + u + 1] = outputInt8(a1 | 0, u + 1, p, bias, multipliers, shifts, singleRounding, outputOffset, actMin, actMax);
      output[outBase + u + 2] = outputInt8(a2 | 0, u + 2, p, bias, multipliers, shifts, singleRounding, outputOffset, actMin, actMax);
      output[outBase + u + 3] = outputInt8(a3 | 0, u + 3, p, bias, multipliers, shifts, singleRounding, outputOffset, actMin, actMax);
    }
    for (; u < units; u++) {
      const fBase = u * depth;
      let acc = 0;
      for (let d = 0; d < depth; d++) acc += (filter[fBase + d]! + filterOffset) * (input[inBase + d]! + inputOffset);
      output[outBase + u] = outputInt8(acc | 0, u, p, bias, multipliers, shifts, singleRounding, outputOffset, actMin, actMax);
    }
  }
}

/** Bias (int32, wrapping), requantization, output offset and clamp of unit `u`'s accumulator. */
function outputInt8(
  acc: number, u: number, p: QuantizedFcParams, bias: Int32Array | null, multipliers: Int32Array | null, shifts: Int32Array | null,
  singleRounding: boolean, outputOffset: number, actMin: number, actMax: number,
): number {
  if (bias !== null) acc = (acc + bias[u]!) | 0;
  const v = (multipliers !== null ? requantize(acc, multipliers[u]!, shifts![u]!, singleRounding) : requantize(acc, p.multiplier, p.shift, singleRounding)) + outputOffset;
  return v < actMin ? actMin : v > actMax ? actMax : v;
}

/**
 * int16 activations, int8 weights, int64 bias and accumulator (TFLM's 16x8 path). The accumulator is exact in a
 * double: each product is below 2^23 in magnitude, so 2^30 products would be needed to leave 2^53.
 */
export function fullyConnectedInt64Acc(
  p: QuantizedFcParams,
  input: Int16Array,
  filter: Int8Array,
  bias: Float64Array | null,
  output: Int16Array,
): void {
  const { batches, units, depth, inputOffset, filterOffset, outputOffset, actMin, actMax, multipliers, shifts } = p;
  for (let b = 0; b < batches; b++) {
    const inBase = b * depth;
    for (let u = 0; u < units; u++) {
      const fBase = u * depth;
      let acc = 0;
      for (let d = 0; d < depth; d++) acc += (filter[fBase + d]! + filterOffset) * (input[inBase + d]! + inputOffset);
      if (bias !== null) acc += bias[u]!;
      let v = multipliers !== null
        ? requantize64(acc, multipliers[u]!, shifts![u]!)
        : requantize64(acc, p.multiplier, p.shift);
      v += outputOffset;
      output[b * units + u] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
  }
}

/**
 * float32 FC with float32 arithmetic: every product and sum is rounded to float32 (Math.fround), as the C++
 * reference computes it, so results match it bit for bit on IEEE hardware without FMA contraction.
 */
export function fullyConnectedFloat(
  batches: number,
  units: number,
  depth: number,
  input: Float32Array,
  filter: Float32Array,
  bias: Float32Array | null,
  output: Float32Array,
  actMin: number,
  actMax: number,
): void {
  const f = Math.fround;
  for (let b = 0; b < batches; b++) {
    const inBase = b * depth;
    for (let u = 0; u < units; u++) {
      const fBase = u * depth;
      let total = 0;
      for (let d = 0; d < depth; d++) total = f(total + f(input[inBase + d]! * filter[fBase + d]!));
      if (bias !== null) total = f(total + bias[u]!);
      output[b * units + u] = total < actMin ? actMin : total > actMax ? actMax : total;
    }
  }
}
