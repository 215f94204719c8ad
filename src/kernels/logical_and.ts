import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { logicalKernel, type LogicalData } from './logical_common.js';

/** LOGICAL_AND: elementwise a && b on BOOL tensors, with broadcasting. */
export const LOGICAL_AND = defineOp<undefined, LogicalData>({
  name: 'LOGICAL_AND',
  code: BuiltinOperator.LOGICAL_AND,
  ...logicalKernel(true),
});
