import { SLICE } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const idx = (v: number[], type: number = T.INT32, constant = true) => ({ type, shape: [v.length], data: v, constant });

function slice(name: string, type: number, shape: number[], input: number[], begin: number[], size: number[], outShape: number[],
  expected: number[], indexType: number = T.INT32): ShapedCase {
  return {
    name,
    inputs: [{ type, shape, data: input }, idx(begin, indexType), idx(size, indexType)],
    outputs: [{ type, shape: outShape, data: expected }],
    outShapes: [outShape],
  };
}

/** reference_ops::Slice (5-D front-padded loops), transcribed. */
function sliceOracle(shape: number[], input: number[], begin: number[], size: number[]): { shape: number[]; data: number[] } {
  const pad = 5 - shape.length;
  const ext = [...new Array<number>(pad).fill(1), ...shape];
  const start = [...new Array<number>(pad).fill(0), ...begin];
  const stop = ext.map((d, i) => (i < pad || size[i - pad] === -1 ? d : start[i]! + size[i - pad]!));
  const out: number[] = [];
  for (let i0 = start[0]!; i0 < stop[0]!; i0++)
    for (let i1 = start[1]!; i1 < stop[1]!; i1++)
      for (let i2 = start[2]!; i2 < stop[2]!; i2++)
        for (let i3 = start[3]!; i3 < stop[3]!; i3++)
          for (let i4 = start[4]!; i4 < stop[4]!; i4++) out.push(input[(((i0 * ext[1]! + i1) * ext[2]! + i2) * ext[3]! + i3) * ext[4]! + i4]!);
  return { shape: stop.slice(pad).map((s, i) => s - start[pad + i]!), data: out };
}

const ints = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6];
const cases: ShapedCase[] = [
  // TFLM slice_test.cc
  slice('In1D (TFLM)', T.FLOAT32, [4], [1, 2, 3, 4], [1], [2], [2], [2, 3]),
  slice('In2D (TFLM)', T.FLOAT32, [2, 3], [1, 2, 3, 4, 5, 6], [1, 0], [1, 2], [1, 2], [4, 5]),
  slice('In3D (TFLM)', T.FLOAT32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [2, 3, 2], [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
  slice('In5D (TFLM)', T.FLOAT32, [5, 1, 1, 1, 1], [1, 2, 3, 4, 5], [1, 0, 0, 0, 0], [3, 1, 1, 1, 1], [3, 1, 1, 1, 1], [2, 3, 4]),
  slice('InputFloat (TFLM)', T.FLOAT32, [4, 1, 1, 1], [1, 2, 3, 4], [1, 0, 0, 0], [3, 1, 1, 1], [3, 1, 1, 1], [2, 3, 4]),
  slice('IndexInt64 (TFLM)', T.FLOAT32, [4, 1, 1, 1], [1, 2, 3, 4], [1, 0, 0, 0], [3, 1, 1, 1], [3, 1, 1, 1], [2, 3, 4], T.INT64),
  slice('InputInteger1 (TFLM)', T.INT32, [3, 2, 3, 1], ints, [1, 0, 0, 0], [1, 1, 3, 1], [1, 1, 3, 1], [3, 3, 3]),
  slice('InputInteger2 (TFLM)', T.INT32, [3, 2, 3, 1], ints, [1, 0, 0, 0], [1, 2, 3, 1], [1, 2, 3, 1], [3, 3, 3, 4, 4, 4]),
  slice('InputInteger3 (TFLM)', T.INT32, [3, 2, 3, 1], ints, [1, 0, 0, 0], [2, 1, 3, 1], [2, 1, 3, 1], [3, 3, 3, 5, 5, 5]),
  slice('SizeMinus1 (TFLM)', T.INT32, [3, 2, 3, 1], ints, [1, 0, 0, 0], [2, 1, -1, 1], [2, 1, 3, 1], [3, 3, 3, 5, 5, 5]),
  slice('BeginNonZeroSizeMinus1Axis1 (TFLM)', T.INT32, [3, 3, 2, 1], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9],
    [1, 1, 0, 0], [2, -1, 1, 1], [2, 2, 1, 1], [5, 6, 8, 9]),
  slice('BeginNonZeroSizeMinus1Axis2 (TFLM)', T.INT32, [3, 2, 3, 1], ints, [1, 0, 1, 0], [2, 1, -1, 1], [2, 1, 2, 1], [3, 3, 5, 5]),
  slice('BeginNonZeroSizeMinus1Axis3 (TFLM)', T.INT32, [3, 1, 2, 3], ints, [1, 0, 0, 1], [2, 1, 1, -1], [2, 1, 1, 2], [3, 3, 5, 5]),
  slice('SliceInt8 (TFLM)', T.INT8, [3, 2, 3, 1], ints, [1, 0, 0, 0], [2, 1, -1, 1], [2, 1, 3, 1], [3, 3, 3, 5, 5, 5]),
  slice('SliceInt16 (TFLM)', T.INT16, [3, 2, 3, 1], ints, [1, 0, 0, 0], [2, 1, -1, 1], [2, 1, 3, 1], [3, 3, 3, 5, 5, 5]),
  slice('SliceBool (TFLM)', T.BOOL, [3, 2, 3, 1], [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0], [1, 0, 0, 0], [2, 1, -1, 1],
    [2, 1, 3, 1], [1, 0, 1, 0, 0, 1]),
  slice('int8 extremes', T.INT8, [2, 2], [-128, 127, 5, -5], [0, 1], [2, 1], [2, 1], [127, -5]),
  slice('empty slice', T.FLOAT32, [3], [1, 2, 3], [1], [0], [0], []),
  {
    name: 'runtime begin/size (TFLM reads them each eval)',
    inputs: [{ type: T.INT16, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, idx([0, 1], T.INT32, false), idx([2, 2], T.INT32, false)],
    outputs: [{ type: T.INT16, shape: [2, 2], data: [2, 3, 5, 6] }],
    outShapes: [[2, 2]],
  },
  {
    name: 'runtime int64 begin/size with -1',
    inputs: [{ type: T.FLOAT32, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, idx([1, 1], T.INT64, false), idx([-1, -1], T.INT64, false)],
    outputs: [{ type: T.FLOAT32, shape: [1, 2], data: [5, 6] }],
  },
  {
    name: 'runtime begin/size that disagree with the output shape fail at invoke',
    inputs: [{ type: T.FLOAT32, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, idx([0, 0], T.INT32, false), idx([1, 3], T.INT32, false)],
    outputs: [{ type: T.FLOAT32, shape: [2, 2] }],
    expectError: /begin\/size do not fit dim 1 of the input or the output shape/,
  },
  {
    name: 'placeholder output shape is replaced',
    inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, idx([2]), idx([-1])],
    outputs: [{ type: T.FLOAT32, shape: [1], data: [3, 4] }],
    outShapes: [[2]],
  },
  // Rejections.
  {
    name: 'begin + size past the end fails',
    inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, idx([2]), idx([3])],
    outputs: [{ type: T.FLOAT32, shape: [3] }],
    expectError: /begin 2 \/ size 3 out of range for dim 0/,
  },
  {
    name: 'negative begin fails',
    inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, idx([-1]), idx([1])],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    expectError: /out of range/,
  },
  {
    name: 'rank 6 fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 1, 1, 1], data: [1] }, idx([0, 0, 0, 0, 0, 0]), idx([1, 1, 1, 1, 1, 1])],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 1, 1, 1] }],
    expectError: /rank 6 exceeds 5/,
  },
  {
    name: 'uint8 fails (TFLM)',
    inputs: [{ type: T.UINT8, shape: [2], data: [1, 2] }, idx([0]), idx([1])],
    outputs: [{ type: T.UINT8, shape: [1] }],
    expectError: /input has type UINT8/,
  },
  {
    name: 'begin and size of different types fail (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, idx([0]), idx([1], T.INT64)],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    expectError: /size type INT64 != begin type INT32/,
  },
  {
    name: 'begin of the wrong length fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [1, 2, 3, 4] }, idx([0]), idx([1])],
    outputs: [{ type: T.FLOAT32, shape: [1, 2] }],
    expectError: /begin and size must have 2 entries/,
  },
];

const rng = new Lcg(9);
const types = [T.FLOAT32, T.INT8, T.INT16, T.INT32, T.BOOL];
for (let k = 0; k < 40; k++) {
  const rank = rng.int(1, 5);
  const shape = rng.ints(rank, 1, rank > 3 ? 3 : 5);
  const begin = shape.map((d) => rng.int(0, d - 1));
  const size = shape.map((d, i) => (rng.int(0, 4) === 0 ? -1 : rng.int(0, d - begin[i]!)));
  const type = types[k % types.length]!;
  const input = rng.ints(product(shape), type === T.BOOL ? 0 : -128, type === T.BOOL ? 1 : 127);
  const o = sliceOracle(shape, input, begin, size);
  cases.push(slice(`grid #${k} [${shape}] begin [${begin}] size [${size}] type ${type}`, type, shape, input, begin, size, o.shape, o.data,
    k % 3 === 0 ? T.INT64 : T.INT32));
  if (k % 4 === 0) {
    cases.push({
      name: `grid #${k}, runtime begin/size`,
      inputs: [{ type, shape, data: input }, idx(begin, T.INT32, false), idx(size, T.INT32, false)],
      outputs: [{ type, shape: o.shape, data: o.data }],
    });
  }
}

shapedKernelTable('SLICE', SLICE, cases);
