/**
 * Prepare-time pieces shared by CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV (TFLM's conv_common.cc and
 * PopulateConvolutionQuantizationParams): option validation, filter quantization checks, per-channel
 * multipliers, activation ranges and the int64 bias view. Nothing here runs in invoke.
 */
import { TensorType } from '../model/types.js';
import type { KernelContext, Tensor } from '../runtime/kernel.js';
import type { ConvParams } from './internal/conv.js';
import { PADDING_SAME, PADDING_VALID } from './internal/padding.js';
import { calculateActivationRangeFloat, perChannelMultipliers } from './internal/quantization.js';
import { activationRange, quantParams } from './util.js';

type Ctx = KernelContext<unknown, unknown>;

/** Largest int64 bias magnitude kept exact by the double accumulators (see internal/conv.ts). */
const MAX_BIAS64 = 2 ** 52;

/**
 * Options TFLM would accept but cannot compute with: a missing options table (all-zero params), strides or
 * dilations below 1, a padding code other than SAME/VALID. TFLM silently computes garbage for these (its
 * padding helpers return 0); we reject them.
 */
export function checkWindowOptions(ctx: Ctx, padding: number, strideH: number, strideW: number, dilationH: number, dilationW: number): void {
  if (padding !== PADDING_SAME && padding !== PADDING_VALID) ctx.fail(`unknown padding code ${padding}`);
  if (!(strideH >= 1 && strideW >= 1)) ctx.fail(`strides must be >= 1, got ${strideH}x${strideW}`);
  if (!(dilationH >= 1 && dilationW >= 1)) ctx.fail(`dilation factors must be >= 1, got ${dilationH}x${dilationW}`);
}

/** Fail unless `t` has rank 4. */
export function expectRank4(ctx: Ctx, t: Tensor, what: string): void {
  if (t.shape.length !== 4) ctx.fail(`${what} must have rank 4, has shape [${t.shape.join(',')}]`);
}

/**
 * Filter quantization checks of the quantized paths: an affine quantization whose scale count is 1 or the
 * number of output channels `channels`, which must also be the size of the quantized dimension
 * (PopulateConvolutionQuantizationParams). `zeroPointsMatch` adds the scale/zero-point count check that
 * DEPTHWISE_CONV_2D (int8) and TRANSPOSE_CONV make.
 */
export function checkFilterQuantization(ctx: Ctx, filter: Tensor, channels: number, zeroPointsMatch: boolean): void {
  const q = filter.quantization;
  if (!q || q.scale.length === 0) ctx.fail(`filter (tensor ${filter.index}) is not quantized`);
  const n = q.scale.length;
  if (n !== 1 && n !== channels) ctx.fail(`filter has ${n} scales for ${channels} output channels`);
  if (zeroPointsMatch && q.zeroPoint.length !== n) ctx.fail(`filter has ${n} scales but ${q.zeroPoint.length} zero points`);
  if (n > 1) {
    const qd = q.quantizedDimension;
    if (filter.shape[qd] !== n) ctx.fail(`filter quantized dimension ${qd} has size ${filter.shape[qd]}, expected ${n}`);
  }
}

/**
 * Quantized multipliers and clamp range (PopulateConvolutionQuantizationParams): per output channel
 * double(input_scale) * double(filter_scale[c]) / double(output_scale) → QuantizeMultiplier, in the
 * interpreter's rounding mode; the fused activation's range on the output type. Offsets from the zero points.
 */
export function prepareQuantizedConv(ctx: Ctx, p: ConvParams, input: Tensor, filter: Tensor, output: Tensor, activation: number, channels: number): void {
  const inQ = quantParams(ctx, input, 'input');
  const outQ = quantParams(ctx, output, 'output');
  p.multipliers = ctx.persistentInt32(channels);
  p.shifts = ctx.persistentInt32(channels);
  perChannelMultipliers(inQ.scale, filter.quantization!.scale, outQ.scale, { multipliers: p.multipliers, shifts: p.shifts }, ctx.rounding);
  const r = activationRange(ctx, activation, output);
  p.actMin = r.min;
  p.actMax = r.max;
  // TFLM's 16x8 kernels assume zero points of 0 and ignore the tensors' (no check either).
  const int8 = input.type === TensorType.INT8;
  p.inputOffset = int8 ? -inQ.zeroPoint : 0;
  p.outputOffset = int8 ? outQ.zeroPoint : 0;
  p.singleRounding = ctx.rounding === 'single';
}

/** Float clamp range of a fused activation (±FLT_MAX for none, as TFLM clamps). */
export function prepareFloatConv(p: ConvParams, activation: number): void {
  const r = calculateActivationRangeFloat(activation);
  p.actMin = r.min;
  p.actMax = r.max;
}

/** Fail unless the bias has `channels` elements. */
export function checkBiasSize(ctx: Ctx, bias: Tensor, channels: number): void {
  let n = 1;
  for (let i = 0; i < bias.shape.length; i++) n *= bias.shape[i]!;
  if (n !== channels) ctx.fail(`bias has ${n} elements, expected ${channels}`);
}

/**
 * An int64 bias as int32 pairs (low word first) over the tensor's own bytes, for the double accumulators.
 * Only constant biases can be viewed at prepare time (arena tensors are bound after prepare); TFLM models
 * always have constant biases. Values must stay below 2^52 in magnitude so the accumulation stays exact.
 */
export function int64BiasView(ctx: Ctx, bias: Tensor): Int32Array {
  if (bias.type !== TensorType.INT64) ctx.fail('internal: int64BiasView on a non-int64 tensor');
  if (!bias.isConstant) ctx.fail('an int64 bias must be a constant tensor');
  const data = bias.data as BigInt64Array;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v >= BigInt(MAX_BIAS64) || v <= -BigInt(MAX_BIAS64)) ctx.fail(`bias[${i}] = ${v} exceeds 2^52 in magnitude`);
  }
  return new Int32Array(data.buffer, data.byteOffset, data.length * 2);
}
