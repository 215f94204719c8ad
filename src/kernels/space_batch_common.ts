/**
 * What BATCH_TO_SPACE_ND and SPACE_TO_BATCH_ND share (TFLM batch_to_space_nd.cc / space_to_batch_nd.cc):
 * 3 inputs (input, block_shape, crops or paddings), input and output of rank 3 or 4 and one type, float32 or
 * int8 (TFLM's Eval). block_shape and crops/paddings are INT32 tensors read at invoke (TFLM reads them at Eval,
 * so they may be non-constant); TFLM uses block_shape[0], block_shape[1] (rank 4), crops[0] and crops[2]
 * (rank 4). The output's dims are the model's, as in TFLM; it must have the input's depth.
 */
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import type { KernelContext, OpKernel } from '../runtime/kernel.js';
import { batchToSpace, spaceToBatch, type SpaceBatchShape } from './internal/space_batch.js';
import { arenaViews, expectArity, expectType } from './util.js';

export interface SpaceBatchData {
  shape: SpaceBatchShape;
  rank: number;
  arena: Uint8Array | null;
}

type Ctx = KernelContext<undefined, SpaceBatchData>;

/** Block sizes must be >= 1 (TFLM divides by the width block; a non-positive block moves nothing useful). */
function checkBlock(ctx: Ctx, h: number, w: number): void {
  if (!(h >= 1) || !(w >= 1)) ctx.fail(`block shape [${h}, ${w}] must be >= 1`);
}

export function spaceBatchKernel(toSpace: boolean): OpKernel<undefined, SpaceBatchData> {
  const padsName = toSpace ? 'crops' : 'paddings';
  return {
    init() {
      return { shape: { inBatch: 0, inHeight: 0, inWidth: 0, outBatch: 0, outHeight: 0, outWidth: 0, pixelBytes: 0 }, rank: 4, arena: null };
    },
    prepare(ctx) {
      expectArity(ctx, 3, 1);
      const input = ctx.input(0);
      const block = ctx.input(1);
      const pads = ctx.input(2);
      const output = ctx.output(0);
      const rank = input.shape.length;
      if (rank < 3 || rank > 4) ctx.fail(`input rank ${rank} is not 3 or 4`);
      if (output.shape.length < 3 || output.shape.length > 4) ctx.fail(`output rank ${output.shape.length} is not 3 or 4`);
      if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
      expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8);
      if (output.shape.length !== rank) ctx.fail(`output rank ${output.shape.length} != input rank ${rank}`);
      expectType(ctx, block, 'block_shape', TensorType.INT32);
      expectType(ctx, pads, padsName, TensorType.INT32);
      const spatial = rank - 2;
      if (block.elementCount < spatial) ctx.fail(`block_shape holds ${block.elementCount} values, needs ${spatial}`);
      if (pads.elementCount < 2 * spatial) ctx.fail(`${padsName} holds ${pads.elementCount} values, needs ${2 * spatial}`);
      const depth = input.shape[rank - 1]!;
      if (output.shape[rank - 1] !== depth) ctx.fail(`output depth ${output.shape[rank - 1]} != input depth ${depth}`);
      if (block.isConstant) {
        const b = block.data as Int32Array;
        checkBlock(ctx, b[0]!, rank === 4 ? b[1]! : 1);
      }
      const d = ctx.data;
      const s = d.shape;
      d.rank = rank;
      s.inBatch = input.shape[0]!;
      s.inHeight = input.shape[1]!;
      s.inWidth = rank === 4 ? input.shape[2]! : 1;
      s.outBatch = output.shape[0]!;
      s.outHeight = output.shape[1]!;
      s.outWidth = rank === 4 ? output.shape[2]! : 1;
      s.pixelBytes = depth * tensorTypeSize(input.type);
      // Batch indices are taken modulo the other tensor's batch size.
      if (toSpace ? s.inBatch > 0 && s.outBatch === 0 : s.outBatch > 0 && s.inBatch === 0) ctx.fail('batch size 0');
      d.arena = arenaViews(ctx).u8;
    },
    invoke(ctx) {
      const d = ctx.data;
      const b = ctx.inputs[1]!.data as Int32Array;
      const p = ctx.inputs[2]!.data as Int32Array;
      const four = d.rank === 4;
      const blockH = b[0]!;
      const blockW = four ? b[1]! : 1;
      checkBlock(ctx, blockH, blockW);
      const top = p[0]!;
      const left = four ? p[2]! : 0;
      const src = ctx.inputs[0]!.bytes;
      const dst = ctx.outputs[0]!.bytes;
      if (toSpace) batchToSpace(d.shape, blockH, blockW, top, left, src, dst, d.arena);
      else spaceToBatch(d.shape, blockH, blockW, top, left, src, dst, d.arena);
    },
  };
}
