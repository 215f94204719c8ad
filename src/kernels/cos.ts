import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** COS: float32 only (elementwise.cc), glibc's cosf (FMA build) bit for bit. */
export const COS = defineOp({
  name: 'COS',
  code: BuiltinOperator.COS,
  ...floatUnaryKernel(UnaryFloat.COS, 'count'),
});
