/** LOGICAL_NOT: TFLM elementwise_test case, edges, rejections. */
import { LOGICAL_NOT } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';

const b = (shape: number[], data?: number[]) => ({ type: T.BOOL, shape, data });
kernelTable('LOGICAL_NOT', LOGICAL_NOT, [
  { name: 'elementwise_test LogicalNot', inputs: [b([2, 2], [1, 0, 0, 1])], outputs: [b([2, 2], [0, 1, 1, 0])] },
  { name: 'scalar', inputs: [b([], [0])], outputs: [b([], [1])] },
  { name: 'nonzero bytes other than 1 read as true', inputs: [b([2], [7, 0])], outputs: [b([2], [0, 1])] },
  { name: 'empty', inputs: [b([0], [])], outputs: [b([0], [])] },
  { name: 'float input', inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 0] }], outputs: [{ type: T.FLOAT32, shape: [2] }], expectError: /not supported/ },
  { name: 'output type differs', inputs: [b([2], [1, 0])], outputs: [{ type: T.INT8, shape: [2] }], expectError: /output type/ },
  { name: 'output element count differs', inputs: [b([2], [1, 0])], outputs: [b([3])], expectError: /output shape/ },
  { name: 'two inputs', inputs: [b([2], [1, 0]), b([2], [1, 0])], outputs: [b([2])], expectError: /inputs/ },
]);
