/**
 * Op data and quantized prepare shared by ADD and SUB (TFLM's OpDataAdd / OpDataSub and
 * CalculateOpDataAdd / CalculateOpDataSub).
 */
import { TensorType } from '../model/types.js';
import type { KernelContext, Tensor } from '../runtime/kernel.js';
import type { ArithmeticData, ArithmeticOptions } from './arithmetic_common.js';
import { fillInt8AddTables, type AddSubQuantParams } from './internal/arithmetic.js';
import { newBroadcastPlan } from './internal/broadcast.js';
import {
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierFor,
  quantizeMultiplierSmallerThanOneExp,
} from './internal/quantization.js';
import { activationRange, quantParams } from './util.js';

export interface AddSubData extends ArithmeticData {
  q: AddSubQuantParams;
}

const EMPTY = new Int32Array(0);

export function newAddSubData(): AddSubData {
  return {
    kind: TensorType.FLOAT32,
    plan: newBroadcastPlan(),
    q: {
      leftShift: 0, input1Offset: 0, input1Multiplier: 0, input1Shift: 0, input2Offset: 0, input2Multiplier: 0,
      input2Shift: 0, outputOffset: 0, outputMultiplier: 0, outputShift: 0, actMin: 0, actMax: 0,
      mbqm: multiplyByQuantizedMultiplier, table1: EMPTY, table2: EMPTY,
    },
    clamp: { min: 0, max: 0 },
  };
}

/**
 * Quantized (int8 / int16) ADD or SUB parameters. Both use left shift 20 (int8) or 15 (int16) and
 * QuantizeMultiplierSmallerThanOneExp for the three multipliers, but compute the real multipliers differently:
 *  - ADD (add_common.cc) in double: twice = 2 * double(max(s1, s2)); r_k = double(s_k) / twice;
 *    r_out = twice / (2^left_shift * double(s_out)).
 *  - SUB (sub_common.cc) in float:  twice = float(2 * max(s1, s2)); r_k = double(float(s_k / twice));
 *    r_out = double(float(twice / float(2^left_shift * s_out))).
 * The multiplier checks (0 < r < 1) of QuantizeMultiplierSmallerThanOneExp abort TFLM; here they fail prepare.
 * TFLM checks no zero points for these ops (int16 offsets are only DCHECKed to be 0), so neither do we.
 */
export function prepareAddSubQuantized(
  ctx: KernelContext<ArithmeticOptions, AddSubData>,
  a: Tensor,
  b: Tensor,
  out: Tensor,
  op: 'add' | 'sub',
): void {
  const q = ctx.data.q;
  const aQ = quantParams(ctx, a, 'input1');
  const bQ = quantParams(ctx, b, 'input2');
  const oQ = quantParams(ctx, out, 'output');
  q.input1Offset = -aQ.zeroPoint;
  q.input2Offset = -bQ.zeroPoint;
  q.outputOffset = oQ.zeroPoint;
  q.leftShift = out.type === TensorType.INT16 ? 15 : 20;
  const s1 = Math.fround(aQ.scale);
  const s2 = Math.fround(bQ.scale);
  const so = Math.fround(oQ.scale);
  const pot = 2 ** q.leftShift;
  let r1: number;
  let r2: number;
  let ro: number;
  if (op === 'add') {
    const twice = 2 * Math.max(s1, s2);
    r1 = s1 / twice;
    r2 = s2 / twice;
    ro = twice / (pot * so);
  } else {
    const f = Math.fround;
    const twice = f(2 * Math.max(s1, s2));
    r1 = f(s1 / twice);
    r2 = f(s2 / twice);
    ro = f(twice / f(pot * so));
  }
  const m1 = quantizeMultiplierSmallerThanOneExp(r1);
  const m2 = quantizeMultiplierSmallerThanOneExp(r2);
  const mo = quantizeMultiplierSmallerThanOneExp(ro);
  q.input1Multiplier = m1.multiplier;
  q.input1Shift = m1.shift;
  q.input2Multiplier = m2.multiplier;
  q.input2Shift = m2.shift;
  q.outputMultiplier = mo.multiplier;
  q.outputShift = mo.shift;
  // With TFLITE_SINGLE_ROUNDING, MultiplyByQuantizedMultiplierSmallerThanOneExp is the single-rounding
  // MultiplyByQuantizedMultiplier; by default it is the double-rounding one (identical for shift <= 0).
  q.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
  const r = activationRange(ctx, ctx.options.activation, out);
  q.actMin = r.min;
  q.actMax = r.max;
  if (out.type === TensorType.INT8) {
    if (q.table1.length !== 256) {
      q.table1 = new Int32Array(256);
      q.table2 = new Int32Array(256);
    }
    fillInt8AddTables(q, op === 'sub');
  }
}
