import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** CEIL: float32 only (ceil.cc; output dims must equal the input's). */
export const CEIL = defineOp({
  name: 'CEIL',
  code: BuiltinOperator.CEIL,
  ...floatUnaryKernel(UnaryFloat.CEIL, 'exact'),
});
