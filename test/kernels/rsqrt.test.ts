/**
 * RSQRT: TFLM elementwise_test cases (float; int8 and int16 quantized, an input quantized to the zero point
 * giving the type maximum, a negative input failing at invoke), goldens from the C++ reference over every
 * valid int8 value and random int16 values (both rounding builds), and prepare's rejections.
 */
import { RSQRT } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';
import { floatUnarySuite, goldens, quantUnaryCases } from '../helpers/elementwise.js';

floatUnarySuite(RSQRT, [
  { name: 'elementwise_test Rsqrt', shape: [2, 2], input: [1, 2, 4, 9], expected: [1, 0.7071, 0.5, 0.33333], tolerance: 1e-4 },
], false, { quantizedTypesAllowed: true });

kernelTable('RSQRT (quantized, TFLM reference)', RSQRT, goldens('RSQRT').filter((g) => g.type !== 'f32').flatMap(quantUnaryCases));

const inScale = 142 / 255;
const inZp = 127 - 142;
kernelTable('RSQRT (invoke-time validation, rejections)', RSQRT, [
  {
    // elementwise_test RsqrtNanInt8: -49 quantizes below the zero point; TFLM's Invoke fails.
    name: 'elementwise_test RsqrtNanInt8: an input below the zero point fails at invoke',
    inputs: [{ type: T.INT8, shape: [8], data: [12, 67, 125, 127, -13, 15, -103, 88], scale: inScale, zeroPoint: inZp }],
    outputs: [{ type: T.INT8, shape: [8], scale: 1 / 255, zeroPoint: -128 }],
    expectError: /only defined for positive values/,
  },
  {
    name: 'int16 negative input fails at invoke',
    inputs: [{ type: T.INT16, shape: [3], data: [100, -1, 5], scale: 0.01, zeroPoint: 0 }],
    outputs: [{ type: T.INT16, shape: [3], scale: 0.001, zeroPoint: 0 }],
    expectError: /only defined for positive values/,
  },
  {
    name: 'int8 zero input gives 127 whatever the scales',
    inputs: [{ type: T.INT8, shape: [2], data: [-5, -5], scale: 0.3, zeroPoint: -5 }],
    outputs: [{ type: T.INT8, shape: [2], data: [127, 127], scale: 0.001, zeroPoint: 3 }],
  },
  {
    name: 'int16 without quantization',
    inputs: [{ type: T.INT16, shape: [2], data: [1, 2] }],
    outputs: [{ type: T.INT16, shape: [2] }],
    expectError: /unquantized/,
  },
  {
    name: 'int16 input zero point must be 0',
    inputs: [{ type: T.INT16, shape: [2], data: [1, 2], scale: 0.1, zeroPoint: 1 }],
    outputs: [{ type: T.INT16, shape: [2], scale: 0.1, zeroPoint: 0 }],
    expectError: /zero point/,
  },
  {
    name: 'int16 output zero point must be 0',
    inputs: [{ type: T.INT16, shape: [2], data: [1, 2], scale: 0.1, zeroPoint: 0 }],
    outputs: [{ type: T.INT16, shape: [2], scale: 0.1, zeroPoint: 7 }],
    expectError: /zero point/,
  },
  {
    name: 'int8 without quantization',
    inputs: [{ type: T.INT8, shape: [2], data: [1, 2] }],
    outputs: [{ type: T.INT8, shape: [2], scale: 0.1, zeroPoint: 0 }],
    expectError: /not quantized/,
  },
  {
    name: 'int8 output scale 0 (infinite multiplier)',
    inputs: [{ type: T.INT8, shape: [2], data: [1, 2], scale: 0.1, zeroPoint: 0 }],
    outputs: [{ type: T.INT8, shape: [2], scale: 0, zeroPoint: 0 }],
    expectError: /RSQRT/,
  },
]);
