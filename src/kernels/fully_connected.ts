import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp, type KernelContext, type ScratchBuffer, type Tensor } from '../runtime/kernel.js';
import { unpackInt4 } from './internal/conv.js';
import {
  fullyConnectedFloat,
  fullyConnectedInt32Acc,
  fullyConnectedInt64Acc,
  fullyConnectedInt8,
  type QuantizedFcParams,
} from './internal/fully_connected.js';
import { fullyConnectedHybrid, hybridFcActivationSupported, newHybridParams, type HybridParams } from './internal/hybrid.js';
import { getQuantizedConvolutionMultiplier, perChannelMultipliers, quantizeMultiplierFor } from './internal/quantization.js';
import { activationRange, expectType, flatSize, floatActivationRange, int64ToNumbers, quantParams, readActivation } from './util.js';

export interface FullyConnectedOptions {
  activation: number;
  keepNumDims: boolean;
  /** TensorType of the bias when the bias is omitted (16x8 models decide int32 vs int64 accumulation by it). */
  quantizedBiasType: number;
  /** Hybrid models (float input, int8 weights): quantize inputs with a zero point per batch (full TFLite). */
  asymmetricQuantizeInputs: boolean;
}

export interface FcData {
  /** 'int4': int8 activations with packed int4 weights, unpacked into `unpacked` at every invoke (as TFLM). */
  kind: 'float' | 'int32acc' | 'int64acc' | 'int4' | 'hybrid';
  q: QuantizedFcParams;
  floatMin: number;
  floatMax: number;
  bias64: Float64Array | null;
  /** int4 weights: scratch for the unpacked filter; its element count. */
  unpacked: ScratchBuffer | null;
  filterCount: number;
  /** Hybrid path: parameters, quantized-input scratch, per-batch scaling factors (f32) and zero points (i32). */
  hybrid: HybridParams;
  hybridInput: ScratchBuffer | null;
  hybridScales: ScratchBuffer | null;
  hybridZeroPoints: ScratchBuffer | null;
}

type Ctx = KernelContext<FullyConnectedOptions, FcData>;

/**
 * FULLY_CONNECTED: float32; int8 (per-tensor or per-channel weights, or per-tensor packed int4 weights as TFLM);
 * int16 activations with int8 weights (16x8); hybrid float32 activations with int8 weights (full TFLite's
 * dynamic-range path, which TFLM lacks: see internal/hybrid.ts). Requantization follows the interpreter's
 * rounding mode (TFLM's double rounding by default, TFLITE_SINGLE_ROUNDING with `rounding: 'single'`).
 */
export const FULLY_CONNECTED = defineOp<FullyConnectedOptions, FcData>({
  name: 'FULLY_CONNECTED',
  code: BuiltinOperator.FULLY_CONNECTED,
  parseOptions(t) {
    return {
      activation: readActivation(t, 0),
      keepNumDims: t ? t.bool(2, false) : false,
      quantizedBiasType: t ? t.int8(4, 0) : 0,
      asymmetricQuantizeInputs: t ? t.bool(3, false) : false,
    };
  },
  init() {
    return {
      kind: 'float',
      q: {
        batches: 0, units: 0, depth: 0, inputOffset: 0, filterOffset: 0, outputOffset: 0,
        multiplier: 0, shift: 0, multipliers: null, shifts: null, actMin: 0, actMax: 0, singleRounding: false,
      },
      floatMin: -Infinity,
      floatMax: Infinity,
      bias64: null,
      unpacked: null,
      filterCount: 0,
      hybrid: newHybridParams(),
      hybridInput: null,
      hybridScales: null,
      hybridZeroPoints: null,
    };
  },
  prepare(ctx) {
    const input = ctx.input(0);
    const filter = ctx.input(1);
    const bias = ctx.optionalInput(2);
    const output = ctx.output(0);
    const d = ctx.data;
    if (input.type !== output.type) ctx.fail('input and output types differ');
    if (filter.shape.length < 2) ctx.fail(`filter must have rank >= 2, has ${filter.shape.length}`);
    const depth = filter.shape[filter.shape.length - 1]!;
    const units = filter.shape[filter.shape.length - 2]!;
    const inputSize = flatSize(input.shape);
    if (depth === 0 || inputSize % depth !== 0) ctx.fail(`input size ${inputSize} is not a multiple of the filter depth ${depth}`);
    const batches = inputSize / depth;
    const outUnits = output.shape.length > 0 ? output.shape[output.shape.length - 1]! : 0;
    if (outUnits !== units || flatSize(output.shape) !== batches * units)
      ctx.fail(`output shape [${output.shape.join(',')}] does not hold ${batches} batches of ${units} units`);
    if (bias && flatSize(bias.shape) !== units) ctx.fail(`bias has ${flatSize(bias.shape)} elements, expected ${units}`);
    Object.assign(d.q, { batches, units, depth });

    if (input.type === TensorType.FLOAT32 && filter.type === TensorType.INT8) {
      prepareHybrid(ctx, input, filter, bias, batches, units, depth);
      return;
    }
    if (input.type === TensorType.FLOAT32) {
      expectType(ctx, filter, 'filter', TensorType.FLOAT32);
      if (bias) expectType(ctx, bias, 'bias', TensorType.FLOAT32);
      const r = floatActivationRange(ctx.options.activation);
      d.kind = 'float';
      d.floatMin = r.min;
      d.floatMax = r.max;
      return;
    }
    expectType(ctx, input, 'input', TensorType.INT8, TensorType.INT16);
    if (input.type === TensorType.INT8) expectType(ctx, filter, 'filter', TensorType.INT8, TensorType.INT4);
    else expectType(ctx, filter, 'filter', TensorType.INT8);
    prepareQuantized(ctx, input, filter, bias, output);
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const filter = ctx.inputs[1]!;
    const bias = ctx.inputs[2] ?? null;
    const output = ctx.outputs[0]!;
    if (d.kind === 'float') {
      const q = d.q;
      fullyConnectedFloat(q.batches, q.units, q.depth, input.data as Float32Array, filter.data as Float32Array,
        bias ? (bias.data as Float32Array) : null, output.data as Float32Array, d.floatMin, d.floatMax);
    } else if (d.kind === 'int32acc') {
      if (input.type === TensorType.INT8)
        fullyConnectedInt8(d.q, input.data as Int8Array, filter.data as Int8Array, bias ? (bias.data as Int32Array) : null, output.data as Int8Array);
      else
        fullyConnectedInt32Acc(d.q, input.data as Int16Array, filter.data as Int8Array, bias ? (bias.data as Int32Array) : null, output.data as Int16Array);
    } else if (d.kind === 'hybrid') {
      fullyConnectedHybrid(d.hybrid, d.q.units, input.data as Float32Array, filter.data as Int8Array,
        bias ? (bias.data as Float32Array) : null, output.data as Float32Array, d.hybridInput!.i8,
        d.hybridScales!.f32, d.hybridZeroPoints!.i32);
    } else if (d.kind === 'int4') {
      const w = d.unpacked!.i8;
      unpackInt4(filter.data as Int8Array, d.filterCount, w);
      fullyConnectedInt8(d.q, input.data as Int8Array, w, bias ? (bias.data as Int32Array) : null, output.data as Int8Array);
    } else {
      fullyConnectedInt64Acc(d.q, input.data as Int16Array, filter.data as Int8Array, d.bias64, output.data as Int16Array);
    }
  },
});

function prepareQuantized(ctx: Ctx, input: Tensor, filter: Tensor, bias: Tensor | null, output: Tensor): void {
  const d = ctx.data;
  const q = d.q;
  const inQ = quantParams(ctx, input, 'input');
  const fQ = quantParams(ctx, filter, 'filter');
  const outQ = quantParams(ctx, output, 'output');
  const filterScales = filter.quantization!.scale;
  q.singleRounding = ctx.rounding === 'single';
  if (filterScales.length > 1) {
    // Per-channel: effective scale per output unit, computed in double from the float32 scales (TFLM).
    if (filter.type === TensorType.INT4) ctx.fail('per-channel quantization is not supported with INT4 weights');
    if (filterScales.length !== q.units) ctx.fail(`filter has ${filterScales.length} scales for ${q.units} units`);
    q.multipliers = ctx.persistentInt32(q.units);
    q.shifts = ctx.persistentInt32(q.units);
    perChannelMultipliers(inQ.scale, filterScales, outQ.scale, { multipliers: q.multipliers, shifts: q.shifts }, ctx.rounding);
  } else {
    // TFLM's GetQuantizedConvolutionMultipler: (input_scale * filter_scale) rounded to float32, then divided
    // by the output scale in double; a quantized bias must carry that product scale within 2%.
    const biasScale = bias?.quantization?.scale.length ? bias.quantization.scale[0] : undefined;
    const m = quantizeMultiplierFor(ctx.rounding, getQuantizedConvolutionMultiplier(inQ.scale, fQ.scale, outQ.scale, biasScale));
    q.multiplier = m.multiplier;
    q.shift = m.shift;
  }
  q.inputOffset = -inQ.zeroPoint;
  q.filterOffset = -fQ.zeroPoint;
  q.outputOffset = outQ.zeroPoint;
  const r = activationRange(ctx, ctx.options.activation, output);
  q.actMin = r.min;
  q.actMax = r.max;

  if (input.type === TensorType.INT8) {
    if (bias) expectType(ctx, bias, 'bias', TensorType.INT32);
    d.kind = 'int32acc';
    if (filter.type === TensorType.INT4) {
      // TFLM unpacks the packed int4 weights into a scratch buffer at every invoke; so do we (same arena).
      d.kind = 'int4';
      d.filterCount = flatSize(filter.shape);
      const need = (d.filterCount + 1) >> 1;
      if (filter.data.length < need) ctx.fail(`packed int4 filter holds ${filter.data.length} bytes, needs ${need}`);
      d.unpacked = ctx.requestScratch(d.filterCount);
    }
    return;
  }
  // 16x8: int32 accumulation when the bias is int32 (or omitted with quantized_bias_type INT32), else int64.
  const int32Acc = bias ? bias.type === TensorType.INT32 : ctx.options.quantizedBiasType === TensorType.INT32;
  if (bias) expectType(ctx, bias, 'bias', TensorType.INT32, TensorType.INT64);
  if (int32Acc) {
    d.kind = 'int32acc';
    return;
  }
  d.kind = 'int64acc';
  if (bias) {
    if (!bias.isConstant) ctx.fail('int64 bias must be constant');
    d.bias64 = int64ToNumbers(ctx, bias.data as BigInt64Array, 'bias');
  }
}

/**
 * Hybrid FULLY_CONNECTED (full TFLite's EvalHybrid): float32 input/output/bias, int8 weights with zero zero
 * points, per-tensor or per-channel (one scale per unit) scales. Scratch: the quantized input (one int8 per
 * input element) and, per batch, a float32 scaling factor and an int32 zero point.
 */
function prepareHybrid(ctx: Ctx, input: Tensor, filter: Tensor, bias: Tensor | null, batches: number, units: number, depth: number): void {
  const d = ctx.data;
  const output = ctx.output(0);
  expectType(ctx, output, 'output', TensorType.FLOAT32);
  if (bias) expectType(ctx, bias, 'bias', TensorType.FLOAT32);
  const fq = filter.quantization;
  if (!fq || fq.scale.length === 0) ctx.fail('hybrid FULLY_CONNECTED: the int8 filter is not quantized');
  for (let i = 0; i < fq.zeroPoint.length; i++) {
    if (fq.zeroPoint[i] !== 0) ctx.fail(`hybrid FULLY_CONNECTED: filter zero point ${fq.zeroPoint[i]} is not 0 (weights must be symmetric)`);
  }
  const activation = ctx.options.activation;
  if (!hybridFcActivationSupported(activation)) ctx.fail(`hybrid FULLY_CONNECTED: unknown fused activation ${activation}`);
  const h = d.hybrid;
  h.batches = batches;
  h.inputSize = depth;
  h.asymmetric = ctx.options.asymmetricQuantizeInputs;
  h.activation = activation;
  h.filterScale = Math.fround(fq.scale[0]!);
  h.channelScales = null;
  if (fq.scale.length > 1) {
    if (fq.scale.length !== units) ctx.fail(`hybrid FULLY_CONNECTED: filter has ${fq.scale.length} scales for ${units} units`);
    if (fq.quantizedDimension !== 0) ctx.fail(`hybrid FULLY_CONNECTED: per-channel scales must be along dimension 0, not ${fq.quantizedDimension}`);
    h.channelScales = ctx.persistentFloat32(units);
    h.channelScales.set(fq.scale);
  }
  d.kind = 'hybrid';
  d.hybridInput = ctx.requestScratch(batches * depth);
  d.hybridScales = ctx.requestScratch(4 * batches);
  d.hybridZeroPoints = ctx.requestScratch(4 * batches);
}
