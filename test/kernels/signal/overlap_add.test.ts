/** SignalOverlapAdd: TFLM's overlap_add_test.cc streams (int16, float, n_frames, outer dims, reset), rejections. */
import { SIGNAL_OVERLAP_ADD } from '../../../src/kernels/signal/overlap_add.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable } from '../../helpers/kernel-runner.js';
import { streamTable } from './helpers.js';
import { overlapAddSteps } from './streaming.js';

const { INT16: I16, FLOAT32: F32 } = TensorType;
const opts = (T: number, step: number) => flexMap({ frame_step: step, T });
const gIn = [125, -12, -895, 1000, 65, -212, 63, 71, 52, 1, -17, 32];
const gOut = [125, 988, -767, -140];
const gInF = [12.5, -1.2, -89.5, 100.0, 6.5, -21.2, 6.3, 7.1, 5.2, 0.1, -1.7, 3.2].map(Math.fround);
const gOutF = [12.5, 98.8, -76.7, -14.0];
const reset4 = overlapAddSteps(gIn, gOut, { frameSize: 3, frameStep: 1, nFrames: 4, outerDims: 4, iters: 1 });

streamTable('SignalOverlapAdd', SIGNAL_OVERLAP_ADD, [
  {
    name: 'TFLM int16, one frame per invoke',
    inputs: [{ type: I16, shape: [1, 3] }],
    outputs: [{ type: I16, shape: [1] }],
    customOptions: opts(I16, 1),
    steps: overlapAddSteps(gIn, gOut, { frameSize: 3, frameStep: 1, nFrames: 1, outerDims: 1, iters: 4 }),
  },
  {
    name: 'TFLM float, one frame per invoke',
    inputs: [{ type: F32, shape: [1, 3] }],
    outputs: [{ type: F32, shape: [1] }],
    customOptions: opts(F32, 1),
    steps: overlapAddSteps(gInF, gOutF, { frameSize: 3, frameStep: 1, nFrames: 1, outerDims: 1, iters: 4 }),
    tolerance: 1e-5,
  },
  {
    name: 'TFLM int16, 4 frames per invoke',
    inputs: [{ type: I16, shape: [4, 3] }],
    outputs: [{ type: I16, shape: [4] }],
    customOptions: opts(I16, 1),
    steps: overlapAddSteps(gIn, gOut, { frameSize: 3, frameStep: 1, nFrames: 4, outerDims: 1, iters: 1 }),
  },
  {
    name: 'TFLM int16, 4 frames, outer dims 2x2',
    inputs: [{ type: I16, shape: [2, 2, 4, 3] }],
    outputs: [{ type: I16, shape: [2, 2, 4] }],
    customOptions: opts(I16, 1),
    steps: reset4,
  },
  {
    name: 'TFLM reset',
    inputs: [{ type: I16, shape: [2, 2, 4, 3] }],
    outputs: [{ type: I16, shape: [2, 2, 4] }],
    customOptions: opts(I16, 1),
    steps: [...reset4, { ...reset4[0]!, reset: true }],
  },
  {
    name: 'int16 saturates at both ends',
    inputs: [{ type: I16, shape: [1, 2] }],
    outputs: [{ type: I16, shape: [1] }],
    customOptions: opts(I16, 1),
    steps: [
      { inputs: [[30000, 30000]], outputs: [[30000]] },
      { inputs: [[30000, -30000]], outputs: [[32767]] },
      { inputs: [[-32768, 0]], outputs: [[-32768]] },
      { inputs: [[-10, 0]], outputs: [[-10]] },
    ],
  },
  {
    name: 'float32 sums round to float (1 + 2^-24 stays 1)',
    inputs: [{ type: F32, shape: [1, 2] }],
    outputs: [{ type: F32, shape: [1] }],
    customOptions: opts(F32, 1),
    steps: [
      { inputs: [[1, 1]], outputs: [[1]] },
      { inputs: [[2 ** -24, 0]], outputs: [[1]] },
      { inputs: [[2 ** -23, 0]], outputs: [[2 ** -23]] },
    ],
  },
]);

kernelTable('SignalOverlapAdd (prepare)', SIGNAL_OVERLAP_ADD, [
  { name: 'rejects T int32', inputs: [{ type: TensorType.INT32, shape: [1, 3] }], outputs: [{ type: TensorType.INT32, shape: [1] }], customOptions: opts(TensorType.INT32, 1), expectError: /unsupported type T = INT32/ },
  { name: 'rejects rank-1 input', inputs: [{ type: I16, shape: [3] }], outputs: [{ type: I16, shape: [] }], customOptions: opts(I16, 1), expectError: /input must have rank >= 2/ },
  { name: 'rejects frame_step > frame size', inputs: [{ type: I16, shape: [1, 3] }], outputs: [{ type: I16, shape: [4] }], customOptions: opts(I16, 4), expectError: /frame_step 4 exceeds frame size 3/ },
  { name: 'rejects a short output', inputs: [{ type: I16, shape: [2, 3] }], outputs: [{ type: I16, shape: [3] }], customOptions: opts(I16, 2), expectError: /output holds 3 values, 4 needed/ },
  { name: 'rejects type mismatch with T', inputs: [{ type: F32, shape: [1, 3] }], outputs: [{ type: F32, shape: [1] }], customOptions: opts(I16, 1), expectError: /input has type FLOAT32; expected INT16/ },
]);
