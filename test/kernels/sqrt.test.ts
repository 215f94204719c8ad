/** SQRT: TFLM elementwise_test values, bit-exact goldens, rejections. */
import { SQRT } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

floatUnarySuite(SQRT, [
  { name: 'elementwise_test Sqrt', shape: [2, 2], input: [0, 1, 2, 4], expected: [0, 1, 1.41421, 2] },
], false);
