import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import { spectrumToEnergy } from '../internal/signal/energy.js';
import { expectType } from '../util.js';
import { expectRank, expectSignalArity, INT16, intOption, signalOptions, UINT32 } from './options.js';

export interface SignalEnergyOptions {
  startIndex: number;
  endIndex: number;
}

/**
 * SignalEnergy: squared magnitude of the complex int16 spectrum bins [start_index, end_index) into the uint32
 * output at the same indices. Other output elements are left untouched, as in TFLM. Options: `start_index`,
 * `end_index`.
 */
export const SIGNAL_ENERGY = defineOp<SignalEnergyOptions, undefined>({
  name: 'SignalEnergy',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalEnergy',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    return { startIndex: intOption(m, 'start_index', 0, 0x7fffffff), endIndex: intOption(m, 'end_index', 0, 0x7fffffff) };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    expectRank(ctx, input, 'input', 1);
    expectRank(ctx, output, 'output', 1);
    expectType(ctx, input, 'input', INT16);
    expectType(ctx, output, 'output', UINT32);
    const { startIndex, endIndex } = ctx.options;
    if (endIndex > startIndex) {
      const bins = input.shape[0]! >> 1;
      if (endIndex > bins) ctx.fail(`end_index ${endIndex} exceeds the ${bins} complex input bins`);
      if (endIndex > output.shape[0]!) ctx.fail(`end_index ${endIndex} exceeds the output length ${output.shape[0]}`);
    }
  },
  invoke(ctx) {
    const { startIndex, endIndex } = ctx.options;
    spectrumToEnergy(ctx.inputs[0]!.data as Int16Array, startIndex, endIndex, ctx.outputs[0]!.data as Uint32Array);
  },
});
