/** FLOOR_MOD: TFLM floor_mod_test cases, bit-exact reference goldens, zero divisor (NaN, unchecked as in TFLM), rejections. */
import { FLOOR_MOD } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';
import { binaryFloatGoldens, binaryFloatRejections, floatBitsTable } from '../helpers/elementwise.js';

const f = (shape: number[], data?: number[]) => ({ type: T.FLOAT32, shape, data });
kernelTable('FLOOR_MOD (TFLM floor_mod_test)', FLOOR_MOD, [
  { name: 'FloorModFloatSimple', inputs: [f([1, 2, 2, 1], [10, 9, 11, 3]), f([1, 2, 2, 1], [2, 2, 3, 4])], outputs: [f([1, 2, 2, 1], [0, 1, 2, 3])] },
  { name: 'FloorModFloatNegativeValue', inputs: [f([1, 2, 2, 1], [10, -9, -11, 7]), f([1, 2, 2, 1], [2, 2, -3, -4])], outputs: [f([1, 2, 2, 1], [0, 1, -2, -1])] },
  { name: 'FloorModFloatBroadcast', inputs: [f([1, 2, 2, 1], [10, -9, -11, 7]), f([1], [-3])], outputs: [f([1, 2, 2, 1], [-2, 0, -2, -2])] },
  { name: 'zero divisor gives NaN (fmodf), no error', inputs: [f([2], [1, -1]), f([2], [0, 0])], outputs: [f([2], [NaN, NaN])] },
]);
floatBitsTable('FLOOR_MOD (TFLM reference, bit-exact)', FLOOR_MOD, binaryFloatGoldens('FLOOR_MOD'));
kernelTable('FLOOR_MOD (rejections)', FLOOR_MOD, binaryFloatRejections());
