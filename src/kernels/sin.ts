import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** SIN: float32 only (elementwise.cc), glibc's sinf (FMA build) bit for bit. */
export const SIN = defineOp({
  name: 'SIN',
  code: BuiltinOperator.SIN,
  ...floatUnaryKernel(UnaryFloat.SIN, 'count'),
});
