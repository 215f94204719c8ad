/**
 * EMBEDDING_LOOKUP: TFLM embedding_lookup_test.cc cases (float, int8 rows, hybrid int8 -> float32), a grid
 * against a direct oracle, computed output shapes, and rejections (types, ranks, zero point, output too small,
 * lookups out of range at invoke).
 */
import { EMBEDDING_LOOKUP } from '../../src/kernels/embedding_lookup.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const look = (v: number[], constant = false) => ({ type: T.INT32, shape: [v.length], data: v, constant });

const ROWS3x2x4 = [0, 0.01, 0.02, 0.03, 0.1, 0.11, 0.12, 0.13, 1, 1.01, 1.02, 1.03, 1.1, 1.11, 1.12, 1.13, 2, 2.01, 2.02, 2.03, 2.1, 2.11, 2.12, 2.13];
const rowsOf = (table: number[], width: number, ids: number[]) => ids.flatMap((i) => table.slice(i * width, (i + 1) * width));

const rng = new Lcg(37);
const grid: ShapedCase[] = [];
for (const [vShape, n] of [[[5, 3], 4], [[2, 3, 4], 3], [[7, 1, 2, 2], 6], [[3, 40], 2]] as [number[], number][]) {
  const width = product(vShape.slice(1));
  const ids = rng.ints(n, 0, vShape[0]! - 1);
  const outShape = [n, ...vShape.slice(1)];
  const ints = rng.ints(product(vShape), -128, 127);
  grid.push({
    name: `grid float [${vShape}] x ${n}`,
    inputs: [look(ids), { type: T.FLOAT32, shape: vShape, data: ints.map((v) => v / 8), constant: true }],
    outputs: [{ type: T.FLOAT32, shape: outShape, data: rowsOf(ints.map((v) => v / 8), width, ids) }],
    outShapes: [outShape],
  });
  grid.push({
    name: `grid int8 [${vShape}] x ${n}`,
    inputs: [look(ids), { type: T.INT8, shape: vShape, data: ints, constant: true, scale: 0.5, zeroPoint: 3 }],
    outputs: [{ type: T.INT8, shape: outShape, data: rowsOf(ints, width, ids), scale: 0.5, zeroPoint: 3 }],
  });
  const scale = 0.0171;
  grid.push({
    name: `grid hybrid int8 -> float32 [${vShape}] x ${n}`,
    inputs: [look(ids), { type: T.INT8, shape: vShape, data: ints, constant: true, scale, zeroPoint: 0 }],
    outputs: [{ type: T.FLOAT32, shape: outShape, data: rowsOf(ints, width, ids).map((v) => Math.fround(v * Math.fround(scale))) }],
    tolerance: 0,
  });
}

const cases: ShapedCase[] = [
  // TFLM embedding_lookup_test.cc
  {
    name: 'SimpleFloat (TFLM)',
    inputs: [look([1, 0, 2]), { type: T.FLOAT32, shape: [3, 2, 4], data: ROWS3x2x4 }],
    outputs: [{ type: T.FLOAT32, shape: [3, 2, 4], data: rowsOf(ROWS3x2x4, 8, [1, 0, 2]) }],
  },
  {
    name: 'SimpleInt8 (TFLM-style)',
    inputs: [look([1, 0, 2]), { type: T.INT8, shape: [3, 2], data: [0, 1, 10, 11, 20, 21], scale: 1, zeroPoint: 0 }],
    outputs: [{ type: T.INT8, shape: [3, 2], data: [10, 11, 0, 1, 20, 21], scale: 1, zeroPoint: 0 }],
  },
  ...grid,
  {
    name: 'output rank above the value rank keeps its trailing dims (TFLM)',
    inputs: [look([1]), { type: T.FLOAT32, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.FLOAT32, shape: [2, 3, 1], data: [4, 5, 6] }],
    outShapes: [[1, 3, 1]],
  },
  {
    name: 'empty table: the output is left alone (TFLM)',
    inputs: [look([]), { type: T.FLOAT32, shape: [0, 3], data: [] }],
    outputs: [{ type: T.FLOAT32, shape: [0, 3], data: [] }],
  },
  // Rejections.
  {
    name: 'index out of bounds fails at invoke (TFLM)',
    inputs: [look([0, 3]), { type: T.FLOAT32, shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.FLOAT32, shape: [2, 2] }],
    expectError: /index out of bounds: got 3, bounds are \[0, 2\]/,
  },
  {
    name: 'hybrid with a nonzero zero point fails (TFLM)',
    inputs: [look([0]), { type: T.INT8, shape: [3, 2], data: [1, 2, 3, 4, 5, 6], scale: 1, zeroPoint: 1 }],
    outputs: [{ type: T.FLOAT32, shape: [1, 2] }],
    expectError: /value zero point 1 != 0/,
  },
  {
    name: 'float table with an int8 output fails (TFLM)',
    inputs: [look([0]), { type: T.FLOAT32, shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.INT8, shape: [1, 2] }],
    expectError: /output has type INT8/,
  },
  {
    name: 'int16 table fails (TFLM)',
    inputs: [look([0]), { type: T.INT16, shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.INT16, shape: [1, 2] }],
    expectError: /value has type INT16/,
  },
  {
    name: 'rank 1 table fails (TFLM)',
    inputs: [look([0]), { type: T.FLOAT32, shape: [3], data: [1, 2, 3] }],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    expectError: /value must have rank >= 2/,
  },
  {
    name: 'lookup of rank 2 fails (TFLM)',
    inputs: [{ type: T.INT32, shape: [1, 1], data: [0] }, { type: T.FLOAT32, shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 2] }],
    expectError: /lookup must be a vector/,
  },
  {
    name: 'int64 lookup fails (TFLM)',
    inputs: [{ type: T.INT64, shape: [1], data: [0] }, { type: T.FLOAT32, shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 2] }],
    expectError: /lookup has type INT64/,
  },
  {
    name: 'output too small for the looked-up rows fails (TFLM)',
    inputs: [look([0, 1, 2]), { type: T.FLOAT32, shape: [3, 2], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.FLOAT32, shape: [2, 2] }],
    expectError: /exceeds the 4 elements/,
  },
];

shapedKernelTable('EMBEDDING_LOOKUP', EMBEDDING_LOOKUP, cases);
