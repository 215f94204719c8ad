import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { checkBiasSize, convTensors, int16Bias, prepareConvParams, setConvGeometry, type Int4FilterData } from './conv_common.js';
import {
  depthwiseConvFloat,
  depthwiseConvPerChannel16x8,
  depthwiseConvPerChannelInt8,
  newConvParams,
  unpackInt4,
  type ConvParams,
} from './internal/conv.js';
import { depthwiseConvHybrid } from './internal/hybrid.js';
import { prepareHybridConv, type HybridConvData } from './hybrid_common.js';
import { readActivation } from './util.js';

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

interface DepthwiseData extends Int4FilterData {
  kind: Kind;
  p: ConvParams;
  bias64: Int32Array | null;
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
    const t = convTensors(ctx, o);
    const { input, filter, bias, output } = t;
    const batches = input.shape[0]!, inD = input.shape[3]!;
    const fH = filter.shape[1]!, fW = filter.shape[2]!, outD = filter.shape[3]!;
    if (output.shape[0] !== batches) ctx.fail(`output batches ${output.shape[0]} != input batches ${batches}`);
    if (output.shape[3] !== outD) ctx.fail(`output channels ${output.shape[3]} != filter channels ${outD}`);
    if (o.depthMultiplier < 1 || inD * o.depthMultiplier !== outD) {
      ctx.fail(`depth_multiplier ${o.depthMultiplier} does not map ${inD} input channels to ${outD} output channels`);
    }
    if (bias) checkBiasSize(ctx, bias, outD);
    setConvGeometry(p, input, output, fH, fW, 1, o, false);
    p.depthMultiplier = o.depthMultiplier;

    if (input.type === TensorType.FLOAT32 && filter.type === TensorType.INT8) {
      d.kind = Kind.Hybrid;
      d.hybrid = prepareHybridConv(ctx, 'DEPTHWISE_CONV_2D', input, filter, bias, output, o.activation, outD, true);
      return;
    }
    // TFLM checks the scale/zero-point counts for int8 only.
    const type = prepareConvParams(ctx, p, t, o.activation, input.type === TensorType.INT8, d);
    if (type === TensorType.FLOAT32) d.kind = Kind.Float;
    else if (type === TensorType.INT8) d.kind = Kind.Int8;
    else {
      d.kind = Kind.Int16;
      d.bias64 = int16Bias(ctx, bias, TensorType.INT64);
    }
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
