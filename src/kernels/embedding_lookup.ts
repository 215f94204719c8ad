import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeSize } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { moveBytes } from './internal/index_copy.js';
import { arenaViews, expectArity, expectType, quantOrDefault, setShapeIfChanged } from './util.js';

interface EmbeddingLookupData {
  rows: number;
  columns: number;
  /** int8 table with a float32 output: dequantize with this scale (zero point 0). */
  hybrid: boolean;
  scale: number;
  rowBytes: number;
  arena: Uint8Array | null;
}

/**
 * EMBEDDING_LOOKUP: INT32 lookup vector into a value table of rank >= 2, float32 or int8; the output is float32
 * for a float32 table, int8 (row copies) or float32 (dequantized with the table's scale; its zero point must be
 * 0) for an int8 table. The output's leading dims become [lookups, value dims 1...] (TFLM rewrites them and
 * fails when the model's output buffer is too small for that). A lookup out of range fails the invoke, as in
 * TFLM (rows before it are already written).
 */
export const EMBEDDING_LOOKUP = defineOp<undefined, EmbeddingLookupData>({
  name: 'EMBEDDING_LOOKUP',
  code: BuiltinOperator.EMBEDDING_LOOKUP,
  init() {
    return { rows: 0, columns: 0, hybrid: false, scale: 0, rowBytes: 0, arena: null };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const lookup = ctx.input(0);
    const value = ctx.input(1);
    const output = ctx.output(0);
    if (lookup.shape.length !== 1) ctx.fail(`lookup must be a vector, has rank ${lookup.shape.length}`);
    expectType(ctx, lookup, 'lookup', TensorType.INT32);
    const rank = value.shape.length;
    if (rank < 2) ctx.fail(`value must have rank >= 2, has rank ${rank}`);
    expectType(ctx, value, 'value', TensorType.FLOAT32, TensorType.INT8);
    if (value.type === TensorType.FLOAT32) expectType(ctx, output, 'output', TensorType.FLOAT32);
    else expectType(ctx, output, 'output', TensorType.FLOAT32, TensorType.INT8);
    if (output.shape.length < rank) ctx.fail(`output rank ${output.shape.length} < value rank ${rank}`);
    const outShape = Array.from(output.shape);
    outShape[0] = lookup.shape[0]!;
    for (let i = 1; i < rank; i++) outShape[i] = value.shape[i]!;
    let newCount = 1;
    for (const v of outShape) newCount *= v;
    if (newCount > output.elementCount)
      ctx.fail(`output [${outShape.join(',')}] exceeds the ${output.elementCount} elements the model gives it`);
    setShapeIfChanged(ctx, output, outShape);
    const d = ctx.data;
    d.rows = value.shape[0]!;
    d.columns = d.rows === 0 ? 0 : value.elementCount / d.rows;
    d.hybrid = value.type === TensorType.INT8 && output.type === TensorType.FLOAT32;
    if (d.hybrid) {
      const q = quantOrDefault(value);
      if (q.zeroPoint !== 0) ctx.fail(`value zero point ${q.zeroPoint} != 0`);
      d.scale = Math.fround(q.scale);
    }
    d.rowBytes = d.columns * tensorTypeSize(value.type);
    d.arena = arenaViews(ctx).u8;
  },
  invoke(ctx) {
    const d = ctx.data;
    const { rows, columns, rowBytes } = d;
    if (rows === 0) return;
    const lookup = ctx.inputs[0]!.data as Int32Array;
    const n = ctx.inputs[0]!.elementCount;
    const value = ctx.inputs[1]!;
    const output = ctx.outputs[0]!;
    for (let i = 0; i < n; i++) {
      const idx = lookup[i]!;
      if (idx >= rows || idx < 0) ctx.fail(`index out of bounds: got ${idx}, bounds are [0, ${rows - 1}]`);
      if (d.hybrid) {
        // Dequantize: (value - 0) * scale, one float32 multiplication.
        const src = value.data as Int8Array;
        const dst = output.data as Float32Array;
        const scale = d.scale;
        for (let c = 0, s = idx * columns, o = i * columns; c < columns; c++) dst[o + c] = Math.fround(src[s + c]! * scale);
      } else {
        moveBytes(d.arena, value.bytes, idx * rowBytes, output.bytes, i * rowBytes, rowBytes);
      }
    }
  },
});
