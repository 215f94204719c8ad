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
