import { BuiltinOperator } from '../../model/schema.js';
import { defineOp, type KernelContext, type Tensor } from '../../runtime/kernel.js';
import { filterbankAccumulateChannels, type FilterbankConfig } from '../internal/signal/filter_bank.js';
import { expectType, flatSize } from '../util.js';
import { expectRank, expectSignalArity, INT16, intOption, signalOptions, UINT32, UINT64 } from './options.js';

export interface SignalFilterBankOptions {
  numChannels: number;
}

interface FilterBankData {
  config: FilterbankConfig;
  /** (num_channels + 1) uint64 accumulators as (lo, hi) words, in the arena; channel 0 is scratch. */
  work32: Uint32Array;
  /** Bytes of work32 copied to the output (channels 1.., as many as the output holds). */
  workOut: Uint8Array;
  /** Whether every config tensor is constant (then checked once in prepare). */
  constantConfig: boolean;
}

type Ctx = KernelContext<SignalFilterBankOptions, FilterBankData>;

const EMPTY16 = new Int16Array(0);

/**
 * SignalFilterBank: mel filter bank over a uint32 energy spectrum with TFLM's triangular weights/unweights
 * layout (inputs: spectrum, weights, unweights, channel_frequency_starts, channel_weight_starts,
 * channel_widths), uint64 outputs accumulated mod 2^64 as in C. Options: `num_channels`.
 */
export const SIGNAL_FILTER_BANK = defineOp<SignalFilterBankOptions, FilterBankData>({
  name: 'SignalFilterBank',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalFilterBank',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    return { numChannels: intOption(m, 'num_channels', 0, 1 << 20) };
  },
  init(ctx) {
    const n = ctx.options.numChannels;
    const bytes = ctx.allocatePersistent((n + 1) * 8);
    return {
      config: {
        numChannels: n,
        channelFrequencyStarts: EMPTY16,
        channelWeightStarts: EMPTY16,
        channelWidths: EMPTY16,
        weights: EMPTY16,
        unweights: EMPTY16,
      },
      work32: new Uint32Array(bytes.buffer, bytes.byteOffset, 2 * (n + 1)),
      workOut: bytes.subarray(8, 8),
      constantConfig: false,
    };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 6, 1);
    const names = ['input', 'weights', 'unweights', 'channel_frequency_starts', 'channel_weight_starts', 'channel_widths'];
    for (let i = 0; i < 6; i++) {
      const t = ctx.input(i);
      expectRank(ctx, t, names[i]!, 1);
      expectType(ctx, t, names[i]!, i === 0 ? UINT32 : INT16);
    }
    const output = ctx.output(0);
    expectRank(ctx, output, 'output', 1);
    expectType(ctx, output, 'output', UINT64);
    const n = ctx.options.numChannels;
    for (let i = 3; i < 6; i++)
      if (ctx.input(i).shape[0]! < n + 1) ctx.fail(`${names[i]} has ${ctx.input(i).shape[0]} entries, num_channels + 1 = ${n + 1} needed`);
    if (flatSize(output.shape) > n) ctx.fail(`output has ${flatSize(output.shape)} channels, num_channels is ${n}`);
    const d = ctx.data;
    const bytes = new Uint8Array(d.work32.buffer, d.work32.byteOffset, d.work32.byteLength);
    d.workOut = bytes.subarray(8, 8 + 8 * flatSize(output.shape));
    d.constantConfig = [1, 2, 3, 4, 5].every((i) => ctx.input(i).isConstant);
    if (d.constantConfig) {
      bindConfig(ctx);
      checkConfig(ctx);
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    if (!d.constantConfig) {
      bindConfig(ctx);
      checkConfig(ctx);
    }
    filterbankAccumulateChannels(d.config, ctx.inputs[0]!.data as Uint32Array, d.work32);
    // memcpy(output, work_area + 1, ...): a plain loop (TypedArray.set may clone when both views share the arena).
    const out = ctx.outputs[0]!.bytes;
    const src = d.workOut;
    for (let i = 0; i < src.length; i++) out[i] = src[i]!;
  },
});

function bindConfig(ctx: Ctx): void {
  const c = ctx.data.config;
  const t = (i: number): Int16Array => (ctx.inputs[i] as Tensor).data as Int16Array;
  c.weights = t(1);
  c.unweights = t(2);
  c.channelFrequencyStarts = t(3);
  c.channelWeightStarts = t(4);
  c.channelWidths = t(5);
}

/** Every index the accumulation reads must be inside its tensor (TFLM does not check). */
function checkConfig(ctx: Ctx): void {
  const c = ctx.data.config;
  const bins = ctx.inputs[0]!.elementCount;
  for (let i = 0; i <= c.numChannels; i++) {
    const f = c.channelFrequencyStarts[i]!;
    const w = c.channelWeightStarts[i]!;
    const width = c.channelWidths[i]!;
    if (width <= 0) continue;
    if (f < 0 || f + width > bins) ctx.fail(`channel ${i} reads spectrum bins ${f}..${f + width - 1}, input has ${bins}`);
    if (w < 0 || w + width > c.weights.length || w + width > c.unweights.length)
      ctx.fail(`channel ${i} reads weights ${w}..${w + width - 1}, weights have ${c.weights.length} and unweights ${c.unweights.length}`);
  }
}
