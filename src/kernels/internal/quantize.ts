/** Reference QUANTIZE / DEQUANTIZE / requantize math (TFLite reference_ops). */
import type { MultiplyByQuantizedMultiplierFn } from './quantization.js';

const INT32_MIN = -2147483648;

/** C's `static_cast<int32_t>(float)` as x86-64 computes it: truncation, INT32_MIN for NaN and out of range. */
export function floatToInt32(x: number): number {
  if (!(x > -2147483649 && x < 2147483648)) return INT32_MIN;
  return Math.trunc(x);
}

/** TfLiteRound / std::round: half away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

/**
 * AffineQuantize: `clamp(int32(round(val / float(scale))) + zero_point)`; the division is in float32 because
 * both operands are float.
 */
export function affineQuantize(
  input: Float32Array,
  output: Int8Array | Int16Array,
  scale: number,
  zeroPoint: number,
  min: number,
  max: number,
): void {
  const s = Math.fround(scale);
  for (let i = 0; i < input.length; i++) {
    const q = Math.fround(input[i]! / s);
    const r = q < 0 ? -Math.floor(-q + 0.5) : Math.floor(q + 0.5);
    const v = ((r > -2147483649 && r < 2147483648 ? r : INT32_MIN) + zeroPoint) | 0;
    output[i] = v < min ? min : v > max ? max : v;
  }
}

/**
 * Requantize: `clamp(MultiplyByQuantizedMultiplier(x - input_zp, m, s) + output_zp)`, with `mbqm` the
 * rounding mode's MultiplyByQuantizedMultiplier (chosen in prepare).
 */
export function requantize(
  input: Int8Array | Int16Array | Int32Array | Uint8Array,
  output: Int8Array | Int16Array | Int32Array | Uint8Array,
  multiplier: number,
  shift: number,
  inputZeroPoint: number,
  outputZeroPoint: number,
  min: number,
  max: number,
  mbqm: MultiplyByQuantizedMultiplierFn,
): void {
  for (let i = 0; i < input.length; i++) {
    const v = (mbqm((input[i]! - inputZeroPoint) | 0, multiplier, shift) + outputZeroPoint) | 0;
    output[i] = v < min ? min : v > max ? max : v;
  }
}

/** Dequantize: `float(scale * (q - zero_point))`, the product in double. */
export function dequantize(
  input: Int8Array | Int16Array | Uint8Array,
  output: Float32Array,
  scale: number,
  zeroPoint: number,
): void {
  for (let i = 0; i < input.length; i++) output[i] = scale * (input[i]! - zeroPoint);
}
