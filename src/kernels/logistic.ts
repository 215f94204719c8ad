import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { logisticFloat, logisticInt16, logisticInt8 } from './internal/logistic_tanh.js';
import { newLogisticTanhData, prepareLogisticTanh, type LogisticTanhData } from './logistic_tanh_common.js';

/** int16: the input scales 2^-(12 - s) taken as exact powers of two (int16InputScaling). */
const POT_SHIFTS: readonly number[] = [0];

/**
 * LOGISTIC: float32; int8 (output zero point -128, scale 1/256 by convention) in gemmlowp fixed point; int16
 * (zero points 0, output scale 2^-15) with TFLM's interpolated sigmoid table.
 */
export const LOGISTIC = defineOp<undefined, LogisticTanhData>({
  name: 'LOGISTIC',
  code: BuiltinOperator.LOGISTIC,
  init: newLogisticTanhData,
  prepare(ctx) {
    // TFLM's LogisticPrepare checks no input/output counts (TANH's does).
    prepareLogisticTanh(ctx, -128, POT_SHIFTS);
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    const n = input.elementCount;
    if (d.type === TensorType.FLOAT32) logisticFloat(input.data as Float32Array, output.data as Float32Array, n);
    else if (d.type === TensorType.INT8) logisticInt8(d.p, d.mbqm, input.data as Int8Array, output.data as Int8Array, n);
    else logisticInt16(d.p.inputMultiplier, d.p.inputLeftShift, input.data as Int16Array, output.data as Int16Array, n);
  },
});
