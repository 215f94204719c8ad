/**
 * GREATER: TFLM comparisons_test cases (including int16 quantized with broadcast), C++ reference goldens
 * (int8, int16), NaN, int64, broadcasting, rejections.
 */
import { GREATER } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { comparisonSuite } from '../helpers/elementwise.js';

comparisonSuite(GREATER, 'Greater', {
  float: [0, 1, 1, 0],
  int: [0, 1, 0, 0],
  broadcast: [0, 1, 0, 0],
  broadcastTwoD: [0, 1, 1, 0, 0, 1, 0, 1],
  quantizedBroadcast: [1, 0, 0, 0, 1, 1],
  nan: [0, 0, 0],
}, [T.FLOAT32, T.INT32, T.INT64, T.INT8, T.INT16]);
