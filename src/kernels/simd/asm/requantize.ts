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

/**
 * The four lane sums of a, b, c, d: [Σa, Σb, Σc, Σd] (a 4×4 transpose-and-add). Int32 addition wraps, so the
 * grouping does not change the result.
 */
// @ts-ignore: decorator
@inline
export function hsum4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = i32x4.add(i32x4.shuffle(a, b, 0, 4, 1, 5), i32x4.shuffle(a, b, 2, 6, 3, 7));
  const cd = i32x4.add(i32x4.shuffle(c, d, 0, 4, 1, 5), i32x4.shuffle(c, d, 2, 6, 3, 7));
  return i32x4.add(i32x4.shuffle(ab, cd, 0, 1, 4, 5), i32x4.shuffle(ab, cd, 2, 3, 6, 7));
}

/**
 * mbqm(x, multiplier, shift) + outOff, clamped to [lo, hi], on 4 lanes sharing one multiplier and shift.
 * SaturatingRoundingDoublingHighMul(a, m) = trunc((a·m + nudge) / 2^31) equals floor((a·m + 2^30) / 2^31)
 * for both signs (for a·m < 0: ceil((a·m + 1 − 2^30) / 2^31) = floor((a·m + 2^30) / 2^31)); its saturating
 * case needs m = INT32_MIN, which QuantizeMultiplier never yields (m ∈ {0} ∪ [2^30, 2^31)). The 64-bit
 * product is exact (i64x2.extmul), and bits 31..62 of a·m + 2^30 are the high word after a shift left by 1.
 * RoundingDivideByPOT is the reference's mask/threshold form with the lane-uniform exponent.
 */
// @ts-ignore: decorator
@inline
export function requant4(acc: v128, m: i32, shift: i32, outOff: v128, lo: v128, hi: v128): v128 {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const x = i32x4.shl(acc, left);
  const mv = i32x4.splat(m);
  const nudge = i64x2.splat(<i64>1 << 30);
  const pl = i64x2.shl(i64x2.add(i64x2.extmul_low_i32x4_s(x, mv), nudge), 1);
  const ph = i64x2.shl(i64x2.add(i64x2.extmul_high_i32x4_s(x, mv), nudge), 1);
  const r = i32x4.shuffle(pl, ph, 1, 3, 5, 7);
  const mask = (1 << right) - 1;
  const rem = v128.and(r, i32x4.splat(mask));
  const thr = i32x4.sub(i32x4.splat(mask >> 1), i32x4.shr_s(r, 31));
  const q = i32x4.sub(i32x4.shr_s(r, right), i32x4.gt_s(rem, thr));
  return i32x4.min_s(i32x4.max_s(i32x4.add(q, outOff), lo), hi);
}

/** Store the low byte of lanes 0..n−1 (n ≤ 4) of an i32x4 already in int8 range at p, p + stride, … */
// @ts-ignore: decorator
@inline
export function storeLanes(p: usize, stride: i32, n: i32, v: v128): void {
  const s = <usize>stride;
  store<i8>(p, <i8>i32x4.extract_lane(v, 0));
  if (n > 1) store<i8>(p + s, <i8>i32x4.extract_lane(v, 1));
  if (n > 2) store<i8>(p + 2 * s, <i8>i32x4.extract_lane(v, 2));
  if (n > 3) store<i8>(p + 3 * s, <i8>i32x4.extract_lane(v, 3));
}

/**
 * Per-lane requantization constants of 4 channels (each lane its own multiplier and shift), for requant4v.
 * Computed with float exponent tricks, exact for shifts in [−31, 30]: 2^k = trunc(float32 with exponent k).
 */
// @ts-ignore: decorator
@inline
export function pow2v(k: v128): v128 {
  // float32 2^k has the bits (k + 127) << 23; truncation to u32 is exact for k in [0, 31] (2^32 saturates).
  return i32x4.trunc_sat_f32x4_u(i32x4.shl(i32x4.add(k, i32x4.splat(127)), 23));
}

/**
 * mbqm + outOff, clamped, with per-lane multiplier `m` and the per-lane constants of the shift:
 * `pl` = 2^left, `pm` = 2^(32−right) (as u32; unused where right = 0), `mask` = 2^right − 1,
 * `e0` = all-ones where right = 0. SaturatingRoundingDoublingHighMul as in requant4. RoundingDivideByPOT:
 * floor(r / 2^right) is the high word of the 64-bit r·2^(32−right); with an unsigned multiply it is that of
 * r_u·pm minus pm where r < 0 (r_u = r + 2^32). Then the reference's remainder/threshold rounding.
 */
// @ts-ignore: decorator
@inline
export function requant4v(acc: v128, m: v128, pl: v128, pm: v128, mask: v128, e0: v128, outOff: v128, lo: v128, hi: v128): v128 {
  const x = i32x4.mul(acc, pl);
  const nudge = i64x2.splat(<i64>1 << 30);
  const sl = i64x2.shl(i64x2.add(i64x2.extmul_low_i32x4_s(x, m), nudge), 1);
  const sh = i64x2.shl(i64x2.add(i64x2.extmul_high_i32x4_s(x, m), nudge), 1);
  const r = i32x4.shuffle(sl, sh, 1, 3, 5, 7);
  const neg = i32x4.shr_s(r, 31);
  const fl = i32x4.shuffle(i64x2.extmul_low_i32x4_u(r, pm), i64x2.extmul_high_i32x4_u(r, pm), 1, 3, 5, 7);
  const floorDiv = v128.bitselect(r, i32x4.sub(fl, v128.and(pm, neg)), e0);
  const thr = i32x4.sub(i32x4.shr_u(mask, 1), neg);
  const q = i32x4.sub(floorDiv, i32x4.gt_s(v128.and(r, mask), thr));
  return i32x4.min_s(i32x4.max_s(i32x4.add(q, outOff), lo), hi);
}

/**
 * Lane-uniform requantization with per-channel constants staged in memory (prepUniform / requantUniform): 4
 * lanes (pixels) of one channel. SaturatingRoundingDoublingHighMul as in requant4 (bits 31..62 of
 * x'·m + 2^30), then RoundingDivideByPOT in the reference's remainder/threshold form, with the staged mask,
 * half mask and shift.
 */
export const UNIFORM_BYTES: usize = 32;

/** Stage one channel's constants at cp (UNIFORM_BYTES, 16-aligned): scalars, broadcast at use. */
// @ts-ignore: decorator
@inline
export function prepUniform(cp: usize, m: i32, shift: i32, bias: i32): void {
  const left = shift > 0 ? shift : 0;
  const e = shift > 0 ? 0 : -shift;
  const mask = (1 << e) - 1;
  store<i32>(cp, m);
  store<i32>(cp, 1 << left, 4);
  store<i32>(cp, mask, 8);
  store<i32>(cp, mask >> 1, 12);
  store<i32>(cp, e, 16);
  store<i32>(cp, bias, 20);
}

/**
 * mbqm(acc) + outOff, clamped, for 4 lanes of the channel staged at cp. The bias must already be in acc
 * (`withBias` adds the staged one); `left` multiplies by the staged 2^left (skip when no channel shifts left).
 */
// @ts-ignore: decorator
@inline
export function requantUniform(acc: v128, cp: usize, withBias: bool, left: bool, outOff: v128, lo: v128, hi: v128): v128 {
  let x = withBias ? i32x4.add(acc, v128.load32_splat(cp, 20)) : acc;
  if (left) x = i32x4.mul(x, v128.load32_splat(cp, 4));
  const m = v128.load32_splat(cp);
  const nudge = i64x2.splat(<i64>1 << 30);
  const sl = i64x2.shl(i64x2.add(i64x2.extmul_low_i32x4_s(x, m), nudge), 1);
  const sh = i64x2.shl(i64x2.add(i64x2.extmul_high_i32x4_s(x, m), nudge), 1);
  const r = i32x4.shuffle(sl, sh, 1, 3, 5, 7);
  const thr = i32x4.sub(v128.load32_splat(cp, 12), i32x4.shr_s(r, 31));
  const q = i32x4.sub(i32x4.shr_s(r, load<i32>(cp, 16)), i32x4.gt_s(v128.and(r, v128.load32_splat(cp, 8)), thr));
  return i32x4.min_s(i32x4.max_s(i32x4.add(q, outOff), lo), hi);
}

/**
 * Stage the constants of channels [0, n) at cp (multipliers, shifts, optional bias as int32 arrays). Returns
 * whether any channel shifts left (multiplier above 1).
 */
export function prepUniformAll(cp: usize, n: i32, multPtr: usize, shiftPtr: usize, biasPtr: usize): bool {
  let anyLeft = false;
  for (let c = 0; c < n; c++) {
    const c4 = <usize>c << 2;
    const shift = load<i32>(shiftPtr + c4);
    if (shift > 0) anyLeft = true;
    prepUniform(cp + <usize>c * UNIFORM_BYTES, load<i32>(multPtr + c4), shift, biasPtr != 0 ? load<i32>(biasPtr + c4) : 0);
  }
  return anyLeft;
}

/** Store lanes 0..n−1 (n ≤ 4) of two channels' results (lanes = pixels) as byte pairs at p, p + stride, … */
// @ts-ignore: decorator
@inline
export function storePairs(p: usize, stride: i32, n: i32, a: v128, b: v128): void {
  const t = i16x8.narrow_i32x4_s(a, b);
  const u = i8x16.narrow_i16x8_s(t, t);
  const v = i8x16.shuffle(u, u, 0, 4, 1, 5, 2, 6, 3, 7, 0, 4, 1, 5, 2, 6, 3, 7);
  const s = <usize>stride;
  v128.store16_lane(p, v, 0);
  if (n > 1) v128.store16_lane(p + s, v, 1);
  if (n > 2) v128.store16_lane(p + 2 * s, v, 2);
  if (n > 3) v128.store16_lane(p + 3 * s, v, 3);
}
