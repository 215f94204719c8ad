import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import type { BroadcastPlan } from './internal/binary_broadcast.js';
import { floorModFloat } from './internal/binary_math.js';
import { binaryPlan } from './comparison_common.js';
import { expectArity } from './util.js';

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
    expectArity(ctx, 2, 1);
    const a = ctx.input(0);
    const b = ctx.input(1);
    const out = ctx.output(0);
    if (b.type !== a.type) ctx.fail(`input2 type ${tensorTypeName(b.type)} differs from input1 type ${tensorTypeName(a.type)}`);
    if (out.type !== a.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(a.type)}`);
    if (a.type !== TensorType.FLOAT32) ctx.fail(`Type '${tensorTypeName(a.type)}' is not supported by FLOOR_MOD (FLOAT32 only)`);
    ctx.data.plan = binaryPlan(ctx, a, b, out);
  },
  invoke(ctx) {
    floorModFloat(ctx.inputs[0]!.data as Float32Array, ctx.inputs[1]!.data as Float32Array, ctx.outputs[0]!.data as Float32Array, ctx.data.plan!);
  },
});
