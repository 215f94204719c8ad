import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type OpKernel } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, copyTensor, rowMajorStrides, writeCopyPlan, type CopyAxis, type ArenaViews } from './internal/strided_copy.js';
import { arenaViews, constantInts, expectArity, expectType, quantOrDefault, setShapeIfChanged } from './util.js';

/** TFLite Pad supports tensors of up to 5 dims (reference_ops::PadKernelMaxDimensionCount). */
const PAD_MAX_DIMS = 5;

export interface PadData {
  /** Copy of the input into the interior of the output. */
  plan: Int32Array;
  kind: number;
  arena: ArenaViews | null;
  /** Pad value when there is no constant_values input: the output zero point for int8, else 0 (as TFLM). */
  defaultValue: number;
}

/**
 * PAD and PADV2 share TFLM's PadPrepare/PadEval: float32, int8, int16, int32; paddings a constant INT32 (or
 * INT64) [rank, 2] tensor, rank <= 5; the pad value is the optional scalar constant_values input, else 0 —
 * except int8, which pads with the output zero point. TFLM pads int16 with 0 whatever the zero point (int16
 * tensors are symmetric). The output shape is computed from the input and paddings.
 */
export const padKernel: OpKernel<undefined, PadData> = {
  init() {
    return { plan: new Int32Array(COPY_PLAN_SIZE), kind: 0, arena: null, defaultValue: 0 };
  },
  prepare(ctx) {
    expectArity(ctx, [2, 3], 1);
    const input = ctx.input(0);
    const paddings = ctx.input(1);
    const constantValues = ctx.optionalInput(2);
    const output = ctx.output(0);
    const d = ctx.data;
    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32);
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    const rank = input.shape.length;
    if (rank > PAD_MAX_DIMS) ctx.fail(`input rank ${rank} exceeds ${PAD_MAX_DIMS}`);
    if (constantValues) {
      if (constantValues.type !== input.type) ctx.fail(`constant_values type ${tensorTypeName(constantValues.type)} != input type ${tensorTypeName(input.type)}`);
      if (constantValues.elementCount !== 1) ctx.fail(`constant_values must hold one element, has ${constantValues.elementCount}`);
    }
    // A scalar has no paddings (an empty tensor has no buffer, so it cannot be constant).
    const pads = rank === 0 && paddings.elementCount === 0 ? [] : constantInts(ctx, paddings, 'paddings', true);
    if (pads.length !== rank * 2) ctx.fail(`paddings hold ${pads.length} values, expected ${rank * 2} for rank ${rank}`);
    const outShape: number[] = [];
    for (let i = 0; i < rank; i++) {
      const before = pads[2 * i]!;
      const after = pads[2 * i + 1]!;
      if (before < 0 || after < 0) ctx.fail(`negative padding (${before}, ${after}) on dim ${i}`);
      outShape.push(input.shape[i]! + before + after);
    }
    setShapeIfChanged(ctx, output, outShape);

    d.defaultValue = 0;
    if (input.type === TensorType.INT8) {
      const outQ = quantOrDefault(output);
      if (!constantValues) {
        // Quantized pad needs 0 representable in the output range.
        if (outQ.zeroPoint < -128 || outQ.zeroPoint > 127) ctx.fail(`output zero point ${outQ.zeroPoint} outside int8`);
      } else {
        const cq = quantOrDefault(constantValues);
        if (cq.zeroPoint !== outQ.zeroPoint) ctx.fail(`constant_values zero point ${cq.zeroPoint} != output zero point ${outQ.zeroPoint}`);
        if (cq.scale !== outQ.scale) ctx.fail(`constant_values scale ${cq.scale} != output scale ${outQ.scale}`);
      }
      d.defaultValue = outQ.zeroPoint;
    }

    const inStrides = rowMajorStrides(input.shape);
    const outStrides = rowMajorStrides(outShape);
    const axes: CopyAxis[] = [];
    let dstBase = 0;
    for (let i = 0; i < rank; i++) {
      axes.push({ count: input.shape[i]!, src: inStrides[i]!, dst: outStrides[i]! });
      dstBase += pads[2 * i]! * outStrides[i]!;
    }
    const { kind, unit } = copyKindOf(input.type);
    d.kind = kind;
    d.arena = arenaViews(ctx);
    if (!writeCopyPlan(d.plan, 0, axes, 0, dstBase, unit)) ctx.fail('copy plan has too many axes');
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const constantValues = ctx.inputs.length > 2 ? ctx.inputs[2] : null;
    const output = ctx.outputs[0]!;
    // Views of float32, int8, int16 or int32 (fill is the same %TypedArray% method on each).
    const value = constantValues ? (constantValues.data as Float32Array)[0]! : d.defaultValue;
    (output.data as Float32Array).fill(value);
    copyTensor(d.kind, input, output, d.plan, 0, d.arena);
  },
};

/** PAD: pads with 0 (float32, int16, int32) or the output zero point (int8); PADV2-style constant_values accepted. */
export const PAD = defineOp<undefined, PadData>({ name: 'PAD', code: BuiltinOperator.PAD, ...padKernel });
