import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** SQRT: float32 only (elementwise.cc), correctly rounded sqrtf. */
export const SQRT = defineOp({
  name: 'SQRT',
  code: BuiltinOperator.SQRT,
  ...floatUnaryKernel(UnaryFloat.SQRT, 'count'),
});
