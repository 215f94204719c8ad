/**
 * gemmlowp fixed-point arithmetic (fixedpoint/fixedpoint.h at the commit TFLM pins, 719139ce), scalar paths:
 * the math functions TFLM's SOFTMAX, LOGISTIC, TANH and HARD_SWISH reference kernels call.
 *
 * A gemmlowp `FixedPoint<int32_t, I>` is a raw int32 with I integer bits and 31 - I fractional bits; here it
 * is that raw int32 (a JS number) and the integer bits are an explicit argument. Products of two fixed-point
 * values are SaturatingRoundingDoublingHighMul of the raws (integer bits add up); `+`, `-` and unary `-` are
 * plain int32 operations that wrap (`| 0`), as the C++ compiles them; Rescale and
 * SaturatingRoundingMultiplyByPOT saturate left shifts and round right shifts to nearest.
 *
 * The int32 primitives (high-mul, rounding divide) live in quantization.ts; the int16 variants gemmlowp uses
 * for FixedPoint<int16_t> (HARD_SWISH) are here. Nothing here allocates: these run per element in invoke.
 */
import {
  INT32_MAX,
  INT32_MIN,
  roundingDivideByPOT,
  saturatingAddInt32,
  saturatingRoundingDoublingHighMul,
  saturatingRoundingMultiplyByPOTParam,
  saturatingSubInt32,
} from './quantization.js';

const srdhm = saturatingRoundingDoublingHighMul;

// ---------------------------------------------------------------------------------------------------------
// int32 raw helpers
// ---------------------------------------------------------------------------------------------------------

/**
 * gemmlowp SaturatingRoundingMultiplyByPOT<exponent> on an int32 raw: exponent > 0 multiplies by 2^exponent,
 * saturating to INT32_MIN/INT32_MAX when |x| > 2^(31 - exponent) - 1; exponent < 0 is
 * RoundingDivideByPOT(x, -exponent) (nearest, ties away from zero); 0 is the identity.
 */
export function saturatingRoundingMultiplyByPOT(x: number, exponent: number): number {
  if (exponent > 0) {
    const threshold = (1 << (31 - exponent)) - 1;
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return x << exponent;
  }
  if (exponent < 0) return roundingDivideByPOT(x, -exponent);
  return x;
}

/** gemmlowp Rescale<dstIntegerBits>(FixedPoint<int32_t, srcIntegerBits>): the raw times 2^(src - dst), see above. */
export function rescale(x: number, srcIntegerBits: number, dstIntegerBits: number): number {
  return saturatingRoundingMultiplyByPOT(x, srcIntegerBits - dstIntegerBits);
}

/**
 * gemmlowp RoundingHalfSum<int32_t>: (a + b) / 2 rounded to nearest, ties away from zero, computed in int64
 * (here exactly in a double: |a + b| <= 2^32) with C's truncating division.
 */
export function roundingHalfSum(a: number, b: number): number {
  const sum = a + b;
  return Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2) | 0;
}

// ---------------------------------------------------------------------------------------------------------
// exp
// ---------------------------------------------------------------------------------------------------------

/** exp(-1/8) in Q0.31. */
const EXP_MINUS_ONE_EIGHTH = 1895147668;
/** 1/3 in Q0.31. */
const ONE_THIRD = 715827883;

/**
 * exp(a) for a in [-1/4, 0), a and result in Q0.31 (FixedPoint<int32_t, 0>): gemmlowp's 4th-order Taylor
 * expansion around -1/8, x = a + 1/8:
 *   exp(-1/8) + exp(-1/8) * (x + (x^4/4 + x^3) / 3 / 2 + x^2 / 2)   [x^4/24 + x^3/6 + x^2/2 folded as in C].
 */
export function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const x = (a + (1 << 28)) | 0;
  const x2 = srdhm(x, x);
  const x3 = srdhm(x2, x);
  const x4 = srdhm(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const poly = roundingDivideByPOT((srdhm((x4Over4 + x3) | 0, ONE_THIRD) + x2) | 0, 1);
  return (EXP_MINUS_ONE_EIGHTH + srdhm(EXP_MINUS_ONE_EIGHTH, (x + poly) | 0)) | 0;
}

/** exp(-2^k) in Q0.31 for k = -2 .. 4 (index k + 2): the barrel-shifter multipliers. */
const EXP_BARREL = [1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242];

/**
 * exp(a) for a <= 0: `a` has `integerBits` integer bits (0..29), the result is Q0.31 (INT32_MAX for a == 0).
 * a = (a mod 1/4 - 1/4) - remainder: the first part goes through the Taylor expansion, and each set bit of the
 * remainder (multiples of 1/4 .. 16 that the format can hold) multiplies by exp(-2^k). Inputs below -32
 * (only representable with more than 5 integer bits) give 0.
 */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 1 << (fractionalBits - 2);
  const aModQuarterMinusOneQuarter = ((a & (oneQuarter - 1)) - oneQuarter) | 0;
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(saturatingRoundingMultiplyByPOT(aModQuarterMinusOneQuarter, integerBits));
  const remainder = (aModQuarterMinusOneQuarter - a) | 0;
  for (let k = -2; k <= 4; k++) {
    if (integerBits > k && (remainder & (1 << (fractionalBits + k))) !== 0) result = srdhm(result, EXP_BARREL[k + 2]!);
  }
  if (integerBits > 5 && a < -(1 << (36 - integerBits))) result = 0;
  return a === 0 ? INT32_MAX : result;
}

// ---------------------------------------------------------------------------------------------------------
// Reciprocals (Newton-Raphson division)
// ---------------------------------------------------------------------------------------------------------

/** 48/17 and -32/17 in Q2.29: the Newton-Raphson starting point for 1 / d with d in [1/2, 1]. */
const C48_OVER_17 = 1515870810;
const CNEG32_OVER_17 = -1010580540;
/** 1.0 in Q2.29. */
const ONE_Q2 = 1 << 29;

/** Three Newton-Raphson steps for 1 / halfDenominator; result in Q2.29. */
function newtonReciprocalQ2(halfDenominator: number): number {
  let x = (C48_OVER_17 + srdhm(halfDenominator, CNEG32_OVER_17)) | 0;
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = srdhm(halfDenominator, x);
    const oneMinusHalfDenominatorTimesX = (ONE_Q2 - halfDenominatorTimesX) | 0;
    // x * (1 - d x) is Q4.27; Rescale<2> brings it back to Q2.29 (saturating left shift by 2).
    x = (x + saturatingRoundingMultiplyByPOT(srdhm(x, oneMinusHalfDenominatorTimesX), 2)) | 0;
  }
  return x;
}

/** 1 / (1 + a) for a in [0, 1), Q0.31 in and out. */
export function oneOverOnePlusXForXIn01(a: number): number {
  const x = newtonReciprocalQ2(roundingHalfSum(a, INT32_MAX));
  // ExactMulByPot<-1> (Q2.29 → Q1.30, same raw), then Rescale<0>: left shift by 1, saturating.
  return saturatingRoundingMultiplyByPOT(x, 1);
}

/** (1 - a) / (1 + a) for a in [0, 1), Q0.31 in and out. */
export function oneMinusXOverOnePlusXForXIn01(a: number): number {
  const x = newtonReciprocalQ2(roundingHalfSum(a, INT32_MAX));
  return saturatingRoundingMultiplyByPOT((x - ONE_Q2) | 0, 2);
}

// ---------------------------------------------------------------------------------------------------------
// logistic and tanh
// ---------------------------------------------------------------------------------------------------------

/** gemmlowp logistic: 1 / (1 + exp(-a)) for `a` with `integerBits` integer bits; Q0.31 result (1/2 at 0). */
export function logistic(a: number, integerBits: number): number {
  if (a === 0) return 1 << 30;
  const positive = a > 0;
  const absInput = positive ? a : -a | 0;
  const resultIfPositive = oneOverOnePlusXForXIn01(expOnNegativeValues(-absInput | 0, integerBits));
  return positive ? resultIfPositive : (INT32_MAX - resultIfPositive) | 0;
}

/** gemmlowp tanh for `a` with `integerBits` integer bits; Q0.31 result. tanh(x) = (1 - e^-2|x|) / (1 + e^-2|x|). */
export function tanh(a: number, integerBits: number): number {
  if (a === 0) return 0;
  const negative = a < 0;
  const n = negative ? a : -a | 0;
  // ExactMulByPot<1>: the same raw read with one more integer bit is 2n.
  const t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(n, integerBits + 1));
  return negative ? -t | 0 : t;
}

// ---------------------------------------------------------------------------------------------------------
// GetReciprocal (common.h)
// ---------------------------------------------------------------------------------------------------------

/**
 * TFLite GetReciprocal(x, x_integer_digits, &num_bits_over_unit), raw result only: x (> 0, with
 * `xIntegerDigits` integer bits) is normalized to [1, 2) by its leading zeros, and 1 / that is returned in
 * Q0.31. The matching num_bits_over_unit is `xIntegerDigits - Math.clz32(x)` (see reciprocalBitsOverUnit).
 */
export function getReciprocal(x: number): number {
  const headroomPlusOne = Math.clz32(x);
  // (uint32(x) << headroom_plus_one) - 2^31, reinterpreted as int32.
  const shiftedSumMinusOne = ((x << headroomPlusOne) - 0x80000000) | 0;
  return oneOverOnePlusXForXIn01(shiftedSumMinusOne);
}

/** num_bits_over_unit of GetReciprocal: integer bits of x above 1.0 once normalized. */
export function reciprocalBitsOverUnit(x: number, xIntegerDigits: number): number {
  return xIntegerDigits - Math.clz32(x);
}

// ---------------------------------------------------------------------------------------------------------
// int16 primitives (FixedPoint<int16_t>): HARD_SWISH
// ---------------------------------------------------------------------------------------------------------

/** gemmlowp SaturatingRoundingDoublingHighMul<int16_t>: round(a * b / 2^15), -32768 * -32768 saturating to 32767. */
export function saturatingRoundingDoublingHighMul16(a: number, b: number): number {
  if (a === b && a === -32768) return 32767;
  const ab = a * b;
  return Math.trunc((ab + (ab >= 0 ? 16384 : -16383)) / 32768) | 0;
}

/** TFLite SaturatingDoublingHighMul<int16_t> (SQDMULH): a * b / 2^15 truncated toward zero, saturating like above. */
export function saturatingDoublingHighMul16(a: number, b: number): number {
  if (a === b && a === -32768) return 32767;
  return Math.trunc((a * b) / 32768) | 0;
}

/**
 * gemmlowp RoundingDivideByPOT<int16_t>(x, exponent), 0 <= exponent <= 31, bit for bit: the mask
 * `(1ll << exponent) - 1` is narrowed to int16 (all ones once exponent >= 15), so large exponents do what the
 * C does (x >> exponent on the promoted int, plus the mask test) rather than a mathematical division.
 */
export function roundingDivideByPOT16(x: number, exponent: number): number {
  const mask = (((2 ** exponent - 1) | 0) << 16) >> 16;
  const remainder = x & mask;
  const threshold = ((mask >> 1) + (x < 0 ? 1 : 0)) << 16 >> 16;
  return (((x >> exponent) + (remainder > threshold ? 1 : 0)) << 16) >> 16;
}

// ---------------------------------------------------------------------------------------------------------
// log_x_for_x_greater_than_or_equal_to_1 (common.h): LOG_SOFTMAX
// ---------------------------------------------------------------------------------------------------------

/** log(2), sqrt(sqrt(1/2)), sqrt(1/2), 1/4 in Q0.31. */
const LOG_2 = 1488522236;
const SQRT_SQRT_HALF = 1805811301;
const SQRT_HALF = 1518500250;
const ONE_QUARTER = 536870912;
/** The Pade-style approximation's constants (Q0.31): 11/240 2^(1/4), 2^(1/4)/20, 2/2^(1/4) - 2^(1/4), 2^(1/4)/4. */
const ALPHA_N = 117049297;
const ALPHA_D = 127690142;
const ALPHA_I = 1057819769;
const ALPHA_F = 638450708;

/**
 * TFLite log_x_for_x_greater_than_or_equal_to_1_impl<OutputIntegerBits, InputIntegerBits>: log(x) for x >= 1
 * given as a raw int32 with `inputIntegerBits` integer bits; the result has `outputIntegerBits`. The input's
 * leading zeros give the power of two (two candidates, z_a and z_b = z_a * sqrt(1/2), keep the mantissa r in
 * [sqrt(1/2), 1)), and log(r) comes from a rational approximation around sqrt(sqrt(1/2)), accumulated with
 * one extra integer bit. Operations in TFLite's order; fixed-point + and - wrap, products are
 * SaturatingRoundingDoublingHighMul. LOG_SOFTMAX uses <5, 12>.
 */
export function logXForXGreaterThanOrEqualTo1(input: number, outputIntegerBits: number, inputIntegerBits: number): number {
  const accumIntegerBits = outputIntegerBits + 1;
  const shiftedQuarter = rescale(ONE_QUARTER, 0, accumIntegerBits);

  // z_a: the input reinterpreted as Q0.31.
  const zA = input;
  const zAHeadroomPlus1 = Math.clz32(zA);
  const rATmp = saturatingRoundingMultiplyByPOTParam(zA, zAHeadroomPlus1 - 1);
  const rARaw = saturatingRoundingMultiplyByPOTParam(srdhm(rATmp, SQRT_HALF), 1);
  const zAPow2Adj = saturatingAddInt32(
    saturatingRoundingMultiplyByPOTParam(inputIntegerBits - zAHeadroomPlus1, 31 - accumIntegerBits),
    shiftedQuarter,
  );

  // z_b = z_a * sqrt(1/2).
  const zB = srdhm(zA, SQRT_HALF);
  const zBHeadroom = Math.clz32(zB) - 1;
  const rBRaw = saturatingRoundingMultiplyByPOTParam(zA, zBHeadroom);
  const zBPow2Adj = saturatingSubInt32(
    saturatingRoundingMultiplyByPOTParam(inputIntegerBits - zBHeadroom, 31 - accumIntegerBits),
    shiftedQuarter,
  );

  const r = Math.min(rARaw, rBRaw);
  const zPow2Adj = Math.max(zAPow2Adj, zBPow2Adj);

  const p = roundingHalfSum(r, SQRT_SQRT_HALF);
  let q = (r - SQRT_SQRT_HALF) | 0;
  q = (q + q) | 0;

  const commonSq = srdhm(q, q);
  const num = (srdhm(q, r) + srdhm(srdhm(q, commonSq), ALPHA_N)) | 0;
  const denomMinusOne0 = (srdhm(p, (ALPHA_I + q + srdhm(ALPHA_D, commonSq)) | 0) + srdhm(ALPHA_F, q)) | 0;
  const recipDenom = oneOverOnePlusXForXIn01(denomMinusOne0);

  const numScaled = rescale(num, 0, accumIntegerBits);
  return rescale((srdhm(zPow2Adj, LOG_2) + srdhm(numScaled, recipDenom)) | 0, accumIntegerBits, outputIntegerBits);
}
