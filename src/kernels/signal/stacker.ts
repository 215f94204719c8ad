import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import {
  circularBufferAvailable,
  circularBufferDiscard,
  circularBufferExtend,
  circularBufferGet,
  circularBufferInit,
  circularBufferReset,
  circularBufferWrite,
  CIRCULAR_BUFFER_STATE_SIZE,
  type CircularBuffer,
} from '../internal/signal/circular_buffer.js';
import { expectType } from '../util.js';
import { BOOL, expectRank, expectSignalArity, INT16, intOption, signalOptions } from './options.js';

export interface SignalStackerOptions {
  numChannels: number;
  leftContext: number;
  rightContext: number;
  step: number;
}

interface StackerData {
  bufferSize: number;
  stepSize: number;
  ring: CircularBuffer;
  /** [0]: whether the first frame was seen (state, in the arena). */
  hasFirstFrame: Int32Array;
}

/**
 * SignalStacker: stacks left_context + 1 + right_context consecutive frames of num_channels values (the first
 * frame repeated left_context times), emitting a stack every `stacker_step` frames (output 1 tells whether
 * output 0 holds one). State: the ring and the first-frame flag (arena), cleared by reset.
 * Options: `num_channels`, `stacker_left_context`, `stacker_right_context`, `stacker_step`.
 */
export const SIGNAL_STACKER = defineOp<SignalStackerOptions, StackerData>({
  name: 'SignalStacker',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalStacker',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    return {
      numChannels: intOption(m, 'num_channels', 1, 1 << 20),
      leftContext: intOption(m, 'stacker_left_context', 0, 1 << 20),
      rightContext: intOption(m, 'stacker_right_context', 0, 1 << 20),
      step: intOption(m, 'stacker_step', 1, 1 << 20),
    };
  },
  init(ctx) {
    const o = ctx.options;
    const frames = o.leftContext + o.rightContext + 1;
    // Discarding more than a full stack would break the ring (TFLM asserts).
    if (o.step > frames) ctx.fail(`stacker_step ${o.step} exceeds the ${frames} stacked frames`);
    const bufferSize = o.numChannels * frames;
    const ring = circularBufferInit(bufferSize, ctx.persistentInt32(CIRCULAR_BUFFER_STATE_SIZE), ctx.persistentInt16(2 * bufferSize));
    return { bufferSize, stepSize: o.numChannels * o.step, ring, hasFirstFrame: ctx.persistentInt32(1) };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 1, 2);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const valid = ctx.output(1);
    expectRank(ctx, input, 'input', 1);
    expectRank(ctx, output, 'output', 1);
    expectRank(ctx, valid, 'output_valid', 0);
    expectType(ctx, input, 'input', INT16);
    expectType(ctx, output, 'output', INT16);
    expectType(ctx, valid, 'output_valid', BOOL);
    const o = ctx.options;
    if (input.shape[0]! < o.numChannels) ctx.fail(`input has ${input.shape[0]} values, num_channels is ${o.numChannels}`);
    if (output.shape[0]! < ctx.data.bufferSize) ctx.fail(`output has ${output.shape[0]} values, a stack has ${ctx.data.bufferSize}`);
  },
  invoke(ctx) {
    const d = ctx.data;
    const o = ctx.options;
    circularBufferWrite(d.ring, ctx.inputs[0]!.data as Int16Array, 0, o.numChannels);
    if (d.hasFirstFrame[0] === 0) {
      circularBufferExtend(d.ring, o.numChannels, o.leftContext);
      d.hasFirstFrame[0] = 1;
    }
    const valid = ctx.outputs[1]!.data as Uint8Array;
    if (circularBufferAvailable(d.ring) >= d.bufferSize) {
      circularBufferGet(d.ring, d.bufferSize, ctx.outputs[0]!.data as Int16Array, 0);
      circularBufferDiscard(d.ring, d.stepSize);
      valid[0] = 1;
    } else {
      valid[0] = 0;
    }
  },
  reset(ctx) {
    circularBufferReset(ctx.data.ring);
    ctx.data.hasFirstFrame[0] = 0;
  },
});
