import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type KernelContext, type OpKernel, type Tensor } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, copyTensor, writeCopyPlan, type ArenaViews } from './internal/strided_copy.js';
import { arenaViews, constantInts, expectType, setShapeIfChanged } from './util.js';

export interface SplitOptions {
  numSplits: number;
}

/** Per-output copy plans of SPLIT, SPLIT_V and UNPACK. */
export interface SplitData {
  plans: Int32Array;
  kind: number;
  arena: ArenaViews | null;
}

/** Constant INT32 axis (scalar or 1-element vector), normalized against `rank`. */
export function constantAxis(ctx: KernelContext<unknown, unknown>, t: Tensor, rank: number): number {
  if (t.type !== TensorType.INT32) ctx.fail(`axis has type ${tensorTypeName(t.type)}; expected INT32`);
  const v = constantInts(ctx, t, 'axis');
  if (v.length < 1) ctx.fail('axis tensor is empty');
  const axis = v[0]! < 0 ? v[0]! + rank : v[0]!;
  if (axis < 0 || axis >= rank) ctx.fail(`axis ${v[0]} out of range for rank ${rank}`);
  return axis;
}

/**
 * Shared by SPLIT and SPLIT_V: check types, set output i to the input shape with `sizes[i]` along `axis`, and
 * plan each output as a slice of the input (outer rows × a contiguous run of sizes[i] × inner elements).
 */
export function prepareSplit(ctx: KernelContext<unknown, SplitData>, input: Tensor, axis: number, sizes: readonly number[]): void {
  expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32);
  const n = ctx.outputs.length;
  const shape = Array.from(input.shape);
  let outer = 1;
  for (let j = 0; j < axis; j++) outer *= shape[j]!;
  let inner = 1;
  for (let j = axis + 1; j < shape.length; j++) inner *= shape[j]!;
  const total = shape[axis]!;
  const plans = new Int32Array(n * COPY_PLAN_SIZE);
  const { kind, unit } = copyKindOf(input.type);
  ctx.data.kind = kind;
  ctx.data.arena = arenaViews(ctx);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const out = ctx.output(i);
    if (out.type !== input.type) ctx.fail(`output ${i} type ${tensorTypeName(out.type)} != input type ${tensorTypeName(input.type)}`);
    shape[axis] = sizes[i]!;
    setShapeIfChanged(ctx, out, shape);
    const run = sizes[i]! * inner;
    const axes = [{ count: outer, src: total * inner, dst: run }, { count: run, src: 1, dst: 1 }];
    if (!writeCopyPlan(plans, i * COPY_PLAN_SIZE, axes, at, 0, unit)) ctx.fail('copy plan has too many axes');
    at += run;
  }
  ctx.data.plans = plans;
}

/** Invoke of SPLIT, SPLIT_V and UNPACK: one slice copy per output. */
export function invokeSplit(ctx: KernelContext<unknown, SplitData>, input: Tensor): void {
  const { plans, kind, arena } = ctx.data;
  const outputs = ctx.outputs;
  for (let i = 0; i < outputs.length; i++) copyTensor(kind, input, outputs[i]!, plans, i * COPY_PLAN_SIZE, arena);
}

const splitKernel: OpKernel<SplitOptions, SplitData> = {
  init() {
    return { plans: new Int32Array(0), kind: 0, arena: null };
  },
  prepare(ctx) {
    if (ctx.inputs.length !== 2) ctx.fail(`expected 2 inputs, got ${ctx.inputs.length}`);
    const n = ctx.outputs.length;
    if (n < 1) ctx.fail('expected at least 1 output');
    if (ctx.options.numSplits !== 0 && ctx.options.numSplits !== n) ctx.fail(`num_splits ${ctx.options.numSplits} != ${n} outputs`);
    const input = ctx.input(1);
    const axis = constantAxis(ctx, ctx.input(0), input.shape.length);
    const dim = input.shape[axis]!;
    if (dim % n !== 0) ctx.fail(`dim ${axis} of size ${dim} does not split into ${n} equal parts`);
    prepareSplit(ctx, input, axis, new Array<number>(n).fill(dim / n));
  },
  invoke(ctx) {
    invokeSplit(ctx, ctx.inputs[1]!);
  },
};

/**
 * SPLIT: float32, int8, int16, int32 (TFLM's list). Inputs: a constant INT32 axis, then the tensor; the
 * axis dim is cut into NumOutputs equal parts. Output shapes are computed in prepare.
 */
export const SPLIT = defineOp<SplitOptions, SplitData>({
  name: 'SPLIT',
  code: BuiltinOperator.SPLIT,
  parseOptions(t) {
    return { numSplits: t ? t.int32(0, 0) : 0 };
  },
  ...splitKernel,
});
