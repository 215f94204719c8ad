import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { isQuantized } from './arithmetic_common.js';
import {
  absInt16,
  absInt16Raw,
  absQuantElement,
  lookupInt8,
  UnaryFloat,
  unaryFloat,
  type AbsRsqrtParams,
} from './internal/elementwise.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierFor } from './internal/quantization.js';
import { expectSameShape } from './unary_common.js';
import { expectArity, quantParams, typeRange } from './util.js';

interface AbsData {
  type: number;
  /** int16 without quantization: plain std::abs. */
  raw: boolean;
  p: AbsRsqrtParams;
  /** int8: output for each input value (index value + 128). */
  table: Int8Array;
}

/**
 * ABS (elementwise.cc PrepareAbsRsqrt / AbsEval): float32; int8 (quantized: |v - zp_in| requantized by
 * QuantizeMultiplier(double(float(s_in / s_out))) when the scales differ, plus zp_out, clamped); int16
 * quantized (zero points must be 0) or unquantized (plain abs, -32768 stays -32768 as the C cast wraps).
 */
export const ABS = defineOp<undefined, AbsData>({
  name: 'ABS',
  code: BuiltinOperator.ABS,
  init() {
    return {
      type: TensorType.FLOAT32,
      raw: false,
      p: { inputOffset: 0, outputOffset: 0, multiplier: 0, shift: 0, needsRescale: false, min: 0, max: 0, mbqm: multiplyByQuantizedMultiplier },
      table: new Int8Array(0),
    };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const out = ctx.output(0);
    const d = ctx.data;
    if (out.type !== input.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(input.type)}`);
    if (input.type !== TensorType.FLOAT32 && input.type !== TensorType.INT8 && input.type !== TensorType.INT16)
      ctx.fail(`input type ${tensorTypeName(input.type)} is not supported (FLOAT32, INT8, INT16)`);
    expectSameShape(ctx, input, out, 'count');
    d.type = input.type;
    d.raw = input.type === TensorType.INT16 && !isQuantized(input);
    if (input.type === TensorType.FLOAT32 || d.raw) return;
    const inQ = quantParams(ctx, input, 'input');
    const outQ = quantParams(ctx, out, 'output');
    if (input.type === TensorType.INT16) {
      if (inQ.zeroPoint !== 0) ctx.fail(`int16 input zero point must be 0, is ${inQ.zeroPoint}`);
      if (outQ.zeroPoint !== 0) ctx.fail(`int16 output zero point must be 0, is ${outQ.zeroPoint}`);
    }
    const p = d.p;
    const si = Math.fround(inQ.scale);
    const so = Math.fround(outQ.scale);
    p.inputOffset = inQ.zeroPoint;
    p.outputOffset = outQ.zeroPoint;
    p.needsRescale = si !== so;
    if (p.needsRescale) {
      const m = quantizeMultiplierFor(ctx.rounding, Math.fround(si / so));
      p.multiplier = m.multiplier;
      p.shift = m.shift;
    }
    p.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    const r = typeRange(input.type);
    p.min = r.min;
    p.max = r.max;
    if (input.type === TensorType.INT8) {
      d.table = ctx.persistentInt8(256);
      for (let v = -128; v <= 127; v++) d.table[v + 128] = absQuantElement(p, v);
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const out = ctx.outputs[0]!;
    const n = input.elementCount;
    if (d.type === TensorType.FLOAT32) unaryFloat(UnaryFloat.ABS, input.data as Float32Array, out.data as Float32Array, n);
    else if (d.type === TensorType.INT8) lookupInt8(d.table, input.data as Int8Array, out.data as Int8Array, n);
    else if (d.raw) absInt16Raw(input.data as Int16Array, out.data as Int16Array, n);
    else absInt16(d.p, input.data as Int16Array, out.data as Int16Array, n);
  },
});
