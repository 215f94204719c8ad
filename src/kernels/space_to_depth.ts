import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, copyTensor, writeCopyPlan } from './internal/strided_copy.js';
import { arenaViews, expectArity, expectType, setShapeIfChanged } from './util.js';
import type { BlockSizeOptions, PermuteData } from './depth_to_space.js';

/**
 * SPACE_TO_DEPTH: float32 and int8 (TFLM's set), NHWC rank 4, height and width multiples of block_size. The
 * output [B, H / bs, W / bs, C * bs^2] is computed; the move is one strided copy walking the input as
 * [B, H / bs, bs, W / bs, bs, C] (reference_ops::SpaceToDepth's index mapping). TFLM does not check
 * block_size > 0 (it divides by it); here a non-positive block size fails.
 */
export const SPACE_TO_DEPTH = defineOp<BlockSizeOptions, PermuteData>({
  name: 'SPACE_TO_DEPTH',
  code: BuiltinOperator.SPACE_TO_DEPTH,
  parseOptions(t) {
    // SpaceToDepthOptions: block_size (0).
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
    const oh = Math.trunc(h / bs);
    const ow = Math.trunc(w / bs);
    if (oh * bs !== h) ctx.fail(`input height ${h} is not a multiple of block_size ${bs}`);
    if (ow * bs !== w) ctx.fail(`input width ${w} is not a multiple of block_size ${bs}`);
    const oc = c * bs * bs;
    setShapeIfChanged(ctx, output, [b, oh, ow, oc]);
    const axes = [
      { count: b, src: h * w * c, dst: oh * ow * oc },
      { count: oh, src: bs * w * c, dst: ow * oc },
      { count: bs, src: w * c, dst: bs * c },
      { count: ow, src: bs * c, dst: oc },
      { count: bs, src: c, dst: c },
      { count: c, src: 1, dst: 1 },
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
