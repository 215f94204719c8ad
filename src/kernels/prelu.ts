import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { prepareBroadcast } from './arithmetic_common.js';
import { newBroadcastPlan, runBroadcast, type BroadcastPlan } from './internal/broadcast.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierFor } from './internal/quantization.js';
import { preluFloatRow, preluQuantRow, type PreluQuantParams } from './internal/relu.js';
import { expectArity, quantParams, typeRange } from './util.js';

interface PreluData {
  kind: number;
  plan: BroadcastPlan;
  p: PreluQuantParams;
}

/**
 * PRELU (input 0, alpha 1) with broadcasting between input and alpha: float32 (rank <= 4, as TFLM's
 * BroadcastPrelu4DSlowFloat); int8 with int8 alpha and int16 with int8 alpha (rank <= 6), with the multipliers
 * double(s_in) / double(s_out) for x >= 0 and double(s_in) * double(s_alpha) / double(s_out) for x < 0
 * (prelu_common.cc).
 */
export const PRELU = defineOp<undefined, PreluData>({
  name: 'PRELU',
  code: BuiltinOperator.PRELU,
  init() {
    return {
      kind: TensorType.FLOAT32,
      plan: newBroadcastPlan(),
      p: {
        inputOffset: 0, alphaOffset: 0, outputOffset: 0, multiplier1: 0, shift1: 0, multiplier2: 0, shift2: 0,
        qmin: 0, qmax: 0, mbqm: multiplyByQuantizedMultiplier,
      },
    };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const input = ctx.input(0);
    const alpha = ctx.input(1);
    const output = ctx.output(0);
    const d = ctx.data;
    d.kind = input.type;
    const alphaType = input.type === TensorType.FLOAT32 ? TensorType.FLOAT32 : TensorType.INT8;
    if (input.type !== TensorType.FLOAT32 && input.type !== TensorType.INT8 && input.type !== TensorType.INT16)
      ctx.fail(`input has type ${tensorTypeName(input.type)}; expected FLOAT32, INT8 or INT16`);
    if (output.type !== input.type) ctx.fail(`output has type ${tensorTypeName(output.type)}; expected ${tensorTypeName(input.type)}`);
    if (alpha.type !== alphaType) ctx.fail(`alpha has type ${tensorTypeName(alpha.type)}; expected ${tensorTypeName(alphaType)}`);
    if (d.kind === TensorType.FLOAT32) {
      for (const [t, what] of [[input, 'input'], [alpha, 'alpha'], [output, 'output']] as const)
        if (t.shape.length > 4) ctx.fail(`float32 ${what} has rank ${t.shape.length}; at most 4 is supported`);
    }
    prepareBroadcast(ctx, input, alpha, output, d.plan, ['input', 'alpha']);
    if (d.kind === TensorType.FLOAT32) return;
    const inQ = quantParams(ctx, input, 'input');
    const aQ = quantParams(ctx, alpha, 'alpha');
    const outQ = quantParams(ctx, output, 'output');
    const si = Math.fround(inQ.scale);
    const sa = Math.fround(aQ.scale);
    const so = Math.fround(outQ.scale);
    const p = d.p;
    const m1 = quantizeMultiplierFor(ctx.rounding, si / so);
    const m2 = quantizeMultiplierFor(ctx.rounding, (si * sa) / so);
    p.multiplier1 = m1.multiplier;
    p.shift1 = m1.shift;
    p.multiplier2 = m2.multiplier;
    p.shift2 = m2.shift;
    p.inputOffset = -inQ.zeroPoint;
    p.alphaOffset = -aQ.zeroPoint;
    p.outputOffset = outQ.zeroPoint;
    p.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    const range = typeRange(d.kind);
    p.qmin = range.min;
    p.qmax = range.max;
  },
  invoke(ctx) {
    const d = ctx.data;
    const a = ctx.inputs[0]!.data;
    const b = ctx.inputs[1]!.data;
    const o = ctx.outputs[0]!.data;
    if (d.kind === TensorType.FLOAT32) runBroadcast(d.plan, preluFloatRow, null, a as Float32Array, b as Float32Array, o as Float32Array);
    else runBroadcast(d.plan, preluQuantRow, d.p, a as Int8Array | Int16Array, b as Int8Array, o as Int8Array | Int16Array);
  },
});
