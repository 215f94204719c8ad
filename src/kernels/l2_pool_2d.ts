import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { l2PoolFloat } from './internal/l2_pool.js';
import { computePaddingHeightWidth, PADDING_SAME, PADDING_VALID } from './internal/padding.js';
import { PoolPadding } from './internal/pooling.js';
import { calculateActivationRangeFloat } from './internal/quantization.js';
import { initPool, parsePoolOptions, type PoolData, type PoolOptions } from './pooling_common.js';
import { expectArity, setShapeIfChanged } from './util.js';

/**
 * L2_POOL_2D: float32 only (TFLM has no quantized L2 pool). Rank-4 NHWC input and output of one type; the
 * output shape is computed from the padding arithmetic (ComputePaddingHeightWidth: invalid strides, filter
 * sizes or padding give zero sizes and zero padding, as in TFLM).
 */
export const L2_POOL_2D = defineOp<PoolOptions, PoolData>({
  name: 'L2_POOL_2D',
  code: BuiltinOperator.L2_POOL_2D,
  parseOptions: parsePoolOptions,
  init: initPool,
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const o = ctx.options;
    if (input.shape.length !== 4) ctx.fail(`input must have rank 4 (NHWC), has rank ${input.shape.length}`);
    if (output.shape.length !== 4) ctx.fail(`output must have rank 4 (NHWC), has rank ${output.shape.length}`);
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    const [batches, height, width, channels] = input.shape as unknown as [number, number, number, number];
    const schemaPadding = o.padding === PoolPadding.SAME ? PADDING_SAME : o.padding === PoolPadding.VALID ? PADDING_VALID : -1;
    const pad = computePaddingHeightWidth(o.strideHeight, o.strideWidth, 1, 1, height, width, o.filterHeight, o.filterWidth, schemaPadding);
    if (input.type !== TensorType.FLOAT32) ctx.fail(`input has type ${tensorTypeName(input.type)}; only FLOAT32 is supported`);
    setShapeIfChanged(ctx, output, [batches, pad.outHeight, pad.outWidth, channels]);
    const p = ctx.data.params;
    p.batches = batches;
    p.inputHeight = height;
    p.inputWidth = width;
    p.depth = channels;
    p.outputHeight = pad.outHeight;
    p.outputWidth = pad.outWidth;
    p.strideHeight = o.strideHeight;
    p.strideWidth = o.strideWidth;
    p.filterHeight = o.filterHeight;
    p.filterWidth = o.filterWidth;
    p.padHeight = pad.height;
    p.padWidth = pad.width;
    const r = calculateActivationRangeFloat(o.activation);
    p.actMin = r.min;
    p.actMax = r.max;
  },
  invoke(ctx) {
    l2PoolFloat(ctx.data.params, ctx.inputs[0]!.data as Float32Array, ctx.outputs[0]!.data as Float32Array);
  },
});
