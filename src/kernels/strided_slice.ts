import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type Tensor } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, copyTensor, rowMajorStrides, writeCopyPlan, type CopyAxis, type ArenaViews } from './internal/strided_copy.js';
import {
  effectiveStridedSlice,
  iterationCount,
  sliceEndForAxis,
  sliceStartForAxis,
  startForAxis,
  stopForAxis,
  tflmDimShape,
} from './internal/strided_slice.js';
import { arenaViews, constantInts, expectArity, expectType, setShapeIfChanged } from './util.js';

export interface StridedSliceOptions {
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
  offset: boolean;
}

/** TFLM: "input dim should not exceed 4". */
const MAX_INPUT_DIMS = 4;
/** The reference kernel pads to 5 dims, new axes included. */
const MAX_EFFECTIVE_DIMS = 5;

/**
 * STRIDED_SLICE: float32, int8, int16, int32, bool (TFLM's list); begin/end/strides constant INT32 vectors;
 * begin/end/shrink_axis masks; input rank <= 4. The output shape is computed in prepare.
 *
 * TFLM's micro kernel zeroes ellipsis_mask and new_axis_mask and never sets `offset`, so a model using them
 * fails TFLM's output-shape check (or, where shapes happen to agree, reads the indices as plain axes). Here
 * they get TFLite's meaning instead (ellipsis expansion, inserted size-1 axes, end = begin + end): identical
 * to TFLM whenever those fields are zero, which is every model TFLM runs correctly.
 */
export const STRIDED_SLICE = defineOp<StridedSliceOptions, { plan: Int32Array; kind: number; arena: ArenaViews | null }>({
  name: 'STRIDED_SLICE',
  code: BuiltinOperator.STRIDED_SLICE,
  parseOptions(t) {
    return {
      beginMask: t ? t.int32(0, 0) : 0,
      endMask: t ? t.int32(1, 0) : 0,
      ellipsisMask: t ? t.int32(2, 0) : 0,
      newAxisMask: t ? t.int32(3, 0) : 0,
      shrinkAxisMask: t ? t.int32(4, 0) : 0,
      offset: t ? t.bool(5, false) : false,
    };
  },
  init() {
    return { plan: new Int32Array(COPY_PLAN_SIZE), kind: 0, arena: null };
  },
  prepare(ctx) {
    expectArity(ctx, 4, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const o = ctx.options;
    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.BOOL);
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    const rank = input.shape.length;
    if (rank > MAX_INPUT_DIMS) ctx.fail(`input dim should not exceed ${MAX_INPUT_DIMS}, has ${rank}`);
    const index = (i: number, what: string): number[] => {
      const t: Tensor = ctx.input(i);
      if (t.shape.length !== 1) ctx.fail(`${what} must be a vector, has rank ${t.shape.length}`);
      return constantInts(ctx, t, what, true);
    };
    const begin = index(1, 'begin');
    const end = index(2, 'end');
    const strides = index(3, 'strides');
    if (end.length !== begin.length || strides.length !== begin.length)
      ctx.fail(`begin, end and strides have ${begin.length}, ${end.length} and ${strides.length} entries`);
    const tflmCompatible = o.ellipsisMask === 0 && o.newAxisMask === 0 && !o.offset;
    if (tflmCompatible && begin.length !== rank) ctx.fail(`begin has ${begin.length} entries for rank ${rank}`);

    const { spec, shape } = effectiveStridedSlice({ begin, end, strides, ...o }, Array.from(input.shape));
    const dims = shape.length;
    if (dims > MAX_EFFECTIVE_DIMS) ctx.fail(`${dims} dims including new axes exceed ${MAX_EFFECTIVE_DIMS}`);
    const inStrides = rowMajorStrides(shape);
    const outShape: number[] = [];
    const axes: CopyAxis[] = [];
    let srcBase = 0;
    for (let i = 0; i < dims; i++) {
      const stride = spec.strides[i]!;
      if (stride === 0) ctx.fail('stride value has to be non-zero');
      const start = sliceStartForAxis(spec, shape, i);
      const stop = sliceEndForAxis(spec, shape, i, start);
      const count = iterationCount(start, stop, stride);
      const shrink = (spec.shrinkAxisMask & (1 << i)) !== 0;
      // TFLM leaves the output unwritten when a shrink axis selects nothing (index past the end, or a
      // negative stride: its loop runs from start to start + 1); TF rejects both.
      if (shrink && count !== 1)
        ctx.fail(`shrink axis ${i} selects no element (index ${spec.start[i]}, stride ${stride}, dim size ${shape[i]})`);
      if (tflmCompatible) {
        // TFLM sizes the output with StartForAxis/StopForAxis and a float ceil; it must agree with what the
        // kernel then writes (it does, except for degenerate axes).
        const b = startForAxis(spec, shape, i);
        const e = shrink ? b + 1 : stopForAxis(spec, shape, i, b);
        const dim = tflmDimShape(b, e, stride);
        if (!shrink && dim !== count) ctx.fail(`axis ${i}: TFLM's output dim ${dim} != ${count} elements sliced`);
      }
      if (!shrink) outShape.push(count);
      axes.push({ count, src: stride * inStrides[i]!, dst: 0 });
      if (count > 0) srcBase += start * inStrides[i]!;
    }
    // The output is written in order: fill in destination steps from the innermost axis out.
    let step = 1;
    for (let i = axes.length - 1; i >= 0; i--) {
      axes[i]!.dst = step;
      step *= axes[i]!.count;
    }
    setShapeIfChanged(ctx, output, outShape);
    const { kind, unit } = copyKindOf(input.type);
    ctx.data.kind = kind;
    ctx.data.arena = arenaViews(ctx);
    if (!writeCopyPlan(ctx.data.plan, 0, axes, srcBase, 0, unit)) ctx.fail('copy plan has too many axes');
  },
  invoke(ctx) {
    copyTensor(ctx.data.kind, ctx.inputs[0]!, ctx.outputs[0]!, ctx.data.plan, 0, ctx.data.arena);
  },
});
