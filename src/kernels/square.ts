import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { UnaryFloat } from './internal/elementwise.js';
import { floatUnaryKernel } from './unary_common.js';

/** SQUARE: float32 only (elementwise.cc): x * x in float. */
export const SQUARE = defineOp({
  name: 'SQUARE',
  code: BuiltinOperator.SQUARE,
  ...floatUnaryKernel(UnaryFloat.SQUARE, 'count'),
});
