import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { moveBytes } from './internal/index_copy.js';
import { arenaViews, expectArity, expectType, setShapeIfChanged } from './util.js';

/** TFLM's MAX_INDICES_ND. */
const MAX_INDICES_ND = 5;

interface GatherNdData {
  slices: number;
  indicesNd: number;
  sliceSize: number;
  paramsSize: number;
  /** Elements per step of each indexed dim (TFLM's dims_to_count). */
  dimsToCount: Int32Array;
  elementBytes: number;
  arena: Uint8Array | null;
}

/**
 * GATHER_ND: float32 and int8 params, INT32 indices whose last dim (<= 5, <= params rank) indexes the leading
 * params dims. Output shape indices[:-1] + params[nd:] is computed. Like TFLM, only the flat position of each
 * slice is checked (an index past its own dim is accepted while the slice stays inside params); a slice out
 * of range fails the invoke, after the slices before it were copied.
 */
export const GATHER_ND = defineOp<undefined, GatherNdData>({
  name: 'GATHER_ND',
  code: BuiltinOperator.GATHER_ND,
  init() {
    return { slices: 0, indicesNd: 0, sliceSize: 0, paramsSize: 0, dimsToCount: new Int32Array(MAX_INDICES_ND), elementBytes: 0, arena: null };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const params = ctx.input(0);
    const indices = ctx.input(1);
    const output = ctx.output(0);
    expectType(ctx, params, 'params', TensorType.FLOAT32, TensorType.INT8);
    expectType(ctx, indices, 'indices', TensorType.INT32);
    const paramsRank = params.shape.length;
    const indicesRank = indices.shape.length;
    if (paramsRank < 1) ctx.fail('params must be at least a vector');
    if (indicesRank < 1) ctx.fail('indices must be at least a vector');
    const nd = indices.shape[indicesRank - 1]!;
    if (nd > paramsRank) ctx.fail(`index innermost dimension length ${nd} must be <= params rank ${paramsRank}`);
    if (nd > MAX_INDICES_ND) ctx.fail(`index innermost dimension length ${nd} must not exceed ${MAX_INDICES_ND}`);
    if (output.type !== params.type) ctx.fail(`output type ${tensorTypeName(output.type)} != params type ${tensorTypeName(params.type)}`);
    const outShape: number[] = [];
    for (let i = 0; i < indicesRank - 1; i++) outShape.push(indices.shape[i]!);
    for (let i = nd; i < paramsRank; i++) outShape.push(params.shape[i]!);
    setShapeIfChanged(ctx, output, outShape);
    const d = ctx.data;
    d.indicesNd = nd;
    d.slices = 1;
    for (let i = 0; i < indicesRank - 1; i++) d.slices *= indices.shape[i]!;
    d.sliceSize = 1;
    for (let i = nd; i < paramsRank; i++) d.sliceSize *= params.shape[i]!;
    d.paramsSize = params.elementCount;
    let remain = d.paramsSize;
    for (let i = 0; i < nd; i++) {
      const dim = params.shape[i]!;
      // TFLM divides by each indexed dim (a zero dim would crash it); with no elements every slice fails anyway.
      remain = dim === 0 ? 0 : Math.trunc(remain / dim);
      d.dimsToCount[i] = remain;
    }
    d.elementBytes = tensorTypeSize(params.type);
    d.arena = arenaViews(ctx).u8;
  },
  invoke(ctx) {
    const d = ctx.data;
    const { slices, indicesNd, sliceSize, paramsSize, dimsToCount } = d;
    const index = ctx.inputs[1]!.data as Int32Array;
    const src = ctx.inputs[0]!.bytes;
    const dst = ctx.outputs[0]!.bytes;
    const run = sliceSize * d.elementBytes;
    for (let i = 0; i < slices; i++) {
      let from = 0;
      for (let j = 0; j < indicesNd; j++) from = (from + Math.imul(index[i * indicesNd + j]!, dimsToCount[j]!)) | 0;
      if (from < 0 || from + sliceSize > paramsSize) ctx.fail('gather_nd index out of bounds');
      moveBytes(d.arena, src, from * d.elementBytes, dst, i * run, run);
    }
  },
});
