import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import type { BroadcastPlan } from './internal/binary_broadcast.js';
import { firstZero, floorDivFloat } from './internal/binary_math.js';
import { prepareFloatBinary } from './comparison_common.js';

interface FloorDivData {
  plan: BroadcastPlan | null;
}

/**
 * FLOOR_DIV (floor_div.cc): float32 only, floor(a / b) with broadcasting. Input and output types must agree
 * (TFLM's Prepare); other types fail in TFLM's Eval, here in prepare. Like TFLM, every invoke first scans the
 * divisor and fails ("Division by 0") if any element is zero, before computing anything.
 */
export const FLOOR_DIV = defineOp<undefined, FloorDivData>({
  name: 'FLOOR_DIV',
  code: BuiltinOperator.FLOOR_DIV,
  init() {
    return { plan: null };
  },
  prepare(ctx) {
    ctx.data.plan = prepareFloatBinary(ctx, 'FLOOR_DIV');
  },
  invoke(ctx) {
    const b = ctx.inputs[1]!;
    const zero = firstZero(b.data as Float32Array, b.elementCount);
    if (zero >= 0) ctx.fail(`Division by 0 (input2[${zero}])`);
    floorDivFloat(ctx.inputs[0]!.data as Float32Array, b.data as Float32Array, ctx.outputs[0]!.data as Float32Array, ctx.data.plan!);
  },
});
