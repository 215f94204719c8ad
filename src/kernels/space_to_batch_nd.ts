import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { spaceBatchKernel, type SpaceBatchData } from './space_batch_common.js';

/**
 * SPACE_TO_BATCH_ND: float32 and int8, rank 3 (NHC) or 4 (NHWC); block_shape and paddings INT32, read at
 * invoke. Padding is zero bytes (TFLM's never-set pad value), not the int8 zero point.
 */
export const SPACE_TO_BATCH_ND = defineOp<undefined, SpaceBatchData>({
  name: 'SPACE_TO_BATCH_ND',
  code: BuiltinOperator.SPACE_TO_BATCH_ND,
  ...spaceBatchKernel(false),
});
