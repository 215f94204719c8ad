import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { maxMinKernel, type MaxMinData } from './maximum_minimum_common.js';

/** MAXIMUM: elementwise max with broadcasting; float32, int8, int16, int32, int64. */
export const MAXIMUM = defineOp<undefined, MaxMinData>({
  name: 'MAXIMUM',
  code: BuiltinOperator.MAXIMUM,
  ...maxMinKernel(true),
});
