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
  depthwiseConvFloat,
  depthwiseConvPerChannel16x8,
  depthwiseConvPerChannelInt8,
  newConvParams,
  unpackInt4,
  type ConvParams,
} from './internal/conv.js';
import { depthwiseConvHybrid } from './internal/hybrid.js';
import { computePaddingHeightWidth } from './internal/padding.js';
import { prepareHybridConv, type HybridConvData } from './hybrid_common.js';
import { expectType, flatSize, readActivation } from './util.js';

/** DepthwiseConv2DOptions (schema.fbs field ids 0..6). */
export interface DepthwiseConv2DOptions {
  padding: number;
  strideW: number;
  strideH: number;
  depthMultiplier: number;
  activation: number;
  dilationW: number;
  dilationH: number;
}

const enum Kind {
  Float,
  Int8,
  Int16,
  Hybrid,
}

interface DepthwiseData {
  kind: Kind;
  p: ConvParams;
  bias64: Int32Array | null;
  unpacked: ScratchBuffer | null;
  filterCount: number;
  /** Hybrid (float32 input, int8 weights) scratch and parameters. */
  hybrid: HybridConvData | null;
}

/**
 * DEPTHWISE_CONV_2D: float32; int8 activations with int8 or packed int4 weights (per-channel along dim 3 or
 * per-tensor) and int32 bias; int16 activations with int8 weights and int64 bias (TFLM's only 16x8 variant:
 * its int16 kernel reads the bias as int64, so an int32 bias is rejected here). The options' depth_multiplier
 * drives the loops, as in TFLM, and must equal output channels / input channels. Hybrid models (float32
 * input/output/bias, int8 weights with one scale per output channel), which TFLM refuses, run as full TFLite
 * runs them (asymmetric input quantization per batch item, int32 accumulation, float rescale).
 */
export const DEPTHWISE_CONV_2D = defineOp<DepthwiseConv2DOptions, DepthwiseData>({
  name: 'DEPTHWISE_CONV_2D',
  code: BuiltinOperator.DEPTHWISE_CONV_2D,
  parseOptions(t) {
    return {
      padding: t ? t.int8(0, 0) : 0,
      strideW: t ? t.int32(1, 0) : 0,
      strideH: t ? t.int32(2, 0) : 0,
      depthMultiplier: t ? t.int32(3, 0) : 0,
      activation: readActivation(t, 4),
      dilationW: t ? t.int32(5, 1) : 0,
      dilationH: t ? t.int32(6, 1) : 0,
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
      (input.type === TensorType.INT8 && (filter.type === TensorType.INT8 || filter.type === TensorType.INT4)) ||
      (input.type === TensorType.INT16 && filter.type === TensorType.INT8);
    if (!ok) {
      ctx.fail(`${tensorTypeName(input.type)} input with ${tensorTypeName(filter.type)} filter is not supported`);
    }
    expectRank4(ctx, input, 'input');
    expectRank4(ctx, filter, 'filter');
    expectRank4(ctx, output, 'output');
    checkWindowOptions(ctx, o.padding, o.strideH, o.strideW, o.dilationH, o.dilationW);

    const [batches, inH, inW, inD] = input.shape as unknown as [number, number, number, number];
    const fH = filter.shape[1]!, fW = filter.shape[2]!, outD = filter.shape[3]!;
    if (output.shape[0] !== batches) ctx.fail(`output batches ${output.shape[0]} != input batches ${batches}`);
    if (output.shape[3] !== outD) ctx.fail(`output channels ${output.shape[3]} != filter channels ${outD}`);
    if (o.depthMultiplier < 1 || inD * o.depthMultiplier !== outD) {
      ctx.fail(`depth_multiplier ${o.depthMultiplier} does not map ${inD} input channels to ${outD} output channels`);
    }
    if (bias) checkBiasSize(ctx, bias, outD);

    const pad = computePaddingHeightWidth(o.strideH, o.strideW, o.dilationH, o.dilationW, inH, inW, fH, fW, o.padding);
    Object.assign(p, {
      batches, inputHeight: inH, inputWidth: inW, inputDepth: inD,
      filterHeight: fH, filterWidth: fW, filterDepth: 1,
      outputHeight: output.shape[1]!, outputWidth: output.shape[2]!, outputDepth: outD,
      strideHeight: o.strideH, strideWidth: o.strideW, dilationHeight: o.dilationH, dilationWidth: o.dilationW,
      padHeight: pad.height, padWidth: pad.width, depthMultiplier: o.depthMultiplier,
    });

    if (input.type === TensorType.FLOAT32 && filter.type === TensorType.INT8) {
      d.kind = Kind.Hybrid;
      d.hybrid = prepareHybridConv(ctx, 'DEPTHWISE_CONV_2D', input, filter, bias, output, o.activation, outD, true);
      return;
    }
    if (input.type === TensorType.FLOAT32) {
      if (bias) expectType(ctx, bias, 'bias', TensorType.FLOAT32);
      d.kind = Kind.Float;
      prepareFloatConv(p, o.activation);
      return;
    }
    // TFLM checks the scale/zero-point counts for int8 only.
    checkFilterQuantization(ctx, filter, outD, input.type === TensorType.INT8);
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
    if (bias) expectType(ctx, bias, 'bias', TensorType.INT64);
    d.kind = Kind.Int16;
    d.bias64 = bias ? int64BiasView(ctx, bias) : null;
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const filter = ctx.inputs[1]!;
    const bias = ctx.inputs[2] ?? null;
    const output = ctx.outputs[0]!;
    switch (d.kind) {
      case Kind.Float:
        depthwiseConvFloat(d.p, input.data as Float32Array, filter.data as Float32Array, bias ? (bias.data as Float32Array) : null, output.data as Float32Array);
        break;
      case Kind.Int8: {
        let w = filter.data as Int8Array;
        if (d.unpacked !== null) {
          unpackInt4(w, d.filterCount, d.unpacked.i8);
          w = d.unpacked.i8;
        }
        depthwiseConvPerChannelInt8(d.p, input.data as Int8Array, w, bias ? (bias.data as Int32Array) : null, output.data as Int8Array);
        break;
      }
      case Kind.Int16:
        depthwiseConvPerChannel16x8(d.p, input.data as Int16Array, filter.data as Int8Array, d.bias64, output.data as Int16Array);
        break;
      case Kind.Hybrid: {
        const h = d.hybrid!;
        depthwiseConvHybrid(d.p, h.params, input.data as Float32Array, filter.data as Int8Array, bias ? (bias.data as Float32Array) : null,
          output.data as Float32Array, h.input.i8, h.scales.f32, h.zeroPoints.i32);
        break;
      }
    }
  },
});
