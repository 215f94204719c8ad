/**
 * reference_ops::CumSum (float and the int8 ArithmeticParams form). The tensor is viewed as
 * [before, depth, after] around the axis; each of the before * after lines along the axis is summed forward,
 * or backward when `reverse`, each output taking the sum before (exclusive) or after (inclusive) adding its
 * own element.
 */

export interface CumSumInt8Params {
  /** -input zero point, output zero point. */
  inputOffset: number;
  outputOffset: number;
  /** kCumSumIntegerShift = 20: inputs are scaled up by 2^20 before rescaling. */
  leftShift: number;
  inputMultiplier: number;
  inputShift: number;
  outputMultiplier: number;
  outputShift: number;
  actMin: number;
  actMax: number;
}

/** Float32: each addition rounded to float32, starting from 0. */
export function cumSumFloat(input: Float32Array, before: number, depth: number, after: number, exclusive: boolean, reverse: boolean, output: Float32Array): void {
  const f = Math.fround;
  const line = depth * after;
  const start = reverse ? (depth - 1) * after : 0;
  const step = reverse ? -after : after;
  for (let b = 0; b < before; b++) {
    for (let a = 0; a < after; a++) {
      let acc = 0;
      for (let k = 0, i = b * line + a + start; k < depth; k++, i += step) {
        if (exclusive) {
          output[i] = acc;
          acc = f(acc + input[i]!);
        } else {
          acc = f(acc + input[i]!);
          output[i] = acc;
        }
      }
    }
  }
}

/**
 * int8: every input becomes (x - zp) * 2^20 scaled by the input multiplier (0.5); sums are int32 (wrapping
 * like the C additions) and start, as TFLM's do, from the scaled input offset (-zp * 2^20 * 0.5), not from 0.
 * Each output is the sum scaled by the output multiplier, offset and clamped. `mbqm` is the rounding mode's
 * MultiplyByQuantizedMultiplierSmallerThanOneExp.
 */
export function cumSumInt8(
  p: CumSumInt8Params,
  input: Int8Array,
  before: number,
  depth: number,
  after: number,
  exclusive: boolean,
  reverse: boolean,
  output: Int8Array,
  mbqm: (x: number, multiplier: number, shift: number) => number,
): void {
  const { inputOffset, outputOffset, inputMultiplier, inputShift, outputMultiplier, outputShift, actMin, actMax } = p;
  const scaleUp = 1 << p.leftShift;
  const line = depth * after;
  const start = reverse ? (depth - 1) * after : 0;
  const step = reverse ? -after : after;
  const initial = mbqm(Math.imul(inputOffset, scaleUp), inputMultiplier, inputShift);
  for (let b = 0; b < before; b++) {
    for (let a = 0; a < after; a++) {
      let acc = initial;
      for (let k = 0, i = b * line + a + start; k < depth; k++, i += step) {
        const scaled = mbqm(Math.imul(inputOffset + input[i]!, scaleUp), inputMultiplier, inputShift);
        let sum: number;
        if (exclusive) {
          sum = acc;
          acc = (acc + scaled) | 0;
        } else {
          acc = (acc + scaled) | 0;
          sum = acc;
        }
        let v = mbqm(sum, outputMultiplier, outputShift) + outputOffset;
        v = v < actMin ? actMin : v;
        output[i] = v > actMax ? actMax : v;
      }
    }
  }
}
