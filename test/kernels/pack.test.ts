import { PACK } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const packOpts = (n: number, axis: number) => ({ type: BuiltinOptions.PackOptions, fields: [opt.int32(0, n), opt.int32(1, axis)] });

/** reference PackImpl, transcribed. */
function packOracle(shape: number[], data: number[][], axis: number): { shape: number[]; data: number[] } {
  const n = data.length;
  const a = axis < 0 ? axis + shape.length + 1 : axis;
  const out = [...shape.slice(0, a), n, ...shape.slice(a)];
  const outer = product(shape.slice(0, a));
  const copy = product(shape.slice(a));
  const res = new Array<number>(product(out));
  for (let i = 0; i < n; i++)
    for (let k = 0; k < outer; k++) for (let j = 0; j < copy; j++) res[k * n * copy + i * copy + j] = data[i]![k * copy + j]!;
  return { shape: out, data: res };
}

function pack(name: string, type: number, shape: number[], data: (number | bigint)[][], axis: number, expected?: (number | bigint)[]): ShapedCase {
  const o = packOracle(shape, data.map((d) => d.map(Number)), axis);
  return {
    name,
    inputs: data.map((d) => ({ type, shape, data: d })),
    options: packOpts(data.length, axis),
    outputs: [{ type, shape: o.shape, data: expected ?? o.data }],
    outShapes: [o.shape],
  };
}

const cases: ShapedCase[] = [
  // TFLM pack_test.cc
  pack('three inputs (TFLM)', T.FLOAT32, [2], [[1, 4], [2, 5], [3, 6]], 0, [1, 4, 2, 5, 3, 6]),
  pack('three inputs, different axis (TFLM)', T.FLOAT32, [2], [[1, 4], [2, 5], [3, 6]], 1, [1, 2, 3, 4, 5, 6]),
  pack('three inputs, negative axis (TFLM)', T.FLOAT32, [2], [[1, 4], [2, 5], [3, 6]], -1, [1, 2, 3, 4, 5, 6]),
  ...[T.FLOAT32, T.INT8, T.INT16, T.INT32].map((type) =>
    pack(`multi dimensions, type ${type} (TFLM)`, type, [2, 3], [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]], 1, [1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12])),
  pack('int64 keeps all 8 bytes', T.INT64, [2], [[-(2n ** 63n), 1n], [2n ** 63n - 1n, 2n ** 33n]], 1, [-(2n ** 63n), 2n ** 63n - 1n, 1n, 2n ** 33n]),
  pack('int8 extremes', T.INT8, [1, 2], [[-128, 127], [0, -1]], 2),
  pack('single input', T.INT16, [3], [[-32768, 0, 32767]], 0),
  pack('scalars', T.FLOAT32, [], [[1.5], [-2.5], [3.5]], 0),
  {
    name: 'placeholder output shape is replaced',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, { type: T.FLOAT32, shape: [2], data: [3, 4] }],
    options: packOpts(2, 1),
    outputs: [{ type: T.FLOAT32, shape: [4], data: [1, 3, 2, 4] }],
    outShapes: [[2, 2]],
  },
  // Rejections.
  {
    name: 'values_count disagreeing with the inputs fails',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, { type: T.FLOAT32, shape: [2], data: [3, 4] }],
    options: packOpts(3, 0),
    outputs: [{ type: T.FLOAT32, shape: [3, 2] }],
    expectError: /values_count 3 != 2 inputs/,
  },
  {
    name: 'different input shapes fail',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, { type: T.FLOAT32, shape: [3], data: [3, 4, 5] }],
    options: packOpts(2, 0),
    outputs: [{ type: T.FLOAT32, shape: [2, 2] }],
    expectError: /input 1 shape \[3\] != \[2\]/,
  },
  {
    name: 'axis out of range fails',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }],
    options: packOpts(1, 2),
    outputs: [{ type: T.FLOAT32, shape: [2, 1] }],
    expectError: /axis 2 out of range for output rank 2/,
  },
  {
    name: 'bool fails (TFLM: float32, int8, int16, int32, int64)',
    inputs: [{ type: T.BOOL, shape: [2], data: [1, 0] }],
    options: packOpts(1, 0),
    outputs: [{ type: T.BOOL, shape: [1, 2] }],
    expectError: /input 0 has type BOOL/,
  },
];

const rng = new Lcg(19);
const types = [T.FLOAT32, T.INT8, T.INT16, T.INT32, T.INT64];
for (let k = 0; k < 25; k++) {
  const rank = rng.int(0, 4);
  const shape = rng.ints(rank, 1, 3);
  const n = rng.int(1, 4);
  const axis = rng.int(-rank - 1, rank);
  const type = types[k % types.length]!;
  const data = Array.from({ length: n }, () => rng.ints(product(shape), -128, 127));
  cases.push(pack(`grid #${k} ${n} x [${shape}] axis ${axis} type ${type}`, type, shape, data, axis));
}

shapedKernelTable('PACK', PACK, cases);
