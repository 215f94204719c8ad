import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type KernelContext, type Tensor } from '../runtime/kernel.js';
import { expectArity, expectType } from './util.js';

/** Values of the dims tensor, which TFLM compares with the output's dims (any of its integer types). */
function dimsValues(ctx: KernelContext<unknown, unknown>, t: Tensor): number[] {
  switch (t.type) {
    case TensorType.INT8:
    case TensorType.INT16:
    case TensorType.INT32:
      return Array.from(t.data as Int8Array | Int16Array | Int32Array);
    case TensorType.INT64:
      return Array.from(t.data as BigInt64Array, (v) => Number(v));
    default:
      return ctx.fail(`cannot compare the output dims with a dims tensor of type ${tensorTypeName(t.type)}`);
  }
}

/**
 * FILL: float32, int32, int8 (TFLM's Eval); the value a scalar of the output's type; dims a constant integer
 * vector equal to the output's dims (TFLM does not resize the output). Elements are written as the value's
 * bytes, so a float NaN payload is kept as TFLM's assignment keeps it.
 */
export const FILL = defineOp<undefined, { elementBytes: number }>({
  name: 'FILL',
  code: BuiltinOperator.FILL,
  init() {
    return { elementBytes: 0 };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const dims = ctx.input(0);
    const value = ctx.input(1);
    const output = ctx.output(0);
    if (value.shape.length !== 0) ctx.fail(`value must be a scalar, has rank ${value.shape.length}`);
    if (value.type !== output.type) ctx.fail(`value type ${tensorTypeName(value.type)} != output type ${tensorTypeName(output.type)}`);
    if (!dims.isConstant) ctx.fail('non-constant dims tensor is not supported');
    if (dims.shape.length !== 1) ctx.fail(`dims must be a vector, has rank ${dims.shape.length}`);
    if (dims.shape[0] !== output.shape.length) ctx.fail(`dims holds ${dims.shape[0]} values for an output of rank ${output.shape.length}`);
    const v = dimsValues(ctx, dims);
    for (let i = 0; i < v.length; i++) {
      if (v[i] !== output.shape[i]) ctx.fail(`dims [${v.join(',')}] != output dims [${output.shape.join(',')}]`);
    }
    expectType(ctx, value, 'value', TensorType.FLOAT32, TensorType.INT32, TensorType.INT8);
    ctx.data.elementBytes = value.type === TensorType.INT8 ? 1 : 4;
  },
  invoke(ctx) {
    const src = ctx.inputs[1]!.bytes;
    const dst = ctx.outputs[0]!.bytes;
    const n = ctx.outputs[0]!.elementCount;
    if (ctx.data.elementBytes === 1) {
      dst.fill(src[0]!, 0, n);
      return;
    }
    const b0 = src[0]!, b1 = src[1]!, b2 = src[2]!, b3 = src[3]!;
    for (let i = 0, at = 0; i < n; i++, at += 4) {
      dst[at] = b0;
      dst[at + 1] = b1;
      dst[at + 2] = b2;
      dst[at + 3] = b3;
    }
  },
});
