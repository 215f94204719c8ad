import { BuiltinOperator, BuiltinOptions } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { l2NormalizationFloat, l2NormalizationInt8 } from './internal/l2norm.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, type MultiplyByQuantizedMultiplierFn } from './internal/quantization.js';
import { expectSameShape } from './unary_common.js';
import { Activation, expectArity, quantOrDefault, readActivation } from './util.js';

export interface L2NormOptions {
  activation: number;
}

interface L2NormData {
  type: number;
  zeroPoint: number;
  outer: number;
  depth: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
  /** Each row's 1/sqrt multiplier and shift (int8), written at invoke without allocating. */
  inv: Int32Array;
}

/**
 * L2_NORMALIZATION (l2norm.cc): each row along the last dimension divided by its L2 norm; float32 and int8
 * (output in 1/128 units; TFLM reads only the input zero point and does not check the output's
 * quantization). Input rank at most 4, no fused activation (TFLM's checks).
 */
export const L2_NORMALIZATION = defineOp<L2NormOptions, L2NormData>({
  name: 'L2_NORMALIZATION',
  code: BuiltinOperator.L2_NORMALIZATION,
  parseOptions(t, _custom, node) {
    // L2NormOptions.fused_activation_function (field 0).
    return { activation: readActivation(t && node.builtinOptionsType === BuiltinOptions.L2NormOptions ? t : null, 0) };
  },
  init() {
    return { type: TensorType.FLOAT32, zeroPoint: 0, outer: 0, depth: 0, mbqm: multiplyByQuantizedMultiplier, inv: new Int32Array(2) };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const out = ctx.output(0);
    const d = ctx.data;
    if (input.shape.length > 4) ctx.fail(`input rank ${input.shape.length} exceeds 4`);
    if (input.shape.length === 0) ctx.fail('input must have at least one dimension');
    if (out.type !== TensorType.FLOAT32 && out.type !== TensorType.INT8)
      ctx.fail(`output type ${tensorTypeName(out.type)} is not supported (FLOAT32, INT8)`);
    if (input.type !== out.type) ctx.fail(`input type ${tensorTypeName(input.type)} differs from output type ${tensorTypeName(out.type)}`);
    if (ctx.options.activation !== Activation.NONE) ctx.fail(`fused activation ${ctx.options.activation} is not supported (NONE only)`);
    expectSameShape(ctx, input, out, 'exact');
    d.type = input.type;
    d.zeroPoint = input.type === TensorType.INT8 ? quantOrDefault(input).zeroPoint : 0;
    d.depth = input.shape[input.shape.length - 1]!;
    d.outer = d.depth === 0 ? 0 : input.elementCount / d.depth;
    d.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!.data;
    const out = ctx.outputs[0]!.data;
    if (d.type === TensorType.INT8) l2NormalizationInt8(d.zeroPoint, input as Int8Array, out as Int8Array, d.outer, d.depth, d.mbqm, d.inv);
    else l2NormalizationFloat(input as Float32Array, out as Float32Array, d.outer, d.depth);
  },
});
