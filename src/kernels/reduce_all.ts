import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { reduceGeneric, Reducer, resolveAxis } from './internal/reduce.js';
import { initReduce, parseReducerOptions, type ReduceData, type ReducerOptions } from './reduce_common.js';
import { expectArity, expectType, flatSize } from './util.js';

/**
 * REDUCE_ALL: logical AND over the given axes of a BOOL tensor (TFLM's only type), INT32 axes; keep_dims only
 * shapes the output, whose dims are the model's. TFLM's ReduceGeneric<bool> starts every output at true and
 * ANDs each input in; on 0/1 bytes that is the minimum, so the shared reduction runs with MIN from 1. A
 * constant axis is checked in prepare (out of range, output size), as for the other reductions.
 */
export const REDUCE_ALL = defineOp<ReducerOptions, ReduceData>({
  name: 'REDUCE_ALL',
  code: BuiltinOperator.REDUCE_ALL,
  parseOptions: parseReducerOptions,
  init: initReduce,
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const input = ctx.input(0);
    const axis = ctx.input(1);
    const output = ctx.output(0);
    expectType(ctx, input, 'input', TensorType.BOOL);
    expectType(ctx, axis, 'axis', TensorType.INT32);
    expectType(ctx, output, 'output', TensorType.BOOL);
    if (axis.isConstant) {
      const resolved = new Int32Array(Math.max(1, axis.elementCount));
      const n = resolveAxis(input.shape.length, axis.data as Int32Array, axis.elementCount, resolved);
      if (n < 0) ctx.fail(`axis [${Array.from(axis.data as Int32Array).join(',')}] out of range for rank ${input.shape.length}`);
      let kept = 1;
      for (let d = 0; d < input.shape.length; d++) if (!resolved.subarray(0, n).includes(d)) kept *= input.shape[d]!;
      if (flatSize(output.shape) !== kept)
        ctx.fail(`output [${output.shape.join(',')}] does not hold the ${kept} elements reducing [${input.shape.join(',')}] leaves`);
    }
    const d = ctx.data;
    d.type = TensorType.BOOL;
    d.numAxis = axis.elementCount;
    d.numOutputs = output.elementCount;
    d.inputIter = ctx.requestScratch(4 * input.shape.length);
    d.resolvedAxis = ctx.requestScratch(4 * d.numAxis);
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    // Bool tensors are Uint8Array views; the reduction only compares and stores 0/1 values.
    const ok = reduceGeneric(input.data as unknown as Int8Array, input.shape, ctx.outputs[0]!.data as unknown as Int8Array,
      ctx.inputs[1]!.data as Int32Array, d.numAxis, d.inputIter!.i32, d.resolvedAxis!.i32, 1, Reducer.MIN);
    if (!ok) ctx.fail(`axis [${Array.from(ctx.inputs[1]!.data as Int32Array).join(',')}] out of range for rank ${input.shape.length}`);
  },
});
