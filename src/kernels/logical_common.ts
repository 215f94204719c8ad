import { TensorType, tensorTypeName } from '../model/types.js';
import type { OpKernel } from '../runtime/kernel.js';
import type { BroadcastPlan } from './internal/binary_broadcast.js';
import { logicalBinary } from './internal/logical.js';
import { binaryPlan } from './comparison_common.js';
import { expectArity } from './util.js';

export interface LogicalData {
  plan: BroadcastPlan | null;
}

/**
 * The kernel of LOGICAL_AND (and = true) and LOGICAL_OR: bool inputs and output, broadcasting. TFLM
 * registers these without Prepare (Eval reads every tensor as bool); we check what it assumes: two BOOL
 * inputs, a BOOL output, shapes that broadcast to the output.
 */
export function logicalKernel(and: boolean): OpKernel<undefined, LogicalData> {
  return {
    init() {
      return { plan: null };
    },
    prepare(ctx) {
      expectArity(ctx, 2, 1);
      const a = ctx.input(0);
      const b = ctx.input(1);
      const out = ctx.output(0);
      for (const [t, what] of [[a, 'input1'], [b, 'input2'], [out, 'output']] as const) {
        if (t.type !== TensorType.BOOL) ctx.fail(`${what} type ${tensorTypeName(t.type)} is not BOOL`);
      }
      ctx.data.plan = binaryPlan(ctx, a, b, out);
    },
    invoke(ctx) {
      logicalBinary(and, ctx.inputs[0]!.data as Uint8Array, ctx.inputs[1]!.data as Uint8Array, ctx.outputs[0]!.data as Uint8Array, ctx.data.plan!);
    },
  };
}
