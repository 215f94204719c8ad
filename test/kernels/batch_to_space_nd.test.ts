/**
 * BATCH_TO_SPACE_ND: TFLM batch_to_space_nd_test.cc tables, a grid against reference_ops::BatchToSpaceND
 * transcribed loop for loop (crops, rank 3, several batches and channels, non-constant block/crops), and
 * rejections.
 */
import { BATCH_TO_SPACE_ND } from '../../src/kernels/batch_to_space_nd.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import { Lcg, product } from '../helpers/lcg.js';

const q = { scale: 1, zeroPoint: 0 };
const ints = (v: number[], constant = true) => ({ type: T.INT32, shape: [v.length], data: v, constant });

/** reference_ops::BatchToSpaceND (output initialized to `fill`; cropped-away input is dropped). */
function oracle(inShape: number[], input: number[], block: number[], crops: number[], outShape: number[]): number[] {
  const ext = (s: number[]) => (s.length === 4 ? s : [s[0]!, s[1]!, 1, s[2]!]);
  const [ib, ih, iw, d] = ext(inShape) as [number, number, number, number];
  const [ob, oh, ow] = ext(outShape) as [number, number, number, number];
  const bh = block[0]!;
  const bw = inShape.length === 4 ? block[1]! : 1;
  const top = crops[0]!;
  const left = inShape.length === 4 ? crops[2]! : 0;
  const out = new Array<number>(product(outShape)).fill(0);
  for (let b = 0; b < ib; b++) {
    const outB = b % ob;
    const sp = Math.trunc(b / ob);
    for (let h = 0; h < ih; h++) {
      const y = h * bh + Math.trunc(sp / bw) - top;
      if (y < 0 || y >= oh) continue;
      for (let w = 0; w < iw; w++) {
        const x = w * bw + (sp % bw) - left;
        if (x < 0 || x >= ow) continue;
        for (let c = 0; c < d; c++) out[((outB * oh + y) * ow + x) * d + c] = input[((b * ih + h) * iw + w) * d + c]!;
      }
    }
  }
  return out;
}

const rng = new Lcg(3);
const grid: OpCase[] = [];
for (const [inShape, block, crops, outShape] of [
  [[4, 2, 2, 1], [2, 2], [0, 0, 0, 0], [1, 4, 4, 1]],
  [[8, 1, 3, 3], [2, 2], [0, 0, 1, 1], [2, 2, 4, 3]],
  [[6, 2, 2, 2], [3, 2], [1, 2, 0, 1], [1, 3, 3, 2]],
  [[4, 3, 5], [2], [1, 0], [2, 5, 5]],
  [[9, 2, 2, 1], [3, 3], [2, 1, 1, 2], [1, 3, 3, 1]],
  [[2, 3, 2, 4], [1, 1], [0, 0, 0, 0], [2, 3, 2, 4]],
] as number[][][]) {
  for (const type of [T.FLOAT32, T.INT8]) {
    const input = rng.ints(product(inShape), -128, 127);
    grid.push({
      name: `grid in [${inShape}] block [${block}] crops [${crops}] type ${type}`,
      inputs: [{ type, shape: inShape, data: input, ...q }, ints(block), ints(crops)],
      outputs: [{ type, shape: outShape, data: oracle(inShape, input, block, crops, outShape), ...q }],
    });
  }
}

const X = Array.from({ length: 16 }, (_, i) => i + 1);
const cases: OpCase[] = [
  // TFLM batch_to_space_nd_test.cc
  ...[T.FLOAT32, T.INT8].map((type): OpCase => ({
    name: `BatchToSpaceBasic type ${type} (TFLM)`,
    inputs: [{ type, shape: [4, 2, 2, 1], data: X, ...q }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type, shape: [1, 4, 4, 1], data: [1, 5, 2, 6, 9, 13, 10, 14, 3, 7, 4, 8, 11, 15, 12, 16], ...q }],
  })),
  ...grid,
  {
    name: 'non-constant block_shape and crops are read at invoke',
    inputs: [{ type: T.FLOAT32, shape: [4, 2, 2, 1], data: X }, ints([2, 2], false), ints([0, 0, 0, 0], false)],
    outputs: [{ type: T.FLOAT32, shape: [1, 4, 4, 1], data: [1, 5, 2, 6, 9, 13, 10, 14, 3, 7, 4, 8, 11, 15, 12, 16] }],
  },
  // Rejections.
  {
    name: 'int16 fails (TFLM Eval)',
    inputs: [{ type: T.INT16, shape: [4, 1, 1, 1], data: [1, 2, 3, 4], ...q }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type: T.INT16, shape: [1, 2, 2, 1], ...q }],
    expectError: /input has type INT16/,
  },
  {
    name: 'rank 2 input fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [4, 1], data: [1, 2, 3, 4] }, ints([2]), ints([0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1, 4] }],
    expectError: /input rank 2 is not 3 or 4/,
  },
  {
    name: 'rank 5 output fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1], data: [1, 2, 3, 4] }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 2, 2, 1] }],
    expectError: /output rank 5 is not 3 or 4/,
  },
  {
    name: 'mixed types fail (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1], data: [1, 2, 3, 4] }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type: T.INT8, shape: [1, 2, 2, 1], ...q }],
    expectError: /output type INT8 != input type FLOAT32/,
  },
  {
    name: 'int64 block_shape fails',
    inputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1], data: [1, 2, 3, 4] }, { type: T.INT64, shape: [2], data: [2, 2], constant: true }, ints([0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1] }],
    expectError: /block_shape has type INT64/,
  },
  {
    name: 'block of 0 fails in prepare when constant',
    inputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1], data: [1, 2, 3, 4] }, ints([2, 0]), ints([0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1] }],
    expectError: /block shape \[2, 0\] must be >= 1/,
  },
  {
    name: 'block of 0 fails at invoke when not constant',
    inputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1], data: [1, 2, 3, 4] }, ints([0, 2], false), ints([0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1] }],
    expectError: /block shape \[0, 2\] must be >= 1/,
  },
  {
    name: 'output depth differing from the input depth fails',
    inputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 2], data: [1, 2, 3, 4, 5, 6, 7, 8] }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1] }],
    expectError: /output depth 1 != input depth 2/,
  },
  {
    name: 'crops too short fail',
    inputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1], data: [1, 2, 3, 4] }, ints([2, 2]), ints([0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1] }],
    expectError: /crops holds 2 values, needs 4/,
  },
];

kernelTable('BATCH_TO_SPACE_ND', BATCH_TO_SPACE_ND, cases);
