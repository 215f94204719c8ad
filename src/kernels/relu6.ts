import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { expectSameTypes } from './arithmetic_common.js';
import { quantizeRound } from './internal/quantization.js';
import { relu6Float, relu6Quantized } from './internal/relu.js';
import { expectArity, quantParams, typeRange } from './util.js';

interface Relu6Data {
  kind: number;
  /** Quantized 0 (the input zero point) and 6, in the input's quantization. */
  zero: number;
  six: number;
}

/**
 * TFLM's FloatToQuantizedType<T>(6.0f, scale, zero_point): int32(round(6.0f / scale) + zero_point) clamped to
 * T's range. The quotient is a float32 division; the unqualified `round` is ::round(double), so the rounding
 * and the sum are exact doubles. A sum outside int32 (or NaN, for scale 0) converts to INT32_MIN as on x86
 * (cvttsd2si), where TFLM's reference outputs are produced: six is then T_min.
 */
function quantizeSix(scale: number, zeroPoint: number, min: number, max: number): number {
  const q = Math.fround(6 / Math.fround(scale));
  const r = quantizeRound(q) + zeroPoint;
  const asInt = Number.isNaN(r) || r >= 2147483648 || r < -2147483648 ? -2147483648 : Math.trunc(r);
  return Math.min(max, Math.max(min, asInt));
}

/**
 * RELU6: float32 (x > 6 ? 6 : x < 0 ? 0 : x); int8 and int16 clamp to [input zero point, quantized 6] in the
 * input's quantization (the output is assumed to share it, as in TFLM, which does not requantize).
 */
export const RELU6 = defineOp<undefined, Relu6Data>({
  name: 'RELU6',
  code: BuiltinOperator.RELU6,
  init() {
    return { kind: TensorType.FLOAT32, zero: 0, six: 0 };
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
    const range = typeRange(d.kind);
    // data->zero is the int32 zero point, narrowed to T when passed to Relu6Quantized<T>.
    d.zero = d.kind === TensorType.INT8 ? (inQ.zeroPoint << 24) >> 24 : (inQ.zeroPoint << 16) >> 16;
    d.six = quantizeSix(inQ.scale, inQ.zeroPoint, range.min, range.max);
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    const n = input.elementCount;
    if (d.kind === TensorType.FLOAT32) relu6Float(input.data as Float32Array, output.data as Float32Array, n);
    else relu6Quantized(d.zero, d.six, input.data as Int8Array | Int16Array, output.data as Int8Array | Int16Array, n);
  },
});
