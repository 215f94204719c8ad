import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** ROUND: float32 only (round.cc; output dims must equal the input's): round half to even. */
export const ROUND = defineOp({
  name: 'ROUND',
  code: BuiltinOperator.ROUND,
  ...floatUnaryKernel(UnaryFloat.ROUND, 'exact'),
});
