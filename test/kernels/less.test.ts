/** LESS: TFLM comparisons_test cases, C++ reference goldens (int8), NaN, int64, broadcasting, rejections. */
import { LESS } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { comparisonSuite } from '../helpers/elementwise.js';

comparisonSuite(LESS, 'Less', {
  float: [0, 0, 0, 1],
  intB: [1, 2, 6, 5],
  int: [1, 0, 0, 1],
  broadcast: [1, 0, 0, 1],
  twoDA: [-1, 9, 7, 3, 2, 4, 6, 8],
  broadcastTwoD: [1, 0, 0, 1, 1, 0, 0, 0],
  quantizedBroadcast: [0, 1, 1, 0, 0, 0],
  nan: [0, 0, 0],
}, [T.FLOAT32, T.INT32, T.INT64, T.INT8]);
