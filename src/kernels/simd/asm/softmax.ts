import { rdbpot, srdhm } from './requantize';
import { TABLES } from './workspace';

/**
 * int8 SOFTMAX over the last dimension, int8 or int16 output (reference_ops::Softmax<int8_t, OutputT>,
 * TFLM's gemmlowp fixed-point path), bit-identical to internal/softmax.ts softmaxInt8.
 *
 * Per element the reference computes e = exp_on_negative_values(mbqm>1(x − max)) (0 below diff_min), sums
 * Rescale<12>(e) = RoundingDivideByPOT(e, 12) in int32 (wrapping), and outputs
 * clamp(RoundingDivideByPOT(SRDHM(1/sum, e), exponent) + outMin). Both e and its rescaled term depend only on
 * d = max − x ∈ [0, 255] (the quantization parameters are constant), so the caller stages two 256-entry int32
 * tables computed by the reference functions themselves (any rounding mode): exp[d] at `tables`, acc[d] at
 * `tables + 1024`, both 0 where −d < diff_min. A cut element then outputs RoundingDivideByPOT(SRDHM(s, 0)) +
 * outMin = outMin, exactly the reference's else branch, so no test is needed per element.
 *
 * Per row: SIMD max (i8x16.max_s), table sum, GetReciprocal (gemmlowp one_over_one_plus_x_for_x_in_0_1,
 * ported below), then the outputs 4 lanes at a time from gathered exp entries. (A per-row output table over
 * the row's d range, looked up per element, measured no faster, even for depth 1001.)
 *
 * Returns 0, or 1 where the reference's TFLITE_CHECK(0 <= exponent <= 31) fails (the caller then runs the
 * reference invoke, which fails the same way).
 */
export function softmax_i8(inPtr: usize, outPtr: usize, outer: i32, depth: i32, tables: usize, out16: bool): i32 {
  const expT = tables;
  const accT = tables + 1024;
  const outMin: i32 = out16 ? -32768 : -128;
  const outMax: i32 = out16 ? 32767 : 127;
  const bits: i32 = out16 ? 16 : 8;
  const lo = i32x4.splat(outMin);
  const hi = i32x4.splat(outMax);
  const d16 = depth & ~15;
  const esz: usize = out16 ? 1 : 0;
  for (let row = 0; row < outer; row++) {
    const p = inPtr + <usize>row * <usize>depth;
    const o = outPtr + ((<usize>row * <usize>depth) << esz);
    // Row max.
    let c = 0;
    let mx: i32 = -128;
    if (d16 > 0) {
      let vmax = i8x16.splat(-128);
      for (; c < d16; c += 16) vmax = i8x16.max_s(vmax, v128.load(p + <usize>c));
      vmax = i8x16.max_s(vmax, i8x16.shuffle(vmax, vmax, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
      vmax = i8x16.max_s(vmax, i8x16.shuffle(vmax, vmax, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
      vmax = i8x16.max_s(vmax, i8x16.shuffle(vmax, vmax, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1));
      vmax = i8x16.max_s(vmax, i8x16.shuffle(vmax, vmax, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0));
      mx = <i32>i8x16.extract_lane_s(vmax, 0);
    }
    for (; c < depth; c++) {
      const v = <i32>load<i8>(p + <usize>c);
      if (v > mx) mx = v;
    }
    // Sum of Rescale<12>(exp) in int32, wrapping as in C.
    // (Four partial sums: int32 addition wraps, so the grouping does not change the result.)
    let s0: i32 = 0, s1: i32 = 0, s2: i32 = 0, s3: i32 = 0;
    const d4s = depth & ~3;
    for (c = 0; c < d4s; c += 4) {
      const q = p + <usize>c;
      s0 += load<i32>(accT + (<usize>(mx - <i32>load<i8>(q)) << 2));
      s1 += load<i32>(accT + (<usize>(mx - <i32>load<i8>(q, 1)) << 2));
      s2 += load<i32>(accT + (<usize>(mx - <i32>load<i8>(q, 2)) << 2));
      s3 += load<i32>(accT + (<usize>(mx - <i32>load<i8>(q, 3)) << 2));
    }
    for (; c < depth; c++) s0 += load<i32>(accT + (<usize>(mx - <i32>load<i8>(p + <usize>c)) << 2));
    const sum = s0 + s1 + s2 + s3;
    // GetReciprocal: num_bits_over_unit = 12 − clz(sum).
    const exponent = 12 - clz(sum) + 31 - bits;
    if (exponent < 0 || exponent > 31) return 1;
    const scale = reciprocal(sum);
    const sv = i32x4.splat(scale);
    const mask: i32 = (1 << exponent) - 1;
    const maskV = i32x4.splat(mask);
    const thrV = i32x4.splat(mask >> 1);
    // Outputs 4 lanes at a time from gathered exp entries.
    const d4 = depth & ~3;
    for (c = 0; c < d4; c += 4) {
      const q = p + <usize>c;
      let e = v128.load32_zero(expT + (<usize>(mx - <i32>load<i8>(q)) << 2));
      e = v128.load32_lane(expT + (<usize>(mx - <i32>load<i8>(q, 1)) << 2), e, 1);
      e = v128.load32_lane(expT + (<usize>(mx - <i32>load<i8>(q, 2)) << 2), e, 2);
      e = v128.load32_lane(expT + (<usize>(mx - <i32>load<i8>(q, 3)) << 2), e, 3);
      const r = scale4(e, sv, exponent, maskV, thrV, lo, hi);
      const b = i16x8.narrow_i32x4_s(r, r);
      if (out16) v128.store64_lane(o + (<usize>c << 1), b, 0);
      else v128.store32_lane(o + <usize>c, i8x16.narrow_i16x8_s(b, b), 0);
    }
    for (; c < depth; c++) {
      const e = load<i32>(expT + (<usize>(mx - <i32>load<i8>(p + <usize>c)) << 2));
      let v = rdbpot(srdhm(scale, e), exponent) + outMin;
      v = v < outMin ? outMin : v > outMax ? outMax : v;
      if (out16) store<i16>(o + (<usize>c << 1), <i16>v);
      else store<i8>(o + <usize>c, <i8>v);
    }
  }
  return 0;
}

/** Where softmax_i8's caller stages its tables (2 KiB: int32 exp[256], then int32 acc[256]). */
export function softmax_tables(): usize {
  return TABLES;
}

/**
 * clamp(RoundingDivideByPOT(SRDHM(s, e), exponent) + outMin) on 4 lanes, s = the row's reciprocal (in
 * (0, 2^31)) and e ≥ 0: s·e + 2^30 < 2^63, and SRDHM = floor((s·e + 2^30) / 2^31) (requant4's argument) is
 * bits 31..62, the high word after a shift left by 1. It is ≥ 0, so RoundingDivideByPOT's threshold is
 * mask >> 1.
 */
// @ts-ignore: decorator
@inline
function scale4(e: v128, sv: v128, exponent: i32, maskV: v128, thrV: v128, lo: v128, hi: v128): v128 {
  const nudge = i64x2.splat(<i64>1 << 30);
  const pl = i64x2.shl(i64x2.add(i64x2.extmul_low_i32x4_s(e, sv), nudge), 1);
  const ph = i64x2.shl(i64x2.add(i64x2.extmul_high_i32x4_s(e, sv), nudge), 1);
  const r = i32x4.shuffle(pl, ph, 1, 3, 5, 7);
  const q = i32x4.sub(i32x4.shr_s(r, exponent), i32x4.gt_s(v128.and(r, maskV), thrV));
  return i32x4.min_s(i32x4.max_s(i32x4.add(q, lo), lo), hi);
}

/** gemmlowp SaturatingRoundingMultiplyByPOT<e> for e > 0: x · 2^e, saturating. */
// @ts-ignore: decorator
@inline
function satMulPOT(x: i32, e: i32): i32 {
  const thr: i32 = (1 << (31 - e)) - 1;
  return x > thr ? i32.MAX_VALUE : x < -thr ? i32.MIN_VALUE : x << e;
}

/**
 * GetReciprocal(sum, 12) as the reference computes it (internal/fixedpoint.ts getReciprocal): normalize by the
 * leading zeros, then one_over_one_plus_x_for_x_in_0_1 — RoundingHalfSum with INT32_MAX in int64, three
 * Newton-Raphson steps in Q2.29 (int32 additions wrap), Rescale<0> (saturating ×2).
 */
function reciprocal(sum: i32): i32 {
  const a: i32 = (sum << clz(sum)) - i32.MIN_VALUE;
  const s: i64 = <i64>a + <i64>i32.MAX_VALUE;
  const half = <i32>((s + (s >= 0 ? 1 : -1)) / 2);
  let x: i32 = 1515870810 + srdhm(half, -1010580540);
  for (let i = 0; i < 3; i++) {
    const t = srdhm(half, x);
    x = x + satMulPOT(srdhm(x, (1 << 29) - t), 2);
  }
  return satMulPOT(x, 1);
}
