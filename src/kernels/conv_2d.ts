import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type ScratchBuffer } from '../runtime/kernel.js';
import {
  checkBiasSize,
  checkFilterQuantization,
  checkWindowOptions,
  expectRank4,
  int64BiasView,
  prepareFloatConv,
  prepareQuantizedConv,
} from './conv_common.js';
import {
  convFloat,
  convPerChannel16x8,
  convPerChannelInt8,
  newConvParams,
  unpackInt4,
  type ConvParams,
} from './internal/conv.js';
import { convHybrid } from './internal/hybrid.js';
import { computePaddingHeightWidth } from './internal/padding.js';
import { prepareHybridConv, type HybridConvData } from './hybrid_common.js';
import { expectType, flatSize, readActivation } from './util.js';

/** Conv2DOptions (schema.fbs field ids 0..6). */
export interface Conv2DOptions {
  padding: number;
  strideW: number;
  strideH: number;
  activation: number;
  dilationW: number;
  dilationH: number;
  /** TensorType of bias and accumulator for 16x8 when the bias is omitted (INT32 → int32 accumulation). */
  quantizedBiasType: number;
}

const enum Kind {
  Float,
  Int8,
  Int16Acc64,
  Int16Acc32,
  Hybrid,
}

interface ConvData {
  kind: Kind;
  p: ConvParams;
  /** int64 bias of the 16x8 path as int32 pairs (constant bias), else null. */
  bias64: Int32Array | null;
  /** int4 filters: unpacked into this scratch buffer at every invoke, as TFLM does. */
  unpacked: ScratchBuffer | null;
  filterCount: number;
  /** Hybrid (float32 input, int8 weights) scratch and parameters. */
  hybrid: HybridConvData | null;
}

/**
 * CONV_2D: float32; int8 activations with int8 or packed int4 weights (per-channel or per-tensor) and int32
 * bias; int16 activations with int8 weights (16x8) and int64 bias (int64 accumulator) or int32 bias (int32
 * accumulator, also chosen by quantized_bias_type INT32 when the bias is omitted). Grouped convolution when
 * the input has a multiple of the filter's input channels. Output dims are the model's (TFLM's behavior).
 * Hybrid models (float32 input/output/bias, int8 weights), which TFLM refuses, run as full TFLite runs them
 * (dynamic input quantization per batch item, int32 accumulation, float rescale: internal/hybrid.ts).
 */
export const CONV_2D = defineOp<Conv2DOptions, ConvData>({
  name: 'CONV_2D',
  code: BuiltinOperator.CONV_2D,
  parseOptions(t) {
    // Without an options table TFLM's params are all zero; prepare then rejects the zero strides.
    return {
      padding: t ? t.int8(0, 0) : 0,
      strideW: t ? t.int32(1, 0) : 0,
      strideH: t ? t.int32(2, 0) : 0,
      activation: readActivation(t, 3),
      dilationW: t ? t.int32(4, 1) : 0,
      dilationH: t ? t.int32(5, 1) : 0,
      quantizedBiasType: t ? t.int8(6, 0) : 0,
    };
  },
  init() {
    return { kind: Kind.Float, p: newConvParams(), bias64: null, unpacked: null, filterCount: 0, hybrid: null };
  },
  prepare(ctx) {
    const o = ctx.options;
    const d = ctx.data;
    const p = d.p;
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
    expectRank4(ctx, input, 'input');
    expectRank4(ctx, filter, 'filter');
    expectRank4(ctx, output, 'output');
    checkWindowOptions(ctx, o.padding, o.strideH, o.strideW, o.dilationH, o.dilationW);

    const [batches, inH, inW, inD] = input.shape as unknown as [number, number, number, number];
    const [outD, fH, fW, fD] = filter.shape as unknown as [number, number, number, number];
    if (output.shape[0] !== batches) ctx.fail(`output batches ${output.shape[0]} != input batches ${batches}`);
    if (output.shape[3] !== outD) ctx.fail(`output channels ${output.shape[3]} != filter output channels ${outD}`);
    if (fD <= 0 || inD % fD !== 0) ctx.fail(`input channels ${inD} are not a multiple of the filter's input channels ${fD}`);
    const groups = inD / fD;
    if (outD % groups !== 0) ctx.fail(`output channels ${outD} are not a multiple of the ${groups} groups`);
    if (bias) checkBiasSize(ctx, bias, outD);

    const pad = computePaddingHeightWidth(o.strideH, o.strideW, o.dilationH, o.dilationW, inH, inW, fH, fW, o.padding);
    Object.assign(p, {
      batches, inputHeight: inH, inputWidth: inW, inputDepth: inD,
      filterHeight: fH, filterWidth: fW, filterDepth: fD,
      outputHeight: output.shape[1]!, outputWidth: output.shape[2]!, outputDepth: outD,
      strideHeight: o.strideH, strideWidth: o.strideW, dilationHeight: o.dilationH, dilationWidth: o.dilationW,
      padHeight: pad.height, padWidth: pad.width,
    });

    if (input.type === TensorType.FLOAT32 && filter.type === TensorType.INT8) {
      d.kind = Kind.Hybrid;
      d.hybrid = prepareHybridConv(ctx, 'CONV_2D', input, filter, bias, output, o.activation, outD, false);
      return;
    }
    if (input.type === TensorType.FLOAT32) {
      if (bias) expectType(ctx, bias, 'bias', TensorType.FLOAT32);
      d.kind = Kind.Float;
      prepareFloatConv(p, o.activation);
      return;
    }
    checkFilterQuantization(ctx, filter, outD, false);
    prepareQuantizedConv(ctx, p, input, filter, output, o.activation, outD);
    if (input.type === TensorType.INT8) {
      if (bias) expectType(ctx, bias, 'bias', TensorType.INT32);
      d.kind = Kind.Int8;
      if (filter.type === TensorType.INT4) {
        d.filterCount = flatSize(filter.shape);
        if (filter.data.length < (d.filterCount + 1) >> 1) ctx.fail(`packed int4 filter holds ${filter.data.length} bytes, needs ${(d.filterCount + 1) >> 1}`);
        d.unpacked = ctx.requestScratch(d.filterCount);
      }
      return;
    }
    // 16x8: the bias type (or quantized_bias_type without bias) picks the accumulator.
    if (bias) expectType(ctx, bias, 'bias', TensorType.INT32, TensorType.INT64);
    const int32Acc = bias ? bias.type === TensorType.INT32 : o.quantizedBiasType === TensorType.INT32;
    d.kind = int32Acc ? Kind.Int16Acc32 : Kind.Int16Acc64;
    d.bias64 = bias && bias.type === TensorType.INT64 ? int64BiasView(ctx, bias) : null;
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const filter = ctx.inputs[1]!;
    const bias = ctx.inputs[2] ?? null;
    const output = ctx.outputs[0]!;
    switch (d.kind) {
      case Kind.Float:
        convFloat(d.p, input.data as Float32Array, filter.data as Float32Array, bias ? (bias.data as Float32Array) : null, output.data as Float32Array);
        break;
      case Kind.Int8: {
        let w = filter.data as Int8Array;
        if (d.unpacked !== null) {
          unpackInt4(w, d.filterCount, d.unpacked.i8);
          w = d.unpacked.i8;
        }
        convPerChannelInt8(d.p, input.data as Int8Array, w, bias ? (bias.data as Int32Array) : null, output.data as Int8Array);
        break;
      }
      case Kind.Int16Acc64:
        convPerChannel16x8(d.p, input.data as Int16Array, filter.data as Int8Array, null, d.bias64, true, output.data as Int16Array);
        break;
      case Kind.Int16Acc32:
        convPerChannel16x8(d.p, input.data as Int16Array, filter.data as Int8Array, bias ? (bias.data as Int32Array) : null, null, false, output.data as Int16Array);
        break;
      case Kind.Hybrid: {
        const h = d.hybrid!;
        convHybrid(d.p, h.params, input.data as Float32Array, filter.data as Int8Array, bias ? (bias.data as Float32Array) : null,
          output.data as Float32Array, h.input.i8, h.scales.f32, h.zeroPoints.i32);
        break;
      }
    }
  },
});
