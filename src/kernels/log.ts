import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** LOG: float32 only (elementwise.cc), glibc's logf (FMA build) bit for bit; log(0) = -inf, log(x < 0) = NaN. */
export const LOG = defineOp({
  name: 'LOG',
  code: BuiltinOperator.LOG,
  ...floatUnaryKernel(UnaryFloat.LOG, 'count'),
});
