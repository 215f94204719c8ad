import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import type { BroadcastPlan } from './internal/binary_broadcast.js';
import { firstZero, floorDivFloat } from './internal/binary_math.js';
import { binaryPlan } from './comparison_common.js';
import { expectArity } from './util.js';

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
    expectArity(ctx, 2, 1);
    const a = ctx.input(0);
    const b = ctx.input(1);
    const out = ctx.output(0);
    if (b.type !== a.type) ctx.fail(`input2 type ${tensorTypeName(b.type)} differs from input1 type ${tensorTypeName(a.type)}`);
    if (out.type !== a.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(a.type)}`);
    if (a.type !== TensorType.FLOAT32) ctx.fail(`Type '${tensorTypeName(a.type)}' is not supported by FLOOR_DIV (FLOAT32 only)`);
    ctx.data.plan = binaryPlan(ctx, a, b, out);
  },
  invoke(ctx) {
    const b = ctx.inputs[1]!;
    const zero = firstZero(b.data as Float32Array, b.elementCount);
    if (zero >= 0) ctx.fail(`Division by 0 (input2[${zero}])`);
    floorDivFloat(ctx.inputs[0]!.data as Float32Array, b.data as Float32Array, ctx.outputs[0]!.data as Float32Array, ctx.data.plan!);
  },
});
