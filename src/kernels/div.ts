import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type KernelContext } from '../runtime/kernel.js';
import { planBroadcast, sameExtendedShape, type BroadcastPlan } from './internal/binary_broadcast.js';
import {
  divFloat,
  divInt32,
  divInt8,
  multiplyByQuantizedMultiplierSingleRoundingX86,
  multiplyByQuantizedMultiplierSmallerThanOneExpX86,
  type QuantizedDivParams,
} from './internal/div.js';
import {
  calculateActivationRangeFloat,
  calculateActivationRangeInt32,
  multiplyByQuantizedMultiplierGreaterThanOne,
  quantizeMultiplierFor,
} from './internal/quantization.js';
import { activationRange, expectArity, flatSize, quantParams, readActivation } from './util.js';

export interface DivOptions {
  activation: number;
}

interface DivData {
  plan: BroadcastPlan | null;
  q: QuantizedDivParams;
}

type Ctx = KernelContext<DivOptions, DivData>;

/**
 * DIV (TFLM div.cc): float32 and int32 (unquantized), int8 (quantized, via the reciprocal of the divisor),
 * with broadcasting and a fused activation. int16 and uint8 are rejected, as TFLM's Eval does.
 */
export const DIV = defineOp<DivOptions, DivData>({
  name: 'DIV',
  code: BuiltinOperator.DIV,
  parseOptions(t) {
    return { activation: readActivation(t, 0) };
  },
  init() {
    return {
      plan: null,
      q: {
        input1Offset: 0, input2Offset: 0, outputOffset: 0, outputMultiplier: 0, outputShift: 0,
        actMin: 0, actMax: 0, mulGreater: multiplyByQuantizedMultiplierGreaterThanOne,
        mulSmaller: multiplyByQuantizedMultiplierSmallerThanOneExpX86,
      },
    };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const a = ctx.input(0);
    const b = ctx.input(1);
    const out = ctx.output(0);
    if (a.type !== b.type) ctx.fail(`input types differ: ${tensorTypeName(a.type)} and ${tensorTypeName(b.type)}`);
    if (a.type !== out.type) ctx.fail(`input type ${tensorTypeName(a.type)} differs from output type ${tensorTypeName(out.type)}`);
    const q = ctx.data.q;
    if (out.type === TensorType.INT8) {
      prepareInt8(ctx);
    } else if (out.type === TensorType.INT32) {
      const quantized = (t: { quantization: { scale: Float32Array } | null }): boolean => !!t.quantization && t.quantization.scale.length > 0;
      if (quantized(a) || quantized(b)) ctx.fail('int32 DIV supports unquantized inputs only');
      const r = calculateActivationRangeInt32(ctx.options.activation);
      q.actMin = r.min;
      q.actMax = r.max;
    } else if (out.type === TensorType.FLOAT32) {
      const r = calculateActivationRangeFloat(ctx.options.activation);
      q.actMin = r.min;
      q.actMax = r.max;
    } else {
      ctx.fail(`type ${tensorTypeName(out.type)} is not supported (FLOAT32, INT32, quantized INT8)`);
    }
    // ProcessBroadcastShapes: equal shapes (once right-aligned) run elementwise over the flat size.
    let plan: BroadcastPlan | string;
    if (sameExtendedShape(a.shape, b.shape)) {
      const n = flatSize(a.shape);
      if (flatSize(out.shape) !== n) ctx.fail(`output has ${flatSize(out.shape)} elements, inputs have ${n}`);
      plan = planBroadcast([n], [n], [n]);
    } else {
      plan = planBroadcast(a.shape, b.shape, out.shape);
    }
    ctx.data.plan = typeof plan === 'string' ? ctx.fail(plan) : plan;
  },
  invoke(ctx) {
    const d = ctx.data;
    const a = ctx.inputs[0]!;
    const b = ctx.inputs[1]!;
    const out = ctx.outputs[0]!;
    const q = d.q;
    switch (out.type) {
      case TensorType.FLOAT32:
        divFloat(a.data as Float32Array, b.data as Float32Array, out.data as Float32Array, d.plan!, q.actMin, q.actMax);
        break;
      case TensorType.INT32:
        divInt32(a.data as Int32Array, b.data as Int32Array, out.data as Int32Array, d.plan!, q.actMin, q.actMax);
        break;
      default:
        divInt8(a.data as Int8Array, b.data as Int8Array, out.data as Int8Array, d.plan!, q);
    }
  },
});

/** CalculateOpDataDiv: real multiplier input1_scale / (input2_scale * output_scale), in float32. */
function prepareInt8(ctx: Ctx): void {
  const q = ctx.data.q;
  const f = Math.fround;
  const q1 = quantParams(ctx, ctx.input(0), 'input 0');
  const q2 = quantParams(ctx, ctx.input(1), 'input 1');
  const qo = quantParams(ctx, ctx.output(0), 'output');
  const r = activationRange(ctx, ctx.options.activation, ctx.output(0));
  q.actMin = r.min;
  q.actMax = r.max;
  const real = f(f(q1.scale) / f(f(q2.scale) * f(qo.scale)));
  const m = quantizeMultiplierFor(ctx.rounding, real);
  q.outputMultiplier = m.multiplier;
  q.outputShift = m.shift;
  q.input1Offset = -q1.zeroPoint;
  q.input2Offset = -q2.zeroPoint;
  q.outputOffset = qo.zeroPoint;
  if (ctx.rounding === 'single') {
    // TFLITE_SINGLE_ROUNDING: both helpers are MultiplyByQuantizedMultiplier (shifts beyond its checked range
    // occur for tiny dividends; see multiplyByQuantizedMultiplierSingleRoundingX86).
    q.mulGreater = multiplyByQuantizedMultiplierSingleRoundingX86;
    q.mulSmaller = multiplyByQuantizedMultiplierSingleRoundingX86;
  } else {
    q.mulGreater = multiplyByQuantizedMultiplierGreaterThanOne;
    q.mulSmaller = multiplyByQuantizedMultiplierSmallerThanOneExpX86;
  }
}
