import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import {
  checkedLog2,
  int16InputScaling,
  int8ActivationParams,
  tanhFloat,
  tanhInt16,
  tanhInt8,
  type Int8ActivationParams,
} from './internal/logistic_tanh.js';
import { multiplyByQuantizedMultiplierFor } from './internal/quantization.js';
import { expectArity, expectType, quantOrDefault } from './util.js';

interface TanhData {
  type: number;
  p: Int8ActivationParams;
  mbqm: (x: number, multiplier: number, shift: number) => number;
}

/**
 * TANH: float32; int8 in gemmlowp fixed point (output read as Q0.7: scale 1/128, zero point 0 by
 * convention; TFLM does not check it); int16 (zero points 0, output scale 2^-15) with TFLM's interpolated
 * sigmoid table.
 */
export const TANH = defineOp<undefined, TanhData>({
  name: 'TANH',
  code: BuiltinOperator.TANH,
  init() {
    return {
      type: TensorType.FLOAT32,
      p: { inputZeroPoint: 0, inputRangeRadius: 0, inputMultiplier: 0, inputLeftShift: 0 },
      mbqm: multiplyByQuantizedMultiplierFor('double'),
    };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
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
      int8ActivationParams(inQ.scale, inQ.zeroPoint, d.p);
    } else if (input.type === TensorType.INT16) {
      if (inQ.zeroPoint !== 0) ctx.fail(`int16 input zero point must be 0, is ${inQ.zeroPoint}`);
      if (outQ.zeroPoint !== 0) ctx.fail(`int16 output zero point must be 0, is ${outQ.zeroPoint}`);
      const s = int16InputScaling(inQ.scale, [0, 1]);
      d.p.inputMultiplier = s.multiplier;
      d.p.inputLeftShift = s.leftShift;
      const o = checkedLog2(outQ.scale);
      if (!o.pot || o.log2 !== -15) ctx.fail(`int16 output scale must be 2^-15, is ${outQ.scale}`);
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    const n = input.elementCount;
    if (d.type === TensorType.FLOAT32) tanhFloat(input.data as Float32Array, output.data as Float32Array, n);
    else if (d.type === TensorType.INT8) tanhInt8(d.p, d.mbqm, input.data as Int8Array, output.data as Int8Array, n);
    else tanhInt16(d.p.inputMultiplier, d.p.inputLeftShift, input.data as Int16Array, output.data as Int16Array, n);
  },
});
