/**
 * REDUCE_ALL: TFLM reduce_test.cc AllOp tables, a grid of axes against a direct AND oracle, a zero-sized
 * input, non-constant axes, and rejections.
 */
import { REDUCE_ALL } from '../../src/kernels/reduce_all.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase, type OptionsSpec } from '../helpers/kernel-runner.js';
import { Lcg, product } from '../helpers/lcg.js';

const keep = (k: boolean): OptionsSpec => ({ type: BuiltinOptions.ReducerOptions, fields: [opt.bool(0, k)] });
const axisT = (v: number[], constant = true) => ({ type: T.INT32, shape: [v.length], data: v, constant });
const ALL = [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1];

/** AND over the resolved axes. */
function oracle(shape: number[], input: number[], axes: number[]): { shape: number[]; data: number[] } {
  const r = shape.length;
  const set = new Set(axes.map((a) => (a < 0 ? a + r : a)));
  const outShape = shape.filter((_, i) => !set.has(i));
  const out = new Array<number>(product(outShape)).fill(1);
  for (let i = 0; i < input.length; i++) {
    let rem = i;
    const coords = new Array<number>(r);
    for (let d = r - 1; d >= 0; d--) {
      coords[d] = rem % shape[d]!;
      rem = Math.floor(rem / shape[d]!);
    }
    let o = 0;
    for (let d = 0; d < r; d++) if (!set.has(d)) o = o * shape[d]! + coords[d]!;
    out[o] = out[o]! && input[i]! ? 1 : 0;
  }
  return { shape: outShape, data: out };
}

const rng = new Lcg(13);
const grid: OpCase[] = [];
for (const [shape, axes] of [[[2, 3, 4], [1]], [[2, 3, 4], [0, 2]], [[3, 5], [-1]], [[2, 2, 2, 3], [3, 0, 1]], [[4, 6], [0, 1]]] as number[][][]) {
  // Mostly true, so that ANDs are not trivially 0.
  const input = rng.ints(product(shape), 0, 9).map((v) => (v > 0 ? 1 : 0));
  const o = oracle(shape, input, axes);
  grid.push({
    name: `grid [${shape}] axes [${axes}]`,
    inputs: [{ type: T.BOOL, shape, data: input }, axisT(axes)],
    outputs: [{ type: T.BOOL, shape: o.shape, data: o.data }],
    options: keep(false),
  });
}

const cases: OpCase[] = [
  // TFLM reduce_test.cc
  {
    name: 'AllOpTestNotKeepDims (TFLM)',
    inputs: [{ type: T.BOOL, shape: [2, 3, 2], data: ALL }, axisT([1, 0, -3, -3])],
    outputs: [{ type: T.BOOL, shape: [2], data: [1, 0] }],
    options: keep(false),
  },
  {
    name: 'AllOpTestKeepDims (TFLM)',
    inputs: [{ type: T.BOOL, shape: [2, 3, 2], data: ALL }, axisT([0, 2])],
    outputs: [{ type: T.BOOL, shape: [3], data: [1, 1, 0] }],
    options: keep(true),
  },
  ...grid,
  {
    name: 'zero-sized input gives all true',
    inputs: [{ type: T.BOOL, shape: [2, 0], data: [] }, axisT([1])],
    outputs: [{ type: T.BOOL, shape: [2], data: [1, 1] }],
  },
  {
    name: 'non-constant axis',
    inputs: [{ type: T.BOOL, shape: [2, 3, 2], data: ALL }, axisT([2], false)],
    outputs: [{ type: T.BOOL, shape: [2, 3], data: [1, 1, 0, 1, 1, 1] }],
  },
  // Rejections.
  {
    name: 'int8 input fails (TFLM: bool only)',
    inputs: [{ type: T.INT8, shape: [2], data: [1, 0], scale: 1, zeroPoint: 0 }, axisT([0])],
    outputs: [{ type: T.INT8, shape: [], scale: 1, zeroPoint: 0 }],
    expectError: /input has type INT8/,
  },
  {
    name: 'int64 axis fails',
    inputs: [{ type: T.BOOL, shape: [2], data: [1, 0] }, { type: T.INT64, shape: [1], data: [0], constant: true }],
    outputs: [{ type: T.BOOL, shape: [] }],
    expectError: /axis has type INT64/,
  },
  {
    name: 'constant axis out of range fails',
    inputs: [{ type: T.BOOL, shape: [2], data: [1, 0] }, axisT([1])],
    outputs: [{ type: T.BOOL, shape: [] }],
    expectError: /out of range for rank 1/,
  },
  {
    name: 'non-constant axis out of range fails at invoke',
    inputs: [{ type: T.BOOL, shape: [2], data: [1, 0] }, axisT([-2], false)],
    outputs: [{ type: T.BOOL, shape: [] }],
    expectError: /out of range for rank 1/,
  },
  {
    name: 'output of the wrong size fails',
    inputs: [{ type: T.BOOL, shape: [2, 3], data: [1, 1, 1, 1, 1, 1] }, axisT([0])],
    outputs: [{ type: T.BOOL, shape: [2] }],
    expectError: /does not hold the 3 elements/,
  },
];

kernelTable('REDUCE_ALL', REDUCE_ALL, cases);
