/** LESS_EQUAL: TFLM comparisons_test cases, C++ reference goldens (int8), NaN, int64, broadcasting, rejections. */
import { LESS_EQUAL } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { comparisonSuite } from '../helpers/elementwise.js';

comparisonSuite(LESS_EQUAL, 'LessEqual', {
  float: [1, 0, 0, 1],
  int: [1, 0, 1, 1],
  broadcast: [1, 0, 1, 1],
  broadcastTwoD: [1, 0, 0, 1, 1, 0, 1, 0],
  quantizedBroadcast: [0, 1, 1, 1, 0, 0],
  nan: [0, 0, 0],
}, [T.FLOAT32, T.INT32, T.INT64, T.INT8]);
