import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import { filterbankLog } from '../internal/signal/filter_bank.js';
import { expectType } from '../util.js';
import { expectRank, expectSignalArity, INT16, intOption, signalOptions, UINT32 } from './options.js';

export interface SignalFilterBankLogOptions {
  inputCorrectionBits: number;
  outputScale: number;
}

interface LogData {
  numChannels: number;
}

/**
 * SignalFilterBankLog: scaled natural log of each uint32 channel (TFLM's Log32), saturated to int16.
 * Options: `input_correction_bits`, `output_scale`.
 */
export const SIGNAL_FILTER_BANK_LOG = defineOp<SignalFilterBankLogOptions, LogData>({
  name: 'SignalFilterBankLog',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalFilterBankLog',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    return {
      inputCorrectionBits: intOption(m, 'input_correction_bits', -0x80000000, 0x7fffffff),
      outputScale: intOption(m, 'output_scale', -0x80000000, 0x7fffffff),
    };
  },
  init() {
    return { numChannels: 0 };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    expectRank(ctx, input, 'input', 1);
    expectRank(ctx, output, 'output', 1);
    expectType(ctx, input, 'input', UINT32);
    expectType(ctx, output, 'output', INT16);
    if (output.shape[0]! < input.shape[0]!) ctx.fail(`output length ${output.shape[0]} < input length ${input.shape[0]}`);
    ctx.data.numChannels = input.shape[0]!;
  },
  invoke(ctx) {
    const o = ctx.options;
    filterbankLog(ctx.inputs[0]!.data as Uint32Array, ctx.data.numChannels, o.outputScale, o.inputCorrectionBits, ctx.outputs[0]!.data as Int16Array);
  },
});
