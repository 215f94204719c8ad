/** NEG: TFLM neg_test values, bit-exact goldens, rejections. */
import { NEG } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

floatUnarySuite(NEG, [
  { name: 'neg_test SingleDim', shape: [2], input: [8.5, 0], expected: [-8.5, 0] },
  { name: 'neg_test MultiDims', shape: [2, 3], input: [-2, -1, 0, 1, 2, 3], expected: [2, 1, -0, -1, -2, -3] },
], false);
