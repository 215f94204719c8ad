/** ZEROS_LIKE: TFLM zeros_like_test cases (float32, int8, int32, int64), edges, and rejections. */
import { ZEROS_LIKE } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';

kernelTable('ZEROS_LIKE', ZEROS_LIKE, [
  { name: 'zeros_like_test TestZerosLikeInt32', inputs: [{ type: T.INT32, shape: [1, 2, 2, 1], data: [-2, -1, 0, 3] }], outputs: [{ type: T.INT32, shape: [1, 2, 2, 1], data: [0, 0, 0, 0] }] },
  {
    name: 'zeros_like_test TestZerosLikeInt64',
    inputs: [{ type: T.INT64, shape: [1, 2, 2, 1], data: [-2n, -1n, 0n, 3n] }],
    outputs: [{ type: T.INT64, shape: [1, 2, 2, 1], data: [0n, 0n, 0n, 0n] }],
  },
  { name: 'zeros_like_test TestZerosLikeFloat', inputs: [{ type: T.FLOAT32, shape: [2, 3], data: [-2, -1, 0, 1, 2, 3] }], outputs: [{ type: T.FLOAT32, shape: [2, 3], data: [0, 0, 0, 0, 0, 0] }] },
  { name: 'zeros_like_test TestZerosLikeInt8', inputs: [{ type: T.INT8, shape: [1, 2, 3], data: [-2, -1, 0, 1, 2, 3] }], outputs: [{ type: T.INT8, shape: [1, 2, 3], data: [0, 0, 0, 0, 0, 0] }] },
  {
    name: 'int8 (zero is the raw 0, whatever the zero point)',
    inputs: [{ type: T.INT8, shape: [3], data: [-128, 5, 127], scale: 0.5, zeroPoint: 7 }],
    outputs: [{ type: T.INT8, shape: [3], data: [0, 0, 0], scale: 0.5, zeroPoint: 7 }],
  },
  { name: 'constant input', inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2], constant: true }], outputs: [{ type: T.FLOAT32, shape: [2], data: [0, 0] }] },
  { name: 'empty', inputs: [{ type: T.INT32, shape: [0, 4], data: [] }], outputs: [{ type: T.INT32, shape: [0, 4], data: [] }] },
  { name: 'int16 is not supported', inputs: [{ type: T.INT16, shape: [2], data: [1, 2] }], outputs: [{ type: T.INT16, shape: [2] }], expectError: /only currently supports/ },
  { name: 'bool is not supported', inputs: [{ type: T.BOOL, shape: [2], data: [1, 0] }], outputs: [{ type: T.BOOL, shape: [2] }], expectError: /only currently supports/ },
  { name: 'output type differs', inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }], outputs: [{ type: T.FLOAT32, shape: [2] }], expectError: /output type/ },
  { name: 'output element count differs', inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }], outputs: [{ type: T.INT32, shape: [3] }], expectError: /output shape/ },
  { name: 'two inputs', inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }, { type: T.INT32, shape: [2], data: [1, 2] }], outputs: [{ type: T.INT32, shape: [2] }], expectError: /inputs/ },
]);
