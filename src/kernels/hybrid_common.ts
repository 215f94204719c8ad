/**
 * Prepare-time pieces of the hybrid (float32 activations, int8 weights) CONV_2D and DEPTHWISE_CONV_2D paths,
 * which follow full TensorFlow Lite (TFLite Micro has none): weight-quantization checks, the choice between
 * per-tensor and per-channel rescaling and between symmetric and asymmetric input quantization, and the scratch
 * buffers invoke quantizes into. The math is in internal/hybrid.ts.
 */
import { TensorType } from '../model/types.js';
import type { KernelContext, ScratchBuffer, Tensor } from '../runtime/kernel.js';
import { newHybridParams, type HybridParams } from './internal/hybrid.js';
import { calculateActivationRangeFloat } from './internal/quantization.js';
import { expectType, flatSize } from './util.js';

type Ctx = KernelContext<unknown, unknown>;

/** What a hybrid conv node keeps from prepare to invoke. */
export interface HybridConvData {
  params: HybridParams;
  /** The input quantized to int8 (one byte per input element). */
  input: ScratchBuffer;
  /** Per batch item: scaling factor (f32) ... */
  scales: ScratchBuffer;
  /** ... and zero point (i32). */
  zeroPoints: ScratchBuffer;
}

/**
 * Validate and set up a hybrid conv node. `depthwise`: DEPTHWISE_CONV_2D, which (as TFLite) needs one weight
 * scale per output channel along dimension 3 and always quantizes its input asymmetrically. CONV_2D takes
 * per-tensor weights (symmetric input quantization, conv.cc EvalHybrid) or per-channel weights along
 * dimension 0 (asymmetric, EvalHybridPerChannel); TFLite takes the per-channel path only when the scales
 * differ, and so do we (with equal scales the per-tensor path runs with that scale).
 */
export function prepareHybridConv(
  ctx: Ctx,
  op: string,
  input: Tensor,
  filter: Tensor,
  bias: Tensor | null,
  output: Tensor,
  activation: number,
  channels: number,
  depthwise: boolean,
): HybridConvData {
  expectType(ctx, output, 'output', TensorType.FLOAT32);
  if (bias) expectType(ctx, bias, 'bias', TensorType.FLOAT32);
  const fq = filter.quantization;
  if (!fq || fq.scale.length === 0) ctx.fail(`hybrid ${op}: the int8 filter is not quantized`);
  for (let i = 0; i < fq.zeroPoint.length; i++) {
    if (fq.zeroPoint[i] !== 0) ctx.fail(`hybrid ${op}: filter zero point ${fq.zeroPoint[i]} is not 0 (weights must be symmetric)`);
  }
  const n = fq.scale.length;
  let perChannel = false;
  for (let i = 1; i < n; i++) if (fq.scale[i] !== fq.scale[0]) perChannel = true;
  const axis = depthwise ? 3 : 0;
  if (depthwise) {
    // depthwise_conv.cc: TF_LITE_ENSURE_EQ(scale->size, filter->dims->data[quantized_dimension]).
    if (n !== channels || (channels > 1 && fq.quantizedDimension !== axis)) {
      ctx.fail(`hybrid ${op}: needs one filter scale per output channel along dimension 3 (has ${n} along dimension ${fq.quantizedDimension} for ${channels} channels)`);
    }
  } else if (n > 1 && (n !== channels || fq.quantizedDimension !== axis)) {
    ctx.fail(`hybrid ${op}: filter has ${n} scales along dimension ${fq.quantizedDimension} for ${channels} output channels`);
  }
  const h = newHybridParams();
  const batches = input.shape[0]!;
  const size = flatSize(input.shape);
  h.batches = batches;
  h.inputSize = batches > 0 ? size / batches : 0;
  h.activation = activation;
  const r = calculateActivationRangeFloat(activation);
  h.actMin = r.min;
  h.actMax = r.max;
  h.filterScale = Math.fround(fq.scale[0]!);
  if (depthwise || perChannel) {
    h.asymmetric = true;
    h.channelScales = ctx.persistentFloat32(channels);
    for (let c = 0; c < channels; c++) h.channelScales[c] = fq.scale[n === 1 ? 0 : c]!;
  }
  return {
    params: h,
    input: ctx.requestScratch(size),
    scales: ctx.requestScratch(4 * batches),
    zeroPoints: ctx.requestScratch(4 * batches),
  };
}
