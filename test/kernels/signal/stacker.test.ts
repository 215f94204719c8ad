/** SignalStacker: TFLM's stacker_test.cc cases (with reset), multi-step streams with context and step, rejections. */
import { SIGNAL_STACKER } from '../../../src/kernels/signal/stacker.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable } from '../../helpers/kernel-runner.js';
import { streamTable } from './helpers.js';

const { INT16: I16, BOOL } = TensorType;
const opts = (n: number, left: number, right: number, step: number) =>
  flexMap({ num_channels: n, stacker_left_context: left, stacker_right_context: right, stacker_step: step });
const spec = (n: number, out: number) => ({
  inputs: [{ type: I16, shape: [n] }],
  outputs: [{ type: I16, shape: [out] }, { type: BOOL, shape: [] }],
});

const in3 = [0x1234, 0x5678, 0x4321];
const in10a = [252, 477, 1071, 166, 1022, 312, 1171, 1586, 1491, 145];
const in10b = [1060, 200, 69, 1519, 883, 1317, 182, 724, 143, 334];
const A = [1, 2], B = [3, 4], C = [5, 6], D = [7, 8];

streamTable('SignalStacker', SIGNAL_STACKER, [
  {
    name: 'TFLM 3 channels step 1 (first frame repeated as left context)',
    ...spec(3, 6),
    customOptions: opts(3, 1, 0, 1),
    steps: [{ inputs: [in3], outputs: [[...in3, ...in3], [1]] }],
  },
  {
    name: 'TFLM 10 channels step 2, first test',
    ...spec(10, 20),
    customOptions: opts(10, 1, 0, 2),
    steps: [{ inputs: [in10a], outputs: [[...in10a, ...in10a], [1]] }],
  },
  {
    name: 'TFLM 10 channels step 2, second test',
    ...spec(10, 20),
    customOptions: opts(10, 1, 0, 2),
    steps: [{ inputs: [in10b], outputs: [[...in10b, ...in10b], [1]] }],
  },
  {
    name: 'TFLM reset, 3 channels',
    ...spec(3, 6),
    customOptions: opts(3, 1, 0, 1),
    steps: [
      { inputs: [in3], outputs: [[...in3, ...in3], [1]] },
      { inputs: [in3], outputs: [[...in3, ...in3], [1]], reset: true },
    ],
  },
  {
    name: 'TFLM reset, 10 channels step 2',
    ...spec(10, 20),
    customOptions: opts(10, 1, 0, 2),
    steps: [
      { inputs: [in10a], outputs: [[...in10a, ...in10a], [1]] },
      { inputs: [in10b], outputs: [[...in10b, ...in10b], [1]], reset: true },
    ],
  },
  {
    name: 'left 1, right 1, step 1: waits for the right context, then slides',
    ...spec(2, 6),
    customOptions: opts(2, 1, 1, 1),
    steps: [
      { inputs: [A], outputs: [undefined, [0]] },
      { inputs: [B], outputs: [[...A, ...A, ...B], [1]] },
      { inputs: [C], outputs: [[...A, ...B, ...C], [1]] },
      { inputs: [D], outputs: [[...B, ...C, ...D], [1]] },
    ],
  },
  {
    name: 'left 1, right 1, step 2: a stack every other frame',
    ...spec(2, 6),
    customOptions: opts(2, 1, 1, 2),
    steps: [
      { inputs: [A], outputs: [undefined, [0]] },
      { inputs: [B], outputs: [[...A, ...A, ...B], [1]] },
      { inputs: [C], outputs: [undefined, [0]] },
      { inputs: [D], outputs: [[...B, ...C, ...D], [1]] },
    ],
  },
  {
    name: 'left 2, right 0: the first frame fills the left context twice',
    ...spec(2, 6),
    customOptions: opts(2, 2, 0, 1),
    steps: [
      { inputs: [A], outputs: [[...A, ...A, ...A], [1]] },
      { inputs: [B], outputs: [[...A, ...A, ...B], [1]] },
      { inputs: [C], outputs: [[...A, ...B, ...C], [1]] },
    ],
  },
]);

kernelTable('SignalStacker (prepare)', SIGNAL_STACKER, [
  { name: 'rejects a short output', ...spec(3, 5), customOptions: opts(3, 1, 0, 1), expectError: /output has 5 values, a stack has 6/ },
  { name: 'rejects a short input', ...spec(2, 6), customOptions: opts(3, 1, 0, 1), expectError: /input has 2 values, num_channels is 3/ },
  { name: 'rejects a step beyond the stack', ...spec(3, 6), customOptions: opts(3, 1, 0, 3), expectError: /stacker_step 3 exceeds the 2 stacked frames/ },
  { name: 'rejects stacker_step 0', ...spec(3, 6), customOptions: opts(3, 1, 0, 0), expectError: /stacker_step: 0 is outside/ },
  {
    name: 'rejects an int32 input',
    inputs: [{ type: TensorType.INT32, shape: [3] }],
    outputs: [{ type: I16, shape: [6] }, { type: BOOL, shape: [] }],
    customOptions: opts(3, 1, 0, 1),
    expectError: /input has type INT32; expected INT16/,
  },
]);
