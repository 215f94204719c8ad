import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { argMinMaxKernel, type ArgMinMaxData } from './arg_min_max_common.js';

/** ARG_MIN: float32 and int8 input, INT32 axis and output (TFLM's set); first index wins ties. */
export const ARG_MIN = defineOp<undefined, ArgMinMaxData>({ name: 'ARG_MIN', code: BuiltinOperator.ARG_MIN, ...argMinMaxKernel(false) });
