import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { expectArity, setShapeIfChanged } from './util.js';

/**
 * SHAPE: the input's dims as an INT32 vector (TFLM's Eval fails for any other output type, e.g. out_type
 * INT64). The input may have any type; its data is not read. The output is [rank].
 */
export const SHAPE = defineOp({
  name: 'SHAPE',
  code: BuiltinOperator.SHAPE,
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const output = ctx.output(0);
    if (output.type !== TensorType.INT32) ctx.fail(`output type ${tensorTypeName(output.type)} not supported; expected INT32`);
    setShapeIfChanged(ctx, output, [ctx.input(0).shape.length]);
  },
  invoke(ctx) {
    const dims = ctx.inputs[0]!.shape;
    const out = ctx.outputs[0]!.data as Int32Array;
    for (let i = 0; i < dims.length; i++) out[i] = dims[i]!;
  },
});
