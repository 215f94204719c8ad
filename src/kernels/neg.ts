import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** NEG: float32 only (neg.cc, which has no Prepare: its Eval rejects other types; we reject them in prepare). */
export const NEG = defineOp({
  name: 'NEG',
  code: BuiltinOperator.NEG,
  ...floatUnaryKernel(UnaryFloat.NEG, 'count'),
});
