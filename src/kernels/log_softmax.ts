import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { logSoftmaxFloat, logSoftmaxInt8, type LogSoftmaxQuantParams } from './internal/log_softmax.js';
import {
  calculateInputRadius,
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierFor,
  preprocessLogSoftmaxScalingExp,
} from './internal/quantization.js';
import { expectSameShape } from './unary_common.js';
import { expectArity, quantParams } from './util.js';

interface LogSoftmaxData {
  type: number;
  outer: number;
  depth: number;
  p: LogSoftmaxQuantParams;
}

/** log_softmax.cc: the int8 output's fixed quantization, beta and the Q5.26 input format. */
const OUTPUT_ZERO_POINT = 127;
const OUTPUT_SCALE = 16 / 256;
const SCALED_DIFF_INTEGER_BITS = 5;

/**
 * LOG_SOFTMAX (log_softmax.cc): log(softmax(x)) along the last dimension; float32 and int8. Input and output
 * shapes must be identical; the int8 output must have scale exactly 16/256 and zero point 127 (TFLM's checks).
 */
export const LOG_SOFTMAX = defineOp<undefined, LogSoftmaxData>({
  name: 'LOG_SOFTMAX',
  code: BuiltinOperator.LOG_SOFTMAX,
  init() {
    return {
      type: TensorType.FLOAT32,
      outer: 0,
      depth: 0,
      p: { inputMultiplier: 0, inputLeftShift: 0, reverseScalingDivisor: 0, reverseScalingShift: 0, diffMin: 0, mbqm: multiplyByQuantizedMultiplier },
    };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const out = ctx.output(0);
    const d = ctx.data;
    if (out.type !== input.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(input.type)}`);
    expectSameShape(ctx, input, out, 'exact');
    if (input.type !== TensorType.FLOAT32 && input.type !== TensorType.INT8)
      ctx.fail(`LOG_SOFTMAX only supports float32, int8, got ${tensorTypeName(input.type)}`);
    if (input.shape.length === 0) ctx.fail('input must have at least one dimension');
    d.type = input.type;
    d.depth = input.shape[input.shape.length - 1]!;
    d.outer = d.depth === 0 ? 0 : input.elementCount / d.depth;
    if (input.type === TensorType.FLOAT32) return;
    const inQ = quantParams(ctx, input, 'input');
    const outQ = quantParams(ctx, out, 'output');
    if (Math.fround(outQ.scale) !== OUTPUT_SCALE) ctx.fail(`int8 output scale must be 16/256, is ${outQ.scale}`);
    if (outQ.zeroPoint !== OUTPUT_ZERO_POINT) ctx.fail(`int8 output zero point must be 127, is ${outQ.zeroPoint}`);
    const s = preprocessLogSoftmaxScalingExp(1, Math.fround(inQ.scale), SCALED_DIFF_INTEGER_BITS, ctx.rounding);
    const p = d.p;
    p.inputMultiplier = s.multiplier;
    p.inputLeftShift = s.shift;
    p.reverseScalingDivisor = s.reverseScalingDivisor;
    p.reverseScalingShift = s.reverseScalingLeftShift;
    p.diffMin = -calculateInputRadius(SCALED_DIFF_INTEGER_BITS, s.shift);
    p.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!.data;
    const out = ctx.outputs[0]!.data;
    if (d.type === TensorType.INT8) logSoftmaxInt8(d.p, input as Int8Array, out as Int8Array, d.outer, d.depth);
    else logSoftmaxFloat(input as Float32Array, out as Float32Array, d.outer, d.depth);
  },
});
