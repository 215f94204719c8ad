import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { dequantize } from './internal/quantize.js';
import { expectArity, expectType, flatSize, quantParams } from './util.js';

interface DequantizeData {
  scale: number;
  zeroPoint: number;
}

/** DEQUANTIZE: int8/int16/uint8 → float32, `float(scale * (q - zero_point))` with the scale in double. */
export const DEQUANTIZE = defineOp<undefined, DequantizeData>({
  name: 'DEQUANTIZE',
  code: BuiltinOperator.DEQUANTIZE,
  init() {
    return { scale: 0, zeroPoint: 0 };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    expectType(ctx, input, 'input', TensorType.INT8, TensorType.INT16, TensorType.UINT8);
    expectType(ctx, output, 'output', TensorType.FLOAT32);
    if (flatSize(input.shape) !== flatSize(output.shape)) ctx.fail('input and output sizes differ');
    const q = quantParams(ctx, input, 'input');
    ctx.data.scale = q.scale;
    ctx.data.zeroPoint = q.zeroPoint;
  },
  invoke(ctx) {
    dequantize(ctx.inputs[0]!.data as Int8Array, ctx.outputs[0]!.data as Float32Array, ctx.data.scale, ctx.data.zeroPoint);
  },
});
