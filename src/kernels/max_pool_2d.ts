import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { maxPool } from './internal/pooling.js';
import { FLT_MAX } from './internal/quantization.js';
import { initPool, parsePoolOptions, preparePool, type PoolData, type PoolOptions } from './pooling_common.js';

/** std::numeric_limits<float>::lowest(), the float32 window maximum's start. */
const LOWEST_FLOAT = -FLT_MAX;

/** MAX_POOL_2D: float32, int8, int16 (input and output share scale and zero point). */
export const MAX_POOL_2D = defineOp<PoolOptions, PoolData>({
  name: 'MAX_POOL_2D',
  code: BuiltinOperator.MAX_POOL_2D,
  parseOptions: parsePoolOptions,
  init: initPool,
  prepare: preparePool,
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!.data as Float32Array | Int8Array | Int16Array;
    const output = ctx.outputs[0]!.data as Float32Array | Int8Array | Int16Array;
    // A constant argument: a computed non-integer number passed to a call would be boxed (allocated) per invoke.
    if (d.type === TensorType.FLOAT32) maxPool(d.params, input, output, LOWEST_FLOAT);
    else maxPool(d.params, input, output, d.type === TensorType.INT8 ? -128 : -32768);
  },
});
