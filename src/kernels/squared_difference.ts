import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import type { BroadcastPlan } from './internal/binary_broadcast.js';
import {
  squaredDifferenceFloat,
  squaredDifferenceInt32,
  squaredDifferenceQuant,
  type SquaredDifferenceParams,
} from './internal/binary_math.js';
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierFor,
  quantizeMultiplierFor,
  quantizeMultiplierSmallerThanOneExp,
} from './internal/quantization.js';
import { binaryPlan } from './comparison_common.js';
import { expectArity, quantOrDefault, typeRange } from './util.js';

interface SquaredDifferenceData {
  type: number;
  plan: BroadcastPlan | null;
  q: SquaredDifferenceParams;
}

/**
 * SQUARED_DIFFERENCE (squared_difference.cc): (a - b)^2 with broadcasting; float32, int32 (wrapping), int8 and
 * int16. Quantized inputs are rescaled like ADD's (left shift 7 for int8, 0 for int16; multipliers
 * s_i / (2 max(s1, s2))), the raw difference squared, then QuantizeMultiplier((2 max)^2 / (2^(2 ls) s_out))
 * brings it to the output. int8 zero points must lie in [-128, 127], int16 ones must be 0 (TFLM's checks).
 */
export const SQUARED_DIFFERENCE = defineOp<undefined, SquaredDifferenceData>({
  name: 'SQUARED_DIFFERENCE',
  code: BuiltinOperator.SQUARED_DIFFERENCE,
  init() {
    return {
      type: TensorType.FLOAT32,
      plan: null,
      q: {
        input1Offset: 0, input2Offset: 0, outputOffset: 0, leftShift: 0, input1Multiplier: 0, input1Shift: 0,
        input2Multiplier: 0, input2Shift: 0, outputMultiplier: 0, outputShift: 0, min: 0, max: 0, mbqm: multiplyByQuantizedMultiplier,
      },
    };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const a = ctx.input(0);
    const b = ctx.input(1);
    const out = ctx.output(0);
    const d = ctx.data;
    if (b.type !== a.type) ctx.fail(`input2 type ${tensorTypeName(b.type)} differs from input1 type ${tensorTypeName(a.type)}`);
    if (out.type !== a.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(a.type)}`);
    const supported = [TensorType.FLOAT32, TensorType.INT32, TensorType.INT8, TensorType.INT16] as number[];
    if (!supported.includes(a.type))
      ctx.fail(`SquaredDifference only supports FLOAT32, INT32, INT16 and INT8, got ${tensorTypeName(a.type)}`);
    d.type = a.type;
    if (a.type === TensorType.INT8 || a.type === TensorType.INT16) {
      const q1 = quantOrDefault(a);
      const q2 = quantOrDefault(b);
      const qo = quantOrDefault(out);
      const range = typeRange(a.type);
      for (const [zp, what] of [[q1.zeroPoint, 'input1'], [q2.zeroPoint, 'input2'], [qo.zeroPoint, 'output']] as const) {
        if (a.type === TensorType.INT8 && (zp < range.min || zp > range.max))
          ctx.fail(`${what} zero point ${zp} is outside [${range.min}, ${range.max}]`);
        if (a.type === TensorType.INT16 && zp !== 0) ctx.fail(`int16 ${what} zero point must be 0, is ${zp}`);
      }
      const f = Math.fround;
      const s1 = f(q1.scale);
      const s2 = f(q2.scale);
      const so = f(qo.scale);
      const q = d.q;
      q.input1Offset = -q1.zeroPoint;
      q.input2Offset = -q2.zeroPoint;
      q.outputOffset = qo.zeroPoint;
      q.leftShift = a.type === TensorType.INT8 ? 7 : 0;
      const twiceMaxInputScale = 2 * Math.max(s1, s2);
      // (1 << left_shift * 2) * output_scale is an int times a float: a float product.
      const realOutput = (twiceMaxInputScale * twiceMaxInputScale) / f((1 << (q.leftShift * 2)) * so);
      const m1 = quantizeMultiplierSmallerThanOneExp(s1 / twiceMaxInputScale);
      const m2 = quantizeMultiplierSmallerThanOneExp(s2 / twiceMaxInputScale);
      const mo = quantizeMultiplierFor(ctx.rounding, realOutput);
      q.input1Multiplier = m1.multiplier;
      q.input1Shift = m1.shift;
      q.input2Multiplier = m2.multiplier;
      q.input2Shift = m2.shift;
      q.outputMultiplier = mo.multiplier;
      q.outputShift = mo.shift;
      q.min = range.min;
      q.max = range.max;
      q.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    }
    d.plan = binaryPlan(ctx, a, b, out);
  },
  invoke(ctx) {
    const d = ctx.data;
    const a = ctx.inputs[0]!.data;
    const b = ctx.inputs[1]!.data;
    const out = ctx.outputs[0]!.data;
    if (d.type === TensorType.FLOAT32) squaredDifferenceFloat(a as Float32Array, b as Float32Array, out as Float32Array, d.plan!);
    else if (d.type === TensorType.INT32) squaredDifferenceInt32(a as Int32Array, b as Int32Array, out as Int32Array, d.plan!);
    else squaredDifferenceQuant(d.q, a as Int8Array, b as Int8Array, out as Int8Array, d.plan!);
  },
});
