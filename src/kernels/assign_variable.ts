import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeSize } from '../model/types.js';
import { defineOp, type KernelContext, type Tensor } from '../runtime/kernel.js';
import { ResourceVariables } from '../runtime/resource-variables.js';

/** Check a resource handle input; returns its id when known at prepare (a VAR_HANDLE output), else -1. */
export function handleId(ctx: KernelContext<unknown, unknown>, handle: Tensor): number {
  if (handle.type !== TensorType.RESOURCE && handle.type !== TensorType.INT32) ctx.fail('input 0 must be a RESOURCE handle');
  if (handle.elementCount !== 1) ctx.fail('the resource handle must hold one id');
  return handle.data.length === 1 ? ((handle.data as Int32Array)[0] ?? -1) : -1;
}

/**
 * ASSIGN_VARIABLE: copy the value into the resource variable. The first assign's prepare allocates the
 * variable's persistent buffer (filled with the int8 zero point, else 0), as TFLM.
 */
export const ASSIGN_VARIABLE = defineOp({
  name: 'ASSIGN_VARIABLE',
  code: BuiltinOperator.ASSIGN_VARIABLE,
  prepare(ctx) {
    if (ctx.inputs.length !== 2 || ctx.outputs.length !== 0) ctx.fail('expected 2 inputs and no outputs');
    const id = handleId(ctx, ctx.input(0));
    const value = ctx.input(1);
    if (id < 0) return;
    if (!ctx.shared(ResourceVariables).get(id)) ctx.fail(`resource variable ${id} does not exist`);
    const zp = value.type === TensorType.INT8 && value.quantization && value.quantization.zeroPoint.length > 0 ? value.quantization.zeroPoint[0]! : 0;
    const bytes = value.elementCount * tensorTypeSize(value.type);
    const v = ctx.shared(ResourceVariables).allocate(id, bytes, zp, (n) => ctx.allocatePersistent(n));
    if (v.buffer!.length !== bytes) ctx.fail(`resource variable ${id} holds ${v.buffer!.length} bytes, the value has ${bytes}`);
  },
  invoke(ctx) {
    const id = (ctx.inputs[0]!.data as Int32Array)[0]!;
    const v = ctx.shared(ResourceVariables).get(id);
    const src = ctx.inputs[1]!.bytes;
    if (!v || !v.buffer || v.buffer.length !== src.length) return ctx.fail(`resource variable ${id} was not allocated for ${src.length} bytes`);
    v.buffer.set(src);
  },
});
