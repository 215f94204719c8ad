/** EXP: TFLM exp_test values, bit-exact glibc expf goldens, rejections (output dims checked one by one). */
import { EXP } from '../../src/kernels/index.js';
import { floatUnarySuite } from '../helpers/elementwise.js';

const input = [0, 1, -1, 100, -100, 0.01, -0.01];
floatUnarySuite(EXP, [
  // exp(100) overflows float to +inf: kernelTable's relative check cannot express it, the goldens cover it.
  { name: 'exp_test SingleDim (finite values)', shape: [1, 6], input: input.filter((v) => v !== 100), expected: input.filter((v) => v !== 100).map(Math.exp) },
], true);
