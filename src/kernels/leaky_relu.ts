import { BuiltinOperator, BuiltinOptions } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { expectSameTypes } from './arithmetic_common.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierFor } from './internal/quantization.js';
import {
  leakyReluFloat,
  leakyReluInt16,
  leakyReluQuantElement,
  lookupInt8,
  type LeakyReluQuantParams,
} from './internal/relu.js';
import { expectArity, quantParams, typeRange } from './util.js';

export interface LeakyReluOptions {
  /** float32 value. */
  alpha: number;
}

interface LeakyReluData {
  kind: number;
  p: LeakyReluQuantParams;
  /** int8: the output for each input value (index value + 128). */
  lut: Int8Array;
}

/**
 * LEAKY_RELU: float32 (x > 0 ? x : x * alpha); int8 and int16 with two multipliers computed in float as
 * leaky_relu_common.cc does: alpha: double(float(float(s_in * alpha) / s_out)), identity: double(float(s_in / s_out)).
 * Negative alpha is supported (the multiplier keeps its sign; the kernel negates around a positive multiply).
 */
export const LEAKY_RELU = defineOp<LeakyReluOptions, LeakyReluData>({
  name: 'LEAKY_RELU',
  code: BuiltinOperator.LEAKY_RELU,
  parseOptions(t, _custom, node) {
    // LeakyReluOptions.alpha (field 0, default 0); TFLM leaves alpha 0 when the options are absent.
    const o = t && node.builtinOptionsType === BuiltinOptions.LeakyReluOptions ? t : null;
    return { alpha: o ? o.float32(0, 0) : 0 };
  },
  init() {
    return {
      kind: TensorType.FLOAT32,
      p: {
        inputZeroPoint: 0, outputZeroPoint: 0, alphaMultiplier: 0, alphaShift: 0, identityMultiplier: 0, identityShift: 0,
        qmin: 0, qmax: 0, mbqm: multiplyByQuantizedMultiplier,
      },
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
    const f = Math.fround;
    const inQ = quantParams(ctx, input, 'input');
    const outQ = quantParams(ctx, output, 'output');
    const p = d.p;
    p.inputZeroPoint = inQ.zeroPoint;
    p.outputZeroPoint = outQ.zeroPoint;
    const si = f(inQ.scale);
    const so = f(outQ.scale);
    const alpha = f(ctx.options.alpha);
    const ma = quantizeMultiplierFor(ctx.rounding, f(f(si * alpha) / so));
    const mi = quantizeMultiplierFor(ctx.rounding, f(si / so));
    p.alphaMultiplier = ma.multiplier;
    p.alphaShift = ma.shift;
    p.identityMultiplier = mi.multiplier;
    p.identityShift = mi.shift;
    p.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    const range = typeRange(d.kind);
    p.qmin = range.min;
    p.qmax = range.max;
    if (d.kind === TensorType.INT8) {
      if (d.lut.length !== 256) d.lut = new Int8Array(256);
      for (let v = -128; v < 128; v++) d.lut[v + 128] = leakyReluQuantElement(p, v);
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    const n = input.elementCount;
    if (d.kind === TensorType.INT8) lookupInt8(d.lut, input.data as Int8Array, output.data as Int8Array, n);
    else if (d.kind === TensorType.INT16) leakyReluInt16(d.p, input.data as Int16Array, output.data as Int16Array, n);
    else leakyReluFloat(Math.fround(ctx.options.alpha), input.data as Float32Array, output.data as Float32Array, n);
  },
});
