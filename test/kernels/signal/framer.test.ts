/** SignalFramer: TFLM's framer_test.cc streams (with and without prefill, n_frames, outer dims, reset), rejections. */
import { SIGNAL_FRAMER } from '../../../src/kernels/signal/framer.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable } from '../../helpers/kernel-runner.js';
import { streamTable } from './helpers.js';
import { framerSteps } from './streaming.js';

const { INT16: I16, BOOL } = TensorType;
const opts = (size: number, step: number, prefill: boolean) => flexMap({ frame_size: size, frame_step: step, prefill });
const golden310 = [0x0, 0x0, 0x1234, 0x5678, 0x4321, 0x7777];
const golden521 = [0x0, 0x0, 0x0, 0x1010, 0x0202, 0x7070, 0x0606];

const steps310 = framerSteps(golden310, { frameSize: 3, frameStep: 1, prefill: false, inputSize: 1, outerDims: 1, nFrames: 1 });

streamTable('SignalFramer', SIGNAL_FRAMER, [
  {
    name: 'TFLM 3_1_0 (no prefill: invalid until the first frame fills)',
    inputs: [{ type: I16, shape: [1] }],
    outputs: [{ type: I16, shape: [1, 3] }, { type: BOOL, shape: [] }],
    customOptions: opts(3, 1, false),
    steps: steps310,
  },
  {
    name: 'TFLM 5_2_1 (prefill)',
    inputs: [{ type: I16, shape: [2] }],
    outputs: [{ type: I16, shape: [1, 5] }, { type: BOOL, shape: [] }],
    customOptions: opts(5, 2, true),
    steps: framerSteps(golden521, { frameSize: 5, frameStep: 2, prefill: true, inputSize: 2, outerDims: 1, nFrames: 1 }),
  },
  {
    name: 'TFLM 5_2_1, 2 frames per invoke',
    inputs: [{ type: I16, shape: [4] }],
    outputs: [{ type: I16, shape: [2, 5] }, { type: BOOL, shape: [] }],
    customOptions: opts(5, 2, true),
    steps: framerSteps(golden521, { frameSize: 5, frameStep: 2, prefill: true, inputSize: 4, outerDims: 1, nFrames: 2 }),
  },
  {
    name: 'TFLM 5_2_1, 2 frames, outer dims 2x2',
    inputs: [{ type: I16, shape: [2, 2, 4] }],
    outputs: [{ type: I16, shape: [2, 2, 2, 5] }, { type: BOOL, shape: [] }],
    customOptions: opts(5, 2, true),
    steps: framerSteps(golden521, { frameSize: 5, frameStep: 2, prefill: true, inputSize: 4, outerDims: 4, nFrames: 2 }),
  },
  {
    name: 'TFLM reset: the stream repeats identically after reset',
    inputs: [{ type: I16, shape: [1] }],
    outputs: [{ type: I16, shape: [1, 3] }, { type: BOOL, shape: [] }],
    customOptions: opts(3, 1, false),
    steps: [...steps310, ...steps310.map((s, i) => ({ ...s, reset: i === 0 }))],
  },
  {
    name: 'frame_step larger than frame_size (no prefill) skips samples',
    inputs: [{ type: I16, shape: [3] }],
    outputs: [{ type: I16, shape: [1, 2] }, { type: BOOL, shape: [] }],
    customOptions: opts(2, 3, false),
    steps: [
      { inputs: [[1, 2, 3]], outputs: [[1, 2], [1]] },
      { inputs: [[4, 5, 6]], outputs: [[4, 5], [1]] },
    ],
  },
]);

kernelTable('SignalFramer (prepare)', SIGNAL_FRAMER, [
  {
    name: 'rejects input not a multiple of frame_step',
    inputs: [{ type: I16, shape: [5] }],
    outputs: [{ type: I16, shape: [2, 4] }, { type: BOOL, shape: [] }],
    customOptions: opts(4, 2, false),
    expectError: /not a multiple of frame_step 2/,
  },
  {
    name: 'rejects input shorter than frame_step',
    inputs: [{ type: I16, shape: [1] }],
    outputs: [{ type: I16, shape: [1, 4] }, { type: BOOL, shape: [] }],
    customOptions: opts(4, 2, false),
    expectError: /innermost dimension 1 < frame_step 2/,
  },
  {
    name: 'rejects output rank other than input rank + 1',
    inputs: [{ type: I16, shape: [2] }],
    outputs: [{ type: I16, shape: [4] }, { type: BOOL, shape: [] }],
    customOptions: opts(4, 2, false),
    expectError: /output rank 1 must be input rank 1 \+ 1/,
  },
  {
    name: 'rejects a too small output',
    inputs: [{ type: I16, shape: [4] }],
    outputs: [{ type: I16, shape: [1, 4] }, { type: BOOL, shape: [] }],
    customOptions: opts(4, 2, false),
    expectError: /output holds 4 values, 8 needed/,
  },
  {
    name: 'rejects a non-bool valid flag',
    inputs: [{ type: I16, shape: [2] }],
    outputs: [{ type: I16, shape: [1, 4] }, { type: TensorType.INT8, shape: [] }],
    customOptions: opts(4, 2, false),
    expectError: /output_valid has type INT8; expected BOOL/,
  },
  {
    name: 'rejects frame_step 0',
    inputs: [{ type: I16, shape: [2] }],
    outputs: [{ type: I16, shape: [1, 4] }, { type: BOOL, shape: [] }],
    customOptions: opts(4, 0, false),
    expectError: /frame_step: 0 is outside/,
  },
  {
    name: 'rejects prefill with frame_size < frame_step',
    inputs: [{ type: I16, shape: [4] }],
    outputs: [{ type: I16, shape: [1, 2] }, { type: BOOL, shape: [] }],
    customOptions: opts(2, 4, true),
    expectError: /prefill needs frame_size \(2\) >= frame_step \(4\)/,
  },
]);
