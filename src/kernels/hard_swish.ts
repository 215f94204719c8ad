import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { hardSwishFloat, hardSwishInt8, type HardSwishParams } from './internal/hard_swish.js';
import { downScaleInt32ToInt16Multiplier, quantizeMultiplierFor } from './internal/quantization.js';
import { expectArity, expectType, quantOrDefault } from './util.js';

interface HardSwishData {
  type: number;
  p: HardSwishParams;
}

/** HARD_SWISH: float32 and int8 (TFLM's reference kernel supports exactly these). */
export const HARD_SWISH = defineOp<undefined, HardSwishData>({
  name: 'HARD_SWISH',
  code: BuiltinOperator.HARD_SWISH,
  init() {
    return {
      type: TensorType.FLOAT32,
      p: { inputZeroPoint: 0, outputZeroPoint: 0, reluishMultiplier: 0, reluishExponent: 0, outputMultiplier: 0, outputExponent: 0 },
    };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const d = ctx.data;
    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8);
    expectType(ctx, output, 'output', input.type);
    if (output.elementCount !== input.elementCount) ctx.fail(`output [${output.shape.join(',')}] does not match input [${input.shape.join(',')}]`);
    d.type = input.type;
    if (input.type !== TensorType.INT8) return;
    const f = Math.fround;
    const inQ = quantOrDefault(input);
    const outQ = quantOrDefault(output);
    const p = d.p;
    // int16_t fields in HardSwishParams: the zero points are narrowed.
    p.inputZeroPoint = (inQ.zeroPoint << 16) >> 16;
    p.outputZeroPoint = (outQ.zeroPoint << 16) >> 16;
    // The ratios are computed in float32, then widened to double for QuantizeMultiplier.
    const hiresInputScale = f(f(1 / 128) * f(inQ.scale));
    const reluishScale = f(3 / 32768);
    const om = quantizeMultiplierFor(ctx.rounding, f(hiresInputScale / f(outQ.scale)));
    p.outputMultiplier = downScaleInt32ToInt16Multiplier(om.multiplier);
    p.outputExponent = om.shift;
    if (p.outputExponent > 0) ctx.fail(`output scale ${outQ.scale} is below input scale / 128 (output multiplier exponent ${om.shift} > 0)`);
    const rm = quantizeMultiplierFor(ctx.rounding, f(hiresInputScale / reluishScale));
    p.reluishMultiplier = downScaleInt32ToInt16Multiplier(rm.multiplier);
    p.reluishExponent = rm.shift;
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    if (d.type === TensorType.FLOAT32) hardSwishFloat(input.data as Float32Array, output.data as Float32Array, input.elementCount);
    else hardSwishInt8(d.p, input.data as Int8Array, output.data as Int8Array, input.elementCount);
  },
});
