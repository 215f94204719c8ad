/**
 * Reference SOFTMAX math (reference_ops softmax.h) over the last dimension: float32; int8 input with int8 or
 * int16 output (gemmlowp fixed-point exp and reciprocal); int16 → int16 with TFLM's interpolated lookup
 * tables. Also the int16 LUT generation (common.h LUTPopulate<int16_t>, float flavour).
 */
import { expOnNegativeValues, getReciprocal, reciprocalBitsOverUnit } from './fixedpoint.js';
import { expf } from './libm.js';
import { roundingDivideByPOT, saturatingRoundingDoublingHighMul } from './quantization.js';

/** float32 softmax: max, exp((x - max) * beta) and the sum in float32, then each exp / sum in float32. */
export function softmaxFloat(input: Float32Array, output: Float32Array, outer: number, depth: number, beta: number): void {
  const f = Math.fround;
  const fbeta = f(beta);
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let max = -3.4028234663852886e38;
    for (let c = 0; c < depth; c++) {
      const v = input[base + c]!;
      if (max < v) max = v;
    }
    let sum = 0;
    for (let c = 0; c < depth; c++) {
      // std::exp(float) is glibc's expf.
      const e = expf(f(f(input[base + c]! - max) * fbeta));
      output[base + c] = e;
      sum = f(sum + e);
    }
    for (let c = 0; c < depth; c++) output[base + c] = output[base + c]! / sum;
  }
}

export interface SoftmaxQuantParams {
  inputMultiplier: number;
  inputLeftShift: number;
  /** Input differences below this are treated as exp = 0 (int8 input). */
  diffMin: number;
  /** MultiplyByQuantizedMultiplierGreaterThanOne (int8) or MultiplyByQuantizedMultiplier (int16), per rounding mode. */
  mul: (x: number, multiplier: number, shift: number) => number;
}

/** Q5.26 input to exp, Q12.19 accumulator (kScaledDiffIntegerBits, kAccumulationIntegerBits). */
const SCALED_DIFF_INTEGER_BITS = 5;
const ACCUMULATION_INTEGER_BITS = 12;

/**
 * int8 input, int8 (outputBits 8, zero point -128) or int16 (outputBits 16, zero point -32768) output.
 * Returns false where TFLM's TFLITE_CHECK(0 <= exponent <= 31) aborts (a sum of exps >= 2^(31 - bits - ...)
 * i.e. hundreds of elements equal to the row max).
 */
export function softmaxInt8(
  p: SoftmaxQuantParams,
  input: Int8Array,
  output: Int8Array | Int16Array,
  outer: number,
  depth: number,
  outputBits: number,
): boolean {
  const outMin = outputBits === 8 ? -128 : -32768;
  const outMax = outputBits === 8 ? 127 : 32767;
  const { inputMultiplier, inputLeftShift, diffMin, mul } = p;
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let maxInRow = -128;
    for (let c = 0; c < depth; c++) {
      const v = input[base + c]!;
      if (v > maxInRow) maxInRow = v;
    }
    let sumOfExps = 0;
    for (let c = 0; c < depth; c++) {
      const diff = input[base + c]! - maxInRow;
      if (diff >= diffMin) {
        const e = expOnNegativeValues(mul(diff, inputMultiplier, inputLeftShift), SCALED_DIFF_INTEGER_BITS);
        // Rescale<12> of a Q0.31 value: rounding right shift by 12; the int32 sum wraps as in C.
        sumOfExps = (sumOfExps + roundingDivideByPOT(e, ACCUMULATION_INTEGER_BITS)) | 0;
      }
    }
    const shiftedScale = getReciprocal(sumOfExps);
    const exponent = reciprocalBitsOverUnit(sumOfExps, ACCUMULATION_INTEGER_BITS) + 31 - outputBits;
    if (exponent < 0 || exponent > 31) return false;
    for (let c = 0; c < depth; c++) {
      const diff = input[base + c]! - maxInRow;
      if (diff >= diffMin) {
        const e = expOnNegativeValues(mul(diff, inputMultiplier, inputLeftShift), SCALED_DIFF_INTEGER_BITS);
        const unsat = roundingDivideByPOT(saturatingRoundingDoublingHighMul(shiftedScale, e), exponent);
        const v = unsat + outMin;
        output[base + c] = v > outMax ? outMax : v < outMin ? outMin : v;
      } else {
        output[base + c] = outMin;
      }
    }
  }
  return true;
}

/**
 * common.h LUTLookup for int16: 512 segments selected by the top 9 bits of `value`, linear interpolation on
 * the low 7 bits. The slope is narrowed to int16 and the result to int16, as in C.
 */
function lutLookup16(value: number, lut: Int16Array): number {
  const index = 256 + (value >> 7);
  const offset = value & 0x7f;
  const base = lut[index]!;
  const slope = ((lut[index + 1]! - base) << 16) >> 16;
  const delta = (slope * offset + 64) >> 7;
  return ((base + delta) << 16) >> 16;
}

/**
 * int16 → int16 softmax (SoftmaxInt16): exp(x - max) from the exp LUT (input differences rescaled so that
 * [-65535, 0] covers [-10, 0]), cached in the output row; the sum's reciprocal from the 1/(1 + x) LUT after
 * normalizing the sum; output = exp * reciprocal rounded, clamped to [0, 32767].
 */
export function softmaxInt16(
  p: SoftmaxQuantParams,
  expLut: Int16Array,
  oneOverOnePlusXLut: Int16Array,
  input: Int16Array,
  output: Int16Array,
  outer: number,
  depth: number,
): void {
  const { inputMultiplier, inputLeftShift, mul } = p;
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let maxInRow = -32768;
    for (let c = 0; c < depth; c++) {
      const v = input[base + c]!;
      if (v > maxInRow) maxInRow = v;
    }
    let sumOfExps = 0;
    for (let c = 0; c < depth; c++) {
      const scaled = mul(input[base + c]! - maxInRow, inputMultiplier, inputLeftShift);
      let sym = scaled + 32767;
      sym = sym < -32768 ? -32768 : sym > 32767 ? 32767 : sym;
      const e = lutLookup16(sym, expLut);
      output[base + c] = e;
      sumOfExps = (sumOfExps + e) | 0;
    }
    const headroomPlusOne = Math.clz32(sumOfExps);
    // ((int64(sum) << (headroom_plus_one - 1)) + 2^13) >> 14: the shifted sum is below 2^31, exact in doubles.
    const shiftedSum = Math.floor((sumOfExps * 2 ** (headroomPlusOne - 1) + 8192) / 16384) | 0;
    let symShiftedSum = shiftedSum - 98304;
    symShiftedSum = symShiftedSum < -32768 ? -32768 : symShiftedSum > 32767 ? 32767 : symShiftedSum;
    const reciprocal = lutLookup16(symShiftedSum, oneOverOnePlusXLut);
    const rightShift = 31 - headroomPlusOne;
    const round = 2 ** (rightShift - 1);
    for (let c = 0; c < depth; c++) {
      // exp (<= 32767) * reciprocal (<= 32767) < 2^30: exact.
      const r = Math.floor((output[base + c]! * reciprocal + round) / 2 ** rightShift);
      output[base + c] = r < 0 ? 0 : r > 32767 ? 32767 : r;
    }
  }
}

/** roundf / TfLiteRound on a float32 value (half away from zero). */
function roundf(x: number): number {
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

/**
 * LUTPopulate<int16_t> with float arithmetic (detail::LUTPopulateInt16<float>): 512 samples of `transform`
 * over the input range plus the end point, each sample biased by half the error the interpolation would make
 * at the segment midpoint. Every operation is rounded to float32 as the C++ computes it; `transform` must
 * return a float32 value.
 */
export function lutPopulateInt16(
  inputScale: number,
  inputZeroPoint: number,
  outputScale: number,
  outputZeroPoint: number,
  transform: (x: number) => number,
  lut: Int16Array,
): void {
  const f = Math.fround;
  const inS = f(inputScale);
  const outS = f(outputScale);
  const inputMin = f(inS * (-32768 - inputZeroPoint));
  const inputMax = f(inS * (32767 - inputZeroPoint));
  const outputMin = f(outS * (-32768 - outputZeroPoint));
  const outputMax = f(outS * (32767 - outputZeroPoint));
  const nbSteps = 512;
  const step = f(f(inputMax - inputMin) / nbSteps);
  const halfStep = f(step / 2);
  const outputScalingInv = f(65536 / f(outputMax - outputMin));
  const clamp = (v: number): number => (v < -32768 ? -32768 : v > 32767 ? 32767 : v);
  for (let i = 0; i < nbSteps; i++) {
    const x = f(inputMin + f(i * step));
    const val = transform(x);
    const valMidpoint = transform(f(x + halfStep));
    const valNext = transform(f(inputMin + f((i + 1) * step)));
    const sampleVal = roundf(f(val * outputScalingInv));
    const midpointInterpVal = roundf(f(f(f(valNext * outputScalingInv) + roundf(f(val * outputScalingInv))) / 2));
    const midpointVal = roundf(f(valMidpoint * outputScalingInv));
    const midpointErr = f(midpointInterpVal - midpointVal);
    const bias = roundf(f(midpointErr / 2));
    lut[i] = clamp(f(sampleVal - bias));
  }
  lut[nbSteps] = clamp(roundf(f(transform(inputMax) * outputScalingInv)));
}
