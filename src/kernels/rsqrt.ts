import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { guard } from './arithmetic_common.js';
import { rsqrtInt8, rsqrtQuantElement, UnaryFloat, unaryFloat, type AbsRsqrtParams } from './internal/elementwise.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierFor } from './internal/quantization.js';
import { expectSameShape } from './unary_common.js';
import { expectArity, quantParams, typeRange } from './util.js';

interface RsqrtData {
  type: number;
  p: AbsRsqrtParams;
  /** int8: output for each input value >= zp_in (index value + 128). */
  table: Int8Array;
}

/**
 * RSQRT (elementwise.cc PrepareAbsRsqrt / RsqrtEval): float32 (1.f / sqrtf(x)) and int8. The int8 output
 * multiplier is QuantizeMultiplier(1 / double(sqrtf(s_in) * s_out)); each value goes through
 * GetInvSqrtQuantizedMultiplierExp (see rsqrtQuantElement). An int8 input below the input zero point (a
 * negative real value) fails at invoke, as TFLM's per-element validation does ("Rsqrt is only defined for
 * positive values"). int16 is rejected in prepare, as TFLM's IsRsqrtSupportedType does (its Eval has an
 * int16 branch that prepare never lets through).
 */
export const RSQRT = defineOp<undefined, RsqrtData>({
  name: 'RSQRT',
  code: BuiltinOperator.RSQRT,
  init() {
    return {
      type: TensorType.FLOAT32,
      p: { inputOffset: 0, outputOffset: 0, multiplier: 0, shift: 0, needsRescale: true, min: 0, max: 0, mbqm: multiplyByQuantizedMultiplier },
      table: new Int8Array(0),
    };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const out = ctx.output(0);
    const d = ctx.data;
    if (out.type !== input.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(input.type)}`);
    if (input.type !== TensorType.FLOAT32 && input.type !== TensorType.INT8)
      ctx.fail(`input type ${tensorTypeName(input.type)} is not supported (FLOAT32, INT8)`);
    expectSameShape(ctx, input, out, 'count');
    d.type = input.type;
    if (input.type === TensorType.FLOAT32) return;
    const inQ = quantParams(ctx, input, 'input');
    const outQ = quantParams(ctx, out, 'output');
    const f = Math.fround;
    const p = d.p;
    p.inputOffset = inQ.zeroPoint;
    p.outputOffset = outQ.zeroPoint;
    // SetRsqrtOutputMultiplier: 1. / static_cast<double>(std::sqrt(input_scale) * output_scale), float inside.
    const real = 1 / f(f(Math.sqrt(f(inQ.scale))) * f(outQ.scale));
    const m = guard(ctx, () => quantizeMultiplierFor(ctx.rounding, real));
    p.multiplier = m.multiplier;
    p.shift = m.shift;
    p.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    const r = typeRange(input.type);
    p.min = r.min;
    p.max = r.max;
    d.table = ctx.persistentInt8(256);
    for (let v = Math.max(-128, p.inputOffset); v <= 127; v++) d.table[v + 128] = rsqrtQuantElement(p, v);
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const out = ctx.outputs[0]!;
    const n = input.elementCount;
    if (d.type === TensorType.FLOAT32) {
      unaryFloat(UnaryFloat.RSQRT, input.data as Float32Array, out.data as Float32Array, n);
      return;
    }
    const bad = rsqrtInt8(d.table, d.p.inputOffset, input.data as Int8Array, out.data as Int8Array, n);
    if (bad >= 0) ctx.fail(`Rsqrt is only defined for positive values (input[${bad}] = ${(input.data as Int8Array)[bad]} < zero point ${d.p.inputOffset})`);
  },
});
