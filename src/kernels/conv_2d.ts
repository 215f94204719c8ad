import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { checkBiasSize, convTensors, int16Bias, prepareConvParams, setConvGeometry, type Int4FilterData } from './conv_common.js';
import {
  convFloat,
  convPerChannel16x8,
  convPerChannelInt8,
  newConvParams,
  unpackInt4,
  type ConvParams,
} from './internal/conv.js';
import { convHybrid } from './internal/hybrid.js';
import { prepareHybridConv, type HybridConvData } from './hybrid_common.js';
import { readActivation } from './util.js';

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

interface ConvData extends Int4FilterData {
  kind: Kind;
  p: ConvParams;
  /** int64 bias of the 16x8 path as int32 pairs (constant bias), else null. */
  bias64: Int32Array | null;
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
    const t = convTensors(ctx, o);
    const { input, filter, bias, output } = t;
    const batches = input.shape[0]!, inD = input.shape[3]!;
    const [outD, fH, fW, fD] = filter.shape as unknown as [number, number, number, number];
    if (output.shape[0] !== batches) ctx.fail(`output batches ${output.shape[0]} != input batches ${batches}`);
    if (output.shape[3] !== outD) ctx.fail(`output channels ${output.shape[3]} != filter output channels ${outD}`);
    if (fD <= 0 || inD % fD !== 0) ctx.fail(`input channels ${inD} are not a multiple of the filter's input channels ${fD}`);
    const groups = inD / fD;
    if (outD % groups !== 0) ctx.fail(`output channels ${outD} are not a multiple of the ${groups} groups`);
    if (bias) checkBiasSize(ctx, bias, outD);
    setConvGeometry(p, input, output, fH, fW, fD, o, false);

    if (input.type === TensorType.FLOAT32 && filter.type === TensorType.INT8) {
      d.kind = Kind.Hybrid;
      d.hybrid = prepareHybridConv(ctx, 'CONV_2D', input, filter, bias, output, o.activation, outD, false);
      return;
    }
    const type = prepareConvParams(ctx, p, t, o.activation, false, d);
    if (type === TensorType.FLOAT32) d.kind = Kind.Float;
    else if (type === TensorType.INT8) d.kind = Kind.Int8;
    else {
      // 16x8: the bias type (or quantized_bias_type without bias) picks the accumulator.
      d.bias64 = int16Bias(ctx, bias, TensorType.INT32, TensorType.INT64);
      const int32Acc = bias ? bias.type === TensorType.INT32 : o.quantizedBiasType === TensorType.INT32;
      d.kind = int32Acc ? Kind.Int16Acc32 : Kind.Int16Acc64;
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
