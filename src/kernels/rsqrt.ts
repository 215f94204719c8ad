import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { isQuantized } from './arithmetic_common.js';
import { rsqrtInt16, rsqrtInt8, rsqrtQuantElement, UnaryFloat, unaryFloat, type AbsRsqrtParams } from './internal/elementwise.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierFor } from './internal/quantization.js';
import { expectSameShape } from './unary_common.js';
import { expectArity, quantParams, typeRange } from './util.js';

interface RsqrtData {
  type: number;
  p: AbsRsqrtParams;
  /** int8: output for each input value >= zp_in (index value + 128). */
  table: Int8Array;
  /** GetInvSqrtQuantizedMultiplierExp's multiplier and shift for the current element (no allocation at invoke). */
  inv: Int32Array;
}

/**
 * RSQRT (elementwise.cc PrepareAbsRsqrt / RsqrtEval): float32 (1.f / sqrtf(x)), int8, and int16 (quantized,
 * zero points 0). The quantized output multiplier is QuantizeMultiplier(1 / double(sqrtf(s_in) * s_out));
 * each value goes through GetInvSqrtQuantizedMultiplierExp (see rsqrtQuantElement). An input below the input
 * zero point (a negative real value) fails at invoke, as TFLM's per-element validation does ("Rsqrt is only
 * defined for positive values").
 *
 * About int16: elementwise.cc's `IsRsqrtSupportedType` (float32, int8) is never called: PrepareAbsRsqrt's
 * `IsSupportedType(input->type)` names the function-pointer typedef, not the template argument, so it is a
 * cast of the type enum to a pointer, false only for kTfLiteNoType. TFLM therefore prepares and runs int16
 * RSQRT (its elementwise_test has RsqrtInt16), and so do we. Unquantized int16 would run on uninitialized
 * op data in TFLM; we reject it.
 */
export const RSQRT = defineOp<undefined, RsqrtData>({
  name: 'RSQRT',
  code: BuiltinOperator.RSQRT,
  init() {
    return {
      type: TensorType.FLOAT32,
      p: { inputOffset: 0, outputOffset: 0, multiplier: 0, shift: 0, needsRescale: true, min: 0, max: 0, mbqm: multiplyByQuantizedMultiplier },
      table: new Int8Array(0),
      inv: new Int32Array(2),
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
    if (input.type === TensorType.INT16 && !isQuantized(input)) ctx.fail('unquantized int16 input is not supported');
    expectSameShape(ctx, input, out, 'count');
    d.type = input.type;
    if (input.type === TensorType.FLOAT32) return;
    const inQ = quantParams(ctx, input, 'input');
    const outQ = quantParams(ctx, out, 'output');
    if (input.type === TensorType.INT16) {
      if (inQ.zeroPoint !== 0) ctx.fail(`int16 input zero point must be 0, is ${inQ.zeroPoint}`);
      if (outQ.zeroPoint !== 0) ctx.fail(`int16 output zero point must be 0, is ${outQ.zeroPoint}`);
    }
    const f = Math.fround;
    const p = d.p;
    p.inputOffset = inQ.zeroPoint;
    p.outputOffset = outQ.zeroPoint;
    // SetRsqrtOutputMultiplier: 1. / static_cast<double>(std::sqrt(input_scale) * output_scale), float inside.
    const real = 1 / f(f(Math.sqrt(f(inQ.scale))) * f(outQ.scale));
    const m = quantizeMultiplierFor(ctx.rounding, real);
    p.multiplier = m.multiplier;
    p.shift = m.shift;
    p.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    const r = typeRange(input.type);
    p.min = r.min;
    p.max = r.max;
    if (input.type === TensorType.INT16) return;
    d.table = ctx.persistentInt8(256);
    for (let v = Math.max(-128, p.inputOffset); v <= 127; v++) d.table[v + 128] = rsqrtQuantElement(p, v, d.inv);
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
    const bad =
      d.type === TensorType.INT8
        ? rsqrtInt8(d.table, d.p.inputOffset, input.data as Int8Array, out.data as Int8Array, n)
        : rsqrtInt16(d.p, input.data as Int16Array, out.data as Int16Array, n, d.inv);
    if (bad >= 0) ctx.fail(`Rsqrt is only defined for positive values (input[${bad}] = ${input.data[bad]} < zero point ${d.p.inputOffset})`);
  },
});
