/** FLOOR_DIV: TFLM floor_div_test cases, bit-exact reference goldens, division by zero at invoke, rejections. */
import { FLOOR_DIV } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';
import { binaryFloatGoldens, binaryFloatRejections, floatBitsTable } from '../helpers/elementwise.js';

const f = (shape: number[], data?: number[]) => ({ type: T.FLOAT32, shape, data });
kernelTable('FLOOR_DIV (TFLM floor_div_test)', FLOOR_DIV, [
  { name: 'FloorDivTestSimpleFloat', inputs: [f([1, 2, 2, 1], [10.05, 9.09, 11.9, 3.01]), f([1, 2, 2, 1], [2.05, 2.03, 3.03, 4.03])], outputs: [f([1, 2, 2, 1], [4, 4, 3, 0])] },
  { name: 'FloorDivTestNegativeValueFloat', inputs: [f([1, 2, 2, 1], [10.03, -9.9, -11, 7]), f([1, 2, 2, 1], [2, 2.3, -3, -4.1])], outputs: [f([1, 2, 2, 1], [5, -5, 3, -2])] },
  { name: 'FloorDivTestBroadcastFloat', inputs: [f([1, 2, 2, 1], [10.03, -9.9, -11, 7]), f([1], [-3.3])], outputs: [f([1, 2, 2, 1], [-4, 2, 3, -3])] },
  { name: 'divisor broadcast along rows', inputs: [f([2, 3], [7, 8, 9, -7, -8, -9]), f([2, 1], [2, -4])], outputs: [f([2, 3], [3, 4, 4, 1, 2, 2])] },
]);
floatBitsTable('FLOOR_DIV (TFLM reference, bit-exact)', FLOOR_DIV, binaryFloatGoldens('FLOOR_DIV'));
kernelTable('FLOOR_DIV (division by zero, rejections)', FLOOR_DIV, [
  { name: 'a zero divisor fails at invoke (Division by 0)', inputs: [f([3], [1, 2, 3]), f([3], [1, 0, 2])], outputs: [f([3])], expectError: /Division by 0/ },
  { name: '-0 divisor fails too', inputs: [f([1], [1]), f([1], [-0])], outputs: [f([1])], expectError: /Division by 0/ },
  { name: 'constant zero divisor fails at invoke', inputs: [f([2], [1, 2]), { ...f([1], [0]), constant: true }], outputs: [f([2])], expectError: /Division by 0/ },
  ...binaryFloatRejections(),
]);
