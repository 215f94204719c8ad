import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, copyTensor, writeCopyPlan, type ArenaViews } from './internal/strided_copy.js';
import { arenaViews, expectArity, expectType, setShapeIfChanged } from './util.js';

export interface BlockSizeOptions {
  blockSize: number;
}

export interface PermuteData {
  plan: Int32Array;
  kind: number;
  arena: ArenaViews | null;
}

/**
 * DEPTH_TO_SPACE: float32 and int8 (TFLM's set), NHWC rank 4, block_size > 0 dividing the channels by
 * block_size^2. The output [B, H * bs, W * bs, C / bs^2] is computed; the move is one strided copy walking the
 * output as [B, H, bs, W, bs, C / bs^2] (reference_ops::DepthToSpace's index mapping).
 */
export const DEPTH_TO_SPACE = defineOp<BlockSizeOptions, PermuteData>({
  name: 'DEPTH_TO_SPACE',
  code: BuiltinOperator.DEPTH_TO_SPACE,
  parseOptions(t) {
    // DepthToSpaceOptions: block_size (0). Without options TFLM's params stay zero.
    return { blockSize: t ? t.int32(0, 0) : 0 };
  },
  init() {
    return { plan: new Int32Array(COPY_PLAN_SIZE), kind: 0, arena: null };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    if (input.shape.length !== 4) ctx.fail(`input must have rank 4 (NHWC), has rank ${input.shape.length}`);
    expectType(ctx, output, 'output', TensorType.FLOAT32, TensorType.INT8);
    if (input.type !== output.type) ctx.fail(`input type ${tensorTypeName(input.type)} != output type ${tensorTypeName(output.type)}`);
    const bs = ctx.options.blockSize;
    if (!(bs > 0)) ctx.fail(`block_size ${bs} must be > 0`);
    const [b, h, w, c] = input.shape as unknown as [number, number, number, number];
    const oc = Math.trunc(Math.trunc(c / bs) / bs);
    if (oc * bs * bs !== c) ctx.fail(`input channels ${c} are not a multiple of block_size^2 = ${bs * bs}`);
    setShapeIfChanged(ctx, output, [b, h * bs, w * bs, oc]);
    const ow = w * bs;
    const axes = [
      { count: b, src: h * w * c, dst: h * bs * ow * oc },
      { count: h, src: w * c, dst: bs * ow * oc },
      { count: bs, src: bs * oc, dst: ow * oc },
      { count: w, src: c, dst: bs * oc },
      { count: bs, src: oc, dst: oc },
      { count: oc, src: 1, dst: 1 },
    ];
    const { kind, unit } = copyKindOf(input.type);
    ctx.data.kind = kind;
    ctx.data.arena = arenaViews(ctx);
    if (!writeCopyPlan(ctx.data.plan, 0, axes, 0, 0, unit)) ctx.fail('copy plan has too many axes');
  },
  invoke(ctx) {
    copyTensor(ctx.data.kind, ctx.inputs[0]!, ctx.outputs[0]!, ctx.data.plan, 0, ctx.data.arena);
  },
});
