import { BuiltinOperator } from '../../model/schema.js';
import { tensorTypeName } from '../../model/types.js';
import { defineOp, type ScratchBuffer } from '../../runtime/kernel.js';
import { kissFftrFloat, kissFftrInt16, kissFftrInt32, type KissFftr, type KissKind } from '../internal/signal/kiss_fft.js';
import { expectType, flatSize } from '../util.js';
import { allocKissFftr, kissKindOf, parseFftOptions, type SignalFftOptions } from './fft_common.js';
import { expectSignalArity, innermost } from './options.js';

interface RfftData {
  kind: KissKind;
  fft: KissFftr | null;
  inputLength: number;
  inputSize: number;
  /** Output complex values per frame. */
  outputLength: number;
  work: ScratchBuffer | null;
}

/**
 * SignalRfft: real FFT of each frame (innermost dimension, zero-padded to fft_length) with TFLM's kiss_fft
 * (int16 / int32 fixed point with its internal scaling, or float32). Output: fft_length/2 + 1 complex values
 * (interleaved re, im) per frame. Options: `T`, `fft_length`.
 */
export type { SignalFftOptions };

export const SIGNAL_RFFT = defineOp<SignalFftOptions, RfftData>({
  name: 'SignalRfft',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalRfft',
  parseOptions(_b, custom, node) {
    return parseFftOptions(custom, node);
  },
  init(ctx) {
    const kind = kissKindOf(ctx.options.type);
    if (!kind) return ctx.fail(`unsupported type T = ${tensorTypeName(ctx.options.type)} (INT16, INT32 or FLOAT32)`);
    return { kind, fft: allocKissFftr(ctx, kind, false), inputLength: 0, inputSize: 0, outputLength: 0, work: null };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const d = ctx.data;
    if (input.shape.length !== output.shape.length) ctx.fail(`input rank ${input.shape.length} != output rank ${output.shape.length}`);
    if (input.shape.length < 1) ctx.fail('input must have rank >= 1');
    expectType(ctx, input, 'input', ctx.options.type);
    expectType(ctx, output, 'output', ctx.options.type);
    const n = ctx.options.fftLength;
    if (innermost(output) % 2 !== 0) ctx.fail(`output frames hold ${innermost(output)} values: complex data needs an even count`);
    d.inputLength = innermost(input);
    d.inputSize = flatSize(input.shape);
    d.outputLength = innermost(output) >> 1;
    // TFLM copies a frame into an fft_length work area and writes fft_length/2 + 1 complex values per frame.
    if (d.inputLength > n) ctx.fail(`frame length ${d.inputLength} exceeds fft_length ${n}`);
    if (d.inputLength === 0) ctx.fail('frames are empty');
    if (d.outputLength < (n >> 1) + 1) ctx.fail(`output frames hold ${innermost(output)} values; fft_length ${n} needs ${n + 2}`);
    const frames = d.inputSize / d.inputLength;
    if (flatSize(output.shape) / (2 * d.outputLength) < frames) ctx.fail(`output has fewer frames than the input's ${frames}`);
    const bytes = d.kind === 'int16' ? 2 : 4;
    d.work = ctx.requestScratch(n * bytes);
  },
  invoke(ctx) {
    const d = ctx.data;
    const fft = d.fft!;
    const n = fft.nfft;
    const work = d.work!;
    const inLen = d.inputLength;
    const outStride = 2 * d.outputLength;
    if (d.kind === 'int16') {
      const input = ctx.inputs[0]!.data as Int16Array;
      const output = ctx.outputs[0]!.data as Int16Array;
      const w = work.i16;
      for (let i = 0, o = 0; i < d.inputSize; i += inLen, o += outStride) {
        for (let j = 0; j < inLen; j++) w[j] = input[i + j]!;
        w.fill(0, inLen, n);
        kissFftrInt16(fft, w, 0, output, o);
      }
    } else if (d.kind === 'int32') {
      const input = ctx.inputs[0]!.data as Int32Array;
      const output = ctx.outputs[0]!.data as Int32Array;
      const w = work.i32;
      for (let i = 0, o = 0; i < d.inputSize; i += inLen, o += outStride) {
        for (let j = 0; j < inLen; j++) w[j] = input[i + j]!;
        w.fill(0, inLen, n);
        kissFftrInt32(fft, w, 0, output, o);
      }
    } else {
      const input = ctx.inputs[0]!.data as Float32Array;
      const output = ctx.outputs[0]!.data as Float32Array;
      const w = work.f32;
      for (let i = 0, o = 0; i < d.inputSize; i += inLen, o += outStride) {
        for (let j = 0; j < inLen; j++) w[j] = input[i + j]!;
        w.fill(0, inLen, n);
        kissFftrFloat(fft, w, 0, output, o);
      }
    }
  },
});
