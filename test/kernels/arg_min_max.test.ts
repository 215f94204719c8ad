/**
 * ARG_MAX / ARG_MIN: TFLM arg_min_max_test.cc tables, int8, NaN and tie semantics of the micro kernel's
 * GreaterFn/LessFn, axis forms (negative, first, non-constant), and the rejections of TFLM's Eval.
 */
import { ARG_MAX } from '../../src/kernels/arg_max.js';
import { ARG_MIN } from '../../src/kernels/arg_min.js';
import { TensorType as T } from '../../src/model/types.js';
import type { OpDescriptor } from '../../src/runtime/kernel.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';

const axisT = (v: number, constant = true, type: number = T.INT32) => ({ type, shape: [1, 1, 1], data: [v], constant });

function cases(isMax: boolean): OpCase[] {
  const pick = (max: number[], min: number[]) => (isMax ? max : min);
  return [
    // TFLM arg_min_max_test.cc
    {
      name: 'one dim float (TFLM)',
      inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 4], data: [0.1, 0.9, 0.7, 0.3] }, axisT(3)],
      outputs: [{ type: T.INT32, shape: [1, 1, 1], data: pick([1], [0]) }],
    },
    {
      name: 'one dim int8 (TFLM)',
      inputs: [{ type: T.INT8, shape: [1, 1, 1, 4], data: [1, 9, 7, 3], scale: 1, zeroPoint: 0 }, axisT(3)],
      outputs: [{ type: T.INT32, shape: [1, 1, 1], data: pick([1], [0]) }],
    },
    {
      name: 'multi dimensions int8 (TFLM)',
      inputs: [{ type: T.INT8, shape: [1, 1, 2, 4], data: [1, 2, 7, 8, 1, 9, 7, 3], scale: 1, zeroPoint: 0 }, axisT(3)],
      outputs: [{ type: T.INT32, shape: [1, 1, 2], data: pick([3, 1], [0, 0]) }],
    },
    {
      name: 'negative axis int8 (TFLM)',
      inputs: [{ type: T.INT8, shape: [1, 1, 2, 4], data: [1, 2, 7, 8, 1, 9, 7, 3], scale: 1, zeroPoint: 0 }, axisT(-2)],
      outputs: [{ type: T.INT32, shape: [1, 1, 4], data: pick([0, 1, 0, 0], [0, 0, 0, 1]) }],
    },
    // Beyond the TFLM tables.
    {
      name: 'axis 0 of a [3, 2] float',
      inputs: [{ type: T.FLOAT32, shape: [3, 2], data: [1, -5, 4, 2, -3, 2] }, axisT(0)],
      outputs: [{ type: T.INT32, shape: [2], data: pick([1, 1], [2, 0]) }],
    },
    {
      name: 'middle axis of a [2, 3, 2] int8 at the type extremes',
      inputs: [{ type: T.INT8, shape: [2, 3, 2], data: [-128, 127, 127, -128, 0, 0, 5, -1, -128, -1, 127, -1], scale: 1, zeroPoint: 0 }, axisT(1)],
      outputs: [{ type: T.INT32, shape: [2, 2], data: pick([1, 0, 2, 0], [0, 1, 1, 0]) }],
    },
    {
      name: 'ties keep the first index',
      inputs: [{ type: T.FLOAT32, shape: [5], data: [2, 7, 7, -1, -1] }, axisT(0)],
      outputs: [{ type: T.INT32, shape: [], data: pick([1], [3]) }],
    },
    {
      name: 'NaN never replaces, and a leading NaN is never replaced (plain > / <)',
      inputs: [{ type: T.FLOAT32, shape: [2, 3], data: [1, NaN, 3, NaN, 5, -5] }, axisT(1)],
      outputs: [{ type: T.INT32, shape: [2], data: [isMax ? 2 : 0, 0] }],
    },
    {
      name: '-0 and +0 tie',
      inputs: [{ type: T.FLOAT32, shape: [2], data: [-0, 0] }, axisT(0)],
      outputs: [{ type: T.INT32, shape: [1], data: [0] }],
    },
    {
      name: 'size-1 axis gives index 0',
      inputs: [{ type: T.FLOAT32, shape: [3, 1], data: [1, 2, 3] }, axisT(1)],
      outputs: [{ type: T.INT32, shape: [3], data: [0, 0, 0] }],
    },
    {
      name: 'non-constant axis is read at invoke',
      inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [1, 4, 3, 2] }, { type: T.INT32, shape: [1], data: [-1] }],
      outputs: [{ type: T.INT32, shape: [2], data: pick([1, 0], [0, 1]) }],
    },
    // Rejections (TFLM's Eval fails on these types).
    {
      name: 'int16 input fails',
      inputs: [{ type: T.INT16, shape: [4], data: [1, 2, 3, 4], scale: 1, zeroPoint: 0 }, axisT(0)],
      outputs: [{ type: T.INT32, shape: [] }],
      expectError: /input has type INT16/,
    },
    {
      name: 'int64 output fails',
      inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, axisT(0)],
      outputs: [{ type: T.INT64, shape: [] }],
      expectError: /output has type INT64/,
    },
    {
      name: 'int64 axis fails',
      inputs: [{ type: T.FLOAT32, shape: [4], data: [1, 2, 3, 4] }, axisT(0, true, T.INT64)],
      outputs: [{ type: T.INT32, shape: [] }],
      expectError: /axis has type INT64/,
    },
    {
      name: 'constant axis out of range fails in prepare',
      inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [1, 2, 3, 4] }, axisT(2)],
      outputs: [{ type: T.INT32, shape: [2] }],
      expectError: /axis 2 out of range for rank 2/,
    },
    {
      name: 'non-constant axis out of range fails at invoke',
      inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [1, 2, 3, 4] }, { type: T.INT32, shape: [1], data: [-3] }],
      outputs: [{ type: T.INT32, shape: [2] }],
      expectError: /axis -3 out of range for rank 2/,
    },
    {
      name: 'output of the wrong size fails',
      inputs: [{ type: T.FLOAT32, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, axisT(1)],
      outputs: [{ type: T.INT32, shape: [3] }],
      expectError: /does not hold 2 elements/,
    },
    {
      name: 'scalar input fails',
      inputs: [{ type: T.FLOAT32, shape: [], data: [1] }, axisT(0)],
      outputs: [{ type: T.INT32, shape: [] }],
      expectError: /rank >= 1/,
    },
  ];
}

for (const [op, isMax] of [[ARG_MAX, true], [ARG_MIN, false]] as [OpDescriptor, boolean][]) kernelTable(op.name, op, cases(isMax));
