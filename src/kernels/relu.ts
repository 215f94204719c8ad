import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { expectSameTypes } from './arithmetic_common.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierFor, quantizeRound, INT32_MIN } from './internal/quantization.js';
import { lookupInt8, reluFloat, reluInt16, reluQuantElement, type ReluQuantParams } from './internal/relu.js';
import { expectArity, quantParams, typeRange } from './util.js';

interface ReluData {
  kind: number;
  p: ReluQuantParams;
  /** int8: the output for each input value (index value + 128). */
  lut: Int8Array;
}

/**
 * RELU: float32 (x < 0 ? 0 : x); int8 and int16 (zero points 0) requantize from the input to the output scale
 * with QuantizeMultiplier(double(float(s_in / s_out))) and clamp below at the output zero point
 * (activations_common.cc CalculateReluOpData / ReluQuantized).
 */
export const RELU = defineOp<undefined, ReluData>({
  name: 'RELU',
  code: BuiltinOperator.RELU,
  init() {
    return {
      kind: TensorType.FLOAT32,
      p: { inputOffset: 0, outputOffset: 0, outputMultiplier: 0, outputShift: 0, actMin: 0, actMax: 0, mbqm: multiplyByQuantizedMultiplier },
      lut: new Int8Array(0),
    };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const d = ctx.data;
    d.kind = expectSameTypes(ctx, [[input, 'input'], [output, 'output']], [TensorType.FLOAT32, TensorType.INT8, TensorType.INT16]);
    if (output.elementCount !== input.elementCount)
      ctx.fail(`output [${output.shape.join(',')}] does not match input [${input.shape.join(',')}]`);
    if (d.kind === TensorType.FLOAT32) return;
    const inQ = quantParams(ctx, input, 'input');
    const outQ = quantParams(ctx, output, 'output');
    if (d.kind === TensorType.INT16) {
      if (inQ.zeroPoint !== 0) ctx.fail(`int16 input zero point must be 0, is ${inQ.zeroPoint}`);
      if (outQ.zeroPoint !== 0) ctx.fail(`int16 output zero point must be 0, is ${outQ.zeroPoint}`);
    }
    const p = d.p;
    const so = Math.fround(outQ.scale);
    const m = quantizeMultiplierFor(ctx.rounding, Math.fround(Math.fround(inQ.scale) / so));
    p.outputMultiplier = m.multiplier;
    p.outputShift = m.shift;
    p.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    const range = typeRange(d.kind);
    // act_min = max(T_min, zp + int32(roundf(0.0f / scale))); act_max = T_max (act_max is +infinity).
    const zeroQ = Math.fround(0 / so);
    const zeroInt = Number.isNaN(zeroQ) ? INT32_MIN : quantizeRound(zeroQ); // x86 cvttss2si of NaN
    p.actMin = Math.max(range.min, (outQ.zeroPoint + zeroInt) | 0);
    p.actMax = range.max;
    p.inputOffset = inQ.zeroPoint;
    p.outputOffset = outQ.zeroPoint;
    if (d.kind === TensorType.INT8) {
      if (d.lut.length !== 256) d.lut = new Int8Array(256);
      for (let v = -128; v < 128; v++) d.lut[v + 128] = reluQuantElement(p, v);
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    const n = input.elementCount;
    if (d.kind === TensorType.INT8) lookupInt8(d.lut, input.data as Int8Array, output.data as Int8Array, n);
    else if (d.kind === TensorType.INT16) reluInt16(d.p, input.data as Int16Array, output.data as Int16Array, n);
    else reluFloat(input.data as Float32Array, output.data as Float32Array, n);
  },
});
