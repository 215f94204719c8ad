/**
 * L2_NORMALIZATION math (reference/l2normalization.h, reference/integer_ops/l2normalization.h), bit-exact.
 * Rows of `depth` elements (the last dimension) are divided by their L2 norm.
 *
 *  - float32: sum of squares accumulated in float, sqrtf, max with epsilon 1e-6f, each element divided in
 *    float (no FMA: the reference is compiled for baseline x86-64).
 *  - int8: acc = sum (v - zp)^2 in int32 (wrapping like the C; 2^16 elements cannot overflow), 1/sqrt(acc) as a
 *    multiplier/shift from GetInvSqrtQuantizedMultiplierExp, each (v - zp) scaled by it with 7 extra bits
 *    (the output is in 1/128 units, zero point 0), clamped to int8. `inv` (Int32Array(2), made once by the
 *    caller) receives each row's multiplier and shift.
 * Nothing here allocates.
 */
import { getInvSqrtQuantizedMultiplierExpInto, type MultiplyByQuantizedMultiplierFn } from './quantization.js';

const f = Math.fround;
/** TFLM's hard-coded epsilon, 1e-6f. */
const EPSILON = f(1e-6);

export function l2NormalizationFloat(input: Float32Array, output: Float32Array, outer: number, depth: number): void {
  for (let i = 0; i < outer; i++) {
    const base = depth * i;
    let squared = 0;
    for (let c = 0; c < depth; c++) {
      const v = input[base + c]!;
      squared = f(squared + f(v * v));
    }
    let l2 = f(Math.sqrt(squared));
    l2 = l2 < EPSILON ? EPSILON : l2; // std::max(l2_norm, epsilon)
    for (let c = 0; c < depth; c++) output[base + c] = input[base + c]! / l2;
  }
}

/** reference_integer_ops::L2Normalization's kOutputScale: 7 extra bits (output in 1/128 units). */
const OUTPUT_SCALE_BITS = 7;

export function l2NormalizationInt8(
  zeroPoint: number,
  input: Int8Array,
  output: Int8Array,
  outer: number,
  depth: number,
  mbqm: MultiplyByQuantizedMultiplierFn,
  inv: Int32Array,
): void {
  for (let i = 0; i < outer; i++) {
    const base = depth * i;
    let acc = 0;
    for (let c = 0; c < depth; c++) {
      const d = input[base + c]! - zeroPoint;
      acc = (acc + d * d) | 0;
    }
    getInvSqrtQuantizedMultiplierExpInto(acc, -1, inv);
    const m = inv[0]!;
    const shift = inv[1]! + OUTPUT_SCALE_BITS;
    for (let c = 0; c < depth; c++) {
      const r = mbqm(input[base + c]! - zeroPoint, m, shift);
      output[base + c] = r < -128 ? -128 : r > 127 ? 127 : r;
    }
  }
}
