import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** FLOOR: float32 only (floor.cc, which has no Prepare: its Eval rejects other types; we reject them in prepare). */
export const FLOOR = defineOp({
  name: 'FLOOR',
  code: BuiltinOperator.FLOOR,
  ...floatUnaryKernel(UnaryFloat.FLOOR, 'count'),
});
