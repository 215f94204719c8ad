import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { tanhFloat, tanhInt16, tanhInt8 } from './internal/logistic_tanh.js';
import { newLogisticTanhData, prepareLogisticTanh, type LogisticTanhData } from './logistic_tanh_common.js';
import { expectArity } from './util.js';

/** int16: the input scales 2^-(12 - s) taken as exact powers of two (int16InputScaling). */
const POT_SHIFTS: readonly number[] = [0, 1];

/**
 * TANH: float32; int8 in gemmlowp fixed point (output read as Q0.7: scale 1/128, zero point 0 by
 * convention; TFLM does not check it); int16 (zero points 0, output scale 2^-15) with TFLM's interpolated
 * sigmoid table.
 */
export const TANH = defineOp<undefined, LogisticTanhData>({
  name: 'TANH',
  code: BuiltinOperator.TANH,
  init: newLogisticTanhData,
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    prepareLogisticTanh(ctx, null, POT_SHIFTS);
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    const n = input.elementCount;
    if (d.type === TensorType.FLOAT32) tanhFloat(input.data as Float32Array, output.data as Float32Array, n);
    else if (d.type === TensorType.INT8) tanhInt8(d.p, d.mbqm, input.data as Int8Array, output.data as Int8Array, n);
    else tanhInt16(d.p.inputMultiplier, d.p.inputLeftShift, input.data as Int16Array, output.data as Int16Array, n);
  },
});
