/**
 * BROADCAST_ARGS: TFLM broadcast_args_test.cc tables, int64 shapes, constant and non-constant inputs,
 * outputs longer than both shapes, and rejections (types, ranks, incompatible dims in prepare or at invoke).
 */
import { BROADCAST_ARGS } from '../../src/kernels/broadcast_args.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';

const vec = (v: number[], type: number = T.INT32, constant = false) => ({ type, shape: [v.length], data: v, constant });
const out = (v: number[], type: number = T.INT32) => ({ type, shape: [v.length], data: v });

const cases: OpCase[] = [
  // TFLM broadcast_args_test.cc
  { name: 'BroadcastArgsWithScalar (TFLM)', inputs: [vec([]), vec([2, 4])], outputs: [out([2, 4])] },
  { name: 'BroadcastArgsDifferentDims (TFLM)', inputs: [vec([1]), vec([2, 4])], outputs: [out([2, 4])] },
  { name: 'BroadcastArgsSameDims (TFLM)', inputs: [vec([1, 4, 6, 3, 1, 5]), vec([4, 4, 1, 3, 4, 1])], outputs: [out([4, 4, 6, 3, 4, 5])] },
  { name: 'BroadcastArgsComplex (TFLM)', inputs: [vec([6, 3, 1, 5]), vec([4, 4, 1, 3, 4, 1])], outputs: [out([4, 4, 6, 3, 4, 5])] },
  // Beyond the TFLM tables.
  {
    name: 'int64 shapes',
    inputs: [vec([6, 3, 1, 5], T.INT64), vec([4, 4, 1, 3, 4, 1], T.INT64)],
    outputs: [out([4, 4, 6, 3, 4, 5], T.INT64)],
  },
  {
    name: 'int64 entries are truncated to int like TFLM (2^32 + 1 counts as 1)',
    inputs: [vec([4294967297, 7], T.INT64), vec([5, 1], T.INT64)],
    outputs: [out([5, 7], T.INT64)],
  },
  {
    name: 'constant shapes',
    inputs: [vec([3, 1], T.INT32, true), vec([2, 1, 5], T.INT32, true)],
    outputs: [out([2, 3, 5])],
  },
  {
    name: 'an output longer than both shapes gets leading 1s',
    inputs: [vec([3]), vec([1, 3])],
    outputs: [out([1, 1, 3])],
  },
  {
    name: 'a dim of 0 broadcasts against 1',
    inputs: [vec([0, 1]), vec([1, 4])],
    outputs: [out([0, 4])],
  },
  // Rejections.
  {
    name: 'incompatible constant dims fail in prepare',
    inputs: [vec([2, 3], T.INT32, true), vec([4, 3], T.INT32, true)],
    outputs: [{ type: T.INT32, shape: [2] }],
    expectError: /dims 2 and 4 do not broadcast/,
  },
  {
    name: 'incompatible dims fail at invoke (TFLM TFLITE_CHECK)',
    inputs: [vec([2, 3]), vec([3, 3])],
    outputs: [{ type: T.INT32, shape: [2] }],
    expectError: /dims 2 and 3 do not broadcast/,
  },
  {
    name: 'int16 shapes fail',
    inputs: [vec([2], T.INT16), vec([2], T.INT16)],
    outputs: [{ type: T.INT16, shape: [1] }],
    expectError: /shape1 has type INT16/,
  },
  {
    name: 'mixed int32 / int64 fails',
    inputs: [vec([2]), vec([2], T.INT64)],
    outputs: [{ type: T.INT32, shape: [1] }],
    expectError: /shape2 type INT64 != shape1 type INT32/,
  },
  {
    name: 'output of another type fails',
    inputs: [vec([2]), vec([2])],
    outputs: [{ type: T.INT64, shape: [1] }],
    expectError: /output type INT64 != shape1 type INT32/,
  },
  {
    name: 'shape of rank 2 fails',
    inputs: [{ type: T.INT32, shape: [1, 2], data: [1, 2] }, vec([2])],
    outputs: [{ type: T.INT32, shape: [2] }],
    expectError: /shape1 must be a vector/,
  },
  {
    name: 'output of rank 2 fails',
    inputs: [vec([2]), vec([2])],
    outputs: [{ type: T.INT32, shape: [1, 1] }],
    expectError: /output must be a vector/,
  },
];

kernelTable('BROADCAST_ARGS', BROADCAST_ARGS, cases);
