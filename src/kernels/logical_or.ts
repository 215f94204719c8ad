import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { logicalKernel, type LogicalData } from './logical_common.js';

/** LOGICAL_OR: elementwise a || b on BOOL tensors, with broadcasting. */
export const LOGICAL_OR = defineOp<undefined, LogicalData>({
  name: 'LOGICAL_OR',
  code: BuiltinOperator.LOGICAL_OR,
  ...logicalKernel(false),
});
