import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { batchMatMulFloat, batchMatMulInt16, batchMatMulInt8, type BatchMatMulParams } from './internal/batch_matmul.js';
import {
  getQuantizedConvolutionMultiplier,
  multiplyByQuantizedMultiplierFor,
  multiplyByQuantizedMultiplierInt64,
  quantizeMultiplierFor,
  type MultiplyByQuantizedMultiplierFn,
} from './internal/quantization.js';
import { expectArity, expectType, flatSize, quantParams, setShapeIfChanged, typeRange } from './util.js';

export interface BatchMatMulOptions {
  adjX: boolean;
  adjY: boolean;
}

export interface BatchMatMulData {
  p: BatchMatMulParams;
  type: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

/** Dims of `shape` right-aligned to `rank` (leading 1s). */
function extend(shape: Int32Array, rank: number): number[] {
  const out = new Array<number>(rank).fill(1);
  for (let i = 0; i < shape.length; i++) out[rank - shape.length + i] = shape[i]!;
  return out;
}

/** Element stride of batch dim `i` of a rank-5 shape: 0 when the dim is 1 (broadcast), else the product of the dims after it. */
function batchStride(s: number[], i: number): number {
  if (s[i] === 1) return 0;
  let n = 1;
  for (let j = i + 1; j < 5; j++) n *= s[j]!;
  return n;
}

/**
 * BATCH_MATMUL: float32, int8, int16 (lhs, rhs and output of one type; TFLM's set), ranks 2 to 5 with
 * broadcast batch dims, adj_x / adj_y. Quantized: the multiplier is (lhs_scale * rhs_scale in float32) /
 * output_scale, no activation (clamp to the type's range); int16 needs zero points of 0. The output shape is
 * computed (TFLM rewrites the dims, then requires the element count to be unchanged).
 */
export const BATCH_MATMUL = defineOp<BatchMatMulOptions, BatchMatMulData>({
  name: 'BATCH_MATMUL',
  code: BuiltinOperator.BATCH_MATMUL,
  parseOptions(t) {
    // BatchMatMulOptions: adj_x (0), adj_y (1), asymmetric_quantize_inputs (2, hybrid only: unused by TFLM).
    return { adjX: t ? t.bool(0, false) : false, adjY: t ? t.bool(1, false) : false };
  },
  init() {
    return {
      type: TensorType.FLOAT32,
      mbqm: multiplyByQuantizedMultiplierFor('double'),
      p: {
        batch0: 1, batch1: 1, batch2: 1, lhsBatch0: 0, lhsBatch1: 0, lhsBatch2: 0, rhsBatch0: 0, rhsBatch1: 0, rhsBatch2: 0,
        rows: 0, cols: 0, depth: 0, lhsRowStride: 0, lhsDepthStride: 0, rhsDepthStride: 0, rhsColStride: 0,
        lhsOffset: 0, rhsOffset: 0, outputOffset: 0, multiplier: 0, shift: 0, actMin: 0, actMax: 0,
      },
    };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const lhs = ctx.input(0);
    const rhs = ctx.input(1);
    const output = ctx.output(0);
    const { adjX, adjY } = ctx.options;
    const d = ctx.data;
    const p = d.p;
    expectType(ctx, lhs, 'lhs', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16);
    expectType(ctx, rhs, 'rhs', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16);
    if (lhs.type !== rhs.type) ctx.fail(`lhs type ${tensorTypeName(lhs.type)} != rhs type ${tensorTypeName(rhs.type)} (hybrid is not supported)`);
    if (output.type !== lhs.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(lhs.type)}`);
    const lhsRank = lhs.shape.length;
    const rhsRank = rhs.shape.length;
    if (lhsRank < 2 || lhsRank > 5) ctx.fail(`lhs rank ${lhsRank} is not between 2 and 5`);
    if (rhsRank < 2 || rhsRank > 5) ctx.fail(`rhs rank ${rhsRank} is not between 2 and 5`);
    d.type = lhs.type;

    if (lhs.type !== TensorType.FLOAT32) {
      const lq = quantParams(ctx, lhs, 'lhs');
      const rq = quantParams(ctx, rhs, 'rhs');
      const oq = quantParams(ctx, output, 'output');
      const real = getQuantizedConvolutionMultiplier(lq.scale, rq.scale, oq.scale);
      const m = quantizeMultiplierFor(ctx.rounding, real);
      p.multiplier = m.multiplier;
      p.shift = m.shift;
      const r = typeRange(lhs.type);
      p.actMin = r.min;
      p.actMax = r.max;
      if (lhs.type === TensorType.INT16) {
        if (lq.zeroPoint !== 0) ctx.fail(`int16 lhs zero point ${lq.zeroPoint} != 0`);
        if (rq.zeroPoint !== 0) ctx.fail(`int16 rhs zero point ${rq.zeroPoint} != 0`);
        if (oq.zeroPoint !== 0) ctx.fail(`int16 output zero point ${oq.zeroPoint} != 0`);
      }
      p.lhsOffset = -lq.zeroPoint;
      p.rhsOffset = -rq.zeroPoint;
      p.outputOffset = oq.zeroPoint;
      d.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    }

    const rank = Math.max(lhsRank, rhsRank);
    const l = extend(lhs.shape, rank);
    const r = extend(rhs.shape, rank);
    const outShape: number[] = [];
    for (let i = 0; i < rank - 2; i++) {
      if (l[i] !== r[i] && l[i] !== 1 && r[i] !== 1)
        ctx.fail(`batch dims of lhs [${lhs.shape.join(',')}] and rhs [${rhs.shape.join(',')}] do not broadcast`);
      outShape.push(l[i] === 1 ? r[i]! : l[i]!);
    }
    const lhsRows = adjX ? l[rank - 1]! : l[rank - 2]!;
    const lhsDepth = adjX ? l[rank - 2]! : l[rank - 1]!;
    const rhsDepth = adjY ? r[rank - 1]! : r[rank - 2]!;
    const rhsCols = adjY ? r[rank - 2]! : r[rank - 1]!;
    if (lhsDepth !== rhsDepth) ctx.fail(`lhs accumulation dim ${lhsDepth} != rhs accumulation dim ${rhsDepth}`);
    outShape.push(lhsRows, rhsCols);
    // ReshapeOutputTensor: the model's output must have at least `rank` dims and keep its element count.
    if (output.shape.length < rank) ctx.fail(`output rank ${output.shape.length} < ${rank}`);
    if (flatSize(outShape) !== output.elementCount)
      ctx.fail(`output [${output.shape.join(',')}] cannot be resized to [${outShape.join(',')}]`);
    setShapeIfChanged(ctx, output, outShape);

    const l5 = extend(lhs.shape, 5);
    const r5 = extend(rhs.shape, 5);
    const o5 = extend(Int32Array.from(outShape), 5);
    p.batch0 = o5[0]!;
    p.batch1 = o5[1]!;
    p.batch2 = o5[2]!;
    p.lhsBatch0 = batchStride(l5, 0);
    p.lhsBatch1 = batchStride(l5, 1);
    p.lhsBatch2 = batchStride(l5, 2);
    p.rhsBatch0 = batchStride(r5, 0);
    p.rhsBatch1 = batchStride(r5, 1);
    p.rhsBatch2 = batchStride(r5, 2);
    p.rows = lhsRows;
    p.cols = rhsCols;
    p.depth = lhsDepth;
    // lhs is [rows, depth] in memory, or [depth, rows] with adj_x; rhs [depth, cols], or [cols, depth] with adj_y.
    p.lhsRowStride = adjX ? 1 : lhsDepth;
    p.lhsDepthStride = adjX ? lhsRows : 1;
    p.rhsDepthStride = adjY ? 1 : rhsCols;
    p.rhsColStride = adjY ? rhsDepth : 1;
  },
  invoke(ctx) {
    const d = ctx.data;
    const lhs = ctx.inputs[0]!.data;
    const rhs = ctx.inputs[1]!.data;
    const out = ctx.outputs[0]!.data;
    if (d.type === TensorType.FLOAT32) batchMatMulFloat(d.p, lhs as Float32Array, rhs as Float32Array, out as Float32Array);
    else if (d.type === TensorType.INT8) batchMatMulInt8(d.p, lhs as Int8Array, rhs as Int8Array, out as Int8Array, d.mbqm);
    else batchMatMulInt16(d.p, lhs as Int16Array, rhs as Int16Array, out as Int16Array, multiplyByQuantizedMultiplierInt64);
  },
});
