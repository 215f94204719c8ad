/**
 * What AVERAGE_POOL_2D and MAX_POOL_2D share (TFLM pooling_common.cc): Pool2DOptions parsing and Prepare.
 */
import { TensorType } from '../model/types.js';
import type { Table } from '../model/types.js';
import type { KernelContext } from '../runtime/kernel.js';
import { computePoolPadding, PoolPadding, type PoolParams } from './internal/pooling.js';
import { calculateActivationRangeFloat, calculateActivationRangeQuantized } from './internal/quantization.js';
import { expectType, quantOrDefault, readActivation, typeRange } from './util.js';

export interface PoolOptions {
  /** TfLitePadding as TFLM's parser yields it (schema SAME → SAME, VALID → VALID, else UNKNOWN). */
  padding: PoolPadding;
  strideWidth: number;
  strideHeight: number;
  filterWidth: number;
  filterHeight: number;
  activation: number;
}

export interface PoolData {
  params: PoolParams;
  type: number;
}

/** Pool2DOptions: padding (0), stride_w (1), stride_h (2), filter_width (3), filter_height (4), fused_activation_function (5). */
export function parsePoolOptions(t: Table | null): PoolOptions {
  // Without options TFLM leaves its zero-initialized params: padding unknown, strides and filter 0.
  const schemaPadding = t ? t.int8(0, 0) : -1;
  return {
    padding: schemaPadding === 0 ? PoolPadding.SAME : schemaPadding === 1 ? PoolPadding.VALID : PoolPadding.UNKNOWN,
    strideWidth: t ? t.int32(1, 0) : 0,
    strideHeight: t ? t.int32(2, 0) : 0,
    filterWidth: t ? t.int32(3, 0) : 0,
    filterHeight: t ? t.int32(4, 0) : 0,
    activation: readActivation(t, 5),
  };
}

export function initPool(): PoolData {
  return {
    type: TensorType.FLOAT32,
    params: {
      batches: 0, inputHeight: 0, inputWidth: 0, depth: 0, outputHeight: 0, outputWidth: 0, strideHeight: 0,
      strideWidth: 0, filterHeight: 0, filterWidth: 0, padHeight: 0, padWidth: 0, actMin: 0, actMax: 0,
    },
  };
}

/**
 * PoolingPrepare: padding from the input size (invalid arguments give zero padding, as in TFLM), equal
 * input/output quantization for int8/int16 (scales within 1e-6, same zero point), the activation range.
 * The output's dims are the model's (TFLM does not resize it); NHWC rank 4 with matching batch and
 * channels is required (TFLM only DCHECKs it).
 */
export function preparePool(ctx: KernelContext<PoolOptions, PoolData>): void {
  const o = ctx.options;
  const input = ctx.input(0);
  const output = ctx.output(0);
  const d = ctx.data;
  expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16);
  expectType(ctx, output, 'output', input.type);
  if (input.shape.length !== 4) ctx.fail(`input must have rank 4 (NHWC), has rank ${input.shape.length}`);
  if (output.shape.length !== 4) ctx.fail(`output must have rank 4 (NHWC), has rank ${output.shape.length}`);
  const [batches, inH, inW, depth] = input.shape as unknown as [number, number, number, number];
  if (output.shape[0] !== batches || output.shape[3] !== depth)
    ctx.fail(`output [${output.shape.join(',')}] does not match input [${input.shape.join(',')}] in batch and channels`);
  // ComputeOutSizeChecked validates both directions before any padding is written.
  const valid = (o.padding === PoolPadding.SAME || o.padding === PoolPadding.VALID) &&
    o.strideWidth > 0 && o.strideHeight > 0 && o.filterWidth > 0 && o.filterHeight > 0 &&
    (o.padding === PoolPadding.SAME || (inW + o.strideWidth - o.filterWidth > -o.strideWidth && inH + o.strideHeight - o.filterHeight > -o.strideHeight));
  const p = d.params;
  p.batches = batches;
  p.inputHeight = inH;
  p.inputWidth = inW;
  p.depth = depth;
  p.outputHeight = output.shape[1]!;
  p.outputWidth = output.shape[2]!;
  p.strideHeight = o.strideHeight;
  p.strideWidth = o.strideWidth;
  p.filterHeight = o.filterHeight;
  p.filterWidth = o.filterWidth;
  p.padHeight = valid ? computePoolPadding(o.padding, o.strideHeight, inH, o.filterHeight) : 0;
  p.padWidth = valid ? computePoolPadding(o.padding, o.strideWidth, inW, o.filterWidth) : 0;
  d.type = input.type;
  if (input.type === TensorType.FLOAT32) {
    const r = calculateActivationRangeFloat(o.activation);
    p.actMin = r.min;
    p.actMax = r.max;
    return;
  }
  const inQ = quantOrDefault(input);
  const outQ = quantOrDefault(output);
  if (!(Math.abs(Math.fround(Math.fround(inQ.scale) - Math.fround(outQ.scale))) <= 1e-6))
    ctx.fail(`input scale ${inQ.scale} and output scale ${outQ.scale} differ`);
  if (inQ.zeroPoint !== outQ.zeroPoint) ctx.fail(`input zero point ${inQ.zeroPoint} and output zero point ${outQ.zeroPoint} differ`);
  const range = typeRange(output.type);
  const r = calculateActivationRangeQuantized(o.activation, outQ.scale, outQ.zeroPoint, range.min, range.max);
  p.actMin = r.min;
  p.actMax = r.max;
}
