import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import {
  circularBufferAvailable,
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
import { BOOL, expectRank, expectSignalArity, innermost, INT16, intOption, signalOptions } from './options.js';

export interface SignalFramerOptions {
  frameSize: number;
  frameStep: number;
  prefill: boolean;
}

interface FramerData {
  outerDims: number;
  nFrames: number;
  /** One ring per outer index, in the arena. */
  buffers: CircularBuffer[];
}

/**
 * SignalFramer: streaming framing. Each invoke pushes the input's innermost samples (in steps of frame_step) into
 * a ring per outer index and emits the frames of frame_size samples that became available (output 0, shape
 * [..., n_frames, frame_size]); output 1 (bool scalar) is false while a frame was not full yet. With `prefill`
 * the rings start with frame_size - frame_step zeros. State: the rings (arena), cleared by reset.
 * Options: `frame_size`, `frame_step`, `prefill`.
 */
export const SIGNAL_FRAMER = defineOp<SignalFramerOptions, FramerData>({
  name: 'SignalFramer',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalFramer',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    return {
      frameSize: intOption(m, 'frame_size', 1, 1 << 24),
      frameStep: intOption(m, 'frame_step', 1, 1 << 24),
      prefill: m.bool('prefill'),
    };
  },
  init() {
    return { outerDims: 0, nFrames: 0, buffers: [] };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 1, 2);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const valid = ctx.output(1);
    if (input.shape.length < 1) ctx.fail('input must have rank >= 1');
    if (input.shape.length + 1 !== output.shape.length) ctx.fail(`output rank ${output.shape.length} must be input rank ${input.shape.length} + 1`);
    expectRank(ctx, valid, 'output_valid', 0);
    expectType(ctx, input, 'input', INT16);
    expectType(ctx, output, 'output', INT16);
    expectType(ctx, valid, 'output_valid', BOOL);
    const { frameSize, frameStep, prefill } = ctx.options;
    const inner = innermost(input);
    if (inner < frameStep) ctx.fail(`innermost dimension ${inner} < frame_step ${frameStep}`);
    if (inner % frameStep !== 0) ctx.fail(`innermost dimension ${inner} is not a multiple of frame_step ${frameStep}`);
    if (prefill && frameSize < frameStep) ctx.fail(`prefill needs frame_size (${frameSize}) >= frame_step (${frameStep})`);
    const d = ctx.data;
    d.outerDims = flatSize(input.shape) / inner;
    d.nFrames = inner / frameStep;
    if (flatSize(output.shape) < d.outerDims * d.nFrames * frameSize)
      ctx.fail(`output holds ${flatSize(output.shape)} values, ${d.outerDims * d.nFrames * frameSize} needed`);
    // Capacity: frame_size rounded up to a multiple of frame_step (as TFLM).
    const capacity = Math.ceil(frameSize / frameStep) * frameStep;
    d.buffers = [];
    for (let i = 0; i < d.outerDims; i++)
      d.buffers.push(circularBufferInit(capacity, ctx.persistentInt32(CIRCULAR_BUFFER_STATE_SIZE), ctx.persistentInt16(2 * capacity)));
    resetFramer(d, ctx.options);
  },
  invoke(ctx) {
    const d = ctx.data;
    const { frameSize, frameStep } = ctx.options;
    const input = ctx.inputs[0]!.data as Int16Array;
    const output = ctx.outputs[0]!.data as Int16Array;
    const valid = ctx.outputs[1]!.data as Uint8Array;
    valid[0] = 1;
    for (let i = 0; i < d.outerDims; i++) {
      const cb = d.buffers[i]!;
      for (let frame = 0; frame < d.nFrames; frame++) {
        const k = i * d.nFrames + frame;
        circularBufferWrite(cb, input, k * frameStep, frameStep);
        if (circularBufferAvailable(cb) >= frameSize) {
          circularBufferGet(cb, frameSize, output, k * frameSize);
          circularBufferDiscard(cb, frameStep);
        } else {
          valid[0] = 0;
        }
      }
    }
  },
  reset(ctx) {
    resetFramer(ctx.data, ctx.options);
  },
});

function resetFramer(d: FramerData, o: SignalFramerOptions): void {
  for (const cb of d.buffers) {
    circularBufferReset(cb);
    if (o.prefill) circularBufferWriteZeros(cb, o.frameSize - o.frameStep);
  }
}
