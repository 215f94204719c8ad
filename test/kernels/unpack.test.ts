import { UNPACK } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';
import { splitOracle } from '../helpers/split-oracle.js';

const unpackOpts = (num: number, axis: number) => ({ type: BuiltinOptions.UnpackOptions, fields: [opt.int32(0, num), opt.int32(1, axis)] });

function unpack(name: string, type: number, shape: number[], data: number[], axis: number): ShapedCase {
  const a = axis < 0 ? axis + shape.length : axis;
  const num = shape[a]!;
  const outs = splitOracle(shape, data, a, new Array<number>(num).fill(1)).map((o) => ({ shape: o.shape.filter((_, j) => j !== a), data: o.data }));
  return {
    name,
    inputs: [{ type, shape, data }],
    options: unpackOpts(num, axis),
    outputs: outs.map((o) => ({ type, shape: o.shape, data: o.data })),
    outShapes: outs.map((o) => o.shape),
  };
}

const cases: ShapedCase[] = [
  // TFLM unpack_test.cc
  {
    name: 'three outputs (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }],
    options: unpackOpts(3, 0),
    outputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, { type: T.FLOAT32, shape: [2], data: [3, 4] }, { type: T.FLOAT32, shape: [2], data: [5, 6] }],
  },
  unpack('three outputs, negative axis (TFLM)', T.FLOAT32, [3, 2], [1, 2, 3, 4, 5, 6], -2),
  unpack('one output (TFLM)', T.FLOAT32, [1, 6], [1, 2, 3, 4, 5, 6], 0),
  unpack('int16, three outputs (TFLM)', T.INT16, [3, 2], [1, 2, 3, 4, 5, 6], 0),
  unpack('int32, three outputs (TFLM)', T.INT32, [3, 2], [1, 2, 3, 4, 5, 6], 0),
  unpack('int8, inner axis', T.INT8, [2, 3], [-128, 127, 0, 1, 2, 3], 1),
  unpack('to scalars', T.FLOAT32, [3], [1.5, -2.5, 3.5], 0),
  {
    name: 'placeholder output shapes are replaced',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [1, 2, 3, 4] }],
    options: unpackOpts(2, 1),
    outputs: [{ type: T.FLOAT32, shape: [1], data: [1, 3] }, { type: T.FLOAT32, shape: [1], data: [2, 4] }],
    outShapes: [[2], [2]],
  },
  // Rejections.
  {
    name: 'num disagreeing with the axis dim fails',
    inputs: [{ type: T.FLOAT32, shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }],
    options: unpackOpts(2, 0),
    outputs: [{ type: T.FLOAT32, shape: [2] }, { type: T.FLOAT32, shape: [2] }],
    expectError: /dim 0 has size 3, num is 2/,
  },
  {
    name: 'num disagreeing with the outputs fails',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [1, 2, 3, 4] }],
    options: unpackOpts(3, 0),
    outputs: [{ type: T.FLOAT32, shape: [2] }, { type: T.FLOAT32, shape: [2] }],
    expectError: /expected 3 outputs, got 2/,
  },
  {
    name: 'int64 fails (TFLM: float32, int32, int16, int8)',
    inputs: [{ type: T.INT64, shape: [1], data: [1] }],
    options: unpackOpts(1, 0),
    outputs: [{ type: T.INT64, shape: [] }],
    expectError: /input has type INT64/,
  },
];

const rng = new Lcg(23);
const types = [T.FLOAT32, T.INT8, T.INT16, T.INT32];
for (let k = 0; k < 24; k++) {
  const rank = rng.int(1, 5);
  const shape = rng.ints(rank, 1, 3);
  const axis = rng.int(-rank, rank - 1);
  const type = types[k % 4]!;
  cases.push(unpack(`grid #${k} [${shape}] axis ${axis} type ${type}`, type, shape, rng.ints(product(shape), -128, 127), axis));
}

shapedKernelTable('UNPACK', UNPACK, cases);
