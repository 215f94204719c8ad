import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import { applyWindow } from '../internal/signal/window.js';
import { expectType, flatSize } from '../util.js';
import { expectRank, expectSignalArity, INT16, intOption, signalOptions } from './options.js';

export interface SignalWindowOptions {
  shift: number;
}

interface WindowData {
  inputSize: number;
  weightSize: number;
}

/**
 * SignalWindow (TFLM signal library): multiply each frame (innermost dimension) by the int16 window weights
 * and shift right, saturating to int16. Options: `shift`.
 */
export const SIGNAL_WINDOW = defineOp<SignalWindowOptions, WindowData>({
  name: 'SignalWindow',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalWindow',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    return { shift: intOption(m, 'shift', 0, 31) };
  },
  init() {
    return { inputSize: 0, weightSize: 0 };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 2, 1);
    const input = ctx.input(0);
    const weights = ctx.input(1);
    const output = ctx.output(0);
    if (input.shape.length < 1) ctx.fail('input must have rank >= 1');
    expectRank(ctx, weights, 'weights', 1);
    if (input.shape.length !== output.shape.length) ctx.fail(`input rank ${input.shape.length} != output rank ${output.shape.length}`);
    expectType(ctx, input, 'input', INT16);
    expectType(ctx, weights, 'weights', INT16);
    expectType(ctx, output, 'output', INT16);
    const inputSize = flatSize(input.shape);
    const weightSize = weights.shape[0]!;
    // TFLM steps through the input by the window length without checking: reject what would overrun.
    if (inputSize > 0 && (weightSize === 0 || inputSize % weightSize !== 0))
      ctx.fail(`input size ${inputSize} is not a multiple of the window length ${weightSize}`);
    if (flatSize(output.shape) < inputSize) ctx.fail(`output holds ${flatSize(output.shape)} values, input ${inputSize}`);
    ctx.data.inputSize = inputSize;
    ctx.data.weightSize = weightSize;
  },
  invoke(ctx) {
    const { inputSize, weightSize } = ctx.data;
    const input = ctx.inputs[0]!.data as Int16Array;
    const weights = ctx.inputs[1]!.data as Int16Array;
    const output = ctx.outputs[0]!.data as Int16Array;
    const shift = ctx.options.shift;
    for (let i = 0; i < inputSize; i += weightSize) applyWindow(input, i, weights, weightSize, shift, output, i);
  },
});
