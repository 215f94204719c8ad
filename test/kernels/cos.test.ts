/** COS: TFLM elementwise_test values, bit-exact glibc cosf goldens, rejections. */
import { COS } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

floatUnarySuite(COS, [
  { name: 'elementwise_test Cos', shape: [2, 2], input: [0, 3.1415926, -3.1415926, 1], expected: [1, -1, -1, 0.5403] },
], false);
