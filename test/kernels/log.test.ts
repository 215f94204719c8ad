/** LOG: TFLM elementwise_test values, bit-exact glibc logf goldens (0 -> -inf, negative -> NaN), rejections. */
import { LOG } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

floatUnarySuite(LOG, [
  { name: 'elementwise_test Log', shape: [2, 2], input: [1, 2.7182818, 0.5, 2], expected: [0, 1, -0.6931472, 0.6931472] },
], false);
