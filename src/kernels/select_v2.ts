import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type Tensor } from '../runtime/kernel.js';
import { MAX_SELECT_RANK, newSelectPlan, planSelect, select, type SelectPlan } from './internal/select.js';
import { expectArity } from './util.js';

interface SelectData {
  plan: SelectPlan;
}

function shapeText(t: Tensor): string {
  return `[${Array.from(t.shape).join(',')}]`;
}

function sameShape(a: Tensor, b: Tensor): boolean {
  return a.shape.length === b.shape.length && a.shape.every((v, i) => v === b.shape[i]);
}

/**
 * SELECT_V2 (select.cc): output = condition ? x : y, elementwise; condition BOOL, x, y and output float32,
 * int8 or int16 of one type. Shapes are identical, or all single-element (the "mixed scalar" case, one
 * element whatever the ranks), or broadcast: TFLM's CheckBroadcastShape requires the output rank to be the
 * largest input rank and each output dim to be the broadcast of the inputs' (1s stretch; a 0 wins over 1).
 */
export const SELECT_V2 = defineOp<undefined, SelectData>({
  name: 'SELECT_V2',
  code: BuiltinOperator.SELECT_V2,
  init() {
    return { plan: newSelectPlan() };
  },
  prepare(ctx) {
    expectArity(ctx, 3, 1);
    const cond = ctx.input(0);
    const x = ctx.input(1);
    const y = ctx.input(2);
    const out = ctx.output(0);
    if (cond.type !== TensorType.BOOL) ctx.fail(`condition type ${tensorTypeName(cond.type)} is not BOOL`);
    if (y.type !== x.type) ctx.fail(`y type ${tensorTypeName(y.type)} differs from x type ${tensorTypeName(x.type)}`);
    if (out.type !== x.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from x type ${tensorTypeName(x.type)}`);
    if (x.type !== TensorType.FLOAT32 && x.type !== TensorType.INT8 && x.type !== TensorType.INT16)
      ctx.fail(`Does not support type other than int8|int16|float32, but got ${tensorTypeName(x.type)}`);
    const mixedScalar = cond.elementCount === 1 && x.elementCount === 1 && y.elementCount === 1 && out.elementCount === 1;
    if (sameShape(cond, x) && sameShape(x, y)) {
      if (out.elementCount !== x.elementCount)
        ctx.fail(`output shape ${shapeText(out)} has ${out.elementCount} elements, inputs ${shapeText(x)} have ${x.elementCount}`);
      planSelect(ctx.data.plan, cond.shape, x.shape, y.shape, out.shape, Math.max(x.elementCount, 0));
      if (x.elementCount === 0) ctx.data.plan.count = 0;
      return;
    }
    if (mixedScalar) {
      planSelect(ctx.data.plan, cond.shape, x.shape, y.shape, out.shape, 1);
      return;
    }
    // CheckBroadcastShape.
    const rank = Math.max(cond.shape.length, x.shape.length, y.shape.length);
    if (out.shape.length !== rank) ctx.fail(`output rank ${out.shape.length} is not the largest input rank ${rank}`);
    if (rank > MAX_SELECT_RANK) ctx.fail(`rank ${rank} exceeds ${MAX_SELECT_RANK}`);
    for (let i = 0; i < rank; i++) {
      const dim = (t: Tensor) => (i >= t.shape.length ? 1 : t.shape[t.shape.length - i - 1]!);
      const d1 = dim(cond), d2 = dim(x), d3 = dim(y);
      let max = Math.max(d1, d2, d3);
      if (Math.min(d1, d2, d3) === 0) max = 0;
      if (!(d1 === 1 || d1 === max) || !(d2 === 1 || d2 === max) || !(d3 === 1 || d3 === max))
        ctx.fail(`Given shapes are not broadcastable: condition ${shapeText(cond)}, x ${shapeText(x)}, y ${shapeText(y)}`);
      if (out.shape[rank - i - 1] !== max)
        ctx.fail(`output shape ${shapeText(out)} is not the broadcast shape of ${shapeText(cond)}, ${shapeText(x)}, ${shapeText(y)}`);
    }
    planSelect(ctx.data.plan, cond.shape, x.shape, y.shape, out.shape);
  },
  invoke(ctx) {
    const x = ctx.inputs[1]!.data as Float32Array;
    select(ctx.data.plan, ctx.inputs[0]!.data as Uint8Array, x, ctx.inputs[2]!.data as Float32Array, ctx.outputs[0]!.data as Float32Array);
  },
});
