/** SQUARE: TFLM elementwise_test values, bit-exact goldens, rejections. */
import { SQUARE } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

floatUnarySuite(SQUARE, [
  { name: 'elementwise_test Square', shape: [2, 2], input: [1, 2, 0.5, -3], expected: [1, 4, 0.25, 9] },
], false);
