/**
 * Integer quantization math shared by every int8/int16 kernel, bit-exact with TFLM:
 *
 *  - gemmlowp's SaturatingRoundingDoublingHighMul and RoundingDivideByPOT;
 *  - common.h/common.cc: MultiplyByQuantizedMultiplier (int32 and int64 overloads), ...SmallerThanOneExp,
 *    ...GreaterThanOne, CountLeadingZeros, SaturatingRoundingMultiplyByPOTParam, ...;
 *  - quantization_util.cc: QuantizeMultiplier (+ variants), PreprocessSoftmaxScaling, CalculateInputRadius;
 *  - kernel_util.cc: CalculateActivationRangeQuantized, GetQuantizedConvolutionMultipler, the per-channel
 *    loop of PopulateConvolutionQuantizationParams.
 *
 * TFLM's default build uses "double rounding" (TFLITE_SINGLE_ROUNDING unset): the unsuffixed functions. The
 * TFLITE_SINGLE_ROUNDING branches are the `...SingleRounding` functions.
 *
 * Exactness. Where C wraps int32 arithmetic we use `| 0`, `<<` and Math.imul, which wrap the same way. Where C
 * computes in int64 we compute exactly in doubles, splitting operands so that every partial product stays
 * below 2^53 (doubles represent every integer up to 2^53 exactly; scaling by a power of two and Math.floor of
 * a quotient by a power of two are exact too). No BigInt: the multiply functions run once per output element.
 *
 * Errors. TFLITE_CHECK / TF_LITE_ENSURE failures (which abort or fail Prepare in TFLM) throw TflmError.
 * Contract violations TFLM only DCHECKs (shift ranges of the multiply functions) are not checked here.
 */
import { TflmError } from '../../errors.js';
import type { RoundingMode } from '../../runtime/kernel.js';

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
/** std::numeric_limits<float>::max(); lowest() is its negation. */
export const FLT_MAX = 3.4028234663852886e38;

const TWO_15 = 32768;
const TWO_16 = 65536;
const TWO_30 = 1073741824;
const TWO_31 = 2147483648;
const TWO_32 = 4294967296;

/** POW2[i] = 2^i for 0 <= i <= 64 (built by doubling, so exact). */
const POW2 = new Float64Array(65);
POW2[0] = 1;
for (let i = 1; i <= 64; i++) POW2[i] = POW2[i - 1]! * 2;

/** TFLite's fused activation codes (TfLiteFusedActivation / ActivationFunctionType). */
const ACT_RELU = 1;
const ACT_RELU_N1_TO_1 = 2;
const ACT_RELU6 = 3;

export interface QuantizedMultiplier {
  /** Q0.31 significand: in [2^30, 2^31) for positive reals (negative reals give a negative one), 0 for 0. */
  multiplier: number;
  /** Power-of-two exponent: real ≈ multiplier / 2^31 * 2^shift (positive = left shift). */
  shift: number;
}

// ---------------------------------------------------------------------------------------------------------
// Rounding and frexp
// ---------------------------------------------------------------------------------------------------------

/**
 * C round() / roundf() (TfLiteRound): nearest integer, ties away from zero. JS Math.round breaks ties toward
 * +Infinity, which differs for negative ties (-2.5 → -2 instead of -3). `x - trunc(x)` is exact (it is the
 * low bits of x), so the tie test is exact. For a float32 argument the result equals roundf's.
 */
export function quantizeRound(x: number): number {
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

const frexpView = new DataView(new ArrayBuffer(8));
let frexpMantissa = 0;
let frexpExponent = 0;

/** frexp into the module-level frexpMantissa/frexpExponent (no allocation). */
function frexpInto(x: number): void {
  if (x === 0 || !Number.isFinite(x)) {
    // glibc: zero, infinities and NaN come back unchanged with exponent 0.
    frexpMantissa = x;
    frexpExponent = 0;
    return;
  }
  let bias = 0;
  frexpView.setFloat64(0, x);
  let hi = frexpView.getUint32(0);
  if ((hi & 0x7ff00000) === 0) {
    // Subnormal: scale into the normal range first (multiplying by 2^64 is exact).
    frexpView.setFloat64(0, x * POW2[64]!);
    hi = frexpView.getUint32(0);
    bias = -64;
  }
  frexpExponent = ((hi >>> 20) & 0x7ff) - 1022 + bias;
  // Keep sign and fraction, set the biased exponent to 1022: the value is then in [0.5, 1).
  frexpView.setUint32(0, (hi & 0x800fffff) | 0x3fe00000);
  frexpMantissa = frexpView.getFloat64(0);
}

/**
 * C frexp for doubles: x = mantissa * 2^exponent with 0.5 <= |mantissa| < 1. 0, ±Infinity and NaN return
 * themselves with exponent 0 (glibc). Subnormals are handled exactly.
 */
export function frexp(x: number): { mantissa: number; exponent: number } {
  frexpInto(x);
  return { mantissa: frexpMantissa, exponent: frexpExponent };
}

// ---------------------------------------------------------------------------------------------------------
// QuantizeMultiplier family (quantization_util.cc)
// ---------------------------------------------------------------------------------------------------------

let qmMultiplier = 0;
let qmShift = 0;

/** QuantizeMultiplier into qmMultiplier/qmShift. `single` adds TFLITE_SINGLE_ROUNDING's shift > 30 clamp. */
function quantizeMultiplierInto(d: number, single: boolean): void {
  if (d === 0) {
    qmMultiplier = 0;
    qmShift = 0;
    return;
  }
  if (!Number.isFinite(d)) {
    // TFLM: frexp leaves inf/NaN unchanged and the int64 cast of round(inf/NaN) is undefined; on Arm it
    // saturates and TFLITE_CHECK(q_fixed <= 2^31) aborts. We always fail.
    throw new TflmError(`QuantizeMultiplier: multiplier ${d} is not finite`);
  }
  frexpInto(d);
  // q * 2^31 is exact (power-of-two scaling); |q| in [0.5, 1) so q_fixed is in [2^30, 2^31] in magnitude.
  let qFixed = quantizeRound(frexpMantissa * TWO_31);
  let shift = frexpExponent;
  if (qFixed === TWO_31) {
    // q rounded up to 1.0: renormalize to 0.5 * 2^(shift+1). (The negative counterpart -2^31 fits int32 and
    // is kept, as in TFLite.)
    qFixed = TWO_30;
    shift++;
  }
  if (shift < -31) {
    // |d| below ~2^-32: every result would shift to zero; TFLite flushes to a zero multiplier.
    shift = 0;
    qFixed = 0;
  }
  if (single && shift > 30) {
    shift = 30;
    qFixed = INT32_MAX;
  }
  qmMultiplier = qFixed;
  qmShift = shift;
}

/**
 * TFLite QuantizeMultiplier (default build): `real ≈ multiplier * 2^(shift - 31)`. The argument is a double;
 * callers apply Math.fround where TFLM computes the real multiplier in float. 0 → {0, 0}; |real| < ~2^-32 →
 * {0, 0}; shift is NOT clamped above (the default build has no clamp: e.g. softmax gets shift 31). Negative
 * reals give negative multipliers, as in TFLite. Throws on a non-finite real.
 */
export function quantizeMultiplier(realMultiplier: number): QuantizedMultiplier {
  quantizeMultiplierInto(realMultiplier, false);
  return { multiplier: qmMultiplier, shift: qmShift };
}

/** QuantizeMultiplier as built with TFLITE_SINGLE_ROUNDING: like quantizeMultiplier, but shift > 30 saturates to {2^31 - 1, 30}. */
export function quantizeMultiplierSingleRounding(realMultiplier: number): QuantizedMultiplier {
  quantizeMultiplierInto(realMultiplier, true);
  return { multiplier: qmMultiplier, shift: qmShift };
}

/** QuantizeMultiplier for a rounding mode. */
export function quantizeMultiplierFor(mode: RoundingMode, realMultiplier: number): QuantizedMultiplier {
  quantizeMultiplierInto(realMultiplier, mode === 'single');
  return { multiplier: qmMultiplier, shift: qmShift };
}

/**
 * TFLite QuantizeMultiplierSmallerThanOneExp: requires 0 < real < 1, returns shift <= 0 (a left shift, i.e.
 * minus the right shift). Throws like TFLITE_CHECK where TFLM aborts — including reals so close to 1 that
 * the significand rounds up to 2^31 and the shift becomes 1.
 */
export function quantizeMultiplierSmallerThanOneExp(real: number): QuantizedMultiplier {
  if (!(real < 1)) throw new TflmError(`QuantizeMultiplierSmallerThanOneExp: multiplier ${real} is not < 1`);
  if (!(real > 0)) throw new TflmError(`QuantizeMultiplierSmallerThanOneExp: multiplier ${real} is not > 0`);
  quantizeMultiplierInto(real, false);
  if (qmShift > 0) throw new TflmError(`QuantizeMultiplierSmallerThanOneExp: multiplier ${real} rounds to 1`);
  return { multiplier: qmMultiplier, shift: qmShift };
}

/** TFLite QuantizeMultiplierGreaterThanOne: requires real > 1, returns shift >= 0 (a left shift). */
export function quantizeMultiplierGreaterThanOne(real: number): QuantizedMultiplier {
  if (!(real > 1)) throw new TflmError(`QuantizeMultiplierGreaterThanOne: multiplier ${real} is not > 1`);
  quantizeMultiplierInto(real, false);
  return { multiplier: qmMultiplier, shift: qmShift };
}

/** QuantizeMultiplierGreaterThanOne with TFLITE_SINGLE_ROUNDING's shift clamp. */
export function quantizeMultiplierGreaterThanOneSingleRounding(real: number): QuantizedMultiplier {
  if (!(real > 1)) throw new TflmError(`QuantizeMultiplierGreaterThanOne: multiplier ${real} is not > 1`);
  quantizeMultiplierInto(real, true);
  return { multiplier: qmMultiplier, shift: qmShift };
}

// ---------------------------------------------------------------------------------------------------------
// gemmlowp fixed-point primitives
// ---------------------------------------------------------------------------------------------------------

/**
 * gemmlowp SaturatingRoundingDoublingHighMul (ARM VQRDMULH) for int32 a, b: round(a * b / 2^31) with ties
 * toward +Infinity; the single overflow a == b == INT32_MIN saturates to INT32_MAX.
 *
 * gemmlowp computes (ab + nudge) / 2^31 with nudge = 2^30 for ab >= 0, 1 - 2^30 otherwise, and C's truncating
 * division. Both branches equal floor((ab + 2^30) / 2^31): for ab < 0 the sum is negative, truncation is
 * ceil, and ceil((ab + 1 - 2^30) / 2^31) = floor((ab + 1 - 2^30 + 2^31 - 1) / 2^31).
 *
 * ab needs up to 62 bits, so split b = bh * 2^16 + bl (bh signed, 0 <= bl < 2^16): a * bh (|.| <= 2^46) and
 * a * bl (|.| < 2^47) are exact. Then with a * bh = hq * 2^15 + hr (0 <= hr < 2^15):
 *   ab + 2^30 = hq * 2^31 + (hr * 2^16 + a * bl + 2^30), the bracket below 2^48 in magnitude, so exact.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  const hi = a * (b >> 16);
  const lo = a * (b & 0xffff);
  const hq = Math.floor(hi / TWO_15);
  const hr = hi - hq * TWO_15;
  const r = hq + Math.floor((hr * TWO_16 + lo + TWO_30) / TWO_31);
  // Only a == b == INT32_MIN reaches 2^31.
  return r > INT32_MAX ? INT32_MAX : r | 0;
}

/**
 * gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero, for int32 x and
 * 0 <= exponent <= 31 (outside that range TFLM asserts; results here are then meaningless). Matches the C
 * mask/threshold formulation exactly: mask = 2^exponent - 1 (0x7fffffff for 31), threshold = mask/2, +1 for
 * negative x, and the remainder above the threshold rounds the arithmetic shift up.
 */
export function roundingDivideByPOT(x: number, exponent: number): number {
  const mask = ((1 << exponent) - 1) | 0;
  const remainder = x & mask;
  // Branch-free (signs of real data are random, so branches mispredict): x >>> 31 is (x < 0), and
  // (threshold - remainder) >>> 31 is (remainder > threshold); the difference cannot overflow int32.
  const threshold = (mask >> 1) + (x >>> 31);
  return ((x >> exponent) + ((threshold - remainder) >>> 31)) | 0;
}

/**
 * TFLite SaturatingRoundingMultiplyByPOTParam for int32: x * 2^exponent (0 <= exponent <= 31), saturating
 * to INT32_MIN/INT32_MAX when |x| exceeds 2^(31 - exponent) - 1.
 */
export function saturatingRoundingMultiplyByPOTParam(x: number, exponent: number): number {
  if (exponent === 0) return x;
  const threshold = ((1 << (31 - exponent)) - 1) | 0;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x << exponent;
}

// ---------------------------------------------------------------------------------------------------------
// MultiplyByQuantizedMultiplier (common.h / common.cc), default "double rounding" build
// ---------------------------------------------------------------------------------------------------------

/**
 * MultiplyByQuantizedMultiplier(int32 x, int32 multiplier, int shift), TFLM default build:
 *   RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * 2^max(shift, 0), multiplier), max(-shift, 0)).
 * The left shift wraps like the C int multiplication (`<<` wraps the same; shift <= 31). Two roundings: one in
 * the high-mul (ties toward +inf), one in the divide (ties away from zero). Requires -31 <= shift <= 31.
 */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  if (shift > 0) return saturatingRoundingDoublingHighMul(x << shift, multiplier);
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), 0 - shift); // 0 - shift: never -0, which would leave the int32 fast path
}

/** MultiplyByQuantizedMultiplierSmallerThanOneExp (double rounding): leftShift <= 0. */
export function multiplyByQuantizedMultiplierSmallerThanOneExp(x: number, multiplier: number, leftShift: number): number {
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), 0 - leftShift);
}

/** MultiplyByQuantizedMultiplierGreaterThanOne (double rounding): leftShift >= 0; `x << leftShift` wraps as in C. */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, multiplier: number, leftShift: number): number {
  return saturatingRoundingDoublingHighMul(x << leftShift, multiplier);
}

/**
 * floor((ph * 2^32 + pl + 2^(ts-1)) / 2^ts), truncated to int32 like C's int64 → int32 conversion.
 * ph: exact integer (|ph| < 2^52); pl: 0 <= pl < 2^32; 1 <= ts <= 63.
 */
function roundingShift64(ph: number, pl: number, ts: number): number {
  if (ts <= 32) {
    pl += POW2[ts - 1]!;
    if (pl >= TWO_32) {
      pl -= TWO_32;
      ph += 1;
    }
    if (ts === 32) return ph | 0;
    // Low 32 bits of the quotient: ph's low bits shifted up, pl's high bits shifted down (disjoint fields).
    // `ph << k` takes ph mod 2^32 first, which is all the truncated result keeps.
    return (ph << (32 - ts)) | (pl >>> ts);
  }
  // pl < 2^32 cannot carry into the quotient when ts > 32: floor((ph + pl/2^32) / 2^k) = floor(ph / 2^k).
  ph += POW2[ts - 33]!;
  return Math.floor(ph / POW2[ts - 32]!) | 0;
}

/**
 * MultiplyByQuantizedMultiplier(int64_t x, int32 multiplier, int shift), used by the 16x8 kernels with int64
 * accumulators. Identical in both rounding modes:
 *   reduced = multiplier < 0x7FFF0000 ? (multiplier + 2^15) >> 16 : 0x7FFF;   (Q0.15, <= 2^15 - 1)
 *   result  = int32((x * reduced + 2^(14 - shift)) >> (15 - shift)).
 * x is an exact integer number (|x| < 2^53); TFLM requires |x| < 2^47 and -31 <= shift <= 7 (we accept
 * shift <= 14). The product can exceed 2^53, so it is formed exactly as ph * 2^32 + pl: x = xh * 2^32 + xl,
 * xl * reduced < 2^47 and xh * reduced < 2^36 are exact. Out-of-range results wrap like the C cast; products
 * beyond int64 (|x| >= 2^48, C UB) are computed exactly rather than wrapped.
 */
export function multiplyByQuantizedMultiplierInt64(x: number, multiplier: number, shift: number): number {
  const reduced = multiplier < 0x7fff0000 ? (multiplier + TWO_15) >> 16 : 0x7fff;
  const xh = Math.floor(x / TWO_32);
  const lo = (x - xh * TWO_32) * reduced;
  const carry = Math.floor(lo / TWO_32);
  return roundingShift64(xh * reduced + carry, lo - carry * TWO_32, 15 - shift);
}

// ---------------------------------------------------------------------------------------------------------
// TFLITE_SINGLE_ROUNDING variants
// ---------------------------------------------------------------------------------------------------------

/**
 * MultiplyByQuantizedMultiplier(int32 x, ...) as built with TFLITE_SINGLE_ROUNDING:
 *   int32((x * multiplier + 2^(30 - shift)) >> (31 - shift)), one rounding (ties toward +inf).
 * Requires multiplier >= 0 and -31 <= shift <= 30. x * multiplier (< 2^62) is formed exactly as
 * ph * 2^32 + pl: Math.imul gives the low 32 bits, and the high part comes from the split
 * x * multiplier = hi * 2^16 + lo (hi = x * (m >> 16), lo = x * (m & 0xffff), both exact) as
 * ph = floor(hi / 2^16) + (hi mod 2^16 * 2^16 + lo - pl) / 2^32, where the numerator is an exact multiple of 2^32.
 */
export function multiplyByQuantizedMultiplierSingleRounding(x: number, multiplier: number, shift: number): number {
  const pl = Math.imul(x, multiplier) >>> 0;
  const hi = x * (multiplier >> 16);
  const lo = x * (multiplier & 0xffff);
  const hq = Math.floor(hi / TWO_16);
  const ph = hq + ((hi - hq * TWO_16) * TWO_16 + lo - pl) / TWO_32;
  return roundingShift64(ph, pl, 31 - shift);
}

/** MultiplyByQuantizedMultiplierSmallerThanOneExp with TFLITE_SINGLE_ROUNDING (shift <= 0). */
export function multiplyByQuantizedMultiplierSmallerThanOneExpSingleRounding(x: number, multiplier: number, shift: number): number {
  return multiplyByQuantizedMultiplierSingleRounding(x, multiplier, shift);
}

/** MultiplyByQuantizedMultiplierGreaterThanOne with TFLITE_SINGLE_ROUNDING (shift >= 0). */
export function multiplyByQuantizedMultiplierGreaterThanOneSingleRounding(x: number, multiplier: number, shift: number): number {
  return multiplyByQuantizedMultiplierSingleRounding(x, multiplier, shift);
}

/** The int64 overload with TFLITE_SINGLE_ROUNDING: the same code as the default build's. */
export const multiplyByQuantizedMultiplierInt64SingleRounding: (x: number, multiplier: number, shift: number) => number =
  multiplyByQuantizedMultiplierInt64;

/** Signature of the int32 and int64 multiply functions. */
export type MultiplyByQuantizedMultiplierFn = (x: number, multiplier: number, shift: number) => number;

/** The int32 MultiplyByQuantizedMultiplier of a rounding mode (choose once in prepare). */
export function multiplyByQuantizedMultiplierFor(mode: RoundingMode): MultiplyByQuantizedMultiplierFn {
  return mode === 'single' ? multiplyByQuantizedMultiplierSingleRounding : multiplyByQuantizedMultiplier;
}

// ---------------------------------------------------------------------------------------------------------
// Activation ranges (kernel_util.cc / kernel_util.h)
// ---------------------------------------------------------------------------------------------------------

/**
 * kernel_util.cc Quantize(): zero_point + int32(roundf(f / scale)), all in float32. Fails (TF_LITE_ENSURE)
 * unless the rounded quotient is within [float(INT32_MIN), float(INT32_MAX)] = [-2^31, 2^31] (NaN fails).
 * A quotient of exactly 2^31 passes TFLM's check but its int32 cast is undefined in C: x86 (where TFLM's
 * reference outputs are produced) gives INT32_MIN, Arm saturates to INT32_MAX. We follow x86. The final
 * addition wraps like two's complement. (Reachable only with absurd scales, e.g. RELU6 with scale 2^-28.)
 */
function quantizeBound(scale: number, zeroPoint: number, f: number): number {
  // f / scale for float32 operands, computed in double and rounded once to float32, is the correctly rounded
  // float32 quotient (double has more than 2 * 24 + 2 bits), i.e. exactly C's float division.
  const tmp = quantizeRound(Math.fround(f / scale));
  if (!(tmp >= INT32_MIN && tmp <= TWO_31)) {
    throw new TflmError(`activation bound ${f} / scale ${scale} overflows int32`);
  }
  return (zeroPoint + (tmp >= TWO_31 ? INT32_MIN : tmp)) | 0;
}

/**
 * CalculateActivationRangeQuantizedImpl: the quantized clamp range of a fused activation on an output with
 * (float32) `outputScale` and `outputZeroPoint`, intersected with [qmin, qmax]. RELU, RELU6 and RELU_N1_TO_1
 * clamp; every other code (NONE, TANH, SIGN_BIT, ...) gives [qmin, qmax]. No min <= max check (TFLM has none).
 * Throws where TFLM's Quantize() fails (bound / scale not finite or beyond int32, e.g. scale 0).
 */
export function calculateActivationRangeQuantized(
  activation: number,
  outputScale: number,
  outputZeroPoint: number,
  qmin: number,
  qmax: number,
): { min: number; max: number } {
  const scale = Math.fround(outputScale);
  if (activation === ACT_RELU) {
    return { min: Math.max(qmin, quantizeBound(scale, outputZeroPoint, 0)), max: qmax };
  }
  if (activation === ACT_RELU6) {
    return {
      min: Math.max(qmin, quantizeBound(scale, outputZeroPoint, 0)),
      max: Math.min(qmax, quantizeBound(scale, outputZeroPoint, 6)),
    };
  }
  if (activation === ACT_RELU_N1_TO_1) {
    return {
      min: Math.max(qmin, quantizeBound(scale, outputZeroPoint, -1)),
      max: Math.min(qmax, quantizeBound(scale, outputZeroPoint, 1)),
    };
  }
  return { min: qmin, max: qmax };
}

/**
 * CalculateActivationRange<float>: the float clamp range. NONE (and TANH, SIGN_BIT, ...) give
 * [-FLT_MAX, FLT_MAX], not ±Infinity: TFLM's min(max(x, lo), hi) turns ±Infinity into ±FLT_MAX (NaN passes).
 */
export function calculateActivationRangeFloat(activation: number): { min: number; max: number } {
  if (activation === ACT_RELU) return { min: 0, max: FLT_MAX };
  if (activation === ACT_RELU6) return { min: 0, max: 6 };
  if (activation === ACT_RELU_N1_TO_1) return { min: -1, max: 1 };
  return { min: -FLT_MAX, max: FLT_MAX };
}

/** CalculateActivationRange<int32_t> (e.g. int32 ADD/MUL): RELU → [0, INT32_MAX], RELU6 → [0, 6], ... */
export function calculateActivationRangeInt32(activation: number): { min: number; max: number } {
  if (activation === ACT_RELU) return { min: 0, max: INT32_MAX };
  if (activation === ACT_RELU6) return { min: 0, max: 6 };
  if (activation === ACT_RELU_N1_TO_1) return { min: -1, max: 1 };
  return { min: INT32_MIN, max: INT32_MAX };
}

// ---------------------------------------------------------------------------------------------------------
// Convolution / fully-connected multipliers (kernel_util.cc)
// ---------------------------------------------------------------------------------------------------------

/**
 * GetQuantizedConvolutionMultipler (per-tensor), used by FULLY_CONNECTED, BATCH_MATMUL, LSTM and uint8 conv:
 *   double(float(input_scale * filter_scale)) / double(output_scale)
 * Note the product is rounded to FLOAT32 first (unlike the per-channel path). With `biasScale` it is the
 * overload with a bias tensor, which additionally requires
 *   |double(input_scale) * double(filter_scale) - double(bias_scale)| / double(output_scale) <= 0.02.
 * Throws where TF_LITE_ENSURE fails. Scales are float32 values (Math.fround is applied).
 */
export function getQuantizedConvolutionMultiplier(
  inputScale: number,
  filterScale: number,
  outputScale: number,
  biasScale?: number,
): number {
  const inS = Math.fround(inputScale);
  const fS = Math.fround(filterScale);
  const outS = Math.fround(outputScale);
  if (biasScale !== undefined) {
    const scaleDiff = Math.abs(inS * fS - Math.fround(biasScale));
    if (!(scaleDiff / outS <= 0.02)) {
      throw new TflmError(`bias scale ${biasScale} differs from input scale * filter scale ${inS * fS} by more than 2% of the output scale`);
    }
  }
  const inputProductScale = Math.fround(inS * fS);
  if (!(inputProductScale >= 0)) throw new TflmError(`input scale * filter scale ${inputProductScale} is negative`);
  return inputProductScale / outS;
}

/**
 * The per-channel loop of PopulateConvolutionQuantizationParams (and FULLY_CONNECTED's per-channel path):
 *   effective_output_scale = double(input_scale) * double(filter_scale[c]) / double(output_scale)
 * evaluated left to right in DOUBLE from the float32 scales, then QuantizeMultiplier. Writes
 * out.multipliers.length channels; a single filter scale is broadcast (per-tensor filter), as TFLM does.
 */
export function perChannelMultipliers(
  inputScale: number,
  filterScales: ArrayLike<number>,
  outputScale: number,
  out: { multipliers: Int32Array; shifts: Int32Array },
  mode: RoundingMode = 'double',
): void {
  const inS = Math.fround(inputScale);
  const outS = Math.fround(outputScale);
  const n = out.multipliers.length;
  const perChannel = filterScales.length > 1;
  if (perChannel && filterScales.length !== n) {
    throw new TflmError(`${filterScales.length} filter scales for ${n} channels`);
  }
  const single = mode === 'single';
  for (let c = 0; c < n; c++) {
    const fS = Math.fround(perChannel ? filterScales[c]! : filterScales[0]!);
    quantizeMultiplierInto((inS * fS) / outS, single);
    out.multipliers[c] = qmMultiplier;
    out.shifts[c] = qmShift;
  }
}

/**
 * PopulateConvolutionQuantizationParams for int8/int16 inputs: per-channel multipliers and shifts (see
 * perChannelMultipliers) plus the activation range. `qmin`/`qmax` are the output type's limits.
 */
export function populateConvolutionQuantizationParams(p: {
  inputScale: number;
  filterScales: ArrayLike<number>;
  outputScale: number;
  outputZeroPoint: number;
  activation: number;
  qmin: number;
  qmax: number;
  multipliers: Int32Array;
  shifts: Int32Array;
  mode?: RoundingMode;
}): { actMin: number; actMax: number } {
  perChannelMultipliers(p.inputScale, p.filterScales, p.outputScale, p, p.mode ?? 'double');
  const r = calculateActivationRangeQuantized(p.activation, p.outputScale, p.outputZeroPoint, p.qmin, p.qmax);
  return { actMin: r.min, actMax: r.max };
}

// ---------------------------------------------------------------------------------------------------------
// Small integer helpers (common.h)
// ---------------------------------------------------------------------------------------------------------

/** CountLeadingZeros<uint32_t> (32 for 0). Accepts an int32 or uint32 bit pattern. */
export function countLeadingZeros32(x: number): number {
  return Math.clz32(x);
}

/** CountLeadingSignBits<int32_t> (__builtin_clrsb): redundant sign bits below the sign bit; 31 for 0 and -1. */
export function countLeadingSignBits32(x: number): number {
  return Math.clz32(x < 0 ? ~x : x) - 1;
}

/** FloorLog2<int32_t> for n > 0 (TFLM CHECKs n > 0; here n <= 0 returns 31 - 32 = -1 or garbage). */
export function floorLog2(n: number): number {
  return 31 - Math.clz32(n);
}

/** SaturatingAddNonGemmlowp<int32_t>: a + b clamped to int32. */
export function saturatingAddInt32(a: number, b: number): number {
  const s = a + b;
  return s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : s;
}

/** SaturatingSub<int32_t>: a - b clamped to int32. */
export function saturatingSubInt32(a: number, b: number): number {
  const s = a - b;
  return s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : s;
}

/** SaturatingSub<int16_t>: a - b clamped to int16. */
export function saturatingSubInt16(a: number, b: number): number {
  const s = a - b;
  return s > 32767 ? 32767 : s < -32768 ? -32768 : s;
}

/** DownScaleInt32ToInt16Multiplier: round a non-negative Q0.31 multiplier to Q0.15, saturating at 32767. */
export function downScaleInt32ToInt16Multiplier(multiplier: number): number {
  if (multiplier >= INT32_MAX - TWO_15) return 32767;
  return (multiplier + TWO_15) >> 16;
}

// ---------------------------------------------------------------------------------------------------------
// Inverse square root (common.h GetInvSqrtQuantizedMultiplierExp): RSQRT, L2_NORMALIZATION
// ---------------------------------------------------------------------------------------------------------

/**
 * GetInvSqrtQuantizedMultiplierExp(input, reverse_shift): a multiplier/shift pair approximating
 * 1 / sqrt(input) for int32 input >= 0; 0 and 1 give {INT32_MAX, 0}. TFLM's callers pass reverse_shift = -1
 * (kReverseShift), making the shift a left shift like QuantizeMultiplier's. The input is normalized into
 * [2^27, 2^29) by pairs of bits, then five Newton-Raphson steps x <- 1.5 x - (input / 2) x^3 run in Q3.28
 * (x^3 is Q9.22, rescaled by a saturating left shift of 6; the difference is Q6.25, shifted by 3).
 * Writes the multiplier to out[0] and the shift to out[1] (allocation-free: the invoke paths of RSQRT int16
 * and L2_NORMALIZATION int8 call it per element / row with a buffer made in init).
 */
export function getInvSqrtQuantizedMultiplierExpInto(input: number, reverseShift: number, out: Int32Array): void {
  if (input <= 1) {
    out[0] = INT32_MAX;
    out[1] = 0;
    return;
  }
  let shift = 11;
  while (input >= 1 << 29) {
    input = (input / 4) | 0;
    shift++;
  }
  // input < 2^29 here, so clz >= 3 and at least one bit pair is available.
  const leftShiftBitPairs = ((Math.clz32(input) - 1) >>> 1) - 1;
  shift -= leftShiftBitPairs;
  input <<= 2 * leftShiftBitPairs;
  const halfInput = roundingDivideByPOT(input >> 1, 1); // input / 2 in Q3.28
  const halfThree = (1 << 28) + (1 << 27); // 1.5 in Q3.28
  let x = 1 << 28; // 1.0 in Q3.28
  for (let i = 0; i < 5; i++) {
    const x3 = saturatingRoundingMultiplyByPOTParam(
      saturatingRoundingDoublingHighMul(saturatingRoundingDoublingHighMul(x, x), x),
      6,
    );
    x = saturatingRoundingMultiplyByPOTParam(
      (saturatingRoundingDoublingHighMul(halfThree, x) - saturatingRoundingDoublingHighMul(halfInput, x3)) | 0,
      3,
    );
  }
  let multiplier = saturatingRoundingDoublingHighMul(x, 1518500250); // * sqrt(2) / 2 (Q0.31)
  if (shift < 0) {
    multiplier <<= -shift; // C int shift; wraps like the compiled code
    shift = 0;
  }
  out[0] = multiplier;
  out[1] = shift * reverseShift;
}

/** getInvSqrtQuantizedMultiplierExpInto returning a fresh {multiplier, shift} (allocates: not for invoke paths). */
export function getInvSqrtQuantizedMultiplierExp(input: number, reverseShift: number): QuantizedMultiplier {
  const out = new Int32Array(2);
  getInvSqrtQuantizedMultiplierExpInto(input, reverseShift, out);
  return { multiplier: out[0]!, shift: out[1]! };
}

// ---------------------------------------------------------------------------------------------------------
// Softmax preprocessing (quantization_util.cc)
// ---------------------------------------------------------------------------------------------------------

/**
 * PreprocessSoftmaxScaling: QuantizeMultiplierGreaterThanOne(min(beta * input_scale * 2^(31 - input_integer_bits),
 * max)) in double, max = 2^31 - 1 (default build) or 2^30 - 1 (single rounding, which also clamps the shift).
 * `beta`/`inputScale` are the double-converted float32 values TFLM passes. The power of two is C's
 * `1 << (31 - input_integer_bits)` (int), reproduced with JS `<<`.
 */
export function preprocessSoftmaxScaling(
  beta: number,
  inputScale: number,
  inputIntegerBits: number,
  mode: RoundingMode = 'double',
): QuantizedMultiplier {
  const maxRealMultiplier = mode === 'single' ? TWO_30 - 1 : TWO_31 - 1;
  const real = Math.min(beta * inputScale * (1 << (31 - inputIntegerBits)), maxRealMultiplier);
  return mode === 'single' ? quantizeMultiplierGreaterThanOneSingleRounding(real) : quantizeMultiplierGreaterThanOne(real);
}

/**
 * PreprocessLogSoftmaxScalingExp: preprocessSoftmaxScaling plus the reverse scaling
 *   QuantizeMultiplierSmallerThanOneExp((1 << (31 - left_shift)) / double(multiplier)).
 */
export function preprocessLogSoftmaxScalingExp(
  beta: number,
  inputScale: number,
  inputIntegerBits: number,
  mode: RoundingMode = 'double',
): { multiplier: number; shift: number; reverseScalingDivisor: number; reverseScalingLeftShift: number } {
  const m = preprocessSoftmaxScaling(beta, inputScale, inputIntegerBits, mode);
  const r = quantizeMultiplierSmallerThanOneExp((1 << (31 - m.shift)) / m.multiplier);
  return { multiplier: m.multiplier, shift: m.shift, reverseScalingDivisor: r.multiplier, reverseScalingLeftShift: r.shift };
}

/**
 * CalculateInputRadius: floor((2^input_integer_bits - 1) * 2^(total_signed_bits - input_integer_bits)
 * / 2^input_left_shift), in double as TFLM computes it (all factors are exact). Softmax uses -radius as diff_min.
 */
export function calculateInputRadius(inputIntegerBits: number, inputLeftShift: number, totalSignedBits = 31): number {
  const maxInputRescaled =
    (((1 << inputIntegerBits) - 1) * POW2[totalSignedBits - inputIntegerBits]!) / POW2[inputLeftShift]!;
  return Math.floor(maxInputRescaled) | 0;
}
