import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type KernelContext } from '../runtime/kernel.js';
import { cumSumFloat, cumSumInt8, type CumSumInt8Params } from './internal/cumsum.js';
import {
  calculateActivationRangeQuantized,
  multiplyByQuantizedMultiplierSmallerThanOneExp,
  multiplyByQuantizedMultiplierSmallerThanOneExpSingleRounding,
  quantizeMultiplierSmallerThanOneExp,
  type MultiplyByQuantizedMultiplierFn,
} from './internal/quantization.js';
import { Activation, expectArity, expectType, quantParams } from './util.js';

export interface CumSumOptions {
  exclusive: boolean;
  reverse: boolean;
}

export interface CumSumData {
  q: CumSumInt8Params;
  mbqm: MultiplyByQuantizedMultiplierFn;
  before: number;
  depth: number;
  after: number;
}

type Ctx = KernelContext<CumSumOptions, CumSumData>;

/** kCumSumIntegerShift. */
const LEFT_SHIFT = 20;

/** Resolve the axis (TFLM reads it at Eval and fails when it is out of range) into [before, depth, after]. */
function resolve(ctx: Ctx, axisValue: number): void {
  const shape = ctx.inputs[0]!.shape;
  const rank = shape.length;
  const axis = axisValue < 0 ? axisValue + rank : axisValue;
  if (axis < 0 || axis >= rank) ctx.fail(`invalid axis ${axisValue} for rank ${rank}`);
  const d = ctx.data;
  d.before = 1;
  d.after = 1;
  for (let i = 0; i < axis; i++) d.before *= shape[i]!;
  for (let i = axis + 1; i < rank; i++) d.after *= shape[i]!;
  d.depth = shape[axis]!;
}

/**
 * CUMSUM: float32 and int8 (TFLM's set), INT32 scalar axis (a non-constant one is read at invoke), output of
 * the input's type and shape. int8 rescales through 2^20 with TFLM's multipliers (input 0.5, output
 * 2 * input_scale / (2^20 * output_scale)).
 */
export const CUMSUM = defineOp<CumSumOptions, CumSumData>({
  name: 'CUMSUM',
  code: BuiltinOperator.CUMSUM,
  parseOptions(t) {
    // CumsumOptions: exclusive (0), reverse (1).
    return { exclusive: t ? t.bool(0, false) : false, reverse: t ? t.bool(1, false) : false };
  },
  init() {
    return {
      q: { inputOffset: 0, outputOffset: 0, leftShift: LEFT_SHIFT, inputMultiplier: 0, inputShift: 0, outputMultiplier: 0, outputShift: 0, actMin: -128, actMax: 127 },
      mbqm: multiplyByQuantizedMultiplierSmallerThanOneExp,
      before: 0,
      depth: 0,
      after: 0,
    };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const input = ctx.input(0);
    const axis = ctx.input(1);
    const output = ctx.output(0);
    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8);
    expectType(ctx, axis, 'axis', TensorType.INT32);
    if (axis.elementCount !== 1) ctx.fail(`axis must hold one element, has ${axis.elementCount}`);
    if (input.shape.length < 1) ctx.fail('input must have rank >= 1');
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    if (output.shape.length !== input.shape.length || output.shape.some((v, i) => v !== input.shape[i]))
      ctx.fail(`output [${output.shape.join(',')}] and input [${input.shape.join(',')}] differ in shape`);
    if (axis.isConstant) resolve(ctx, (axis.data as Int32Array)[0]!);
    if (input.type !== TensorType.INT8) return;
    const d = ctx.data;
    const inQ = quantParams(ctx, input, 'input');
    const outQ = quantParams(ctx, output, 'output');
    // In double from the float32 scales, as TFLM's CalculateOpData.
    const twiceMaxInputScale = 2 * inQ.scale;
    const realInput = inQ.scale / twiceMaxInputScale;
    const realOutput = twiceMaxInputScale / ((1 << LEFT_SHIFT) * outQ.scale);
    const mi = quantizeMultiplierSmallerThanOneExp(realInput);
    const mo = quantizeMultiplierSmallerThanOneExp(realOutput);
    d.q.inputMultiplier = mi.multiplier;
    d.q.inputShift = mi.shift;
    d.q.outputMultiplier = mo.multiplier;
    d.q.outputShift = mo.shift;
    d.q.inputOffset = -inQ.zeroPoint;
    d.q.outputOffset = outQ.zeroPoint;
    const r = calculateActivationRangeQuantized(Activation.NONE, outQ.scale, outQ.zeroPoint, -128, 127);
    d.q.actMin = r.min;
    d.q.actMax = r.max;
    d.mbqm = ctx.rounding === 'single' ? multiplyByQuantizedMultiplierSmallerThanOneExpSingleRounding : multiplyByQuantizedMultiplierSmallerThanOneExp;
  },
  invoke(ctx) {
    resolve(ctx, (ctx.inputs[1]!.data as Int32Array)[0]!);
    const d = ctx.data;
    const { exclusive, reverse } = ctx.options;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    if (input.type === TensorType.FLOAT32) {
      cumSumFloat(input.data as Float32Array, d.before, d.depth, d.after, exclusive, reverse, output.data as Float32Array);
    } else {
      cumSumInt8(d.q, input.data as Int8Array, d.before, d.depth, d.after, exclusive, reverse, output.data as Int8Array, d.mbqm);
    }
  },
});
