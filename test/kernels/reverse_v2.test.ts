/**
 * REVERSE_V2: TFLM reverse_test.cc tables, every type TFLM accepts over a grid of shapes and contiguous axis
 * sets against a direct oracle, non-constant and negative axes, and rejections (non-contiguous or out-of-range
 * axes, types, ranks).
 */
import { REVERSE_V2 } from '../../src/kernels/reverse_v2.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import { Lcg, product } from '../helpers/lcg.js';

const axisT = (v: number[], constant = true) => ({ type: T.INT32, shape: [v.length], data: v, constant });

/** Output element at coords c reads the input at c with the reversed axes mirrored. */
function oracle(shape: number[], input: number[], axes: number[]): number[] {
  const r = shape.length;
  const set = new Set(axes.map((a) => (a < 0 ? a + r : a)));
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    let rem = i;
    const c = new Array<number>(r);
    for (let d = r - 1; d >= 0; d--) {
      c[d] = rem % shape[d]!;
      rem = Math.floor(rem / shape[d]!);
    }
    let src = 0;
    for (let d = 0; d < r; d++) src = src * shape[d]! + (set.has(d) ? shape[d]! - 1 - c[d]! : c[d]!);
    out.push(input[src]!);
  }
  return out;
}

const RANGE: Record<number, [number, number]> = {
  [T.INT8]: [-128, 127], [T.UINT8]: [0, 255], [T.INT16]: [-32768, 32767], [T.INT32]: [-2147483648, 2147483647],
  [T.INT64]: [-4294967296, 4294967296], [T.FLOAT32]: [-1000, 1000], [T.BOOL]: [0, 1],
};
const rng = new Lcg(17);
const grid: OpCase[] = [];
for (const [shape, axes] of [
  [[7], [0]], [[3, 4], [1]], [[3, 4], [0]], [[2, 3, 4], [1, 2]], [[2, 3, 4], [0, 1]], [[2, 3, 4], [-3, -2, -1]],
  [[2, 3, 1, 5], [2, 1]], [[40, 3], [0]], [[2, 2, 2, 2, 2, 3], [3, 4]], [[5, 1], [1]],
] as number[][][]) {
  for (const type of [T.INT8, T.UINT8, T.INT16, T.INT32, T.INT64, T.FLOAT32, T.BOOL]) {
    const input = rng.ints(product(shape), ...RANGE[type]!);
    grid.push({
      name: `grid [${shape}] axes [${axes}] type ${type}`,
      inputs: [{ type, shape, data: input }, axisT(axes)],
      outputs: [{ type, shape, data: oracle(shape, input, axes) }],
    });
  }
}

const X24 = Array.from({ length: 24 }, (_, i) => i + 1);
const X27 = Array.from({ length: 27 }, (_, i) => i + 1);
const cases: OpCase[] = [
  // TFLM reverse_test.cc
  {
    name: 'FloatOneDimension (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, axisT([0])],
    outputs: [{ type: T.FLOAT32, shape: [4], data: [4, 3, 2, 1] }],
  },
  {
    name: 'FloatMultiDimensions (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [4, 3, 2], data: X24 }, axisT([1])],
    outputs: [{ type: T.FLOAT32, shape: [4, 3, 2], data: [5, 6, 3, 4, 1, 2, 11, 12, 9, 10, 7, 8, 17, 18, 15, 16, 13, 14, 23, 24, 21, 22, 19, 20] }],
  },
  {
    name: 'Int32MultiDimensionsFirstSecond (TFLM)',
    inputs: [{ type: T.INT32, shape: [3, 3, 3], data: X27 }, axisT([0, 1])],
    outputs: [{ type: T.INT32, shape: [3, 3, 3], data: [25, 26, 27, 22, 23, 24, 19, 20, 21, 16, 17, 18, 13, 14, 15, 10, 11, 12, 7, 8, 9, 4, 5, 6, 1, 2, 3] }],
  },
  {
    name: 'Int32MultiDimensionsSecondFirst (TFLM)',
    inputs: [{ type: T.INT32, shape: [3, 3, 3], data: X27 }, axisT([1, 0])],
    outputs: [{ type: T.INT32, shape: [3, 3, 3], data: [25, 26, 27, 22, 23, 24, 19, 20, 21, 16, 17, 18, 13, 14, 15, 10, 11, 12, 7, 8, 9, 4, 5, 6, 1, 2, 3] }],
  },
  ...grid,
  {
    name: 'non-constant axis is read at invoke',
    inputs: [{ type: T.INT16, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, axisT([-1], false)],
    outputs: [{ type: T.INT16, shape: [2, 3], data: [3, 2, 1, 6, 5, 4] }],
  },
  {
    name: 'no axes: a copy',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, { type: T.INT32, shape: [0], data: [] }],
    outputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }],
  },
  // Rejections.
  {
    name: 'non-contiguous axes fail (TFLM)',
    inputs: [{ type: T.INT32, shape: [2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] }, axisT([0, 2])],
    outputs: [{ type: T.INT32, shape: [2, 2, 2] }],
    expectError: /non-contiguous axes/,
  },
  {
    name: 'repeated axes fail as non-contiguous (TFLM)',
    inputs: [{ type: T.INT32, shape: [2, 2], data: [1, 2, 3, 4] }, axisT([1, 1])],
    outputs: [{ type: T.INT32, shape: [2, 2] }],
    expectError: /non-contiguous axes/,
  },
  {
    name: 'axis out of range fails (TFLM)',
    inputs: [{ type: T.INT32, shape: [2, 2], data: [1, 2, 3, 4] }, axisT([2])],
    outputs: [{ type: T.INT32, shape: [2, 2] }],
    expectError: /axis 2 out of range for rank 2/,
  },
  {
    name: 'non-constant axis out of range fails at invoke',
    inputs: [{ type: T.INT32, shape: [2, 2], data: [1, 2, 3, 4] }, axisT([-3], false)],
    outputs: [{ type: T.INT32, shape: [2, 2] }],
    expectError: /axis -3 out of range for rank 2/,
  },
  {
    name: 'more axes than dims fail (TFLM)',
    inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }, axisT([0, 0])],
    outputs: [{ type: T.INT32, shape: [2] }],
    expectError: /2 axes for rank 1/,
  },
  {
    name: 'rank 7 fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [1, 1, 1, 1, 1, 1, 2], data: [1, 2] }, axisT([6])],
    outputs: [{ type: T.INT8, shape: [1, 1, 1, 1, 1, 1, 2] }],
    expectError: /input rank 7 exceeds 6/,
  },
  {
    name: 'float64 fails (TFLM)',
    inputs: [{ type: T.FLOAT64, shape: [2], data: [1, 2] }, axisT([0])],
    outputs: [{ type: T.FLOAT64, shape: [2] }],
    expectError: /input has type FLOAT64/,
  },
  {
    name: 'int64 axis fails (TFLM)',
    inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }, { type: T.INT64, shape: [1], data: [0], constant: true }],
    outputs: [{ type: T.INT32, shape: [2] }],
    expectError: /axis has type INT64/,
  },
  {
    name: 'axis of rank 2 fails (TFLM)',
    inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }, { type: T.INT32, shape: [1, 1], data: [0], constant: true }],
    outputs: [{ type: T.INT32, shape: [2] }],
    expectError: /axis must be a vector/,
  },
  {
    name: 'output type differing from the input fails (TFLM)',
    inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }, axisT([0])],
    outputs: [{ type: T.FLOAT32, shape: [2] }],
    expectError: /output type FLOAT32 != input type INT32/,
  },
];

kernelTable('REVERSE_V2', REVERSE_V2, cases);
