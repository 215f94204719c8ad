import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { averagePoolFloat, averagePoolInt } from './internal/pooling.js';
import { initPool, parsePoolOptions, preparePool, type PoolData, type PoolOptions } from './pooling_common.js';

/**
 * AVERAGE_POOL_2D: float32, int8, int16 (input and output share scale and zero point). Windows are clipped to
 * the input (padding is not counted); int averages round half away from zero.
 */
export const AVERAGE_POOL_2D = defineOp<PoolOptions, PoolData>({
  name: 'AVERAGE_POOL_2D',
  code: BuiltinOperator.AVERAGE_POOL_2D,
  parseOptions: parsePoolOptions,
  init: initPool,
  prepare: preparePool,
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    if (d.type === TensorType.FLOAT32) averagePoolFloat(d.params, input.data as Float32Array, output.data as Float32Array);
    else averagePoolInt(d.params, input.data as Int8Array | Int16Array, output.data as Int8Array | Int16Array);
  },
});
