import { BuiltinOperator } from '../../model/schema.js';
import { tensorTypeName } from '../../model/types.js';
import { defineOp } from '../../runtime/kernel.js';
import { kissFftriFloat, kissFftriInt16, kissFftriInt32, type KissFftr, type KissKind } from '../internal/signal/kiss_fft.js';
import { expectType, flatSize } from '../util.js';
import { allocKissFftr, kissKindOf, parseFftOptions, type SignalFftOptions } from './fft_common.js';
import { expectSignalArity, innermost } from './options.js';

interface IrfftData {
  kind: KissKind;
  fft: KissFftr;
  /** Input complex values per frame. */
  inputLength: number;
  /** Input complex values in all. */
  inputSize: number;
  outputLength: number;
}

/**
 * SignalIrfft: inverse real FFT of each frame of fft_length/2 + 1 complex values (interleaved) into fft_length
 * reals, with TFLM's kiss_fft. Fixed-point outputs are kiss_fft's (internally scaled); float outputs are
 * divided by fft_length as TFLM does. Options: `T`, `fft_length`.
 */
export const SIGNAL_IRFFT = defineOp<SignalFftOptions, IrfftData>({
  name: 'SignalIrfft',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalIrfft',
  parseOptions(_b, custom, node) {
    return parseFftOptions(custom, node);
  },
  init(ctx) {
    const kind = kissKindOf(ctx.options.type);
    if (!kind) return ctx.fail(`unsupported type T = ${tensorTypeName(ctx.options.type)} (INT16, INT32 or FLOAT32)`);
    return { kind, fft: allocKissFftr(ctx, kind, true), inputLength: 0, inputSize: 0, outputLength: 0 };
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
    if (innermost(input) % 2 !== 0) ctx.fail(`input frames hold ${innermost(input)} values: complex data needs an even count`);
    d.inputLength = innermost(input) >> 1;
    d.inputSize = flatSize(input.shape) >> 1;
    d.outputLength = innermost(output);
    // kiss_fftri reads fft_length/2 + 1 complex values and writes fft_length reals per frame.
    if (d.inputLength < (n >> 1) + 1) ctx.fail(`input frames hold ${innermost(input)} values; fft_length ${n} needs ${n + 2}`);
    if (d.outputLength < n) ctx.fail(`output frames hold ${d.outputLength} values; fft_length ${n} needs ${n}`);
    const frames = Math.ceil(d.inputSize / d.inputLength);
    if (flatSize(output.shape) / d.outputLength < frames) ctx.fail(`output has fewer frames than the input's ${frames}`);
  },
  invoke(ctx) {
    const d = ctx.data;
    const fft = d.fft;
    const inStride = 2 * d.inputLength;
    const inEnd = 2 * d.inputSize;
    const outStride = d.outputLength;
    if (d.kind === 'int16') {
      const input = ctx.inputs[0]!.data as Int16Array;
      const output = ctx.outputs[0]!.data as Int16Array;
      for (let i = 0, o = 0; i < inEnd; i += inStride, o += outStride) kissFftriInt16(fft, input, i, output, o);
    } else if (d.kind === 'int32') {
      const input = ctx.inputs[0]!.data as Int32Array;
      const output = ctx.outputs[0]!.data as Int32Array;
      for (let i = 0, o = 0; i < inEnd; i += inStride, o += outStride) kissFftriInt32(fft, input, i, output, o);
    } else {
      const input = ctx.inputs[0]!.data as Float32Array;
      const output = ctx.outputs[0]!.data as Float32Array;
      const n = fft.nfft;
      for (let i = 0, o = 0; i < inEnd; i += inStride, o += outStride) {
        kissFftriFloat(fft, input, i, output, o);
        // output[i] /= fft_length in float: the double quotient rounded once to float32 is the float quotient.
        for (let j = o; j < o + n; j++) output[j] = output[j]! / n;
      }
    }
  },
});
