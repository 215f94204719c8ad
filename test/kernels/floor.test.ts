/** FLOOR: TFLM floor_test values, bit-exact goldens, rejections. */
import { FLOOR } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

floatUnarySuite(FLOOR, [
  { name: 'floor_test SingleDim', shape: [2], input: [8.5, 0], expected: [8, 0] },
  {
    name: 'floor_test MultiDim',
    shape: [2, 1, 1, 5],
    input: [0.0001, 8.0001, 0.9999, 9.9999, 0.5, -0.0001, -8.0001, -0.9999, -9.9999, -0.5],
    expected: [0, 8, 0, 9, 0, -1, -9, -1, -10, -1],
  },
], false);
