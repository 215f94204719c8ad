import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { expectSameShape } from './unary_common.js';
import { expectArity } from './util.js';

interface ZerosLikeData {
  bytes: number;
}

/**
 * ZEROS_LIKE (zeros_like.cc): an output of the input's type and element count, all zeros; int64, int32, int8
 * and float32 (+0.0). TFLM's Prepare sets the output type to the input's (we require them equal); other types
 * fail in its Eval, here in prepare.
 */
export const ZEROS_LIKE = defineOp<undefined, ZerosLikeData>({
  name: 'ZEROS_LIKE',
  code: BuiltinOperator.ZEROS_LIKE,
  init() {
    return { bytes: 0 };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const out = ctx.output(0);
    if (out.type !== input.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(input.type)}`);
    const supported = [TensorType.INT64, TensorType.INT32, TensorType.INT8, TensorType.FLOAT32] as number[];
    if (!supported.includes(input.type))
      ctx.fail(`ZerosLike only currently supports int64, int32, int8 and float32, got ${tensorTypeName(input.type)}`);
    expectSameShape(ctx, input, out, 'count');
    ctx.data.bytes = input.elementCount * tensorTypeSize(input.type);
  },
  invoke(ctx) {
    // Zero bits are 0 for every supported type (+0.0 for float32).
    ctx.outputs[0]!.bytes.fill(0, 0, ctx.data.bytes);
  },
});
