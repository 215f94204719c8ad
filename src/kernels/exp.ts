import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** EXP: float32 only (exp.cc; output dims must equal the input's), glibc's expf. */
export const EXP = defineOp({
  name: 'EXP',
  code: BuiltinOperator.EXP,
  ...floatUnaryKernel(UnaryFloat.EXP, 'exact'),
});
