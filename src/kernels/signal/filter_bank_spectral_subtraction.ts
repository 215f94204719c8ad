import { ModelError } from '../../errors.js';
import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import { filterbankSpectralSubtraction, type SpectralSubtractionConfig } from '../internal/signal/filter_bank.js';
import { expectType } from '../util.js';
import { expectRank, expectSignalArity, intOption, signalOptions, UINT32 } from './options.js';

export type SignalSpectralSubtractionOptions = SpectralSubtractionConfig;

interface SpectralSubtractionData {
  /** The noise estimate (the op's state), num_channels uint32 in the arena. */
  noise: Uint32Array;
  /** Bytes of `noise` copied to output 1 each invoke. */
  noiseOut: Uint8Array;
}

const U32_MAX = 0xffffffff;

/**
 * SignalFilterBankSpectralSubtraction: noise reduction of the audio frontend. Keeps a per-channel noise
 * estimate (state in the arena, cleared at prepare and by reset), outputs the noise-subtracted channels
 * (output 0) and a copy of the estimate (output 1). Options: `num_channels`, `smoothing`,
 * `one_minus_smoothing`, `alternate_smoothing`, `alternate_one_minus_smoothing`, `min_signal_remaining`,
 * `smoothing_bits`, `spectral_subtraction_bits`, `clamping`.
 */
export const SIGNAL_FILTER_BANK_SPECTRAL_SUBTRACTION = defineOp<SignalSpectralSubtractionOptions, SpectralSubtractionData>({
  name: 'SignalFilterBankSpectralSubtraction',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalFilterBankSpectralSubtraction',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    // The C struct holds these as uint32 (read as int32 and converted): keep the uint32 value.
    const u32 = (key: string) => {
      const v = m.int(key);
      if (v < -0x80000000 || v > U32_MAX) throw new ModelError(`${m.path}.${key}`, `${v} does not fit in 32 bits`);
      return v >>> 0;
    };
    return {
      numChannels: intOption(m, 'num_channels', 0, 1 << 20),
      smoothing: u32('smoothing'),
      oneMinusSmoothing: u32('one_minus_smoothing'),
      alternateSmoothing: u32('alternate_smoothing'),
      alternateOneMinusSmoothing: u32('alternate_one_minus_smoothing'),
      minSignalRemaining: u32('min_signal_remaining'),
      smoothingBits: u32('smoothing_bits'),
      spectralSubtractionBits: u32('spectral_subtraction_bits'),
      clamping: m.bool('clamping'),
    };
  },
  init(ctx) {
    const noise = ctx.allocatePersistent(4 * ctx.options.numChannels);
    return { noise: new Uint32Array(noise.buffer, noise.byteOffset, ctx.options.numChannels), noiseOut: noise.subarray(0, 0) };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 1, 2);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const noiseEstimate = ctx.output(1);
    expectRank(ctx, input, 'input', 1);
    expectRank(ctx, output, 'output', 1);
    expectRank(ctx, noiseEstimate, 'noise_estimate', 1);
    expectType(ctx, input, 'input', UINT32);
    expectType(ctx, output, 'output', UINT32);
    expectType(ctx, noiseEstimate, 'noise_estimate', UINT32);
    const n = ctx.options.numChannels;
    if (input.shape[0]! < n) ctx.fail(`input has ${input.shape[0]} channels, num_channels is ${n}`);
    if (output.shape[0]! < n) ctx.fail(`output has ${output.shape[0]} channels, num_channels is ${n}`);
    if (noiseEstimate.shape[0]! > n) ctx.fail(`noise_estimate has ${noiseEstimate.shape[0]} channels, num_channels is ${n}`);
    const d = ctx.data;
    d.noiseOut = new Uint8Array(d.noise.buffer, d.noise.byteOffset, 4 * noiseEstimate.shape[0]!);
    d.noise.fill(0);
  },
  invoke(ctx) {
    const d = ctx.data;
    filterbankSpectralSubtraction(ctx.options, ctx.inputs[0]!.data as Uint32Array, ctx.outputs[0]!.data as Uint32Array, d.noise);
    // memcpy of the estimate: a plain loop (TypedArray.set may clone when both views share the arena).
    const out = ctx.outputs[1]!.bytes;
    const src = d.noiseOut;
    for (let i = 0; i < src.length; i++) out[i] = src[i]!;
  },
  reset(ctx) {
    ctx.data.noise.fill(0);
  },
});
