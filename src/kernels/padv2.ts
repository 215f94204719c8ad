import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { padKernel } from './pad.js';

/** PADV2: PAD with a constant_values scalar input (TFLM registers the same kernel for both). */
export const PADV2 = defineOp({ name: 'PADV2', code: BuiltinOperator.PADV2, ...padKernel });
