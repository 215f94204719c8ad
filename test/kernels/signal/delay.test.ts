/** SignalDelay: TFLM's delay_test.cc streams (1-D and 2-D, delay shorter/longer than a frame, reset), rejections. */
import { SIGNAL_DELAY } from '../../../src/kernels/signal/delay.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable } from '../../helpers/kernel-runner.js';
import { streamTable, type StreamStep } from './helpers.js';

const { INT16: I16 } = TensorType;
const opts = (d: number) => flexMap({ delay_length: d });

/** TestDelayInvoke: invoke i gets input[i * size ..], must produce golden[i * size ..]. */
function delaySteps(input: number[], golden: number[], size: number): StreamStep[] {
  const steps: StreamStep[] = [];
  for (let i = 0; i * size < input.length; i++) steps.push({ inputs: [input.slice(i * size, (i + 1) * size)], outputs: [golden.slice(i * size, (i + 1) * size)] });
  return steps;
}
const withReset = (s: StreamStep[]) => [...s, ...s.map((x, i) => ({ ...x, reset: i === 0 }))];

const s1 = delaySteps([1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0], 8);
const s2 = delaySteps([1, 2, 3, 4, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1, 2, 3, 4], 3);
const ramp15 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0];

streamTable('SignalDelay', SIGNAL_DELAY, [
  { name: 'TFLM 1-D, delay 3 < frame 8', inputs: [{ type: I16, shape: [8] }], outputs: [{ type: I16, shape: [8] }], customOptions: opts(3), steps: s1 },
  { name: 'TFLM 1-D, delay 5 > frame 3', inputs: [{ type: I16, shape: [3] }], outputs: [{ type: I16, shape: [3] }], customOptions: opts(5), steps: s2 },
  {
    name: 'TFLM 2-D [4,4], delay 3 (each row delayed separately)',
    inputs: [{ type: I16, shape: [4, 4] }],
    outputs: [{ type: I16, shape: [4, 4] }],
    customOptions: opts(3),
    steps: delaySteps([...ramp15, ...new Array<number>(16).fill(0)], [0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 9, 0, 0, 0, 13, 2, 3, 4, 0, 6, 7, 8, 0, 10, 11, 12, 0, 14, 15, 0, 0], 16),
  },
  {
    name: 'TFLM 2-D [4,4], delay 5',
    inputs: [{ type: I16, shape: [4, 4] }],
    outputs: [{ type: I16, shape: [4, 4] }],
    customOptions: opts(5),
    steps: delaySteps(
      [...ramp15, ...new Array<number>(32).fill(0)],
      [...new Array<number>(16).fill(0), 0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11, 0, 13, 14, 15, 4, 0, 0, 0, 8, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0],
      16,
    ),
  },
  { name: 'TFLM reset, delay 3', inputs: [{ type: I16, shape: [8] }], outputs: [{ type: I16, shape: [8] }], customOptions: opts(3), steps: withReset(s1) },
  { name: 'TFLM reset, delay 5', inputs: [{ type: I16, shape: [3] }], outputs: [{ type: I16, shape: [3] }], customOptions: opts(5), steps: withReset(s2) },
  {
    name: 'delay 0 passes frames through',
    inputs: [{ type: I16, shape: [3] }],
    outputs: [{ type: I16, shape: [3] }],
    customOptions: opts(0),
    steps: [{ inputs: [[-32768, 0, 32767]], outputs: [[-32768, 0, 32767]] }],
  },
]);

kernelTable('SignalDelay (prepare)', SIGNAL_DELAY, [
  { name: 'rejects float input', inputs: [{ type: TensorType.FLOAT32, shape: [3] }], outputs: [{ type: I16, shape: [3] }], customOptions: opts(1), expectError: /input has type FLOAT32/ },
  { name: 'rejects a short output', inputs: [{ type: I16, shape: [4] }], outputs: [{ type: I16, shape: [3] }], customOptions: opts(1), expectError: /output holds 3 values, input 4/ },
  { name: 'rejects a negative delay', inputs: [{ type: I16, shape: [4] }], outputs: [{ type: I16, shape: [4] }], customOptions: opts(-1), expectError: /delay_length: -1 is outside/ },
  { name: 'rejects an empty frame', inputs: [{ type: I16, shape: [2, 0] }], outputs: [{ type: I16, shape: [2, 0] }], customOptions: opts(1), expectError: /innermost dimension is 0/ },
]);
