import { BuiltinOperator } from '../../model/schema.js';
import { tensorTypeName } from '../../model/types.js';
import { defineOp } from '../../runtime/kernel.js';
import { overlapAddFloat, overlapAddInt16 } from '../internal/signal/overlap_add.js';
import { expectType, flatSize } from '../util.js';
import { FLOAT32, innermost, expectSignalArity, INT16, intOption, signalOptions, typeOption } from './options.js';

export interface SignalOverlapAddOptions {
  /** TensorType (INT16 or FLOAT32). */
  type: number;
  frameStep: number;
}

interface OverlapAddData {
  frameSize: number;
  nFrames: number;
  outerDims: number;
  /** One frame_size buffer per outer index (state, arena). */
  buffers: (Int16Array | Float32Array)[];
}

/**
 * SignalOverlapAdd: overlap-add synthesis. Input [..., n_frames, frame_size]; each frame is added into a
 * running buffer per outer index, and its first frame_step samples are emitted (output [..., n_frames *
 * frame_step]). int16 adds saturate. State: the buffers (arena), zeroed by reset. Options: `T`, `frame_step`.
 */
export const SIGNAL_OVERLAP_ADD = defineOp<SignalOverlapAddOptions, OverlapAddData>({
  name: 'SignalOverlapAdd',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalOverlapAdd',
  parseOptions(_b, custom, node) {
    const m = signalOptions(custom, node);
    return { type: typeOption(m), frameStep: intOption(m, 'frame_step', 0, 1 << 24) };
  },
  init() {
    return { frameSize: 0, nFrames: 0, outerDims: 0, buffers: [] };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 1, 1);
    const t = ctx.options.type;
    if (t !== INT16 && t !== FLOAT32) ctx.fail(`unsupported type T = ${tensorTypeName(t)} (INT16 or FLOAT32)`);
    const input = ctx.input(0);
    const output = ctx.output(0);
    if (input.shape.length < 2) ctx.fail(`input must have rank >= 2, has ${input.shape.length}`);
    if (input.shape.length !== output.shape.length + 1) ctx.fail(`input rank ${input.shape.length} must be output rank ${output.shape.length} + 1`);
    expectType(ctx, input, 'input', t);
    expectType(ctx, output, 'output', t);
    const d = ctx.data;
    d.frameSize = innermost(input);
    d.nFrames = input.shape[input.shape.length - 2]!;
    const step = ctx.options.frameStep;
    if (step > d.frameSize) ctx.fail(`frame_step ${step} exceeds frame size ${d.frameSize}`);
    if (d.frameSize * d.nFrames === 0) ctx.fail('input has no frames');
    d.outerDims = flatSize(input.shape) / (d.frameSize * d.nFrames);
    if (flatSize(output.shape) < d.outerDims * d.nFrames * step)
      ctx.fail(`output holds ${flatSize(output.shape)} values, ${d.outerDims * d.nFrames * step} needed`);
    d.buffers = [];
    for (let i = 0; i < d.outerDims; i++)
      d.buffers.push(t === INT16 ? ctx.persistentInt16(d.frameSize) : ctx.persistentFloat32(d.frameSize));
  },
  invoke(ctx) {
    const d = ctx.data;
    const step = ctx.options.frameStep;
    const size = d.frameSize;
    if (ctx.options.type === INT16) {
      const input = ctx.inputs[0]!.data as Int16Array;
      const output = ctx.outputs[0]!.data as Int16Array;
      for (let i = 0; i < d.outerDims; i++) {
        const buf = d.buffers[i] as Int16Array;
        for (let f = 0; f < d.nFrames; f++) {
          const k = i * d.nFrames + f;
          overlapAddInt16(input, k * size, buf, size, output, k * step, step);
        }
      }
    } else {
      const input = ctx.inputs[0]!.data as Float32Array;
      const output = ctx.outputs[0]!.data as Float32Array;
      for (let i = 0; i < d.outerDims; i++) {
        const buf = d.buffers[i] as Float32Array;
        for (let f = 0; f < d.nFrames; f++) {
          const k = i * d.nFrames + f;
          overlapAddFloat(input, k * size, buf, size, output, k * step, step);
        }
      }
    }
  },
  reset(ctx) {
    for (const b of ctx.data.buffers) b.fill(0);
  },
});
