/**
 * SQUARED_DIFFERENCE: TFLM squared_difference_test cases (float, int32, over its shapes and with broadcast),
 * C++ reference goldens for int8 and int16 (extreme values, broadcast, both rounding builds), int32 wrapping,
 * and prepare's rejections.
 */
import { SQUARED_DIFFERENCE } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import { field, goldens, withSingleRounding } from '../helpers/elementwise.js';

const shapes = [[6], [2, 3], [2, 1, 3], [1, 3, 1, 2]];
const f = (shape: number[], data?: number[]) => ({ type: T.FLOAT32, shape, data });
const i32 = (shape: number[], data?: number[]) => ({ type: T.INT32, shape, data });

kernelTable('SQUARED_DIFFERENCE (TFLM squared_difference_test)', SQUARED_DIFFERENCE, [
  { name: 'FloatSquaredDifferenceSameShape', inputs: [f([1, 2, 2, 1], [-0.2, 0.2, -1.2, 0.8]), f([1, 2, 2, 1], [0.5, 0.2, -1.5, 0.5])], outputs: [f([1, 2, 2, 1], [0.49, 0, 0.09, 0.09])] },
  ...shapes.map((s): OpCase => ({
    name: `FloatSquaredDifferenceVariousShapes [${s.join(',')}]`,
    inputs: [f(s, [-2, 0.2, 0.3, 0.8, 1.1, -2]), f(s, [1, 0.2, 0.6, 0.4, -1, -0])],
    outputs: [f(s, [9, 0, 0.09, 0.16, 4.41, 4])],
  })),
  ...shapes.map((s): OpCase => ({
    name: `FloatSquaredDifferenceWithBroadcast [${s.join(',')}]`,
    inputs: [f(s, [-0.2, 0.2, 0.5, 0.8, 0.11, 1.1]), f([1], [0.1])],
    outputs: [f(s, [0.09, 0.01, 0.16, 0.49, 0.0001, 1])],
  })),
  { name: 'IntegerSquaredDifferenceSameShape', inputs: [i32([1, 2, 2, 1], [-2, 2, -15, 8]), i32([1, 2, 2, 1], [5, -2, -3, 5])], outputs: [i32([1, 2, 2, 1], [49, 16, 144, 9])] },
  ...shapes.map((s): OpCase => ({
    name: `IntegerSquaredDifferenceVariousShapes [${s.join(',')}]`,
    inputs: [i32(s, [-20, 2, 3, 8, 11, -20]), i32(s, [1, 2, 6, 5, -5, -20])],
    outputs: [i32(s, [441, 0, 9, 9, 256, 0])],
  })),
  ...shapes.map((s): OpCase => ({
    name: `IntegerSquaredDifferenceWithBroadcast [${s.join(',')}]`,
    inputs: [i32(s, [-20, 10, 7, 3, 1, 13]), i32([1], [3])],
    outputs: [i32(s, [529, 49, 16, 0, 4, 100])],
  })),
  {
    name: 'int32 wraps like the C (difference and square)',
    inputs: [i32([3], [2147483647, -2147483648, 65536]), i32([3], [-1, 1, 0])],
    // (2^31 - 1) - (-1) wraps to -2^31, squared wraps to 0; -2^31 - 1 wraps to 2^31 - 1, squared is 1; 2^32 wraps to 0.
    outputs: [i32([3], [0, 1, 0])],
  },
  { name: 'float broadcast of both inputs', inputs: [f([2, 1], [1, -1]), f([1, 3], [0, 1, 2])], outputs: [f([2, 3], [1, 0, 1, 1, 4, 9])] },
]);

kernelTable('SQUARED_DIFFERENCE (quantized, TFLM reference)', SQUARED_DIFFERENCE, goldens('SQUARED_DIFFERENCE').flatMap((g) => {
  const type = g.type === 'i16' ? T.INT16 : T.INT8;
  return withSingleRounding({
    name: `${g.name} (TFLM reference)`,
    inputs: [
      { type, shape: field<number[]>(g, 'shapeA'), data: field<number[]>(g, 'a'), scale: field<number>(g, 's1'), zeroPoint: field<number>(g, 'z1') },
      { type, shape: field<number[]>(g, 'shapeB'), data: field<number[]>(g, 'b'), scale: field<number>(g, 's2'), zeroPoint: field<number>(g, 'z2') },
    ],
    outputs: [{ type, shape: field<number[]>(g, 'shapeOut'), data: field<number[]>(g, 'expected'), scale: field<number>(g, 'so'), zeroPoint: field<number>(g, 'zo') }],
  }, g);
}));

const q = (type: number, zp = 0, scale = 0.1) => ({ type, shape: [2], data: [1, 2], scale, zeroPoint: zp });
kernelTable('SQUARED_DIFFERENCE (rejections)', SQUARED_DIFFERENCE, [
  { name: 'input types differ', inputs: [f([2], [1, 2]), i32([2], [1, 2])], outputs: [f([2])], expectError: /input2 type/ },
  { name: 'output type differs', inputs: [f([2], [1, 2]), f([2], [1, 2])], outputs: [i32([2])], expectError: /output type/ },
  { name: 'bool is not supported', inputs: [{ type: T.BOOL, shape: [2], data: [1, 0] }, { type: T.BOOL, shape: [2], data: [1, 0] }], outputs: [{ type: T.BOOL, shape: [2] }], expectError: /only supports/ },
  { name: 'int8 zero point outside int8 (output)', inputs: [q(T.INT8), q(T.INT8)], outputs: [{ type: T.INT8, shape: [2], scale: 0.1, zeroPoint: 200 }], expectError: /zero point/ },
  { name: 'int16 input1 zero point must be 0', inputs: [q(T.INT16, 1), q(T.INT16)], outputs: [q(T.INT16)], expectError: /zero point must be 0/ },
  { name: 'int16 output zero point must be 0', inputs: [q(T.INT16), q(T.INT16)], outputs: [q(T.INT16, -3)], expectError: /zero point must be 0/ },
  { name: 'int8 without quantization (TFLM aborts in QuantizeMultiplierSmallerThanOneExp)', inputs: [{ type: T.INT8, shape: [2], data: [1, 2] }, { type: T.INT8, shape: [2], data: [1, 2] }], outputs: [{ type: T.INT8, shape: [2] }], expectError: /SQUARED_DIFFERENCE/ },
  { name: 'shapes do not broadcast', inputs: [f([2], [1, 2]), f([3], [1, 2, 3])], outputs: [f([3])], expectError: /broadcast/ },
  { name: 'one input', inputs: [f([2], [1, 2])], outputs: [f([2])], expectError: /inputs/ },
]);
