import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { checkBiasSize, checkConvShapes, int16Bias, prepareConvParams, setConvGeometry } from './conv_common.js';
import { newConvParams, type ConvParams } from './internal/conv.js';
import { transposeConvFloat, transposeConvPerChannel16x8, transposeConvPerChannelInt8 } from './internal/transpose_conv.js';
import { readActivation } from './util.js';

/** TransposeConvOptions (schema.fbs field ids 0..4). */
export interface TransposeConvOptions {
  padding: number;
  strideW: number;
  strideH: number;
  activation: number;
  /** Bias/accumulator type of 16x8 models; TFLM's micro kernel always accumulates 16x8 in int64. */
  quantizedBiasType: number;
}

const enum Kind {
  Float,
  Int8,
  Int16,
}

interface TransposeConvData {
  kind: Kind;
  p: ConvParams;
  bias64: Int32Array | null;
}

const OUTPUT_SHAPE = 0;
const FILTER = 1;
const INPUT = 2;
const BIAS = 3;

/**
 * TRANSPOSE_CONV: inputs (output_shape int32[4], filter [outD, fH, fW, inD], input, optional bias).
 * float32; int8 with per-channel int8 weights and int32 bias; int16 activations with int8 weights and an
 * int64 or int16 bias (int64 accumulator; TFLM reads any other bias type as int64, so int32 is rejected).
 *
 * As in TFLM's micro kernel, the output dims are the output tensor's (the output_shape input is not read)
 * and there is no dilation. Differences from TFLM, both deliberate:
 *  - TFLM's float path reads the fused activation through the wrong struct (TfLiteConvParams, past the end of
 *    TfLiteTransposeConvParams), so its float clamp is undefined; here it is the options' activation.
 *  - TFLM requests an accumulator scratch buffer of output size × 4 (int8) or × 8 (int16) bytes, plus
 *    bias size × 8 to widen an int16 bias. The gather loops of internal/transpose_conv.ts accumulate in
 *    registers and read the bias directly, so no scratch is requested and the arena is smaller than TFLM's.
 */
export const TRANSPOSE_CONV = defineOp<TransposeConvOptions, TransposeConvData>({
  name: 'TRANSPOSE_CONV',
  code: BuiltinOperator.TRANSPOSE_CONV,
  parseOptions(t) {
    return {
      padding: t ? t.int8(0, 0) : 0,
      strideW: t ? t.int32(1, 0) : 0,
      strideH: t ? t.int32(2, 0) : 0,
      activation: readActivation(t, 3),
      quantizedBiasType: t ? t.int8(4, 0) : 0,
    };
  },
  init() {
    return { kind: Kind.Float, p: newConvParams(), bias64: null };
  },
  prepare(ctx) {
    const o = ctx.options;
    const d = ctx.data;
    const p = d.p;
    if (ctx.inputs.length !== 3 && ctx.inputs.length !== 4) ctx.fail(`expected 3 or 4 inputs, got ${ctx.inputs.length}`);
    if (ctx.outputs.length !== 1) ctx.fail(`expected 1 output, got ${ctx.outputs.length}`);
    ctx.input(OUTPUT_SHAPE);
    const filter = ctx.input(FILTER);
    const input = ctx.input(INPUT);
    const bias = ctx.optionalInput(BIAS);
    const output = ctx.output(0);
    const ok =
      (input.type === TensorType.FLOAT32 && filter.type === TensorType.FLOAT32) ||
      (input.type === TensorType.INT8 && filter.type === TensorType.INT8) ||
      (input.type === TensorType.INT16 && filter.type === TensorType.INT8);
    if (!ok) {
      ctx.fail(`${tensorTypeName(input.type)} input with ${tensorTypeName(filter.type)} filter is not supported (hybrid models are not supported on TFLite Micro)`);
    }
    if (input.type !== output.type) {
      ctx.fail(`input type ${tensorTypeName(input.type)} differs from output type ${tensorTypeName(output.type)}`);
    }
    checkConvShapes(ctx, input, filter, output, o);

    const batches = input.shape[0]!, inD = input.shape[3]!;
    const [outD, fH, fW, fD] = filter.shape as unknown as [number, number, number, number];
    const [outBatches, , , outC] = output.shape as unknown as [number, number, number, number];
    if (outBatches !== batches) ctx.fail(`output batches ${outBatches} != input batches ${batches}`);
    if (fD !== inD) ctx.fail(`filter input channels ${fD} != input channels ${inD}`);
    if (outC !== outD) ctx.fail(`output channels ${outC} != filter output channels ${outD}`);
    if (bias) checkBiasSize(ctx, bias, outD);
    // No dilation (the options have none: 1).
    setConvGeometry(p, input, output, fH, fW, fD, o, true);

    const type = prepareConvParams(ctx, p, { input, filter, bias, output }, o.activation, true, null);
    if (type === TensorType.FLOAT32) d.kind = Kind.Float;
    else if (type === TensorType.INT8) d.kind = Kind.Int8;
    else {
      d.kind = Kind.Int16;
      d.bias64 = int16Bias(ctx, bias, TensorType.INT64, TensorType.INT16);
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const filter = ctx.inputs[FILTER]!;
    const input = ctx.inputs[INPUT]!;
    const bias = ctx.inputs[BIAS] ?? null;
    const output = ctx.outputs[0]!;
    switch (d.kind) {
      case Kind.Float:
        transposeConvFloat(d.p, input.data as Float32Array, filter.data as Float32Array, bias ? (bias.data as Float32Array) : null, output.data as Float32Array);
        break;
      case Kind.Int8:
        transposeConvPerChannelInt8(d.p, input.data as Int8Array, filter.data as Int8Array, bias ? (bias.data as Int32Array) : null, output.data as Int8Array);
        break;
      case Kind.Int16:
        transposeConvPerChannel16x8(
          d.p, input.data as Int16Array, filter.data as Int8Array, d.bias64,
          bias !== null && d.bias64 === null ? (bias.data as Int16Array) : null, output.data as Int16Array,
        );
        break;
    }
  },
});
