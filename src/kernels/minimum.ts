import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { maxMinKernel, type MaxMinData } from './maximum_minimum_common.js';

/** MINIMUM: elementwise min with broadcasting; float32, int8, int16, int32, int64. */
export const MINIMUM = defineOp<undefined, MaxMinData>({
  name: 'MINIMUM',
  code: BuiltinOperator.MINIMUM,
  ...maxMinKernel(false),
});
