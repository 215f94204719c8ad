/**
 * GATHER_ND: TFLM gather_nd_test.cc cases (incl. its out-of-bounds failures), a grid against TFLM's GatherNd
 * loop (flat-position semantics: an index past its own dim is accepted while the slice stays inside params),
 * computed output shapes, and rejections.
 */
import { GATHER_ND } from '../../src/kernels/gather_nd.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const idx = (shape: number[], data: number[], constant = false) => ({ type: T.INT32, shape, data, constant });

/** TFLM's GatherNd. */
function oracle(pShape: number[], params: number[], iShape: number[], index: number[]) {
  const nd = iShape[iShape.length - 1]!;
  const slices = product(iShape.slice(0, -1));
  const sliceSize = product(pShape.slice(nd));
  const counts: number[] = [];
  let remain = product(pShape);
  for (let i = 0; i < nd; i++) counts.push((remain = remain / pShape[i]!));
  const out: number[] = [];
  for (let i = 0; i < slices; i++) {
    let from = 0;
    for (let j = 0; j < nd; j++) from += index[i * nd + j]! * counts[j]!;
    for (let k = 0; k < sliceSize; k++) out.push(params[from + k]!);
  }
  return { shape: [...iShape.slice(0, -1), ...pShape.slice(nd)], data: out };
}

const rng = new Lcg(31);
const grid: ShapedCase[] = [];
for (const [pShape, iShape] of [
  [[4, 3], [5, 2]], [[4, 3], [2, 1]], [[2, 3, 4], [2, 2, 3]], [[2, 3, 4], [3, 1]], [[3, 2, 2, 2, 3], [2, 5]],
  [[2, 2, 2, 2, 2, 3], [4, 4]], [[7], [3, 1]], [[5, 20], [2, 1]],
] as number[][][]) {
  for (const type of [T.FLOAT32, T.INT8]) {
    const params = rng.ints(product(pShape), -128, 127);
    const nd = iShape[iShape.length - 1]!;
    const index: number[] = [];
    for (let s = 0; s < product(iShape.slice(0, -1)); s++) for (let j = 0; j < nd; j++) index.push(rng.int(0, pShape[j]! - 1));
    const o = oracle(pShape, params, iShape, index);
    grid.push({
      name: `grid params [${pShape}] indices [${iShape}] type ${type}`,
      inputs: [{ type, shape: pShape, data: params }, idx(iShape, index, true)],
      outputs: [{ type, shape: o.shape, data: o.data }],
      outShapes: [o.shape],
    });
  }
}

const M = [1.1, 1.2, 2.1, 2.2];
const cases: ShapedCase[] = [
  // TFLM gather_nd_test.cc
  {
    name: 'ElementIndexingIntoMatrix (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: M }, idx([2, 2], [0, 0, 1, 1])],
    outputs: [{ type: T.FLOAT32, shape: [2], data: [1.1, 2.2] }],
    outShapes: [[2]],
  },
  {
    name: 'SliceIndexingIntoMatrix (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: M }, idx([2, 1], [1, 0])],
    outputs: [{ type: T.FLOAT32, shape: [2, 2], data: [2.1, 2.2, 1.1, 1.2] }],
  },
  {
    name: 'BatchedIndexingIntoMatrix1 (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: M }, idx([2, 1, 1], [1, 0])],
    outputs: [{ type: T.FLOAT32, shape: [2, 1, 2], data: [2.1, 2.2, 1.1, 1.2] }],
    outShapes: [[2, 1, 2]],
  },
  {
    name: 'Int8Int32 (TFLM-style)',
    inputs: [{ type: T.INT8, shape: [2, 2], data: [1, -1, 1, -2] }, idx([2, 2], [0, 1, 1, 1])],
    outputs: [{ type: T.INT8, shape: [2], data: [-1, -2] }],
  },
  ...grid,
  {
    name: 'an index past its own dim is accepted while the slice stays inside params (TFLM)',
    inputs: [{ type: T.INT8, shape: [2, 2], data: [1, -1, 1, -2] }, idx([1, 2], [0, 3])],
    outputs: [{ type: T.INT8, shape: [1], data: [-2] }],
  },
  // Rejections.
  {
    name: 'ReadOOB fails at invoke (TFLM)',
    inputs: [{ type: T.INT8, shape: [2, 2], data: [1, -1, 1, -2] }, idx([2, 2], [0, 1, 2, 0])],
    outputs: [{ type: T.INT8, shape: [2] }],
    expectError: /gather_nd index out of bounds/,
  },
  {
    name: 'ReadOOBNegative fails at invoke (TFLM)',
    inputs: [{ type: T.INT8, shape: [2, 2], data: [1, -1, 1, -2] }, idx([2, 2], [0, -1, 1, 0])],
    outputs: [{ type: T.INT8, shape: [2] }],
    expectError: /gather_nd index out of bounds/,
  },
  {
    name: 'int16 params fail (TFLM)',
    inputs: [{ type: T.INT16, shape: [2], data: [1, 2] }, idx([1, 1], [0])],
    outputs: [{ type: T.INT16, shape: [1] }],
    expectError: /params has type INT16/,
  },
  {
    name: 'int64 indices fail (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, { type: T.INT64, shape: [1, 1], data: [0] }],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    expectError: /indices has type INT64/,
  },
  {
    name: 'index depth above the params rank fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, idx([1, 2], [0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    expectError: /must be <= params rank 1/,
  },
  {
    name: 'index depth above 5 fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 1, 1, 1], data: [1] }, idx([1, 6], [0, 0, 0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    expectError: /must not exceed 5/,
  },
  {
    name: 'scalar params fail (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [], data: [1] }, idx([1, 0], [])],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    expectError: /params must be at least a vector/,
  },
];

shapedKernelTable('GATHER_ND', GATHER_ND, cases);
