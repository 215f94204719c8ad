import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, copyTensor, rowMajorStrides, writeCopyPlan, type ArenaViews, type CopyAxis } from './internal/strided_copy.js';
import { arenaViews, constantInts, expectArity, expectSizedType } from './util.js';

/** TFLM's BroadcastTo supports up to 5 dims (TFLite: 8). */
const MAX_DIMS = 5;

interface BroadcastToData {
  plan: Int32Array;
  kind: number;
  arena: ArenaViews | null;
}

/**
 * BROADCAST_TO: every fixed-size type (TFLM memcpys elements of any type but string); shape a constant INT32 or
 * INT64 vector equal to the output's dims, rank <= 5, the input broadcastable to it (each input dim 1 or
 * equal, aligned right). One strided copy with stride 0 along broadcast dims.
 */
export const BROADCAST_TO = defineOp<undefined, BroadcastToData>({
  name: 'BROADCAST_TO',
  code: BuiltinOperator.BROADCAST_TO,
  init() {
    return { plan: new Int32Array(COPY_PLAN_SIZE), kind: 0, arena: null };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const input = ctx.input(0);
    const shape = ctx.input(1);
    const output = ctx.output(0);
    if (input.shape.length > MAX_DIMS) ctx.fail(`BroadcastTo only supports 1-5D tensors, input has rank ${input.shape.length}`);
    if (shape.type !== TensorType.INT32 && shape.type !== TensorType.INT64) ctx.fail(`shape has type ${tensorTypeName(shape.type)}; expected INT32 or INT64`);
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    expectSizedType(ctx, input);
    if (!shape.isConstant) ctx.fail('non-constant shape tensor is not supported');
    if (shape.shape.length !== 1) ctx.fail(`shape must be a vector, has rank ${shape.shape.length}`);
    const dims = constantInts(ctx, shape, 'shape', true);
    const outRank = output.shape.length;
    const inRank = input.shape.length;
    if (outRank !== dims.length) ctx.fail(`output rank ${outRank} != shape length ${dims.length}`);
    if (inRank > outRank) ctx.fail(`input [${input.shape.join(',')}] cannot broadcast to rank ${outRank}`);
    if (outRank > MAX_DIMS) ctx.fail(`BroadcastTo only supports 1-5D tensors, output has rank ${outRank}`);
    const extra = outRank - inRank;
    for (let i = 0; i < inRank; i++) {
      const d = input.shape[i]!;
      if (d !== 1 && d !== dims[extra + i]) ctx.fail(`input [${input.shape.join(',')}] does not broadcast to [${dims.join(',')}]`);
    }
    for (let i = 0; i < outRank; i++) if (output.shape[i] !== dims[i]) ctx.fail(`output [${output.shape.join(',')}] != shape [${dims.join(',')}]`);
    const inStrides = rowMajorStrides(input.shape);
    const outStrides = rowMajorStrides(dims);
    const axes: CopyAxis[] = dims.map((count, i) => {
      const k = i - extra;
      return { count, src: k < 0 || input.shape[k] === 1 ? 0 : inStrides[k]!, dst: outStrides[i]! };
    });
    const { kind, unit } = copyKindOf(input.type);
    ctx.data.kind = kind;
    ctx.data.arena = arenaViews(ctx);
    if (!writeCopyPlan(ctx.data.plan, 0, axes, 0, 0, unit)) ctx.fail('copy plan has too many axes');
  },
  invoke(ctx) {
    copyTensor(ctx.data.kind, ctx.inputs[0]!, ctx.outputs[0]!, ctx.data.plan, 0, ctx.data.arena);
  },
});
