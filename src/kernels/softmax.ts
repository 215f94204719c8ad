import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import {
  calculateInputRadius,
  multiplyByQuantizedMultiplierFor,
  multiplyByQuantizedMultiplierGreaterThanOne,
  multiplyByQuantizedMultiplierGreaterThanOneSingleRounding,
  preprocessSoftmaxScaling,
  quantizeMultiplierFor,
} from './internal/quantization.js';
import { expf } from './internal/libm.js';
import { lutPopulateInt16, softmaxFloat, softmaxInt16, softmaxInt8, type SoftmaxQuantParams } from './internal/softmax.js';
import { expectArity, expectType, quantOrDefault } from './util.js';

export interface SoftmaxOptions {
  beta: number;
}

interface SoftmaxData {
  kind: 'float' | 'int8' | 'int16';
  outputBits: number;
  beta: number;
  outer: number;
  depth: number;
  q: SoftmaxQuantParams;
  expLut: Int16Array | null;
  oneOverOnePlusXLut: Int16Array | null;
}

/** 513 entries: 512 segments plus the end point (LUTSize<int16_t>). */
const LUT_SIZE = 513;

/**
 * SOFTMAX over the last dimension: float32; int8 → int8 (output scale 1/256, zero point -128) and int8 → int16
 * (scale 1/65536, zero point -32768) in gemmlowp fixed point; int16 → int16 (zero points 0, scale 1/32768) with
 * the exp and 1/(1 + x) lookup tables generated in prepare into persistent arena memory.
 */
export const SOFTMAX = defineOp<SoftmaxOptions, SoftmaxData>({
  name: 'SOFTMAX',
  code: BuiltinOperator.SOFTMAX,
  parseOptions(t) {
    // SoftmaxOptions: beta (0). Without options TFLM's zero-initialized params give beta 0.
    return { beta: t ? t.float32(0, 0) : 0 };
  },
  init() {
    return {
      kind: 'float',
      outputBits: 8,
      beta: 1,
      outer: 0,
      depth: 0,
      q: { inputMultiplier: 0, inputLeftShift: 0, diffMin: 0, mul: multiplyByQuantizedMultiplierGreaterThanOne },
      expLut: null,
      oneOverOnePlusXLut: null,
    };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const d = ctx.data;
    const rank = input.shape.length;
    if (rank < 1) ctx.fail('input must have rank >= 1');
    if (output.elementCount !== input.elementCount || output.shape[output.shape.length - 1] !== input.shape[rank - 1])
      ctx.fail(`output [${output.shape.join(',')}] does not match input [${input.shape.join(',')}]`);
    d.depth = input.shape[rank - 1]!;
    d.outer = d.depth === 0 ? 0 : input.elementCount / d.depth;
    const beta = Math.fround(ctx.options.beta);
    const inQ = quantOrDefault(input);
    const outQ = quantOrDefault(output);
    const f = Math.fround;

    if (input.type === TensorType.INT16) {
      // InitializeLutForInt16: the tables are allocated before any other check, as in TFLM.
      d.expLut = ctx.persistentInt16(LUT_SIZE);
      d.oneOverOnePlusXLut = ctx.persistentInt16(LUT_SIZE);
    }
    if (output.type === TensorType.INT16) {
      expectType(ctx, input, 'input', TensorType.INT8, TensorType.INT16);
    } else {
      expectType(ctx, output, 'output', input.type);
    }
    if (input.type === TensorType.INT16) {
      if (outQ.zeroPoint !== 0) ctx.fail(`int16 output zero point must be 0, is ${outQ.zeroPoint}`);
      // exp over [-10, 0] (exp(-10) is negligible in the sum) and 1/(1 + x) over [0, 1], both into Q0.15.
      const range = 65535;
      lutPopulateInt16(f(10 / range), 32767, f(2 / range), 0, expf, d.expLut!);
      lutPopulateInt16(f(1 / range), -32768, f(2 / range), 0, (x) => f(1 / f(1 + x)), d.oneOverOnePlusXLut!);
    }

    if (input.type === TensorType.INT8 || input.type === TensorType.INT16) {
      if (input.type === TensorType.INT16) {
        if (inQ.zeroPoint !== 0) ctx.fail(`int16 input zero point must be 0, is ${inQ.zeroPoint}`);
        if (outQ.zeroPoint !== 0) ctx.fail(`int16 output zero point must be 0, is ${outQ.zeroPoint}`);
        nearOrFail(ctx, outQ.scale, f(1 / 32768));
        // Scale the input differences so that [-65535, 0] covers [-10, 0].
        const m = quantizeMultiplierFor(ctx.rounding, (f(inQ.scale) * beta) / (10.0 / 65535.0));
        d.kind = 'int16';
        d.outputBits = 16;
        d.q.inputMultiplier = m.multiplier;
        d.q.inputLeftShift = m.shift;
        d.q.mul = multiplyByQuantizedMultiplierFor(ctx.rounding);
        return;
      }
      if (output.type === TensorType.INT16) {
        if (outQ.zeroPoint !== -32768) ctx.fail(`int16 output zero point must be -32768, is ${outQ.zeroPoint}`);
        nearOrFail(ctx, outQ.scale, f(1 / 65536));
        d.outputBits = 16;
      } else {
        if (outQ.zeroPoint !== -128) ctx.fail(`int8 output zero point must be -128, is ${outQ.zeroPoint}`);
        if (f(outQ.scale) !== f(1 / 256)) ctx.fail(`int8 output scale must be 1/256, is ${outQ.scale}`);
        d.outputBits = 8;
      }
      // QuantizeMultiplierGreaterThanOne aborts in TFLM unless beta * input_scale * 2^26 > 1.
      if (!(beta * f(inQ.scale) * 2 ** 26 > 1)) ctx.fail(`beta ${beta} * input scale ${inQ.scale} * 2^26 must exceed 1`);
      const m = preprocessSoftmaxScaling(beta, f(inQ.scale), 5, ctx.rounding);
      d.kind = 'int8';
      d.q.inputMultiplier = m.multiplier;
      d.q.inputLeftShift = m.shift;
      d.q.diffMin = -calculateInputRadius(5, m.shift);
      d.q.mul = ctx.rounding === 'single' ? multiplyByQuantizedMultiplierGreaterThanOneSingleRounding : multiplyByQuantizedMultiplierGreaterThanOne;
      return;
    }
    expectType(ctx, input, 'input', TensorType.FLOAT32);
    expectType(ctx, output, 'output', TensorType.FLOAT32);
    d.kind = 'float';
    d.beta = beta;
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    if (d.kind === 'float') {
      softmaxFloat(input.data as Float32Array, output.data as Float32Array, d.outer, d.depth, d.beta);
    } else if (d.kind === 'int8') {
      if (!softmaxInt8(d.q, input.data as Int8Array, output.data as Int8Array | Int16Array, d.outer, d.depth, d.outputBits))
        ctx.fail('sum of exponentials out of range (TFLITE_CHECK in TFLM)');
    } else {
      softmaxInt16(d.q, d.expLut!, d.oneOverOnePlusXLut!, input.data as Int16Array, output.data as Int16Array, d.outer, d.depth);
    }
  },
});

/** TF_LITE_ENSURE_NEAR in float32: |scale - expected| <= 0.001 * expected. */
function nearOrFail(ctx: { fail(m: string): never }, scale: number, expected: number): void {
  const f = Math.fround;
  const a = f(scale);
  const delta = a > expected ? f(a - expected) : f(expected - a);
  if (delta > f(f(0.001) * expected)) ctx.fail(`output scale ${scale} is not ${expected}`);
}
