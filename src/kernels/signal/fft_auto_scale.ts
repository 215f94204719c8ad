import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import { fftAutoScale } from '../internal/signal/fft_auto_scale.js';
import { expectType } from '../util.js';
import { expectRank, expectSignalArity, INT16, INT32 } from './options.js';

interface FftAutoScaleData {
  size: number;
}

/**
 * SignalFftAutoScale: shift an int16 frame left as far as its largest magnitude allows (output 0) and report
 * the shift (output 1, int32 scalar). No options.
 */
export const SIGNAL_FFT_AUTO_SCALE = defineOp<undefined, FftAutoScaleData>({
  name: 'SignalFftAutoScale',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalFftAutoScale',
  init() {
    return { size: 0 };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 1, 2);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const scaleBit = ctx.output(1);
    expectRank(ctx, input, 'input', 1);
    expectRank(ctx, output, 'output', 1);
    expectRank(ctx, scaleBit, 'scale_bit', 0);
    expectType(ctx, input, 'input', INT16);
    expectType(ctx, output, 'output', INT16);
    expectType(ctx, scaleBit, 'scale_bit', INT32);
    // TFLM scales output->dims[0] values of the input: it must have that many.
    if (output.shape[0]! > input.shape[0]!) ctx.fail(`output length ${output.shape[0]} exceeds input length ${input.shape[0]}`);
    ctx.data.size = output.shape[0]!;
  },
  invoke(ctx) {
    const scale = ctx.outputs[1]!.data as Int32Array;
    scale[0] = fftAutoScale(ctx.inputs[0]!.data as Int16Array, ctx.data.size, ctx.outputs[0]!.data as Int16Array);
  },
});
