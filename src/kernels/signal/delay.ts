import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import {
  circularBufferDiscard,
  circularBufferGet,
  circularBufferInit,
  circularBufferReset,
  circularBufferWrite,
  circularBufferWriteZeros,
  CIRCULAR_BUFFER_STATE_SIZE,
  type CircularBuffer,
} from '../internal/signal/circular_buffer.js';
import { expectType, flatSize } from '../util.js';
import { expectSignalArity, innermost, INT16, intOption, signalOptions } from './options.js';

export interface SignalDelayOptions {
  delayLength: number;
}

interface DelayData {
  frameSize: number;
  outerDims: number;
  buffers: CircularBuffer[];
}

/**
 * SignalDelay: delays each innermost-dimension stream by `delay_length` samples across invokes (zeros first).
 * State: one ring per outer index (arena), refilled with the delay's zeros by reset. Options: `delay_length`.
 */
export const SIGNAL_DELAY = defineOp<SignalDelayOptions, DelayData>({
  name: 'SignalDelay',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalDelay',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    return { delayLength: intOption(m, 'delay_length', 0, 1 << 24) };
  },
  init() {
    return { frameSize: 0, outerDims: 0, buffers: [] };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    expectType(ctx, input, 'input', INT16);
    expectType(ctx, output, 'output', INT16);
    const d = ctx.data;
    d.frameSize = innermost(input);
    if (d.frameSize === 0) ctx.fail('innermost dimension is 0');
    d.outerDims = flatSize(input.shape) / d.frameSize;
    if (flatSize(output.shape) < flatSize(input.shape)) ctx.fail(`output holds ${flatSize(output.shape)} values, input ${flatSize(input.shape)}`);
    const capacity = d.frameSize + ctx.options.delayLength;
    d.buffers = [];
    for (let i = 0; i < d.outerDims; i++) {
      const cb = circularBufferInit(capacity, ctx.persistentInt32(CIRCULAR_BUFFER_STATE_SIZE), ctx.persistentInt16(2 * capacity));
      circularBufferWriteZeros(cb, ctx.options.delayLength);
      d.buffers.push(cb);
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!.data as Int16Array;
    const output = ctx.outputs[0]!.data as Int16Array;
    const n = d.frameSize;
    for (let i = 0, s = 0; i < d.outerDims; i++, s += n) {
      const cb = d.buffers[i]!;
      circularBufferWrite(cb, input, s, n);
      circularBufferGet(cb, n, output, s);
      circularBufferDiscard(cb, n);
    }
  },
  reset(ctx) {
    for (const cb of ctx.data.buffers) {
      circularBufferReset(cb);
      circularBufferWriteZeros(cb, ctx.options.delayLength);
    }
  },
});
