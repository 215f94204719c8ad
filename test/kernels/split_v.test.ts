import { SPLIT_V } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';
import { splitOracle } from '../helpers/split-oracle.js';

const numSplits = (n: number) => ({ type: BuiltinOptions.SplitVOptions, fields: [opt.int32(0, n)] });
const axisT = (a: number) => ({ type: T.INT32, shape: [1], data: [a], constant: true });
const sizesT = (v: number[], type: number = T.INT32, constant = true) => ({ type, shape: [v.length], data: v, constant });
const iota = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function splitV(name: string, type: number, shape: number[], data: number[], axis: number, sizes: number[], sizesType: number = T.INT32): ShapedCase {
  const a = axis < 0 ? axis + shape.length : axis;
  const known = sizes.reduce((s, v) => (v === -1 ? s : s + v), 0);
  const resolved = sizes.map((v) => (v === -1 ? shape[a]! - known : v));
  const outs = splitOracle(shape, data, a, resolved);
  return {
    name,
    inputs: [{ type, shape, data }, sizesT(sizes, sizesType), axisT(axis)],
    options: numSplits(sizes.length),
    outputs: outs.map((o) => ({ type, shape: o.shape, data: o.data })),
    outShapes: outs.map((o) => o.shape),
  };
}

const x = iota(12);
const x4 = iota(16);
const cases: ShapedCase[] = [
  // TFLM split_v_test.cc
  {
    name: 'three outputs (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [4, 3], data: x }, sizesT([1, 1, 2]), axisT(0)],
    options: numSplits(3),
    outputs: [
      { type: T.FLOAT32, shape: [1, 3], data: [1, 2, 3] },
      { type: T.FLOAT32, shape: [1, 3], data: [4, 5, 6] },
      { type: T.FLOAT32, shape: [2, 3], data: [7, 8, 9, 10, 11, 12] },
    ],
  },
  splitV('four-dimensional, axis 0 (TFLM)', T.FLOAT32, [2, 2, 2, 2], x4, 0, [1, 1]),
  splitV('four-dimensional, axis 1 (TFLM)', T.FLOAT32, [2, 2, 2, 2], x4, 1, [1, -1]),
  splitV('four-dimensional, axis 2 (TFLM)', T.FLOAT32, [2, 2, 2, 2], x4, 2, [1, -1]),
  splitV('four-dimensional, axis 3 (TFLM)', T.FLOAT32, [2, 2, 2, 2], x4, 3, [1, -1]),
  splitV('four-dimensional, negative axis (TFLM)', T.FLOAT32, [2, 2, 2, 2], x4, -4, [1, -1]),
  splitV('one-dimensional, eight outputs (TFLM)', T.FLOAT32, [8], iota(8), 0, [1, 1, 1, 1, 1, 1, 1, 1]),
  splitV('one-dimensional, uneven sizes', T.FLOAT32, [10], iota(10), 0, [1, 3, 6]),
  splitV('int8 with a zero-size piece', T.INT8, [2, 4], [-128, 127, 1, 2, 3, 4, 5, 6], 1, [0, 3, 1]),
  splitV('int16, -1 first', T.INT16, [3, 2], [-32768, 32767, 1, 2, 3, 4], 0, [-1, 1]),
  splitV('int32, int64 size_splits', T.INT32, [2, 5], iota(10), -1, [2, 3], T.INT64),
  {
    name: 'runtime size_splits: the model output dims are used (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [5], data: [1, 2, 3, 4, 5] }, sizesT([2, 3], T.INT32, false), axisT(0)],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, { type: T.FLOAT32, shape: [3], data: [3, 4, 5] }],
    outShapes: [[2], [3]],
  },
  {
    name: 'placeholder output shapes are replaced by constant size_splits',
    inputs: [{ type: T.FLOAT32, shape: [5], data: [1, 2, 3, 4, 5] }, sizesT([4, -1]), axisT(0)],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [1], data: [1, 2, 3, 4] }, { type: T.FLOAT32, shape: [1], data: [5] }],
    outShapes: [[4], [1]],
  },
  // Rejections.
  {
    name: 'non-constant axis fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, sizesT([1, 1]), { type: T.INT32, shape: [1], data: [0] }],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [1] }, { type: T.FLOAT32, shape: [1] }],
    expectError: /non-constant axis/,
  },
  {
    name: 'sizes not adding up fail',
    inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, sizesT([1, 2]), axisT(0)],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [1] }, { type: T.FLOAT32, shape: [2] }],
    expectError: /size_splits add up to 3, dim 0 has 4/,
  },
  {
    name: 'two -1 sizes fail',
    inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, sizesT([-1, -1]), axisT(0)],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [2] }, { type: T.FLOAT32, shape: [2] }],
    expectError: /more than one -1/,
  },
  {
    name: 'runtime size_splits with output dims not adding up fail',
    inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, sizesT([2, 2], T.INT32, false), axisT(0)],
    options: numSplits(2),
    outputs: [{ type: T.FLOAT32, shape: [2] }, { type: T.FLOAT32, shape: [1] }],
    expectError: /output dims along axis 0 add up to 3, input has 4/,
  },
  {
    name: 'size_splits count disagreeing with the outputs fails',
    inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, sizesT([1, 1, 2]), axisT(0)],
    options: numSplits(0),
    outputs: [{ type: T.FLOAT32, shape: [2] }, { type: T.FLOAT32, shape: [2] }],
    expectError: /size_splits has 3 entries for 2 outputs/,
  },
  {
    name: 'uint8 fails (TFLM)',
    inputs: [{ type: T.UINT8, shape: [2], data: [1, 2] }, sizesT([1, 1]), axisT(0)],
    options: numSplits(2),
    outputs: [{ type: T.UINT8, shape: [1] }, { type: T.UINT8, shape: [1] }],
    expectError: /input has type UINT8/,
  },
];

const rng = new Lcg(17);
const types = [T.FLOAT32, T.INT8, T.INT16, T.INT32];
for (let k = 0; k < 24; k++) {
  const rank = rng.int(1, 5);
  const n = rng.int(1, 4);
  const axis = rng.int(-rank, rank - 1);
  const shape = rng.ints(rank, 1, 3);
  const sizes = rng.ints(n, 0, 3);
  shape[axis < 0 ? axis + rank : axis] = sizes.reduce((a, b) => a + b, 0);
  if (k % 3 === 0) sizes[rng.int(0, n - 1)] = -1;
  const type = types[k % 4]!;
  cases.push(splitV(`grid #${k} [${shape}] axis ${axis} sizes [${sizes}] type ${type}`, type, shape, rng.ints(product(shape), -128, 127), axis, sizes));
}

shapedKernelTable('SPLIT_V', SPLIT_V, cases);
