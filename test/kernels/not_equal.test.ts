/** NOT_EQUAL: TFLM comparisons_test cases, C++ reference goldens (int8), NaN, int64, broadcasting, rejections. */
import { NOT_EQUAL } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { comparisonSuite } from '../helpers/elementwise.js';

comparisonSuite(NOT_EQUAL, 'NotEqual', {
  bool: [0, 1, 1, 0],
  float: [0, 1, 1, 1],
  int: [1, 1, 0, 1],
  broadcast: [1, 1, 0, 1],
  broadcastTwoD: [1, 1, 1, 1, 1, 1, 0, 1],
  quantizedSame: [0, 1, 0, 1],
  quantizedSameB: [1, 2, 7, 5],
  quantizedBroadcast: [1, 1, 1, 0, 1, 1],
  nan: [1, 1, 1],
}, [T.BOOL, T.FLOAT32, T.INT32, T.INT64, T.INT8]);
