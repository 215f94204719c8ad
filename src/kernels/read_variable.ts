import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { handleId } from './assign_variable.js';
import { ResourceVariables } from '../runtime/resource-variables.js';

/** READ_VARIABLE: copy the resource variable's bytes into the output. */
export const READ_VARIABLE = defineOp({
  name: 'READ_VARIABLE',
  code: BuiltinOperator.READ_VARIABLE,
  prepare(ctx) {
    if (ctx.inputs.length !== 1 || ctx.outputs.length !== 1) ctx.fail('expected 1 input and 1 output');
    handleId(ctx, ctx.input(0));
  },
  invoke(ctx) {
    const id = (ctx.inputs[0]!.data as Int32Array)[0]!;
    const v = ctx.shared(ResourceVariables).get(id);
    const dst = ctx.outputs[0]!.bytes;
    if (!v || !v.buffer || v.buffer.length !== dst.length) return ctx.fail(`resource variable ${id} is not allocated with ${dst.length} bytes (assign it first)`);
    dst.set(v.buffer);
  },
});
