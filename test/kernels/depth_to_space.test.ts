/**
 * DEPTH_TO_SPACE: TFLM depth_to_space_test.cc tables (float32, int8), a grid of shapes and block sizes against
 * reference_ops::DepthToSpace transcribed loop for loop, computed output shapes, and Prepare rejections.
 */
import { DEPTH_TO_SPACE } from '../../src/kernels/depth_to_space.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import type { OptionsSpec } from '../helpers/kernel-runner.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const block = (bs: number): OptionsSpec => ({ type: BuiltinOptions.DepthToSpaceOptions, fields: [opt.int32(0, bs)] });
const q = { scale: 1, zeroPoint: 0 };

/** reference_ops::DepthToSpace. */
function oracle(inShape: number[], input: number[], bs: number): { shape: number[]; data: number[] } {
  const [b, h, w, c] = inShape as [number, number, number, number];
  const [oh, ow, oc] = [h * bs, w * bs, c / bs / bs];
  const out: number[] = [];
  for (let ob = 0; ob < b; ob++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++)
        for (let d = 0; d < oc; d++) {
          const id = d + ((y % bs) * bs + (x % bs)) * oc;
          out.push(input[((ob * h + Math.floor(y / bs)) * w + Math.floor(x / bs)) * c + id]!);
        }
  return { shape: [b, oh, ow, oc], data: out };
}

const table = (name: string, type: number, inShape: number[], input: number[], bs: number, outShape: number[], expected: number[]): ShapedCase => ({
  name,
  inputs: [{ type, shape: inShape, data: input, ...q }],
  outputs: [{ type, shape: outShape, data: expected, ...q }],
  options: block(bs),
  outShapes: [outShape],
});

const rng = new Lcg(7);
const grid: ShapedCase[] = [];
for (const [inShape, bs] of [[[1, 1, 1, 4], 2], [[2, 3, 2, 8], 2], [[1, 2, 3, 18], 3], [[3, 2, 2, 5], 1], [[1, 4, 5, 32], 4], [[2, 1, 3, 12], 2]] as [number[], number][]) {
  for (const type of [T.FLOAT32, T.INT8]) {
    const input = rng.ints(product(inShape), -128, 127);
    const o = oracle(inShape, input, bs);
    grid.push(table(`grid [${inShape}] block ${bs} type ${type}`, type, inShape, input, bs, o.shape, o.data));
  }
}

const cases: ShapedCase[] = [
  // TFLM depth_to_space_test.cc
  table('Float32_1114_2 (TFLM)', T.FLOAT32, [1, 1, 1, 4], [1.4, 2.3, 3.2, 4.1], 2, [1, 2, 2, 1], [1.4, 2.3, 3.2, 4.1]),
  table('Float32_1124_2 (TFLM)', T.FLOAT32, [1, 1, 2, 4], [1, 2, 3, 4, 5, 6, 7, 8], 2, [1, 2, 4, 1], [1, 2, 5, 6, 3, 4, 7, 8]),
  table('Float32_1214_2 (TFLM)', T.FLOAT32, [1, 2, 1, 4], [1, 2, 3, 4, 5, 6, 7, 8], 2, [1, 4, 2, 1], [1, 2, 3, 4, 5, 6, 7, 8]),
  table('Int8_1224_2 (TFLM)', T.INT8, [1, 2, 2, 4], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], 2, [1, 4, 4, 1],
    [1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16]),
  table('Int8_1111_1 (TFLM)', T.INT8, [1, 1, 1, 1], [4], 1, [1, 1, 1, 1], [4]),
  ...grid,
  {
    name: 'placeholder output shape is replaced',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4], data: [1, 2, 3, 4] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4], data: [1, 2, 3, 4] }],
    options: block(2),
    outShapes: [[1, 2, 2, 1]],
  },
  // Rejections (DepthToSpace CalculateOpData).
  {
    name: 'int16 fails',
    inputs: [{ type: T.INT16, shape: [1, 1, 1, 4], data: [1, 2, 3, 4], ...q }],
    outputs: [{ type: T.INT16, shape: [1, 2, 2, 1], ...q }],
    options: block(2),
    expectError: /output has type INT16/,
  },
  {
    name: 'rank 3 fails',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 4], data: [1, 2, 3, 4] }],
    outputs: [{ type: T.FLOAT32, shape: [2, 2, 1] }],
    options: block(2),
    expectError: /input must have rank 4/,
  },
  {
    name: 'block size 0 fails',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4], data: [1, 2, 3, 4] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4] }],
    options: block(0),
    expectError: /block_size 0 must be > 0/,
  },
  {
    name: 'no options (block size 0) fails',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4], data: [1, 2, 3, 4] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4] }],
    expectError: /block_size 0 must be > 0/,
  },
  {
    name: 'channels not a multiple of block_size^2 fail',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 6], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1] }],
    options: block(2),
    expectError: /input channels 6 are not a multiple of block_size\^2 = 4/,
  },
  {
    name: 'mixed types fail',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4], data: [1, 2, 3, 4] }],
    outputs: [{ type: T.INT8, shape: [1, 2, 2, 1], ...q }],
    options: block(2),
    expectError: /input type FLOAT32 != output type INT8/,
  },
];

shapedKernelTable('DEPTH_TO_SPACE', DEPTH_TO_SPACE, cases);
