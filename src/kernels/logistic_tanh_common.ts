/**
 * Op data and prepare shared by LOGISTIC and TANH (TFLM's logistic_common.cc and tanh.cc compute the same
 * parameters; the math is in internal/logistic_tanh.ts).
 */
import { TensorType } from '../model/types.js';
import type { KernelContext } from '../runtime/kernel.js';
import { checkedLog2, int16InputScaling, int8ActivationParams, type Int8ActivationParams } from './internal/logistic_tanh.js';
import { multiplyByQuantizedMultiplierFor } from './internal/quantization.js';
import { expectType, quantOrDefault } from './util.js';

export interface LogisticTanhData {
  type: number;
  p: Int8ActivationParams;
  mbqm: (x: number, multiplier: number, shift: number) => number;
}

export function newLogisticTanhData(): LogisticTanhData {
  return {
    type: TensorType.FLOAT32,
    p: { inputZeroPoint: 0, inputRangeRadius: 0, inputMultiplier: 0, inputLeftShift: 0 },
    mbqm: multiplyByQuantizedMultiplierFor('double'),
  };
}

/**
 * The prepare of LOGISTIC and TANH: float32, int8 or int16 input, output of the same type and element count;
 * the interpreter's rounding. int8: the output zero point must be `int8OutputZeroPoint` (null: not checked),
 * then the input's fixed-point parameters. int16: zero points 0, the input scaling (int16InputScaling with the
 * op's power-of-two shifts `int16PotShifts`), output scale 2^-15.
 */
export function prepareLogisticTanh(
  ctx: KernelContext<undefined, LogisticTanhData>,
  int8OutputZeroPoint: number | null,
  int16PotShifts: readonly number[],
): void {
  const input = ctx.input(0);
  const output = ctx.output(0);
  const d = ctx.data;
  expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16);
  expectType(ctx, output, 'output', input.type);
  if (output.elementCount !== input.elementCount) ctx.fail(`output [${output.shape.join(',')}] does not match input [${input.shape.join(',')}]`);
  d.type = input.type;
  d.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
  const inQ = quantOrDefault(input);
  const outQ = quantOrDefault(output);
  if (input.type === TensorType.INT8) {
    if (int8OutputZeroPoint !== null && outQ.zeroPoint !== int8OutputZeroPoint) {
      ctx.fail(`int8 output zero point must be ${int8OutputZeroPoint}, is ${outQ.zeroPoint}`);
    }
    int8ActivationParams(inQ.scale, inQ.zeroPoint, d.p);
  } else if (input.type === TensorType.INT16) {
    if (inQ.zeroPoint !== 0) ctx.fail(`int16 input zero point must be 0, is ${inQ.zeroPoint}`);
    if (outQ.zeroPoint !== 0) ctx.fail(`int16 output zero point must be 0, is ${outQ.zeroPoint}`);
    const s = int16InputScaling(inQ.scale, int16PotShifts);
    d.p.inputMultiplier = s.multiplier;
    d.p.inputLeftShift = s.leftShift;
    const o = checkedLog2(outQ.scale);
    if (!o.pot || o.log2 !== -15) ctx.fail(`int16 output scale must be 2^-15, is ${outQ.scale}`);
  }
}
