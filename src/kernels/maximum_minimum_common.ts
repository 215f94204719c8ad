import { TensorType, tensorTypeName } from '../model/types.js';
import type { KernelContext, OpKernel } from '../runtime/kernel.js';
import { planBroadcast, type BroadcastPlan } from './internal/binary_broadcast.js';
import { maximumMinimum, maximumMinimumInt64 } from './internal/maximum_minimum.js';
import { expectArity, expectType, flatSize } from './util.js';

export interface MaxMinData {
  plan: BroadcastPlan | null;
  int64: boolean;
}

/**
 * Shared kernel of MAXIMUM and MINIMUM (TFLM maximum_minimum.cc): float32, int8, int16, int32 and int64, with
 * broadcasting. Quantized inputs are compared raw (TFLM does not requantize: the converter gives inputs and
 * output the same scale). TFLM has no Prepare for these ops; the checks here reject what its Eval would
 * misread (mismatched types, incompatible shapes).
 */
export function maxMinKernel(isMax: boolean): OpKernel<undefined, MaxMinData> {
  return {
    init() {
      return { plan: null, int64: false };
    },
    prepare(ctx: KernelContext<undefined, MaxMinData>) {
      expectArity(ctx, 2, 1);
      const a = ctx.input(0);
      const b = ctx.input(1);
      const out = ctx.output(0);
      expectType(ctx, out, 'output', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.INT64);
      if (a.type !== out.type || b.type !== out.type)
        ctx.fail(`input types ${tensorTypeName(a.type)}, ${tensorTypeName(b.type)} must equal the output type ${tensorTypeName(out.type)}`);
      let plan: BroadcastPlan | string;
      if (a.shape.length === b.shape.length && a.shape.every((v, i) => v === b.shape[i])) {
        // Identical input shapes: TFLM runs elementwise over the flat size.
        const n = flatSize(a.shape);
        if (flatSize(out.shape) !== n) ctx.fail(`output has ${flatSize(out.shape)} elements, inputs have ${n}`);
        plan = planBroadcast([n], [n], [n]);
      } else {
        plan = planBroadcast(a.shape, b.shape, out.shape);
      }
      if (typeof plan === 'string') ctx.fail(plan);
      ctx.data.plan = plan;
      ctx.data.int64 = out.type === TensorType.INT64;
    },
    invoke(ctx: KernelContext<undefined, MaxMinData>) {
      const d = ctx.data;
      const a = ctx.inputs[0]!.data;
      const b = ctx.inputs[1]!.data;
      const out = ctx.outputs[0]!.data;
      if (d.int64) maximumMinimumInt64(isMax, a as BigInt64Array, b as BigInt64Array, out as BigInt64Array, d.plan!);
      else maximumMinimum(isMax, a as Int32Array, b as Int32Array, out as Int32Array, d.plan!);
    },
  };
}
