/**
 * SHAPE: TFLM shape_test.cc cases (ranks 0 to 4 and beyond), inputs of any type, and the INT32-only output.
 */
import { SHAPE } from '../../src/kernels/shape.js';
import { TensorType as T } from '../../src/model/types.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const of = (name: string, type: number, shape: number[]): ShapedCase => ({
  name,
  inputs: [{ type, shape, data: new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(1) }],
  outputs: [{ type: T.INT32, shape: [shape.length], data: shape }],
  outShapes: [[shape.length]],
});

const cases: ShapedCase[] = [
  // TFLM shape_test.cc
  of('TestShape0 (TFLM)', T.FLOAT32, [1]),
  of('TestShape1 (TFLM)', T.FLOAT32, [1, 1]),
  of('TestShape2 (TFLM)', T.FLOAT32, [1, 2, 1]),
  of('TestShape3 (TFLM)', T.FLOAT32, [2, 3, 4, 1]),
  of('TestShape4 (TFLM)', T.FLOAT32, [2, 1, 3, 1, 2]),
  of('int8 input', T.INT8, [4, 1, 2]),
  of('bool input', T.BOOL, [3]),
  of('int64 input', T.INT64, [2, 2]),
  of('scalar input', T.FLOAT32, []),
  of('empty dim', T.INT16, [3, 0, 2]),
  {
    name: 'placeholder output dims are replaced by [rank]',
    inputs: [{ type: T.INT8, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }],
    outputs: [{ type: T.INT32, shape: [1], data: [2, 3] }],
    outShapes: [[2]],
  },
  {
    name: 'int64 output (out_type INT64) fails (TFLM Eval)',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }],
    outputs: [{ type: T.INT64, shape: [1] }],
    expectError: /output type INT64 not supported/,
  },
  {
    name: 'two inputs fail',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, { type: T.FLOAT32, shape: [2], data: [1, 2] }],
    outputs: [{ type: T.INT32, shape: [1] }],
    expectError: /expected 1 inputs, got 2/,
  },
];

shapedKernelTable('SHAPE', SHAPE, cases);
