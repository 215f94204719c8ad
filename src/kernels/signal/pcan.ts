import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import { applyPcan, PCAN_GAIN_LUT_SIZE } from '../internal/signal/filter_bank.js';
import { expectType } from '../util.js';
import { expectRank, expectSignalArity, INT16, intOption, signalOptions, UINT32 } from './options.js';

export interface SignalPcanOptions {
  snrShift: number;
}

interface PcanData {
  numChannels: number;
}

/**
 * SignalPCAN: per-channel energy normalization of the audio frontend (TFLM's fixed-point PCAN auto gain
 * control). Inputs: channels (uint32), noise estimate (uint32), gain LUT (int16, 125 entries). Options:
 * `snr_shift`.
 */
export const SIGNAL_PCAN = defineOp<SignalPcanOptions, PcanData>({
  name: 'SignalPCAN',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalPCAN',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    return { snrShift: intOption(m, 'snr_shift', -0x80000000, 0x7fffffff) };
  },
  init() {
    return { numChannels: 0 };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 3, 1);
    const input = ctx.input(0);
    const noise = ctx.input(1);
    const lut = ctx.input(2);
    const output = ctx.output(0);
    expectRank(ctx, input, 'input', 1);
    expectRank(ctx, noise, 'noise_estimate', 1);
    expectRank(ctx, lut, 'gain_lut', 1);
    expectRank(ctx, output, 'output', 1);
    expectType(ctx, input, 'input', UINT32);
    expectType(ctx, noise, 'noise_estimate', UINT32);
    expectType(ctx, lut, 'gain_lut', INT16);
    expectType(ctx, output, 'output', UINT32);
    const n = input.shape[0]!;
    // TFLM copies output-size values from the input, then processes input-size channels in place.
    if (output.shape[0]! !== n) ctx.fail(`output has ${output.shape[0]} channels, input ${n}`);
    if (noise.shape[0]! < n) ctx.fail(`noise_estimate has ${noise.shape[0]} channels, input ${n}`);
    if (lut.shape[0]! < PCAN_GAIN_LUT_SIZE) ctx.fail(`gain_lut has ${lut.shape[0]} entries; TFLM reads up to ${PCAN_GAIN_LUT_SIZE}`);
    ctx.data.numChannels = n;
  },
  invoke(ctx) {
    const input = ctx.inputs[0]!.data as Uint32Array;
    const out = ctx.outputs[0]!.data as Uint32Array;
    const n = ctx.data.numChannels;
    for (let i = 0; i < n; i++) out[i] = input[i]!;
    applyPcan(ctx.inputs[2]!.data as Int16Array, ctx.options.snrShift, ctx.inputs[1]!.data as Uint32Array, out, n);
  },
});
