import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { comparisonKernel, type ComparisonData } from './comparison_common.js';
import { Compare } from './internal/comparisons.js';

/** GREATER: elementwise a > b with broadcasting to a BOOL output; float32, int32, int64, int8 and int16 (rescaled). */
export const GREATER = defineOp<undefined, ComparisonData>({
  name: 'GREATER',
  code: BuiltinOperator.GREATER,
  ...comparisonKernel(Compare.GREATER, [TensorType.FLOAT32, TensorType.INT32, TensorType.INT64, TensorType.INT8, TensorType.INT16]),
});
