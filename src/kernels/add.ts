import { BuiltinOperator, BuiltinOptions } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { prepareAddSubQuantized, newAddSubData, type AddSubData } from './add_sub_common.js';
import { arithmeticOptionsParser, isQuantized, prepareArithmetic, type ArithmeticOptions } from './arithmetic_common.js';
import { addFloatRow, addInt16Row, addInt32Row, addSubInt8Row } from './internal/arithmetic.js';
import { runBroadcast } from './internal/broadcast.js';
import { INT32_MAX, INT32_MIN } from './internal/quantization.js';

/**
 * ADD with broadcasting up to rank 6: float32; int32 (unquantized, no fused activation: TFLM clamps to the
 * int32 range whatever the option says); int8 (left shift 20) and int16 (left shift 15, general scales) with
 * per-input and output multipliers computed in double (add_common.cc).
 */
export const ADD = defineOp<ArithmeticOptions, AddSubData>({
  name: 'ADD',
  code: BuiltinOperator.ADD,
  parseOptions: arithmeticOptionsParser(BuiltinOptions.AddOptions),
  init: newAddSubData,
  prepare(ctx) {
    const { a, b, out } = prepareArithmetic(ctx, true);
    const d = ctx.data;
    if (d.kind === TensorType.INT32) {
      // Only unquantized int32 ADD is supported (add.cc); EvalAdd clamps to [INT32_MIN, INT32_MAX] whatever
      // the fused activation.
      if (isQuantized(a) || isQuantized(b)) ctx.fail('int32 ADD supports unquantized inputs only');
      d.clamp.min = INT32_MIN;
      d.clamp.max = INT32_MAX;
    } else if (d.kind !== TensorType.FLOAT32) {
      prepareAddSubQuantized(ctx, a, b, out, 'add');
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const a = ctx.inputs[0]!.data;
    const b = ctx.inputs[1]!.data;
    const o = ctx.outputs[0]!.data;
    switch (d.kind) {
      case TensorType.INT8:
        runBroadcast(d.plan, addSubInt8Row, d.q, a as Int8Array, b as Int8Array, o as Int8Array);
        break;
      case TensorType.INT16:
        runBroadcast(d.plan, addInt16Row, d.q, a as Int16Array, b as Int16Array, o as Int16Array);
        break;
      case TensorType.FLOAT32:
        runBroadcast(d.plan, addFloatRow, d.clamp, a as Float32Array, b as Float32Array, o as Float32Array);
        break;
      default:
        runBroadcast(d.plan, addInt32Row, d.clamp, a as Int32Array, b as Int32Array, o as Int32Array);
    }
  },
});
