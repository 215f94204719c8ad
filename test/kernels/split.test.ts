import { SPLIT } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';
import { splitOracle } from '../helpers/split-oracle.js';

const numSplits = (n: number) => ({ type: BuiltinOptions.SplitOptions, fields: [opt.int32(0, n)] });
const axisT = (a: number) => ({ type: T.INT32, shape: [1], data: [a], constant: true });
const iota = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function split(name: string, type: number, shape: number[], data: number[], axis: number, n: number): ShapedCase {
  const a = axis < 0 ? axis + shape.length : axis;
  const outs = splitOracle(shape, data, a, new Array<number>(n).fill(shape[a]! / n));
  return {
    name,
    inputs: [axisT(axis), { type, shape, data }],
    options: numSplits(n),
    outputs: outs.map((o) => ({ type, shape: o.shape, data: o.data })),
    outShapes: outs.map((o) => o.shape),
  };
}

const cases: ShapedCase[] = [
  // TFLM split_test.cc: [2,2,2,2] of 1..16 along every axis (goldens checked literally for axis 0 and 1).
  {
    name: 'four-dimensional, axis 0 (TFLM)',
    inputs: [axisT(0), { type: T.FLOAT32, shape: [2, 2, 2, 2], data: iota(16) }],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] }, { type: T.FLOAT32, shape: [1, 2, 2, 2], data: [9, 10, 11, 12, 13, 14, 15, 16] }],
  },
  ...[T.FLOAT32, T.INT8, T.INT32, T.INT16].map((type): ShapedCase => ({
    name: `four-dimensional, axis 1, type ${type} (TFLM)`,
    inputs: [axisT(1), { type, shape: [2, 2, 2, 2], data: iota(16) }],
    options: numSplits(2),
    outputs: [{ type, shape: [2, 1, 2, 2], data: [1, 2, 3, 4, 9, 10, 11, 12] }, { type, shape: [2, 1, 2, 2], data: [5, 6, 7, 8, 13, 14, 15, 16] }],
  })),
  split('four-dimensional, axis 2 (TFLM)', T.FLOAT32, [2, 2, 2, 2], iota(16), 2, 2),
  split('four-dimensional, axis 3 (TFLM)', T.FLOAT32, [2, 2, 2, 2], iota(16), 3, 2),
  split('four-dimensional, negative axis (TFLM)', T.FLOAT32, [2, 2, 2, 2], iota(16), -4, 2),
  split('four splits (TFLM)', T.FLOAT32, [4], [1, 2, 3, 4], 0, 4),
  split('one-dimensional (TFLM)', T.FLOAT32, [2], [1, 2], 0, 2),
  split('int16 extremes', T.INT16, [2, 2], [-32768, 32767, 1, -1], 1, 2),
  split('one output is a copy', T.INT8, [3], [-128, 0, 127], 0, 1),
  {
    name: 'placeholder output shapes are replaced',
    inputs: [axisT(0), { type: T.FLOAT32, shape: [4, 1], data: [1, 2, 3, 4] }],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [1], data: [1, 2] }, { type: T.FLOAT32, shape: [1], data: [3, 4] }],
    outShapes: [[2, 1], [2, 1]],
  },
  // Rejections.
  {
    name: 'non-constant axis fails (TFLM)',
    inputs: [{ type: T.INT32, shape: [1], data: [0] }, { type: T.FLOAT32, shape: [2], data: [1, 2] }],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [1] }, { type: T.FLOAT32, shape: [1] }],
    expectError: /non-constant axis/,
  },
  {
    name: 'axis out of range fails (TFLM)',
    inputs: [axisT(2), { type: T.FLOAT32, shape: [2, 2], data: [1, 2, 3, 4] }],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [2, 1] }, { type: T.FLOAT32, shape: [2, 1] }],
    expectError: /axis 2 out of range for rank 2/,
  },
  {
    name: 'uneven split fails',
    inputs: [axisT(0), { type: T.FLOAT32, shape: [3], data: [1, 2, 3] }],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [1] }, { type: T.FLOAT32, shape: [2] }],
    expectError: /does not split into 2 equal parts/,
  },
  {
    name: 'num_splits disagreeing with the outputs fails',
    inputs: [axisT(0), { type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }],
    options: numSplits(4),
    outputs: [{ type: T.FLOAT32, shape: [2] }, { type: T.FLOAT32, shape: [2] }],
    expectError: /num_splits 4 != 2 outputs/,
  },
  {
    name: 'bool fails (TFLM: float32, int8, int16, int32)',
    inputs: [axisT(0), { type: T.BOOL, shape: [2], data: [1, 0] }],
    options: numSplits(2),
    outputs: [{ type: T.BOOL, shape: [1] }, { type: T.BOOL, shape: [1] }],
    expectError: /input has type BOOL/,
  },
];

const rng = new Lcg(13);
const types = [T.FLOAT32, T.INT8, T.INT16, T.INT32];
for (let k = 0; k < 24; k++) {
  const rank = rng.int(1, 5);
  const n = rng.int(1, 4);
  const axis = rng.int(-rank, rank - 1);
  const shape = rng.ints(rank, 1, 3);
  shape[axis < 0 ? axis + rank : axis] = n * rng.int(1, 3);
  const type = types[k % 4]!;
  cases.push(split(`grid #${k} [${shape}] axis ${axis} into ${n} type ${type}`, type, shape, rng.ints(product(shape), -128, 127), axis, n));
}

shapedKernelTable('SPLIT', SPLIT, cases);
