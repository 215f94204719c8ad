/**
 * GATHER: TFLM gather_test.cc cases, a grid of axes and batch_dims against reference Gather transcribed loop for
 * loop (float32 and int8, float NaN bits), computed output shapes, and rejections (types, axis, batch_dims,
 * positions out of range at invoke).
 */
import { GATHER } from '../../src/kernels/gather.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import type { OptionsSpec } from '../helpers/kernel-runner.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const options = (axis: number, batchDims = 0): OptionsSpec => ({ type: BuiltinOptions.GatherOptions, fields: [opt.int32(0, axis), opt.int32(1, batchDims)] });
const pos = (shape: number[], data: number[], constant = false) => ({ type: T.INT32, shape, data, constant });

/** TFLM's Gather loops; returns the output shape and data. */
function oracle(inShape: number[], input: number[], cShape: number[], coords: number[], axisIn: number, bdIn: number) {
  const axis = axisIn < 0 ? axisIn + inShape.length : axisIn;
  const bd = bdIn < 0 ? bdIn + cShape.length : bdIn;
  const batch = product(inShape.slice(0, bd));
  const outer = product(inShape.slice(bd, axis));
  const inner = product(inShape.slice(axis + 1));
  const coordSize = product(cShape.slice(bd));
  const axisSize = inShape[axis]!;
  const out: number[] = [];
  for (let b = 0; b < batch; b++)
    for (let o = 0; o < outer; o++)
      for (let c = 0; c < coordSize; c++)
        for (let i = 0; i < inner; i++) out.push(input[((b * outer + o) * axisSize + coords[b * coordSize + c]!) * inner + i]!);
  const shape = [...inShape.slice(0, axis), ...cShape.slice(bd), ...inShape.slice(axis + 1)];
  return { shape, data: out };
}

const rng = new Lcg(29);
const grid: ShapedCase[] = [];
for (const [inShape, cShape, axis, bd] of [
  [[5], [3], 0, 0], [[4, 3], [2, 2], 0, 0], [[4, 3], [5], 1, 0], [[2, 3, 4], [], 1, 0], [[2, 3, 4], [3, 2], -1, 0],
  [[2, 2, 3, 5], [2, 2, 2], 2, 2], [[2, 2, 3, 5], [2, 2, 2], 2, 1], [[2, 2, 3, 5], [2, 2, 2], 2, -2], [[3, 4, 2], [3, 4], 2, 2],
  [[2, 50], [3], 1, 0], [[6, 40], [4], 0, 0],
] as [number[], number[], number, number][]) {
  for (const type of [T.FLOAT32, T.INT8]) {
    const input = rng.ints(product(inShape), -128, 127);
    const a = axis < 0 ? axis + inShape.length : axis;
    const coords = rng.ints(product(cShape), 0, inShape[a]! - 1);
    const o = oracle(inShape, input, cShape, coords, axis, bd);
    grid.push({
      name: `grid in [${inShape}] positions [${cShape}] axis ${axis} batch_dims ${bd} type ${type}`,
      inputs: [{ type, shape: inShape, data: input }, pos(cShape, coords, true)],
      outputs: [{ type, shape: o.shape, data: o.data }],
      options: options(axis, bd),
      outShapes: [o.shape],
    });
  }
}

const cases: ShapedCase[] = [
  // TFLM gather_test.cc
  {
    name: 'GatherOp_Shuffle (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [-2, 0.2, 0.7, 0.8] }, pos([2], [1, 0])],
    outputs: [{ type: T.FLOAT32, shape: [2, 2], data: [0.7, 0.8, -2, 0.2] }],
    options: options(0),
  },
  {
    name: 'GatherOp_Test0DIndex (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [-2, 0.2, 0.7, 0.8] }, pos([], [1])],
    outputs: [{ type: T.FLOAT32, shape: [2], data: [0.7, 0.8] }],
    options: options(0),
    outShapes: [[2]],
  },
  {
    name: 'GatherOp_Test0DIndexWith0DResult (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [3], data: [1, 2, 3] }, pos([], [1])],
    outputs: [{ type: T.FLOAT32, shape: [], data: [2] }],
    options: options(0),
    outShapes: [[]],
  },
  {
    name: 'GatherOp_Duplicate (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 2], data: [-2, 0.2, 0.7, 0.8] }, pos([2], [0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [2, 2, 2], data: [-2, 0.2, 0.7, 0.8, -2, 0.2, 0.7, 0.8] }],
    options: options(0),
  },
  {
    name: 'GatherOp_Int8Int32 (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [-10, 0, 10] }, pos([2], [2, 0])],
    outputs: [{ type: T.INT8, shape: [2], data: [10, -10] }],
    options: options(0),
  },
  ...grid,
  {
    name: 'no options: axis 0',
    inputs: [{ type: T.INT8, shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }, pos([1], [2])],
    outputs: [{ type: T.INT8, shape: [1, 2], data: [5, 6] }],
  },
  // Rejections.
  {
    name: 'int16 input fails (TFLM)',
    inputs: [{ type: T.INT16, shape: [3], data: [1, 2, 3] }, pos([1], [0])],
    outputs: [{ type: T.INT16, shape: [1] }],
    options: options(0),
    expectError: /input has type INT16/,
  },
  {
    name: 'int64 positions fail (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [3], data: [1, 2, 3] }, { type: T.INT64, shape: [1], data: [0] }],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    options: options(0),
    expectError: /positions has type INT64/,
  },
  {
    name: 'axis out of range fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [3], data: [1, 2, 3] }, pos([1], [0])],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    options: options(1),
    expectError: /axis 1 out of range for rank 1/,
  },
  {
    name: 'batch_dims > axis fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, pos([2, 1], [0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [2, 1] }],
    options: options(0, 1),
    expectError: /batch_dims 1 > axis 0/,
  },
  {
    name: 'batch dims that differ fail (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, pos([3, 1], [0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [3, 1] }],
    options: options(1, 1),
    expectError: /input dim 0 \(2\) != positions dim 0 \(3\)/,
  },
  {
    name: 'position out of range fails at invoke',
    inputs: [{ type: T.FLOAT32, shape: [3], data: [1, 2, 3] }, pos([2], [0, 3])],
    outputs: [{ type: T.FLOAT32, shape: [2] }],
    options: options(0),
    expectError: /position 3 out of range \[0, 3\)/,
  },
  {
    name: 'negative position fails at invoke',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, pos([1], [-1])],
    outputs: [{ type: T.INT8, shape: [1] }],
    options: options(0),
    expectError: /position -1 out of range/,
  },
  {
    name: 'output type differing from the input fails',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, pos([1], [0])],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    options: options(0),
    expectError: /output type FLOAT32 != input type INT8/,
  },
];

shapedKernelTable('GATHER', GATHER, cases);
