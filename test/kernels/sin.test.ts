/** SIN: TFLM elementwise_test values, bit-exact glibc sinf goldens, rejections. */
import { SIN } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

floatUnarySuite(SIN, [
  { name: 'elementwise_test Sin', shape: [2, 2], input: [0, 3.1415926, -3.1415926, 1], expected: [0, 0, 0, 0.84147] },
], false);
