/** CEIL: TFLM ceil_test values, bit-exact goldens, rejections (output dims checked one by one). */
import { CEIL } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

floatUnarySuite(CEIL, [
  { name: 'ceil_test SingleDim', shape: [2], input: [8.5, 0], expected: [9, 0] },
  {
    name: 'ceil_test MultiDims',
    shape: [2, 1, 1, 5],
    input: [0.0001, 8.0001, 0.9999, 9.9999, 0.5, -0.0001, -8.0001, -0.9999, -9.9999, -0.5],
    expected: [1, 9, 1, 10, 1, 0, -8, 0, -9, 0],
  },
], true);
