import { BuiltinOperator, BuiltinOptions } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { arithmeticOptionsParser, prepareArithmetic, type ArithmeticData, type ArithmeticOptions } from './arithmetic_common.js';
import {
  mulFloatRow,
  mulInt16Row,
  mulInt32Row,
  mulInt8Row,
  type MulQuantParams,
} from './internal/arithmetic.js';
import { newBroadcastPlan, runBroadcast } from './internal/broadcast.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierFor } from './internal/quantization.js';
import { activationRange, quantParams } from './util.js';

interface MulData extends ArithmeticData {
  q: MulQuantParams;
}

/**
 * MUL with broadcasting up to rank 6: float32; int32 (wrapping product, fused activation's int32 range);
 * int8 and int16 (zero points 0) with one output multiplier double(s1) * double(s2) / double(s_out)
 * (mul_common.cc). TFLM micro has no int64 MUL.
 */
export const MUL = defineOp<ArithmeticOptions, MulData>({
  name: 'MUL',
  code: BuiltinOperator.MUL,
  parseOptions: arithmeticOptionsParser(BuiltinOptions.MulOptions),
  init() {
    return {
      kind: TensorType.FLOAT32,
      plan: newBroadcastPlan(),
      q: {
        input1Offset: 0, input2Offset: 0, outputOffset: 0, outputMultiplier: 0, outputShift: 0, actMin: 0, actMax: 0,
        mbqm: multiplyByQuantizedMultiplier,
      },
      clamp: { min: 0, max: 0 },
    };
  },
  prepare(ctx) {
    const { a, b, out } = prepareArithmetic(ctx, false);
    const d = ctx.data;
    if (d.kind === TensorType.INT8 || d.kind === TensorType.INT16) {
      const q = d.q;
      const r = activationRange(ctx, ctx.options.activation, out);
      q.actMin = r.min;
      q.actMax = r.max;
      const aQ = quantParams(ctx, a, 'input1');
      const bQ = quantParams(ctx, b, 'input2');
      const oQ = quantParams(ctx, out, 'output');
      const real = (Math.fround(aQ.scale) * Math.fround(bQ.scale)) / Math.fround(oQ.scale);
      const m = quantizeMultiplierFor(ctx.rounding, real);
      q.outputMultiplier = m.multiplier;
      q.outputShift = m.shift;
      q.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
      q.input1Offset = -aQ.zeroPoint;
      q.input2Offset = -bQ.zeroPoint;
      q.outputOffset = oQ.zeroPoint;
      if (d.kind === TensorType.INT16) {
        if (aQ.zeroPoint !== 0) ctx.fail(`int16 input1 zero point must be 0, is ${aQ.zeroPoint}`);
        if (bQ.zeroPoint !== 0) ctx.fail(`int16 input2 zero point must be 0, is ${bQ.zeroPoint}`);
        if (oQ.zeroPoint !== 0) ctx.fail(`int16 output zero point must be 0, is ${oQ.zeroPoint}`);
      }
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const a = ctx.inputs[0]!.data;
    const b = ctx.inputs[1]!.data;
    const o = ctx.outputs[0]!.data;
    switch (d.kind) {
      case TensorType.INT8:
        runBroadcast(d.plan, mulInt8Row, d.q, a as Int8Array, b as Int8Array, o as Int8Array);
        break;
      case TensorType.INT16:
        runBroadcast(d.plan, mulInt16Row, d.q, a as Int16Array, b as Int16Array, o as Int16Array);
        break;
      case TensorType.FLOAT32:
        runBroadcast(d.plan, mulFloatRow, d.clamp, a as Float32Array, b as Float32Array, o as Float32Array);
        break;
      default:
        runBroadcast(d.plan, mulInt32Row, d.clamp, a as Int32Array, b as Int32Array, o as Int32Array);
    }
  },
});
