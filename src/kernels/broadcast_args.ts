import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type KernelContext, type Tensor } from '../runtime/kernel.js';
import { readInt32LE, writeInt64FromInt32LE } from './internal/index_copy.js';
import { expectArity } from './util.js';

type Ctx = KernelContext<undefined, undefined>;

/**
 * Entry `backward` from the end of a shape vector, or 1 past its start. reference_ops::BroadcastArgs stores it
 * in an `int`: an int64 entry is truncated to its low 32 bits.
 */
function entry(t: Tensor, backward: number): number {
  const forward = t.elementCount - 1 - backward;
  if (forward < 0) return 1;
  return t.type === TensorType.INT32 ? (t.data as Int32Array)[forward]! : readInt32LE(t.bytes, forward * 8);
}

/**
 * BROADCAST_ARGS: the broadcast of two shape vectors, INT32 or INT64 (inputs and output of one type), rank 1.
 * The output's length is the model's (TFLM does not resize it); output entries are filled from the back, shapes
 * shorter than it counting as 1s. Incompatible dims fail (TFLM's TFLITE_CHECK aborts) — at invoke, or in
 * prepare when both shapes are constant.
 */
function broadcastArgs(ctx: Ctx): void {
  const a = ctx.inputs[0]!;
  const b = ctx.inputs[1]!;
  const out = ctx.outputs[0]!;
  const n = out.elementCount;
  const is32 = out.type === TensorType.INT32;
  for (let i = 0; i < n; i++) {
    const x = entry(a, i);
    const y = entry(b, i);
    let v: number;
    if (x === 1) v = y;
    else if (y === 1 || x === y) v = x;
    else ctx.fail(`dims ${x} and ${y} do not broadcast`);
    const at = n - 1 - i;
    if (is32) (out.data as Int32Array)[at] = v;
    else writeInt64FromInt32LE(out.bytes, at * 8, v);
  }
}

export const BROADCAST_ARGS = defineOp({
  name: 'BROADCAST_ARGS',
  code: BuiltinOperator.BROADCAST_ARGS,
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const a = ctx.input(0);
    const b = ctx.input(1);
    const out = ctx.output(0);
    if (a.type !== TensorType.INT32 && a.type !== TensorType.INT64) ctx.fail(`shape1 has type ${tensorTypeName(a.type)}; expected INT32 or INT64`);
    if (b.type !== a.type) ctx.fail(`shape2 type ${tensorTypeName(b.type)} != shape1 type ${tensorTypeName(a.type)}`);
    if (out.type !== a.type) ctx.fail(`output type ${tensorTypeName(out.type)} != shape1 type ${tensorTypeName(a.type)}`);
    if (a.shape.length !== 1) ctx.fail(`shape1 must be a vector, has rank ${a.shape.length}`);
    if (b.shape.length !== 1) ctx.fail(`shape2 must be a vector, has rank ${b.shape.length}`);
    if (out.shape.length !== 1) ctx.fail(`output must be a vector, has rank ${out.shape.length}`);
    if (a.isConstant && b.isConstant) {
      const n = out.elementCount;
      for (let i = 0; i < n; i++) {
        const x = entry(a, i);
        const y = entry(b, i);
        if (x !== 1 && y !== 1 && x !== y) ctx.fail(`dims ${x} and ${y} do not broadcast`);
      }
    }
  },
  invoke(ctx) {
    broadcastArgs(ctx);
  },
});
