import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { comparisonKernel, type ComparisonData } from './comparison_common.js';
import { Compare } from './internal/comparisons.js';

/** NOT_EQUAL: elementwise a != b with broadcasting to a BOOL output; bool, float32, int32, int64, int8 (rescaled). */
export const NOT_EQUAL = defineOp<undefined, ComparisonData>({
  name: 'NOT_EQUAL',
  code: BuiltinOperator.NOT_EQUAL,
  ...comparisonKernel(Compare.NOT_EQUAL, [TensorType.BOOL, TensorType.FLOAT32, TensorType.INT32, TensorType.INT64, TensorType.INT8]),
});
