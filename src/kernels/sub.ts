import { BuiltinOperator, BuiltinOptions } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { newAddSubData, prepareAddSubQuantized, type AddSubData } from './add_sub_common.js';
import { arithmeticOptionsParser, isQuantized, prepareArithmetic, type ArithmeticOptions } from './arithmetic_common.js';
import { addSubInt8Row, subFloatRow, subInt16Row, subInt32Row } from './internal/arithmetic.js';
import { runBroadcast } from './internal/broadcast.js';

/**
 * SUB (input1 - input2) with broadcasting up to rank 6: float32; int32 (unquantized, with the fused
 * activation's int32 range); int8 (left shift 20) and int16 (left shift 15, general scales) with multipliers
 * computed in float as sub_common.cc does.
 */
export const SUB = defineOp<ArithmeticOptions, AddSubData>({
  name: 'SUB',
  code: BuiltinOperator.SUB,
  parseOptions: arithmeticOptionsParser(BuiltinOptions.SubOptions),
  init: newAddSubData,
  prepare(ctx) {
    const { a, b, out } = prepareArithmetic(ctx, true);
    const d = ctx.data;
    if (d.kind === TensorType.INT32) {
      // Only unquantized int32 SUB is supported (sub_common.cc).
      if (isQuantized(a) || isQuantized(b) || isQuantized(out)) ctx.fail('int32 SUB supports unquantized tensors only');
    } else if (d.kind !== TensorType.FLOAT32) {
      prepareAddSubQuantized(ctx, a, b, out, 'sub');
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const a = ctx.inputs[0]!.data;
    const b = ctx.inputs[1]!.data;
    const o = ctx.outputs[0]!.data;
    switch (d.kind) {
      case TensorType.INT8:
        // The int8 tables hold -scaled_2 for SUB: the ADD row computes scaled_1 - scaled_2.
        runBroadcast(d.plan, addSubInt8Row, d.q, a as Int8Array, b as Int8Array, o as Int8Array);
        break;
      case TensorType.INT16:
        runBroadcast(d.plan, subInt16Row, d.q, a as Int16Array, b as Int16Array, o as Int16Array);
        break;
      case TensorType.FLOAT32:
        runBroadcast(d.plan, subFloatRow, d.clamp, a as Float32Array, b as Float32Array, o as Float32Array);
        break;
      default:
        runBroadcast(d.plan, subInt32Row, d.clamp, a as Int32Array, b as Int32Array, o as Int32Array);
    }
  },
});
