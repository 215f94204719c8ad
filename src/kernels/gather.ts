import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { moveBytes } from './internal/index_copy.js';
import { arenaViews, expectArity, expectType, setShapeIfChanged } from './util.js';

export interface GatherOptions {
  axis: number;
  batchDims: number;
}

interface GatherData {
  batch: number;
  outer: number;
  axisSize: number;
  inner: number;
  coordSize: number;
  elementBytes: number;
  arena: Uint8Array | null;
}

/**
 * GATHER: float32 and int8 params (TFLM's set), INT32 positions, axis and batch_dims (negative values count
 * from the end of the input / positions rank). The output shape input[:axis] + positions[batch_dims:] +
 * input[axis + 1:] is computed. TFLM only DCHECKs positions against the axis size; here one out of range fails
 * the invoke (nothing is read outside the input).
 */
export const GATHER = defineOp<GatherOptions, GatherData>({
  name: 'GATHER',
  code: BuiltinOperator.GATHER,
  parseOptions(t) {
    // GatherOptions: axis (0), batch_dims (1).
    return { axis: t ? t.int32(0, 0) : 0, batchDims: t ? t.int32(1, 0) : 0 };
  },
  init() {
    return { batch: 0, outer: 0, axisSize: 0, inner: 0, coordSize: 0, elementBytes: 0, arena: null };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const input = ctx.input(0);
    const coords = ctx.input(1);
    const output = ctx.output(0);
    expectType(ctx, coords, 'positions', TensorType.INT32);
    // TFLM assigns the input type to the output; a model declaring another output type cannot be honored.
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8);
    const rank = input.shape.length;
    const coordsRank = coords.shape.length;
    let axis = ctx.options.axis;
    if (axis < 0) axis += rank;
    if (!(axis >= 0 && axis < rank)) ctx.fail(`axis ${ctx.options.axis} out of range for rank ${rank}`);
    let batchDims = ctx.options.batchDims;
    if (batchDims < 0) batchDims += coordsRank;
    if (batchDims > axis) ctx.fail(`batch_dims ${batchDims} > axis ${axis}`);
    if (!(batchDims >= 0 && batchDims < rank)) ctx.fail(`batch_dims ${ctx.options.batchDims} out of range for rank ${rank}`);
    if (batchDims > coordsRank) ctx.fail(`batch_dims ${batchDims} > positions rank ${coordsRank}`);
    for (let i = 0; i < batchDims; i++) {
      if (input.shape[i] !== coords.shape[i]) ctx.fail(`input dim ${i} (${input.shape[i]}) != positions dim ${i} (${coords.shape[i]})`);
    }
    const outShape: number[] = [];
    for (let i = 0; i < axis; i++) outShape.push(input.shape[i]!);
    for (let i = batchDims; i < coordsRank; i++) outShape.push(coords.shape[i]!);
    for (let i = axis + 1; i < rank; i++) outShape.push(input.shape[i]!);
    setShapeIfChanged(ctx, output, outShape);
    const d = ctx.data;
    d.batch = 1;
    for (let i = 0; i < batchDims; i++) d.batch *= input.shape[i]!;
    d.outer = 1;
    for (let i = batchDims; i < axis; i++) d.outer *= input.shape[i]!;
    d.inner = 1;
    for (let i = axis + 1; i < rank; i++) d.inner *= input.shape[i]!;
    d.coordSize = 1;
    for (let i = batchDims; i < coordsRank; i++) d.coordSize *= coords.shape[i]!;
    d.axisSize = input.shape[axis]!;
    d.elementBytes = tensorTypeSize(input.type);
    d.arena = arenaViews(ctx).u8;
  },
  invoke(ctx) {
    const d = ctx.data;
    const { batch, outer, axisSize, inner, coordSize } = d;
    const coords = ctx.inputs[1]!.data as Int32Array;
    const src = ctx.inputs[0]!.bytes;
    const dst = ctx.outputs[0]!.bytes;
    const run = inner * d.elementBytes;
    for (let b = 0; b < batch; b++) {
      for (let o = 0; o < outer; o++) {
        const bo = b * outer + o;
        for (let c = 0; c < coordSize; c++) {
          const index = coords[b * coordSize + c]!;
          if (index < 0 || index >= axisSize) ctx.fail(`position ${index} out of range [0, ${axisSize})`);
          moveBytes(d.arena, src, (bo * axisSize + index) * run, dst, (bo * coordSize + c) * run, run);
        }
      }
    }
  },
});
