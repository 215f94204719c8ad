import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { ResourceVariables } from '../runtime/resource-variables.js';

export interface VarHandleOptions {
  container: string;
  sharedName: string;
}

/**
 * VAR_HANDLE: the id of a resource variable (created if new). As in TFLM, the output is bound to persistent
 * memory holding the id, so ASSIGN_VARIABLE's prepare can read it.
 */
export const VAR_HANDLE = defineOp<VarHandleOptions>({
  name: 'VAR_HANDLE',
  code: BuiltinOperator.VAR_HANDLE,
  parseOptions(t) {
    return { container: t?.string(0) ?? '', sharedName: t?.string(1) ?? '' };
  },
  prepare(ctx) {
    if (ctx.inputs.length !== 0 || ctx.outputs.length !== 1) ctx.fail('expected no inputs and 1 output');
    const out = ctx.output(0);
    if (out.type !== TensorType.RESOURCE && out.type !== TensorType.INT32) ctx.fail('output must be a RESOURCE tensor');
    if (out.elementCount !== 1) ctx.setShape(out, [1]);
    ctx.bindPersistent(out);
    (out.data as Int32Array)[0] = ctx.shared(ResourceVariables).idFor(ctx.options.container, ctx.options.sharedName);
  },
  invoke() {
    // The id was written at prepare into the output's persistent bytes.
  },
});
