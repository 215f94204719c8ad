/**
 * Prepare-time pieces shared by CONV_2D, DEPTHWISE_CONV_2D and TRANSPOSE_CONV (TFLM's conv_common.cc,
 * depthwise_conv_common.cc and kernel_util's PopulateConvolutionQuantizationParams / ComputePaddingHeightWidth):
 * node and option validation, the geometry and padding, filter quantization checks, per-channel multipliers,
 * activation ranges, packed int4 filters and the int64 bias view. Nothing here runs in invoke.
 */
import { TensorType, tensorTypeName } from '../model/types.js';
import type { KernelContext, ScratchBuffer, Tensor } from '../runtime/kernel.js';
import type { ConvParams } from './internal/conv.js';
import { computePaddingHeightWidth, PADDING_SAME, PADDING_VALID } from './internal/padding.js';
import { calculateActivationRangeFloat, perChannelMultipliers } from './internal/quantization.js';
import { activationRange, expectType, flatSize, quantParams } from './util.js';

type Ctx = KernelContext<unknown, unknown>;

/** Largest int64 bias magnitude kept exact by the double accumulators (see internal/conv.ts). */
const MAX_BIAS64 = 2 ** 52;

/** The window options of the three ops (TRANSPOSE_CONV's have no dilation fields: dilation 1). */
export interface ConvWindowOptions {
  padding: number;
  strideW: number;
  strideH: number;
  dilationW?: number;
  dilationH?: number;
}

/** The tensors of a convolution node (bias optional). */
export interface ConvTensors {
  input: Tensor;
  filter: Tensor;
  bias: Tensor | null;
  output: Tensor;
}

/** The op data fields of CONV_2D and DEPTHWISE_CONV_2D for packed int4 filters (TFLM has no int4 TRANSPOSE_CONV). */
export interface Int4FilterData {
  /** int4 filters: unpacked into this scratch buffer at every invoke, as TFLM does. */
  unpacked: ScratchBuffer | null;
  filterCount: number;
}

/**
 * The node checks CONV_2D and DEPTHWISE_CONV_2D share (ConvPrepare / DepthwiseConvPrepare): 2 or 3 inputs and
 * one output; the input's type is the output's; float32 input with float32 filter (or int8: hybrid), int8
 * with int8 or packed int4, int16 with int8; then checkConvShapes.
 */
export function convTensors(ctx: Ctx, o: ConvWindowOptions): ConvTensors {
  if (ctx.inputs.length !== 2 && ctx.inputs.length !== 3) ctx.fail(`expected 2 or 3 inputs, got ${ctx.inputs.length}`);
  if (ctx.outputs.length !== 1) ctx.fail(`expected 1 output, got ${ctx.outputs.length}`);
  const input = ctx.input(0);
  const filter = ctx.input(1);
  const bias = ctx.optionalInput(2);
  const output = ctx.output(0);
  if (input.type !== output.type) {
    ctx.fail(`input type ${tensorTypeName(input.type)} differs from output type ${tensorTypeName(output.type)}`);
  }
  const ok =
    (input.type === TensorType.FLOAT32 && (filter.type === TensorType.FLOAT32 || filter.type === TensorType.INT8)) ||
    (input.type === TensorType.INT16 && filter.type === TensorType.INT8) ||
    (input.type === TensorType.INT8 && (filter.type === TensorType.INT8 || filter.type === TensorType.INT4));
  if (!ok) {
    ctx.fail(`${tensorTypeName(input.type)} input with ${tensorTypeName(filter.type)} filter is not supported`);
  }
  checkConvShapes(ctx, input, filter, output, o);
  return { input, filter, bias, output };
}

/** Fail unless `t` has rank 4. */
function expectRank4(ctx: Ctx, t: Tensor, what: string): void {
  if (t.shape.length !== 4) ctx.fail(`${what} must have rank 4, has shape [${t.shape.join(',')}]`);
}

/**
 * Rank-4 input, filter and output, and options TFLM would accept but cannot compute with: a missing options
 * table (all-zero params), strides or dilations below 1, a padding code other than SAME/VALID. TFLM silently
 * computes garbage for these (its padding helpers return 0); we reject them.
 */
export function checkConvShapes(ctx: Ctx, input: Tensor, filter: Tensor, output: Tensor, o: ConvWindowOptions): void {
  expectRank4(ctx, input, 'input');
  expectRank4(ctx, filter, 'filter');
  expectRank4(ctx, output, 'output');
  const { padding, strideH, strideW } = o;
  const dilationH = o.dilationH ?? 1;
  const dilationW = o.dilationW ?? 1;
  if (padding !== PADDING_SAME && padding !== PADDING_VALID) ctx.fail(`unknown padding code ${padding}`);
  if (!(strideH >= 1 && strideW >= 1)) ctx.fail(`strides must be >= 1, got ${strideH}x${strideW}`);
  if (!(dilationH >= 1 && dilationW >= 1)) ctx.fail(`dilation factors must be >= 1, got ${dilationH}x${dilationW}`);
}

/**
 * The geometry of `p` (after the shape checks: the output's batches and channels are the input's and the
 * filter's): sizes from the input, output and filter; strides, dilations and the padding
 * (ComputePaddingHeightWidth from the input size, or for TRANSPOSE_CONV (`transposed`) that of a forward conv
 * from the output size to the input size).
 */
export function setConvGeometry(
  p: ConvParams,
  input: Tensor,
  output: Tensor,
  filterHeight: number,
  filterWidth: number,
  filterDepth: number,
  o: ConvWindowOptions,
  transposed: boolean,
): void {
  const dilationH = o.dilationH ?? 1;
  const dilationW = o.dilationW ?? 1;
  const outH = output.shape[1]!;
  const outW = output.shape[2]!;
  const inH = input.shape[1]!;
  const inW = input.shape[2]!;
  const pad = computePaddingHeightWidth(o.strideH, o.strideW, dilationH, dilationW, transposed ? outH : inH, transposed ? outW : inW,
    filterHeight, filterWidth, o.padding);
  Object.assign(p, {
    batches: input.shape[0]!, inputHeight: inH, inputWidth: inW, inputDepth: input.shape[3]!,
    filterHeight, filterWidth, filterDepth,
    outputHeight: outH, outputWidth: outW, outputDepth: output.shape[3]!,
    strideHeight: o.strideH, strideWidth: o.strideW, dilationHeight: dilationH, dilationWidth: dilationW,
    padHeight: pad.height, padWidth: pad.width,
  });
}

/**
 * Filter quantization checks of the quantized paths: an affine quantization whose scale count is 1 or the
 * number of output channels `channels`, which must also be the size of the quantized dimension
 * (PopulateConvolutionQuantizationParams). `zeroPointsMatch` adds the scale/zero-point count check that
 * DEPTHWISE_CONV_2D (int8) and TRANSPOSE_CONV make.
 */
function checkFilterQuantization(ctx: Ctx, filter: Tensor, channels: number, zeroPointsMatch: boolean): void {
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
 * The float32 and quantized parameters of the three ops (after the geometry; hybrid nodes aside), by input
 * type, which it returns:
 *  - float32: a float32 bias; the fused activation's float clamp range (±FLT_MAX for none, as TFLM clamps).
 *  - int8 / int16: checkFilterQuantization (`zeroPointsMatch`: see there); multipliers
 *    (PopulateConvolutionQuantizationParams): per output channel double(input_scale) *
 *    double(filter_scale[c]) / double(output_scale) → QuantizeMultiplier, in the interpreter's rounding
 *    mode; the fused activation's range on the output type; offsets from the zero points.
 *  - int8 also: an int32 bias; for a packed int4 filter (`int4`: the op data of an op that takes them), the
 *    scratch buffer it is unpacked into. The int16 bias types differ by op: see int16Bias.
 */
export function prepareConvParams(ctx: Ctx, p: ConvParams, t: ConvTensors, activation: number, zeroPointsMatch: boolean, int4: Int4FilterData | null): number {
  const { input, filter, bias, output } = t;
  if (input.type === TensorType.FLOAT32) {
    if (bias) expectType(ctx, bias, 'bias', TensorType.FLOAT32);
    const r = calculateActivationRangeFloat(activation);
    p.actMin = r.min;
    p.actMax = r.max;
    return input.type;
  }
  const channels = p.outputDepth;
  checkFilterQuantization(ctx, filter, channels, zeroPointsMatch);
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
  if (int8) {
    if (bias) expectType(ctx, bias, 'bias', TensorType.INT32);
    if (int4 !== null && filter.type === TensorType.INT4) {
      int4.filterCount = flatSize(filter.shape);
      if (filter.data.length < (int4.filterCount + 1) >> 1) ctx.fail(`packed int4 filter holds ${filter.data.length} bytes, needs ${(int4.filterCount + 1) >> 1}`);
      int4.unpacked = ctx.requestScratch(int4.filterCount);
    }
  }
  return input.type;
}

/** Fail unless the bias has `channels` elements. */
export function checkBiasSize(ctx: Ctx, bias: Tensor, channels: number): void {
  let n = 1;
  for (let i = 0; i < bias.shape.length; i++) n *= bias.shape[i]!;
  if (n !== channels) ctx.fail(`bias has ${n} elements, expected ${channels}`);
}

/**
 * The bias of a 16x8 node: one of `types` (they differ by op); an int64 bias as its int32 view (int64BiasView),
 * null for none or another type.
 */
export function int16Bias(ctx: Ctx, bias: Tensor | null, ...types: number[]): Int32Array | null {
  if (!bias) return null;
  expectType(ctx, bias, 'bias', ...types);
  return bias.type === TensorType.INT64 ? int64BiasView(ctx, bias) : null;
}

/**
 * An int64 bias as int32 pairs (low word first) over the tensor's own bytes, for the double accumulators.
 * Only constant biases can be viewed at prepare time (arena tensors are bound after prepare); TFLM models
 * always have constant biases. Values must stay below 2^52 in magnitude so the accumulation stays exact.
 */
function int64BiasView(ctx: Ctx, bias: Tensor): Int32Array {
  if (!bias.isConstant) ctx.fail('an int64 bias must be a constant tensor');
  const data = bias.data as BigInt64Array;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v >= BigInt(MAX_BIAS64) || v <= -BigInt(MAX_BIAS64)) ctx.fail(`bias[${i}] = ${v} exceeds 2^52 in magnitude`);
  }
  return new Int32Array(data.buffer, data.byteOffset, data.length * 2);
}
