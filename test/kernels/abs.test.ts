/**
 * ABS: TFLM elementwise_test cases (float, int8 with and without rescaling, int16), goldens from the C++
 * reference over every int8 value with extreme zero points and several scales (both rounding builds), int16
 * unquantized (|-32768| wraps to -32768 as in C), and prepare's rejections.
 */
import { ABS } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';
import { floatUnarySuite, goldens, quantUnaryCases } from '../helpers/elementwise.js';

floatUnarySuite(ABS, [
  { name: 'elementwise_test Abs', shape: [2, 2], input: [0.01, -0.01, 10, -10], expected: [0.01, 0.01, 10, 10] },
], false, { quantizedTypesAllowed: true });

kernelTable('ABS (quantized, TFLM reference)', ABS, goldens('ABS').filter((g) => g.type !== 'f32').flatMap(quantUnaryCases));

const q8 = (shape: number[], scale = 0.5, zeroPoint = 0) => ({ type: T.INT8, shape, data: new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(1), scale, zeroPoint });
kernelTable('ABS (int16 unquantized, int8 edges, rejections)', ABS, [
  {
    name: 'int16 without quantization: plain abs, -32768 stays -32768',
    inputs: [{ type: T.INT16, shape: [6], data: [-32768, -32767, -1, 0, 1, 32767] }],
    outputs: [{ type: T.INT16, shape: [6], data: [-32768, 32767, 1, 0, 1, 32767] }],
  },
  {
    name: 'int8 same scale: |v - zp_in| + zp_out saturates at 127',
    inputs: [{ type: T.INT8, shape: [4], data: [-128, 127, 0, -1], scale: 0.5, zeroPoint: 0 }],
    outputs: [{ type: T.INT8, shape: [4], data: [127, 127, 0, 1], scale: 0.5, zeroPoint: 0 }],
  },
  { name: 'int8 input without quantization', inputs: [{ type: T.INT8, shape: [2], data: [1, 2] }], outputs: [q8([2])], expectError: /not quantized/ },
  { name: 'int8 output without quantization', inputs: [q8([2])], outputs: [{ type: T.INT8, shape: [2] }], expectError: /not quantized/ },
  {
    name: 'int16 quantized input zero point must be 0',
    inputs: [{ type: T.INT16, shape: [2], data: [1, 2], scale: 0.1, zeroPoint: 3 }],
    outputs: [{ type: T.INT16, shape: [2], scale: 0.1, zeroPoint: 0 }],
    expectError: /zero point/,
  },
  {
    name: 'int16 quantized output zero point must be 0',
    inputs: [{ type: T.INT16, shape: [2], data: [1, 2], scale: 0.1, zeroPoint: 0 }],
    outputs: [{ type: T.INT16, shape: [2], scale: 0.1, zeroPoint: -1 }],
    expectError: /zero point/,
  },
  {
    name: 'int16 quantized input with unquantized output',
    inputs: [{ type: T.INT16, shape: [2], data: [1, 2], scale: 0.1, zeroPoint: 0 }],
    outputs: [{ type: T.INT16, shape: [2] }],
    expectError: /not quantized/,
  },
  { name: 'int32 is not supported', inputs: [{ type: T.INT32, shape: [2], data: [1, -2] }], outputs: [{ type: T.INT32, shape: [2] }], expectError: /not supported/ },
  { name: 'int8 -> int16 output', inputs: [q8([2])], outputs: [{ type: T.INT16, shape: [2], scale: 0.5, zeroPoint: 0 }], expectError: /output type/ },
]);
