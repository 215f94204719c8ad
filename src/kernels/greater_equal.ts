import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { comparisonKernel, type ComparisonData } from './comparison_common.js';
import { Compare } from './internal/comparisons.js';

/** GREATER_EQUAL: elementwise a >= b with broadcasting to a BOOL output; float32, int32, int64, int8 (rescaled). */
export const GREATER_EQUAL = defineOp<undefined, ComparisonData>({
  name: 'GREATER_EQUAL',
  code: BuiltinOperator.GREATER_EQUAL,
  ...comparisonKernel(Compare.GREATER_EQUAL, [TensorType.FLOAT32, TensorType.INT32, TensorType.INT64, TensorType.INT8]),
});
