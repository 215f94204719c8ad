/**
 * LOG_SOFTMAX math (reference/log_softmax.h), bit-exact, over rows of `depth` elements (the last dimension).
 *
 *  - float32: x - max - log(sum exp(x - max)) in float, with glibc's expf and logf.
 *  - int8 (LogSoftmaxQuantized): differences from the row max, rescaled to Q5.26 by the input multiplier,
 *    exponentiated with gemmlowp's exp_on_negative_values and summed in Q12.19; the log of the sum (Q5.26,
 *    log_x_for_x_greater_than_or_equal_to_1) is subtracted and the result brought to the output's fixed
 *    scale 16/256, zero point 127. Differences below diff_min (or below the adjusted minimum after the log)
 *    give -128.
 * Nothing here allocates.
 */
import { expOnNegativeValues, logXForXGreaterThanOrEqualTo1, rescale } from './fixedpoint.js';
import { expf } from './libm.js';
import { logf } from './libm_trig_log.js';
import { INT32_MIN, roundingDivideByPOT, type MultiplyByQuantizedMultiplierFn } from './quantization.js';

const f = Math.fround;
/** -FLT_MAX: std::numeric_limits<float>::lowest(). */
const FLOAT_LOWEST = -3.4028234663852886e38;

export function logSoftmaxFloat(input: Float32Array, output: Float32Array, outer: number, depth: number): void {
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let max = FLOAT_LOWEST;
    for (let c = 0; c < depth; c++) {
      const v = input[base + c]!;
      max = max < v ? v : max; // std::max(max, v)
    }
    let sum = 0;
    for (let c = 0; c < depth; c++) sum = f(sum + expf(f(input[base + c]! - max)));
    const logSum = logf(sum);
    for (let c = 0; c < depth; c++) output[base + c] = f(input[base + c]! - max) - logSum;
  }
}

/** LogSoftmaxOpData / SoftmaxParams of the int8 path. */
export interface LogSoftmaxQuantParams {
  inputMultiplier: number;
  inputLeftShift: number;
  reverseScalingDivisor: number;
  /** The (non-positive) shift MultiplyByQuantizedMultiplier applies with the reverse scaling divisor. */
  reverseScalingShift: number;
  diffMin: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

const INPUT_INTEGER_BITS = 5;
const ACCUMULATION_INTEGER_BITS = 12;
const OUTPUT_INTEGER_BITS = 4;

export function logSoftmaxInt8(p: LogSoftmaxQuantParams, input: Int8Array, output: Int8Array, outer: number, depth: number): void {
  const mbqm = p.mbqm;
  const mult = p.inputMultiplier;
  const shift = p.inputLeftShift;
  const diffMin = p.diffMin;
  for (let i = 0; i < outer; i++) {
    const base = i * depth;
    let maxInRow = -128;
    for (let c = 0; c < depth; c++) {
      const v = input[base + c]!;
      if (v > maxInRow) maxInRow = v;
    }
    let sumOfExps = 0; // Q12.19
    for (let c = 0; c < depth; c++) {
      const diff = input[base + c]! - maxInRow;
      if (diff >= diffMin) {
        const diffQ5 = mbqm(diff, mult, shift);
        sumOfExps = (sumOfExps + rescale(expOnNegativeValues(diffQ5, INPUT_INTEGER_BITS), 0, ACCUMULATION_INTEGER_BITS)) | 0;
      }
    }
    const logSumQ5 = logXForXGreaterThanOrEqualTo1(sumOfExps, INPUT_INTEGER_BITS, ACCUMULATION_INTEGER_BITS);
    const shiftedLogSum = (logSumQ5 + INT32_MIN) | 0;
    const scaledMin = mbqm(shiftedLogSum, p.reverseScalingDivisor, p.reverseScalingShift);
    const adjustedDiffMin = diffMin - 1 > scaledMin ? diffMin - 1 : scaledMin;
    for (let c = 0; c < depth; c++) {
      const diff = input[base + c]! - maxInRow;
      if (diff > adjustedDiffMin) {
        const diffQ5 = mbqm(diff, mult, shift);
        let r = roundingDivideByPOT((diffQ5 - logSumQ5) | 0, 31 - INPUT_INTEGER_BITS - OUTPUT_INTEGER_BITS) + 127;
        r = r > 127 ? 127 : r < -128 ? -128 : r;
        output[base + c] = r;
      } else {
        output[base + c] = -128;
      }
    }
  }
}
