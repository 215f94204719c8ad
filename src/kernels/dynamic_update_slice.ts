import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { moveBytes, readInt64LE } from './internal/index_copy.js';
import { arenaViews, expectArity, expectType, setShapeIfChanged } from './util.js';

/** RuntimeShape's kMaxSmallSize: the stack arrays of TFLM's kernel hold 6 dims. */
const MAX_DIMS = 6;

interface DynamicUpdateSliceData {
  rank: number;
  elementBytes: number;
  /** Byte strides of the output and of the update per dim. */
  outStrides: Int32Array;
  updateStrides: Int32Array;
  /** Clamped start indices and the odometer over the update's outer dims (invoke scratch). */
  start: Int32Array;
  counter: Int32Array;
  arena: Uint8Array | null;
}

/**
 * DYNAMIC_UPDATE_SLICE: float32, int8, int16, int32 (TFLM's Eval); operand and update of one type and rank,
 * update dims <= operand dims; start indices an INT32 or INT64 vector with one entry per dim, read at invoke and
 * clamped to [0, operand dim - update dim]. The output (the operand's shape) is the operand with the update
 * written at those indices; an update as large as the operand replaces it whole, as in TFLM.
 */
export const DYNAMIC_UPDATE_SLICE = defineOp<undefined, DynamicUpdateSliceData>({
  name: 'DYNAMIC_UPDATE_SLICE',
  code: BuiltinOperator.DYNAMIC_UPDATE_SLICE,
  init() {
    return {
      rank: 0, elementBytes: 0, outStrides: new Int32Array(MAX_DIMS), updateStrides: new Int32Array(MAX_DIMS),
      start: new Int32Array(MAX_DIMS), counter: new Int32Array(MAX_DIMS), arena: null,
    };
  },
  prepare(ctx) {
    expectArity(ctx, 3, 1);
    const operand = ctx.input(0);
    const update = ctx.input(1);
    const indices = ctx.input(2);
    const output = ctx.output(0);
    if (update.type !== operand.type) ctx.fail(`update type ${tensorTypeName(update.type)} != operand type ${tensorTypeName(operand.type)}`);
    if (indices.type !== TensorType.INT32 && indices.type !== TensorType.INT64) ctx.fail(`start indices have type ${tensorTypeName(indices.type)}; expected INT32 or INT64`);
    if (indices.shape.length !== 1) ctx.fail(`start indices must be a vector, have rank ${indices.shape.length}`);
    const rank = operand.shape.length;
    if (indices.shape[0] !== rank) ctx.fail(`${indices.shape[0]} start indices for rank ${rank}`);
    if (update.shape.length !== rank) ctx.fail(`update rank ${update.shape.length} != operand rank ${rank}`);
    for (let i = 0; i < rank; i++) {
      if (update.shape[i]! > operand.shape[i]!) ctx.fail(`update [${update.shape.join(',')}] is larger than operand [${operand.shape.join(',')}]`);
    }
    expectType(ctx, operand, 'operand', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32);
    if (output.type !== operand.type) ctx.fail(`output type ${tensorTypeName(output.type)} != operand type ${tensorTypeName(operand.type)}`);
    if (rank > MAX_DIMS) ctx.fail(`rank ${rank} exceeds ${MAX_DIMS}`);
    setShapeIfChanged(ctx, output, operand.shape);
    const d = ctx.data;
    d.rank = rank;
    d.elementBytes = tensorTypeSize(operand.type);
    let o = d.elementBytes;
    let u = d.elementBytes;
    for (let i = rank - 1; i >= 0; i--) {
      d.outStrides[i] = o;
      d.updateStrides[i] = u;
      o *= operand.shape[i]!;
      u *= update.shape[i]!;
    }
    d.arena = arenaViews(ctx).u8;
  },
  invoke(ctx) {
    const d = ctx.data;
    const operand = ctx.inputs[0]!;
    const update = ctx.inputs[1]!;
    const indices = ctx.inputs[2]!;
    const output = ctx.outputs[0]!;
    const es = d.elementBytes;
    const src = update.bytes;
    const dst = output.bytes;
    if (operand.elementCount === update.elementCount) {
      moveBytes(d.arena, src, 0, dst, 0, operand.elementCount * es);
      return;
    }
    const ob = operand.bytes;
    if (ob.buffer !== dst.buffer || ob.byteOffset !== dst.byteOffset) moveBytes(d.arena, ob, 0, dst, 0, operand.elementCount * es);
    if (update.elementCount === 0) return;
    const rank = d.rank;
    const start = d.start;
    const is64 = indices.type === TensorType.INT64;
    for (let i = 0; i < rank; i++) {
      const raw = is64 ? readInt64LE(indices.bytes, i * 8) : (indices.data as Int32Array)[i]!;
      const hi = operand.shape[i]! - update.shape[i]!;
      start[i] = Math.min(Math.max(0, raw), hi);
    }
    // Rows of the last dim, for every index of the update's outer dims (an odometer).
    let base = 0;
    for (let i = 0; i < rank; i++) base += start[i]! * d.outStrides[i]!;
    const rowBytes = update.shape[rank - 1]! * es;
    const counter = d.counter;
    for (let i = 0; i < rank; i++) counter[i] = 0;
    let u = 0;
    let o = base;
    for (;;) {
      moveBytes(d.arena, src, u, dst, o, rowBytes);
      let k = rank - 2;
      while (k >= 0) {
        counter[k]!++;
        o += d.outStrides[k]!;
        u += d.updateStrides[k]!;
        if (counter[k]! < update.shape[k]!) break;
        o -= counter[k]! * d.outStrides[k]!;
        u -= counter[k]! * d.updateStrides[k]!;
        counter[k] = 0;
        k--;
      }
      if (k < 0) break;
    }
  },
});
