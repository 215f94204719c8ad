/** Shared by SignalRfft and SignalIrfft (not an op): options and the arena-resident kiss_fftr state. */
import type { KernelContext, OptionsSource } from '../../runtime/kernel.js';
import { initKissFftr, kissFactors, kissFftrScalarCount, kissFftrSupported, type KissFftr, type KissKind } from '../internal/signal/kiss_fft.js';
import { FLOAT32, INT16, INT32, intOption, signalOptions, typeOption } from './options.js';

export interface SignalFftOptions {
  /** TensorType of input and output (INT16, INT32 or FLOAT32). */
  type: number;
  fftLength: number;
}

/** The kiss_fft build for a tensor type, or null. */
export function kissKindOf(type: number): KissKind | null {
  if (type === INT16) return 'int16';
  if (type === INT32) return 'int32';
  if (type === FLOAT32) return 'float32';
  return null;
}

/** Parse `T` and `fft_length` (shared by SignalRfft and SignalIrfft). */
export function parseFftOptions(custom: Uint8Array | null, node: OptionsSource): SignalFftOptions {
  const m = signalOptions(custom, node);
  return { type: typeOption(m), fftLength: intOption(m, 'fft_length', 0, 1 << 24) };
}

/** kiss_fftr state in the arena (what TFLM's RfftInit/IrfftInit keep in a persistent buffer). */
export function allocKissFftr(ctx: KernelContext<SignalFftOptions, unknown>, kind: KissKind, inverse: boolean): KissFftr {
  const n = ctx.options.fftLength;
  if (!kissFftrSupported(n))
    ctx.fail(`fft_length ${n} is not supported: TFLM's kiss_fftr needs an even length whose half (>= 2) factors into 2, 3 and 5`);
  const c = kissFftrScalarCount(n);
  const factors = ctx.persistentInt32(kissFactors(n >> 1)!.length);
  const alloc = (count: number) =>
    kind === 'int16' ? ctx.persistentInt16(count) : kind === 'int32' ? ctx.persistentInt32(count) : ctx.persistentFloat32(count);
  return initKissFftr(kind, n, inverse, { factors, twiddles: alloc(c.twiddles), superTwiddles: alloc(c.superTwiddles), tmp: alloc(c.tmp) });
}

