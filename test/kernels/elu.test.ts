/**
 * ELU: TFLM elu_test cases (float; int8 through the lookup table), goldens from the C++ reference (float with
 * glibc's expm1f, bit-exact; int8 tables over all 256 values for several scales and zero points), and
 * prepare's rejections.
 */
import { ELU } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';
import { floatUnarySuite, goldens, quantUnaryCases } from '../helpers/elementwise.js';

floatUnarySuite(ELU, [
  {
    name: 'elu_test SimpleElu',
    shape: [1, 2, 4, 1],
    input: [0, -6, 2, -4, 3, -2, 10, -0.1],
    expected: [0, -0.997521, 2, -0.981684, 3, -0.864665, 10, -0.0951626],
  },
], false, { quantizedTypesAllowed: true });

kernelTable('ELU (int8, TFLM reference)', ELU, goldens('ELU').filter((g) => g.type !== 'f32').flatMap(quantUnaryCases));

kernelTable('ELU (rejections and edges)', ELU, [
  {
    // Scale 16/256, zero point 0 (the test's ScaleFromMinMax(-8, 8 * 127/128)); expected -1, -1, -0.875, -0.125 exactly.
    name: 'elu_test QuantizedActivationsOpTestEluInt8',
    inputs: [{ type: T.INT8, shape: [1, 2, 4, 1], data: [0, -96, 32, -64, 48, -32, 96, -2], scale: 0.0625, zeroPoint: 0 }],
    outputs: [{ type: T.INT8, shape: [1, 2, 4, 1], data: [0, -16, 32, -16, 48, -14, 96, -2], scale: 0.0625, zeroPoint: 0 }],
  },
  {
    name: 'int8 without quantization: TFLM reads scale 0 / zero point 0 (0 * inf = NaN -> INT32_MIN -> -128)',
    inputs: [{ type: T.INT8, shape: [3], data: [-1, 0, 1] }],
    outputs: [{ type: T.INT8, shape: [3], data: [-128, -128, -128] }],
  },
  { name: 'int16 is not supported', inputs: [{ type: T.INT16, shape: [2], data: [1, 2], scale: 0.1, zeroPoint: 0 }], outputs: [{ type: T.INT16, shape: [2], scale: 0.1, zeroPoint: 0 }], expectError: /only supports/ },
]);
