import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { spaceBatchKernel, type SpaceBatchData } from './space_batch_common.js';

/** BATCH_TO_SPACE_ND: float32 and int8, rank 3 (NHC) or 4 (NHWC); block_shape and crops INT32, read at invoke. */
export const BATCH_TO_SPACE_ND = defineOp<undefined, SpaceBatchData>({
  name: 'BATCH_TO_SPACE_ND',
  code: BuiltinOperator.BATCH_TO_SPACE_ND,
  ...spaceBatchKernel(true),
});
