import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { comparisonKernel, type ComparisonData } from './comparison_common.js';
import { Compare } from './internal/comparisons.js';

/** LESS_EQUAL: elementwise a <= b with broadcasting to a BOOL output; float32, int32, int64, int8 (rescaled). */
export const LESS_EQUAL = defineOp<undefined, ComparisonData>({
  name: 'LESS_EQUAL',
  code: BuiltinOperator.LESS_EQUAL,
  ...comparisonKernel(Compare.LESS_EQUAL, [TensorType.FLOAT32, TensorType.INT32, TensorType.INT64, TensorType.INT8]),
});
