/**
 * DYNAMIC_UPDATE_SLICE: TFLM dynamic_update_slice_test.cc cases (float32, int8, int16, int32, int64 indices,
 * clamped boundary), a grid of ranks, shapes and (clamped, negative) start indices against a direct oracle,
 * whole-operand updates, empty updates, and rejections.
 */
import { DYNAMIC_UPDATE_SLICE } from '../../src/kernels/dynamic_update_slice.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import { Lcg, product } from '../helpers/lcg.js';

const start = (v: number[], type: number = T.INT32, constant = false) => ({ type, shape: [v.length], data: v, constant });

function oracle(shape: number[], operand: number[], uShape: number[], update: number[], idx: number[]): number[] {
  const r = shape.length;
  const s = idx.map((v, i) => Math.min(Math.max(0, v), shape[i]! - uShape[i]!));
  const out = operand.slice();
  for (let k = 0; k < update.length; k++) {
    let rem = k;
    const c = new Array<number>(r);
    for (let d = r - 1; d >= 0; d--) {
      c[d] = rem % uShape[d]!;
      rem = Math.floor(rem / uShape[d]!);
    }
    let o = 0;
    for (let d = 0; d < r; d++) o = o * shape[d]! + c[d]! + s[d]!;
    out[o] = update[k]!;
  }
  return out;
}

const RANGE: Record<number, [number, number]> = { [T.FLOAT32]: [-1000, 1000], [T.INT8]: [-128, 127], [T.INT16]: [-32768, 32767], [T.INT32]: [-2147483648, 2147483647] };
const rng = new Lcg(41);
const grid: OpCase[] = [];
for (const [shape, uShape, idx] of [
  [[6], [2], [3]], [[4, 5], [2, 3], [1, 1]], [[4, 5], [2, 3], [9, -4]], [[3, 4, 5], [1, 2, 5], [2, 1, 0]], [[3, 4, 5], [3, 1, 2], [-1, 3, 7]],
  [[2, 3, 2, 4], [1, 2, 2, 3], [1, 0, 0, 1]], [[2, 2, 2, 2, 2, 3], [1, 2, 1, 2, 1, 2], [1, 0, 1, 0, 1, 1]], [[3, 40], [2, 33], [1, 2]],
] as number[][][]) {
  for (const type of [T.FLOAT32, T.INT8, T.INT16, T.INT32]) {
    const operand = rng.ints(product(shape), ...RANGE[type]!);
    const update = rng.ints(product(uShape), ...RANGE[type]!);
    grid.push({
      name: `grid [${shape}] update [${uShape}] at [${idx}] type ${type}`,
      inputs: [{ type, shape, data: operand }, { type, shape: uShape, data: update }, start(idx, type === T.INT8 ? T.INT64 : T.INT32)],
      outputs: [{ type, shape, data: oracle(shape, operand, uShape, update, idx) }],
    });
  }
}

const X9 = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const cases: OpCase[] = [
  // TFLM dynamic_update_slice_test.cc
  ...[T.FLOAT32, T.INT8, T.INT16, T.INT32].map((type): OpCase => ({
    name: `Simple type ${type} (TFLM)`,
    inputs: [{ type, shape: [3, 3], data: X9 }, { type, shape: [2, 1], data: [-1, -2] }, start([1, 1])],
    outputs: [{ type, shape: [3, 3], data: [1, 2, 3, 4, -1, 6, 7, -2, 9] }],
  })),
  {
    name: 'SimpleInt8IndicesI64 (TFLM)',
    inputs: [{ type: T.INT8, shape: [3, 3], data: X9 }, { type: T.INT8, shape: [2, 1], data: [-1, -2] }, start([1, 1], T.INT64)],
    outputs: [{ type: T.INT8, shape: [3, 3], data: [1, 2, 3, 4, -1, 6, 7, -2, 9] }],
  },
  {
    name: 'BoundaryTest: start indices are clamped (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [3, 3], data: X9 }, { type: T.FLOAT32, shape: [2, 2], data: [-1, -2, -3, -4] }, start([2, 2])],
    outputs: [{ type: T.FLOAT32, shape: [3, 3], data: [1, 2, 3, 4, -1, -2, 7, -3, -4] }],
  },
  ...grid,
  {
    name: 'an update as large as the operand replaces it',
    inputs: [{ type: T.INT16, shape: [2, 2], data: [1, 2, 3, 4] }, { type: T.INT16, shape: [2, 2], data: [5, 6, 7, 8] }, start([1, 1])],
    outputs: [{ type: T.INT16, shape: [2, 2], data: [5, 6, 7, 8] }],
  },
  {
    name: 'an empty update leaves the operand',
    inputs: [{ type: T.INT32, shape: [2, 2], data: [1, 2, 3, 4] }, { type: T.INT32, shape: [0, 2], data: [] }, start([1, 0])],
    outputs: [{ type: T.INT32, shape: [2, 2], data: [1, 2, 3, 4] }],
  },
  {
    name: 'int64 indices beyond int32 clamp',
    inputs: [{ type: T.INT8, shape: [4], data: [1, 2, 3, 4] }, { type: T.INT8, shape: [1], data: [9] }, start([4294967296 * 8], T.INT64)],
    outputs: [{ type: T.INT8, shape: [4], data: [1, 2, 3, 9] }],
  },
  {
    name: 'constant operand and update',
    inputs: [{ type: T.FLOAT32, shape: [3], data: [1, 2, 3], constant: true }, { type: T.FLOAT32, shape: [1], data: [7], constant: true }, start([0], T.INT32, true)],
    outputs: [{ type: T.FLOAT32, shape: [3], data: [7, 2, 3] }],
  },
  // Rejections.
  {
    name: 'update type differing from the operand fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, { type: T.INT16, shape: [1], data: [7] }, start([0])],
    outputs: [{ type: T.INT8, shape: [3] }],
    expectError: /update type INT16 != operand type INT8/,
  },
  {
    name: 'int16 start indices fail (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, { type: T.INT8, shape: [1], data: [7] }, start([0], T.INT16)],
    outputs: [{ type: T.INT8, shape: [3] }],
    expectError: /start indices have type INT16/,
  },
  {
    name: 'start indices of the wrong length fail (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, { type: T.INT8, shape: [1], data: [7] }, start([0, 0])],
    outputs: [{ type: T.INT8, shape: [3] }],
    expectError: /2 start indices for rank 1/,
  },
  {
    name: 'update of another rank fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, { type: T.INT8, shape: [1, 1], data: [7] }, start([0])],
    outputs: [{ type: T.INT8, shape: [3] }],
    expectError: /update rank 2 != operand rank 1/,
  },
  {
    name: 'update larger than the operand fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, { type: T.INT8, shape: [3, 1], data: [7, 8, 9] }, start([0, 0])],
    outputs: [{ type: T.INT8, shape: [2, 3] }],
    expectError: /is larger than operand/,
  },
  {
    name: 'bool operand fails (TFLM Eval)',
    inputs: [{ type: T.BOOL, shape: [3], data: [1, 0, 1] }, { type: T.BOOL, shape: [1], data: [0] }, start([0])],
    outputs: [{ type: T.BOOL, shape: [3] }],
    expectError: /operand has type BOOL/,
  },
];

kernelTable('DYNAMIC_UPDATE_SLICE', DYNAMIC_UPDATE_SLICE, cases);
