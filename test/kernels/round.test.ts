/** ROUND: TFLM round_test values (half to even), bit-exact goldens, rejections (output dims checked one by one). */
import { ROUND } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

floatUnarySuite(ROUND, [
  { name: 'round_test SingleDim', shape: [6], input: [8.5, 0, 3.5, 4.2, -3.5, -4.5], expected: [8, 0, 4, 4, -4, -4] },
  {
    name: 'round_test MultiDims',
    shape: [2, 1, 1, 6],
    input: [0.0001, 8.0001, 0.9999, 9.9999, 0.5, -0.0001, -8.0001, -0.9999, -9.9999, -0.5, -2.5, 1.5],
    expected: [0, 8, 1, 10, 0, 0, -8, -1, -10, -0, -2, 2],
  },
], true);
