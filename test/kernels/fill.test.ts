/**
 * FILL: TFLM fill_test.cc tables (float32, int32, int8 values; int32 and int64 dims; scalar output) and its
 * rejections (non-constant dims, dims differing from the output), plus int8/int16 dims, NaN payloads, and
 * the types TFLM's Eval refuses.
 */
import { FILL } from '../../src/kernels/fill.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';

const dimsT = (v: number[], type: number = T.INT32, constant = true) => ({ type, shape: [v.length], data: v, constant });
const scalar = (type: number, v: number) => ({ type, shape: [], data: [v] });

const cases: OpCase[] = [
  // TFLM fill_test.cc
  { name: 'FillFloatInt64Dims (TFLM)', inputs: [dimsT([2, 2, 2], T.INT64), scalar(T.FLOAT32, 4)], outputs: [{ type: T.FLOAT32, shape: [2, 2, 2], data: new Array<number>(8).fill(4) }] },
  { name: 'FillInt32Int64Dims (TFLM)', inputs: [dimsT([2, 2, 2], T.INT64), scalar(T.INT32, 4)], outputs: [{ type: T.INT32, shape: [2, 2, 2], data: new Array<number>(8).fill(4) }] },
  { name: 'FillInt8Int32Dims (TFLM)', inputs: [dimsT([2, 2, 2]), scalar(T.INT8, 4)], outputs: [{ type: T.INT8, shape: [2, 2, 2], data: new Array<number>(8).fill(4) }] },
  { name: 'FillFloatInt32Dims (TFLM)', inputs: [dimsT([2, 2, 2]), scalar(T.FLOAT32, 4)], outputs: [{ type: T.FLOAT32, shape: [2, 2, 2], data: new Array<number>(8).fill(4) }] },
  // Beyond the TFLM tables.
  { name: 'int8 dims, negative int8 value', inputs: [dimsT([3, 1], T.INT8), scalar(T.INT8, -128)], outputs: [{ type: T.INT8, shape: [3, 1], data: [-128, -128, -128] }] },
  { name: 'int16 dims, int32 extreme', inputs: [dimsT([2], T.INT16), scalar(T.INT32, -2147483648)], outputs: [{ type: T.INT32, shape: [2], data: [-2147483648, -2147483648] }] },
  { name: 'float NaN value', inputs: [dimsT([3]), scalar(T.FLOAT32, NaN)], outputs: [{ type: T.FLOAT32, shape: [3], data: [NaN, NaN, NaN] }] },
  { name: 'empty output', inputs: [dimsT([2, 0]), scalar(T.FLOAT32, 1)], outputs: [{ type: T.FLOAT32, shape: [2, 0], data: [] }] },
  // Rejections.
  {
    name: 'FillInt8NonConstDimsTensorFail (TFLM)',
    inputs: [dimsT([2, 2, 2], T.INT32, false), scalar(T.INT8, 4)],
    outputs: [{ type: T.INT8, shape: [2, 2, 2] }],
    expectError: /non-constant dims/,
  },
  {
    name: 'FillInputDimsMismatchWithOutputShallFail (TFLM)',
    inputs: [dimsT([2, 2, 2]), scalar(T.INT8, 4)],
    outputs: [{ type: T.INT8, shape: [2, 2, 3] }],
    expectError: /dims \[2,2,2\] != output dims \[2,2,3\]/,
  },
  {
    name: 'dims of another length than the output rank fail',
    inputs: [dimsT([2, 2]), scalar(T.INT8, 4)],
    outputs: [{ type: T.INT8, shape: [2, 2, 1] }],
    expectError: /dims holds 2 values for an output of rank 3/,
  },
  {
    name: 'value that is not a scalar fails',
    inputs: [dimsT([2]), { type: T.INT8, shape: [1], data: [4] }],
    outputs: [{ type: T.INT8, shape: [2] }],
    expectError: /value must be a scalar/,
  },
  {
    name: 'value type differing from the output fails',
    inputs: [dimsT([2]), scalar(T.INT8, 4)],
    outputs: [{ type: T.INT32, shape: [2] }],
    expectError: /value type INT8 != output type INT32/,
  },
  {
    name: 'int16 value fails (TFLM Eval)',
    inputs: [dimsT([2]), scalar(T.INT16, 4)],
    outputs: [{ type: T.INT16, shape: [2] }],
    expectError: /value has type INT16/,
  },
  {
    name: 'float dims fail',
    inputs: [{ type: T.FLOAT32, shape: [1], data: [2], constant: true }, scalar(T.INT8, 4)],
    outputs: [{ type: T.INT8, shape: [2] }],
    expectError: /dims tensor of type FLOAT32/,
  },
];

kernelTable('FILL', FILL, cases);
