/**
 * SPACE_TO_BATCH_ND: TFLM space_to_batch_nd_test.cc tables, a grid against reference_ops::SpaceToBatchND
 * transcribed loop for loop (paddings, rank 3, several batches and channels; pads are zero bytes, also for
 * int8 with a nonzero zero point), non-constant block/paddings, and rejections.
 */
import { SPACE_TO_BATCH_ND } from '../../src/kernels/space_to_batch_nd.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import { Lcg, product } from '../helpers/lcg.js';

const ints = (v: number[], constant = true) => ({ type: T.INT32, shape: [v.length], data: v, constant });

/** reference_ops::SpaceToBatchND with pad_value 0. */
function oracle(inShape: number[], input: number[], block: number[], pads: number[], outShape: number[]): number[] {
  const ext = (s: number[]) => (s.length === 4 ? s : [s[0]!, s[1]!, 1, s[2]!]);
  const [ib, ih, iw, d] = ext(inShape) as [number, number, number, number];
  const [ob, oh, ow] = ext(outShape) as [number, number, number, number];
  const bh = block[0]!;
  const bw = inShape.length === 4 ? block[1]! : 1;
  const top = pads[0]!;
  const left = inShape.length === 4 ? pads[2]! : 0;
  const out: number[] = [];
  for (let b = 0; b < ob; b++) {
    const inB = b % ib;
    const sw = Math.trunc(b / ib) % bw;
    const sh = Math.trunc(Math.trunc(b / ib) / bw);
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++)
        for (let c = 0; c < d; c++) {
          const h = y * bh + sh;
          const w = x * bw + sw;
          const pad = h < top || h >= top + ih || w < left || w >= left + iw;
          out.push(pad ? 0 : input[((inB * ih + h - top) * iw + w - left) * d + c]!);
        }
  }
  return out;
}

const rng = new Lcg(5);
const grid: OpCase[] = [];
for (const [inShape, block, pads, outShape] of [
  [[1, 4, 4, 1], [2, 2], [0, 0, 0, 0], [4, 2, 2, 1]],
  [[2, 3, 2, 3], [2, 2], [1, 0, 1, 1], [8, 2, 2, 3]],
  [[1, 5, 2, 2], [3, 2], [1, 0, 0, 0], [6, 2, 1, 2]],
  [[2, 5, 3], [2], [0, 1], [4, 3, 3]],
  [[1, 2, 2, 1], [3, 3], [1, 0, 0, 1], [9, 1, 1, 1]],
  [[3, 2, 2, 4], [1, 1], [0, 0, 0, 0], [3, 2, 2, 4]],
] as number[][][]) {
  for (const [type, zeroPoint] of [[T.FLOAT32, 0], [T.INT8, 0], [T.INT8, -7]] as [number, number][]) {
    const input = rng.ints(product(inShape), -128, 127);
    const quant = type === T.INT8 ? { scale: 0.5, zeroPoint } : {};
    grid.push({
      name: `grid in [${inShape}] block [${block}] paddings [${pads}] type ${type} zero point ${zeroPoint}`,
      inputs: [{ type, shape: inShape, data: input, ...quant }, ints(block), ints(pads)],
      outputs: [{ type, shape: outShape, data: oracle(inShape, input, block, pads, outShape), ...quant }],
    });
  }
}

const X = Array.from({ length: 16 }, (_, i) => i + 1);
const GOLDEN = [1, 3, 9, 11, 2, 4, 10, 12, 5, 7, 13, 15, 6, 8, 14, 16];
const q = { scale: 1, zeroPoint: 0 };
const cases: OpCase[] = [
  // TFLM space_to_batch_nd_test.cc
  ...[T.FLOAT32, T.INT8].map((type): OpCase => ({
    name: `SpaceToBatchBasic type ${type} (TFLM)`,
    inputs: [{ type, shape: [1, 4, 4, 1], data: X, ...q }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type, shape: [4, 2, 2, 1], data: GOLDEN, ...q }],
  })),
  ...grid,
  {
    name: 'non-constant block_shape and paddings are read at invoke',
    inputs: [{ type: T.FLOAT32, shape: [1, 4, 4, 1], data: X }, ints([2, 2], false), ints([0, 0, 0, 0], false)],
    outputs: [{ type: T.FLOAT32, shape: [4, 2, 2, 1], data: GOLDEN }],
  },
  // Rejections.
  {
    name: 'int16 fails (TFLM Eval)',
    inputs: [{ type: T.INT16, shape: [1, 2, 2, 1], data: [1, 2, 3, 4], ...q }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type: T.INT16, shape: [4, 1, 1, 1], ...q }],
    expectError: /input has type INT16/,
  },
  {
    name: 'rank 5 input fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 2, 2, 1], data: [1, 2, 3, 4] }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1] }],
    expectError: /input rank 5 is not 3 or 4/,
  },
  {
    name: 'mixed types fail (TFLM)',
    inputs: [{ type: T.INT8, shape: [1, 2, 2, 1], data: [1, 2, 3, 4], ...q }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1] }],
    expectError: /output type FLOAT32 != input type INT8/,
  },
  {
    name: 'block of 0 fails at invoke when not constant',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1], data: [1, 2, 3, 4] }, ints([2, 0], false), ints([0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1] }],
    expectError: /block shape \[2, 0\] must be >= 1/,
  },
  {
    name: 'paddings too short fail',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1], data: [1, 2, 3, 4] }, ints([2, 2]), ints([0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [4, 1, 1, 1] }],
    expectError: /paddings holds 3 values, needs 4/,
  },
  {
    name: 'output rank differing from the input rank fails',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 2, 1], data: [1, 2, 3, 4] }, ints([2, 2]), ints([0, 0, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [4, 1, 1] }],
    expectError: /output rank 3 != input rank 4/,
  },
];

kernelTable('SPACE_TO_BATCH_ND', SPACE_TO_BATCH_ND, cases);
