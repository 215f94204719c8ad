/** EQUAL: TFLM comparisons_test cases, C++ reference goldens (int8), NaN, int64, broadcasting, rejections. */
import { EQUAL } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { comparisonSuite } from '../helpers/elementwise.js';

comparisonSuite(EQUAL, 'Equal', {
  bool: [1, 0, 0, 1],
  float: [1, 0, 0, 0],
  int: [0, 0, 1, 0],
  broadcast: [0, 0, 1, 0],
  broadcastTwoD: [0, 0, 0, 0, 0, 0, 1, 0],
  quantizedSame: [0, 0, 1, 0],
  quantizedSameB: [-1, 2, 7, 5],
  quantizedBroadcast: [0, 0, 0, 1, 0, 0],
  nan: [0, 0, 0],
}, [T.BOOL, T.FLOAT32, T.INT32, T.INT64, T.INT8]);
