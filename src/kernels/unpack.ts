import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, writeCopyPlan } from './internal/strided_copy.js';
import { invokeSplit, type SplitData } from './split.js';
import { arenaViews, expectArity, expectType, setShapeIfChanged } from './util.js';

export interface UnpackOptions {
  num: number;
  axis: number;
}

/**
 * UNPACK: float32, int32, int16, int8 (TFLM's list). Splits the input along `axis` (negative counts from the
 * input rank) into `num` outputs of the input shape without that dim.
 */
export const UNPACK = defineOp<UnpackOptions, SplitData>({
  name: 'UNPACK',
  code: BuiltinOperator.UNPACK,
  parseOptions(t) {
    return { num: t ? t.int32(0, 0) : 0, axis: t ? t.int32(1, 0) : 0 };
  },
  init() {
    return { plans: new Int32Array(0), kind: 0, arena: null };
  },
  prepare(ctx) {
    const num = ctx.options.num;
    expectArity(ctx, 1, num);
    const input = ctx.input(0);
    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT32, TensorType.INT16, TensorType.INT8);
    const rank = input.shape.length;
    let axis = ctx.options.axis;
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank) ctx.fail(`axis ${ctx.options.axis} out of range for rank ${rank}`);
    if (input.shape[axis] !== num) ctx.fail(`dim ${axis} has size ${input.shape[axis]}, num is ${num}`);
    const shape = Array.from(input.shape);
    shape.splice(axis, 1);
    let outer = 1;
    for (let j = 0; j < axis; j++) outer *= input.shape[j]!;
    let inner = 1;
    for (let j = axis + 1; j < rank; j++) inner *= input.shape[j]!;
    const plans = new Int32Array(num * COPY_PLAN_SIZE);
    const { kind, unit } = copyKindOf(input.type);
    ctx.data.kind = kind;
    ctx.data.arena = arenaViews(ctx);
    for (let i = 0; i < num; i++) {
      const out = ctx.output(i);
      if (out.type !== input.type) ctx.fail(`output ${i} type ${tensorTypeName(out.type)} != input type ${tensorTypeName(input.type)}`);
      setShapeIfChanged(ctx, out, shape);
      const axes = [{ count: outer, src: num * inner, dst: inner }, { count: inner, src: 1, dst: 1 }];
      if (!writeCopyPlan(plans, i * COPY_PLAN_SIZE, axes, i * inner, 0, unit)) ctx.fail('copy plan has too many axes');
    }
    ctx.data.plans = plans;
  },
  invoke(ctx) {
    invokeSplit(ctx, ctx.inputs[0]!);
  },
});
