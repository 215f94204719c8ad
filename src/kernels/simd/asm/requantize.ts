// TFLite's fixed-point requantization, in AssemblyScript: the same integer steps as
// src/kernels/internal/quantization.ts (gemmlowp SaturatingRoundingDoublingHighMul and RoundingDivideByPOT,
// TFLM's default double rounding), with native i64 for the 32x32 product.

/** SaturatingRoundingDoublingHighMul(a, b): high 32 bits of 2ab, rounded; the one overflow case saturates. */
// @ts-ignore: decorator
@inline
export function srdhm(a: i32, b: i32): i32 {
  if (a == b && a == i32.MIN_VALUE) return i32.MAX_VALUE;
  const ab: i64 = <i64>a * <i64>b;
  const nudge: i64 = ab >= 0 ? (<i64>1 << 30) : <i64>(1 - (1 << 30));
  // C++ integer division truncates toward zero.
  return <i32>((ab + nudge) / (<i64>1 << 31));
}

/** RoundingDivideByPOT(x, exponent): x / 2^exponent rounded to nearest, ties away from zero. */
// @ts-ignore: decorator
@inline
export function rdbpot(x: i32, exponent: i32): i32 {
  const mask: i32 = (1 << exponent) - 1;
  const remainder: i32 = x & mask;
  const threshold: i32 = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** MultiplyByQuantizedMultiplier (double rounding). */
// @ts-ignore: decorator
@inline
export function mbqm(x: i32, multiplier: i32, shift: i32): i32 {
  const left: i32 = shift > 0 ? shift : 0;
  const right: i32 = shift > 0 ? 0 : -shift;
  return rdbpot(srdhm(x * (1 << left), multiplier), right);
}

// @ts-ignore: decorator
@inline
export function clamp(v: i32, lo: i32, hi: i32): i32 {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Sum of the four i32 lanes. */
// @ts-ignore: decorator
@inline
export function hsum(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}
