import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import type { BroadcastPlan } from './internal/binary_broadcast.js';
import { floorModFloat } from './internal/binary_math.js';
import { prepareFloatBinary } from './comparison_common.js';

interface FloorModData {
  plan: BroadcastPlan | null;
}

/**
 * FLOOR_MOD (floor_mod.cc): float32 only, the remainder of floor division (sign of the divisor) with
 * broadcasting. Input and output types must agree (TFLM's Prepare); other types fail in TFLM's Eval, here in
 * prepare. A zero divisor gives NaN (fmodf), as in TFLM, which does not check it.
 */
export const FLOOR_MOD = defineOp<undefined, FloorModData>({
  name: 'FLOOR_MOD',
  code: BuiltinOperator.FLOOR_MOD,
  init() {
    return { plan: null };
  },
  prepare(ctx) {
    ctx.data.plan = prepareFloatBinary(ctx, 'FLOOR_MOD');
  },
  invoke(ctx) {
    floorModFloat(ctx.inputs[0]!.data as Float32Array, ctx.inputs[1]!.data as Float32Array, ctx.outputs[0]!.data as Float32Array, ctx.data.plan!);
  },
});
