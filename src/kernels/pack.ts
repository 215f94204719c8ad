import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, copyTensor, writeCopyPlan, type ArenaViews } from './internal/strided_copy.js';
import { arenaViews, expectType, setShapeIfChanged } from './util.js';

export interface PackOptions {
  valuesCount: number;
  axis: number;
}

interface PackData {
  plans: Int32Array;
  kind: number;
  arena: ArenaViews | null;
}

/**
 * PACK: float32, int8, int16, int32, int64 (TFLM's list). Stacks `values_count` inputs of one shape along a
 * new dim `axis` (negative counts from the output rank). The output shape is computed in prepare.
 */
export const PACK = defineOp<PackOptions, PackData>({
  name: 'PACK',
  code: BuiltinOperator.PACK,
  parseOptions(t) {
    return { valuesCount: t ? t.int32(0, 0) : 0, axis: t ? t.int32(1, 0) : 0 };
  },
  init() {
    return { plans: new Int32Array(0), kind: 0, arena: null };
  },
  prepare(ctx) {
    const n = ctx.options.valuesCount;
    if (ctx.inputs.length !== n || n < 1) ctx.fail(`values_count ${n} != ${ctx.inputs.length} inputs`);
    if (ctx.outputs.length !== 1) ctx.fail(`expected 1 output, got ${ctx.outputs.length}`);
    const first = ctx.input(0);
    const output = ctx.output(0);
    expectType(ctx, first, 'input 0', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.INT64);
    if (output.type !== first.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(first.type)}`);
    const rank = first.shape.length;
    for (let i = 1; i < n; i++) {
      const t = ctx.input(i);
      if (t.type !== first.type) ctx.fail(`input ${i} type ${tensorTypeName(t.type)} != ${tensorTypeName(first.type)}`);
      if (t.shape.length !== rank || t.shape.some((v, j) => v !== first.shape[j]))
        ctx.fail(`input ${i} shape [${t.shape.join(',')}] != [${first.shape.join(',')}]`);
    }
    let axis = ctx.options.axis;
    if (axis < 0) axis += rank + 1;
    if (axis < 0 || axis > rank) ctx.fail(`axis ${ctx.options.axis} out of range for output rank ${rank + 1}`);
    const shape = Array.from(first.shape);
    shape.splice(axis, 0, n);
    setShapeIfChanged(ctx, output, shape);
    let outer = 1;
    for (let j = 0; j < axis; j++) outer *= first.shape[j]!;
    let inner = 1;
    for (let j = axis; j < rank; j++) inner *= first.shape[j]!;
    const d = ctx.data;
    const { kind, unit } = copyKindOf(first.type);
    d.kind = kind;
    d.arena = arenaViews(ctx);
    d.plans = new Int32Array(n * COPY_PLAN_SIZE);
    for (let i = 0; i < n; i++) {
      const axes = [{ count: outer, src: inner, dst: n * inner }, { count: inner, src: 1, dst: 1 }];
      if (!writeCopyPlan(d.plans, i * COPY_PLAN_SIZE, axes, 0, i * inner, unit)) ctx.fail('copy plan has too many axes');
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const inputs = ctx.inputs;
    const out = ctx.outputs[0]!;
    for (let i = 0; i < inputs.length; i++) copyTensor(d.kind, inputs[i]!, out, d.plans, i * COPY_PLAN_SIZE, d.arena);
  },
});
