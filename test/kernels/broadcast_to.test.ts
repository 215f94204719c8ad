/**
 * BROADCAST_TO: TFLM broadcast_to_test.cc tables (incl. its Prepare rejections), every element type TFLM's
 * memcpy moves (int8, int16, int32, int64, float32, bool, uint8), rank-5 broadcasts, and rejections.
 */
import { BROADCAST_TO } from '../../src/kernels/broadcast_to.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';

const shapeT = (v: number[], type: number = T.INT32) => ({ type, shape: [v.length], data: v, constant: true });

/** Reference: output element i reads the input at its broadcast position. */
function oracle(inShape: number[], input: number[], outShape: number[]): number[] {
  const r = outShape.length;
  const ext = [...new Array<number>(r - inShape.length).fill(1), ...inShape];
  const out: number[] = [];
  const n = outShape.reduce((a, b) => a * b, 1);
  for (let i = 0; i < n; i++) {
    let rem = i;
    let idx = 0;
    let inStride = 1;
    const coords = new Array<number>(r);
    for (let d = r - 1; d >= 0; d--) {
      coords[d] = rem % outShape[d]!;
      rem = Math.floor(rem / outShape[d]!);
    }
    for (let d = r - 1; d >= 0; d--) {
      if (ext[d] !== 1) idx += coords[d]! * inStride;
      inStride *= ext[d]!;
    }
    out.push(input[idx]!);
  }
  return out;
}

const typed = (type: number, inShape: number[], input: number[], shape: number[], name: string): OpCase => ({
  name,
  inputs: [{ type, shape: inShape, data: input }, shapeT(shape)],
  outputs: [{ type, shape, data: oracle(inShape, input, shape) }],
});

const cases: OpCase[] = [
  // TFLM broadcast_to_test.cc
  typed(T.INT32, [1], [3], [4], 'Broadcast1DConstTest (TFLM)'),
  typed(T.INT32, [2, 2], [2, 3, 4, 5], [2, 2, 2, 2], 'Broadcast4DConstTest (TFLM)'),
  typed(T.INT32, [1, 3, 1, 2], [1, 2, 3, 4, 5, 6], [3, 3, 2, 2], 'ComplexBroadcast4DConstTest (TFLM)'),
  typed(T.INT32, [3, 1, 2], [1, 2, 3, 4, 5, 6], [3, 1, 2], 'NoBroadcastingConstTest (TFLM)'),
  {
    name: 'BroadcastInt64ShapeTest (TFLM)',
    inputs: [{ type: T.INT32, shape: [1, 1, 1, 2], data: [3, 4] }, shapeT([1, 1, 2, 2], T.INT64)],
    outputs: [{ type: T.INT32, shape: [1, 1, 2, 2], data: [3, 4, 3, 4] }],
  },
  // Every element size.
  typed(T.INT8, [2, 1, 3], [-128, 0, 127, 5, -5, 1], [4, 2, 2, 3], 'int8 rank 4'),
  typed(T.UINT8, [3, 1], [0, 128, 255], [2, 3, 5], 'uint8'),
  typed(T.BOOL, [1, 2], [1, 0], [3, 2], 'bool'),
  typed(T.INT16, [1, 2, 1], [-32768, 32767], [2, 2, 3], 'int16'),
  typed(T.FLOAT32, [5, 1, 1], [1.5, -2.25, 3, 0, -0], [2, 5, 3, 2], 'float32'),
  typed(T.INT64, [2, 1], [-9007199254740991, 42], [2, 2, 3], 'int64'),
  typed(T.FLOAT32, [2, 1, 3, 1, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 2, 3, 4, 2], 'float32 rank 5 broadcasting dims 1 and 3'),
  typed(T.INT64, [1, 2, 1, 1, 1], [7, -7], [2, 2, 2, 2, 2], 'int64 rank 5 (plan with a byte axis)'),
  typed(T.INT8, [], [9], [2, 3], 'scalar input'),
  // Rejections (BroadcastToPrepare / ValidateOutputTensor).
  {
    name: 'ShapeMustBe1D (TFLM)',
    inputs: [{ type: T.INT32, shape: [2, 2], data: [2, 3, 4, 4] }, { type: T.INT32, shape: [2, 2], data: [2, 3, 4, 4], constant: true }],
    outputs: [{ type: T.INT32, shape: [2, 2] }],
    expectError: /shape must be a vector/,
  },
  {
    name: 'TooManyDimensionShouldFail (TFLM)',
    inputs: [{ type: T.INT32, shape: [2, 2], data: [2, 3, 4, 4] }, shapeT([2, 2, 2, 2, 2, 2])],
    outputs: [{ type: T.INT32, shape: [2, 2, 2, 2, 2, 2] }],
    expectError: /only supports 1-5D tensors, output has rank 6/,
  },
  {
    name: 'MismatchDimensionShouldFail (TFLM)',
    inputs: [{ type: T.INT32, shape: [2, 4, 1, 3], data: new Array<number>(24).fill(1) }, shapeT([2, 4, 1, 3])],
    outputs: [{ type: T.INT32, shape: [2, 4, 1, 2] }],
    expectError: /output \[2,4,1,2\] != shape \[2,4,1,3\]/,
  },
  {
    name: 'input dim that is neither 1 nor the target fails',
    inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }, shapeT([2, 3])],
    outputs: [{ type: T.INT32, shape: [2, 3] }],
    expectError: /does not broadcast/,
  },
  {
    name: 'input of higher rank than the shape fails',
    inputs: [{ type: T.INT32, shape: [1, 1, 2], data: [1, 2] }, shapeT([1, 2])],
    outputs: [{ type: T.INT32, shape: [1, 2] }],
    expectError: /cannot broadcast to rank 2/,
  },
  {
    name: 'non-constant shape fails (TFLM)',
    inputs: [{ type: T.INT32, shape: [1], data: [1] }, { type: T.INT32, shape: [1], data: [3] }],
    outputs: [{ type: T.INT32, shape: [3] }],
    expectError: /non-constant shape/,
  },
  {
    name: 'int16 shape tensor fails',
    inputs: [{ type: T.INT32, shape: [1], data: [1] }, shapeT([3], T.INT16)],
    outputs: [{ type: T.INT32, shape: [3] }],
    expectError: /shape has type INT16/,
  },
  {
    name: 'output type differing from the input fails',
    inputs: [{ type: T.INT32, shape: [1], data: [1] }, shapeT([3])],
    outputs: [{ type: T.FLOAT32, shape: [3] }],
    expectError: /output type FLOAT32 != input type INT32/,
  },
];

kernelTable('BROADCAST_TO', BROADCAST_TO, cases);
