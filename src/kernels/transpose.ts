import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, copyTensor, rowMajorStrides, writeCopyPlan, type CopyAxis, type ArenaViews } from './internal/strided_copy.js';
import { arenaViews, constantInts, expectArity, expectType, setShapeIfChanged } from './util.js';

/** TFLM's TransposePrepare accepts inputs of rank 1 to 5 (reference_ops::Transpose itself handles 6). */
const TRANSPOSE_MAX_DIMS = 5;

/**
 * TRANSPOSE: float32, int8, int16 (TFLM's list); perm a constant INT32 vector, a permutation of the input
 * dims. Output dim k is input dim perm[k]; the output shape is computed from the input's.
 */
export const TRANSPOSE = defineOp<undefined, { plan: Int32Array; kind: number; arena: ArenaViews | null }>({
  name: 'TRANSPOSE',
  code: BuiltinOperator.TRANSPOSE,
  init() {
    return { plan: new Int32Array(COPY_PLAN_SIZE), kind: 0, arena: null };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const input = ctx.input(0);
    const permTensor = ctx.input(1);
    const output = ctx.output(0);
    const rank = input.shape.length;
    if (rank > TRANSPOSE_MAX_DIMS) ctx.fail(`only 1D-${TRANSPOSE_MAX_DIMS}D inputs are supported, input has rank ${rank}`);
    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16);
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    if (permTensor.type !== TensorType.INT32) ctx.fail(`perm has type ${tensorTypeName(permTensor.type)}; expected INT32`);
    if (permTensor.shape.length !== 1) ctx.fail(`perm must be a vector, has rank ${permTensor.shape.length}`);
    const perm = constantInts(ctx, permTensor, 'perm');
    if (perm.length !== rank) ctx.fail(`perm has ${perm.length} entries for rank ${rank}`);
    const seen = new Array<boolean>(rank).fill(false);
    for (const p of perm) {
      if (p < 0 || p >= rank) ctx.fail(`perm [${perm.join(',')}] is out of bounds`);
      if (seen[p]) ctx.fail(`perm [${perm.join(',')}] repeats ${p}`);
      seen[p] = true;
    }
    const outShape = perm.map((p) => input.shape[p]!);
    setShapeIfChanged(ctx, output, outShape);
    const inStrides = rowMajorStrides(input.shape);
    const outStrides = rowMajorStrides(outShape);
    // Walk the output in order; output axis k advances the input by the stride of input dim perm[k].
    const axes: CopyAxis[] = perm.map((p, k) => ({ count: outShape[k]!, src: inStrides[p]!, dst: outStrides[k]! }));
    const { kind, unit } = copyKindOf(input.type);
    ctx.data.kind = kind;
    ctx.data.arena = arenaViews(ctx);
    if (!writeCopyPlan(ctx.data.plan, 0, axes, 0, 0, unit)) ctx.fail('copy plan has too many axes');
  },
  invoke(ctx) {
    copyTensor(ctx.data.kind, ctx.inputs[0]!, ctx.outputs[0]!, ctx.data.plan, 0, ctx.data.arena);
  },
});
