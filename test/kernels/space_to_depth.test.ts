/**
 * SPACE_TO_DEPTH: TFLM space_to_depth_test.cc tables (float32, int8), a grid of shapes and block sizes against
 * reference_ops::SpaceToDepth transcribed loop for loop, computed output shapes, and Prepare rejections.
 */
import { SPACE_TO_DEPTH } from '../../src/kernels/space_to_depth.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import type { OptionsSpec } from '../helpers/kernel-runner.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const block = (bs: number): OptionsSpec => ({ type: BuiltinOptions.SpaceToDepthOptions, fields: [opt.int32(0, bs)] });
const q = { scale: 1, zeroPoint: 0 };

/** reference_ops::SpaceToDepth. */
function oracle(inShape: number[], input: number[], bs: number): { shape: number[]; data: number[] } {
  const [b, h, w, c] = inShape as [number, number, number, number];
  const [oh, ow, oc] = [h / bs, w / bs, c * bs * bs];
  const out = new Array<number>(b * oh * ow * oc);
  for (let ib = 0; ib < b; ib++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let d = 0; d < c; d++) {
          const od = d + ((y % bs) * bs + (x % bs)) * c;
          out[((ib * oh + Math.floor(y / bs)) * ow + Math.floor(x / bs)) * oc + od] = input[((ib * h + y) * w + x) * c + d]!;
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

const rng = new Lcg(11);
const grid: ShapedCase[] = [];
for (const [inShape, bs] of [[[1, 2, 2, 1], 2], [[2, 4, 6, 3], 2], [[1, 6, 3, 2], 3], [[3, 2, 2, 5], 1], [[1, 8, 4, 7], 4], [[2, 2, 6, 16], 2]] as [number[], number][]) {
  for (const type of [T.FLOAT32, T.INT8]) {
    const input = rng.ints(product(inShape), -128, 127);
    const o = oracle(inShape, input, bs);
    grid.push(table(`grid [${inShape}] block ${bs} type ${type}`, type, inShape, input, bs, o.shape, o.data));
  }
}

const cases: ShapedCase[] = [
  // TFLM space_to_depth_test.cc
  table('Float32_1222 (TFLM)', T.FLOAT32, [1, 2, 2, 2], [1.4, 2.3, 3.2, 4.1, 5.4, 6.3, 7.2, 8.1], 2, [1, 1, 1, 8], [1.4, 2.3, 3.2, 4.1, 5.4, 6.3, 7.2, 8.1]),
  table('Int8_1221 (TFLM)', T.INT8, [1, 2, 2, 1], [1, 2, 3, 4], 2, [1, 1, 1, 4], [1, 2, 3, 4]),
  table('Int8_1223 (TFLM)', T.INT8, [1, 2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 2, [1, 1, 1, 12], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
  table('Int8_1441 (TFLM)', T.INT8, [1, 4, 4, 1], [1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16], 2, [1, 2, 2, 4],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
  ...grid,
  // Rejections (SpaceToDepth Prepare).
  {
    name: 'int16 fails',
    inputs: [{ type: T.INT16, shape: [1, 2, 2, 1], data: [1, 2, 3, 4], ...q }],
    outputs: [{ type: T.INT16, shape: [1, 1, 1, 4], ...q }],
    options: block(2),
    expectError: /output has type INT16/,
  },
  {
    name: 'rank 5 fails',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 2, 2, 1], data: [1, 2, 3, 4] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4] }],
    options: block(2),
    expectError: /input must have rank 4/,
  },
  {
    name: 'height not a multiple of the block size fails',
    inputs: [{ type: T.FLOAT32, shape: [1, 3, 2, 1], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4] }],
    options: block(2),
    expectError: /input height 3 is not a multiple of block_size 2/,
  },
  {
    name: 'width not a multiple of the block size fails',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 3, 1], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4] }],
    options: block(2),
    expectError: /input width 3 is not a multiple of block_size 2/,
  },
  {
    name: 'block size 0 fails (TFLM would divide by zero)',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1], data: [1, 2, 3, 4] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4] }],
    options: block(0),
    expectError: /block_size 0 must be > 0/,
  },
  {
    name: 'mixed types fail',
    inputs: [{ type: T.INT8, shape: [1, 2, 2, 1], data: [1, 2, 3, 4], ...q }],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4] }],
    options: block(2),
    expectError: /input type INT8 != output type FLOAT32/,
  },
];

shapedKernelTable('SPACE_TO_DEPTH', SPACE_TO_DEPTH, cases);
