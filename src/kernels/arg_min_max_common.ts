/**
 * What ARG_MAX and ARG_MIN share (TFLM arg_min_max.cc). TFLM has no Prepare for them: its Eval accepts an INT32
 * axis, an INT32 output and a float32 or int8 input, and fails on anything else. Here those checks run in
 * prepare, and so do the ones TFLM leaves to DCHECKs (input rank >= 1, axis in range, output holding the
 * input's elements minus the axis) when the axis is constant; a non-constant axis is read and checked at
 * invoke. The output's dims are the model's (TFLM does not resize it).
 */
import { TensorType } from '../model/types.js';
import type { KernelContext, OpKernel } from '../runtime/kernel.js';
import { argMinMax } from './internal/arg_min_max.js';
import { expectArity, expectType } from './util.js';

export interface ArgMinMaxData {
  outer: number;
  axisSize: number;
  inner: number;
}

type Ctx = KernelContext<undefined, ArgMinMaxData>;

/** Store [outer, axisSize, inner] of the input around the axis in the op data; fail when the axis is invalid. */
function split(ctx: Ctx, axisValue: number): void {
  const shape = ctx.inputs[0]!.shape;
  const rank = shape.length;
  const axis = axisValue < 0 ? axisValue + rank : axisValue;
  if (axis < 0 || axis >= rank) ctx.fail(`axis ${axisValue} out of range for rank ${rank}`);
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  let inner = 1;
  for (let i = axis + 1; i < rank; i++) inner *= shape[i]!;
  const n = ctx.outputs[0]!.elementCount;
  if (n !== outer * inner) ctx.fail(`output [${ctx.outputs[0]!.shape.join(',')}] does not hold ${outer * inner} elements`);
  const d = ctx.data;
  d.outer = outer;
  d.axisSize = shape[axis]!;
  d.inner = inner;
}

export function argMinMaxKernel(isMax: boolean): OpKernel<undefined, ArgMinMaxData> {
  return {
    init() {
      return { outer: 0, axisSize: 0, inner: 0 };
    },
    prepare(ctx) {
      expectArity(ctx, 2, 1);
      const input = ctx.input(0);
      const axis = ctx.input(1);
      const output = ctx.output(0);
      expectType(ctx, axis, 'axis', TensorType.INT32);
      expectType(ctx, output, 'output', TensorType.INT32);
      expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8);
      if (input.shape.length < 1) ctx.fail('input must have rank >= 1');
      if (axis.elementCount < 1) ctx.fail('axis tensor is empty');
      if (axis.isConstant) split(ctx, (axis.data as Int32Array)[0]!);
    },
    invoke(ctx) {
      split(ctx, (ctx.inputs[1]!.data as Int32Array)[0]!);
      const d = ctx.data;
      argMinMax(ctx.inputs[0]!.data as Float32Array | Int8Array, d.outer, d.axisSize, d.inner, ctx.outputs[0]!.data as Int32Array, isMax);
    },
  };
}
