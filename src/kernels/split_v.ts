import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { constantAxis, invokeSplit, prepareSplit, type SplitData, type SplitOptions } from './split.js';
import { constantInts, expectType } from './util.js';

/**
 * SPLIT_V: float32, int8, int16, int32 (TFLM's list). Inputs: the tensor, size_splits (INT32 or INT64, one
 * entry may be -1 for "the rest"), a constant INT32 axis. With constant size_splits the output shapes are
 * computed from them; otherwise (TFLM never reads size_splits) the model's output dims along the axis are
 * used and must add up to the input's.
 */
export const SPLIT_V = defineOp<SplitOptions, SplitData>({
  name: 'SPLIT_V',
  code: BuiltinOperator.SPLIT_V,
  parseOptions(t) {
    return { numSplits: t ? t.int32(0, 0) : 0 };
  },
  init() {
    return { plans: new Int32Array(0), kind: 0, arena: null };
  },
  prepare(ctx) {
    if (ctx.inputs.length !== 3) ctx.fail(`expected 3 inputs, got ${ctx.inputs.length}`);
    const n = ctx.outputs.length;
    if (n < 1) ctx.fail('expected at least 1 output');
    if (ctx.options.numSplits !== 0 && ctx.options.numSplits !== n) ctx.fail(`num_splits ${ctx.options.numSplits} != ${n} outputs`);
    const input = ctx.input(0);
    const sizeSplits = ctx.input(1);
    const axis = constantAxis(ctx, ctx.input(2), input.shape.length);
    const dim = input.shape[axis]!;
    let sizes: number[];
    if (sizeSplits.isConstant) {
      expectType(ctx, sizeSplits, 'size_splits', TensorType.INT32, TensorType.INT64);
      sizes = constantInts(ctx, sizeSplits, 'size_splits', true);
      if (sizes.length !== n) ctx.fail(`size_splits has ${sizes.length} entries for ${n} outputs`);
      let known = 0;
      let rest = -1;
      sizes.forEach((s, i) => {
        if (s === -1) {
          if (rest !== -1) ctx.fail('size_splits has more than one -1');
          rest = i;
        } else if (s < 0) ctx.fail(`size_splits[${i}] = ${s} is negative`);
        else known += s;
      });
      if (rest !== -1) {
        if (known > dim) ctx.fail(`size_splits add up to ${known} > dim ${dim}`);
        sizes[rest] = dim - known;
        known = dim;
      }
      if (known !== dim) ctx.fail(`size_splits add up to ${known}, dim ${axis} has ${dim}`);
    } else {
      sizes = [];
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const s = ctx.output(i).shape;
        if (s.length !== input.shape.length) ctx.fail(`output ${i} rank ${s.length} != input rank ${input.shape.length}`);
        sizes.push(s[axis]!);
        sum += s[axis]!;
      }
      if (sum !== dim) ctx.fail(`output dims along axis ${axis} add up to ${sum}, input has ${dim}`);
    }
    prepareSplit(ctx, input, axis, sizes);
  },
  invoke(ctx) {
    invokeSplit(ctx, ctx.inputs[0]!);
  },
});
