/** SignalEnergy: TFLM's energy_test.cc tables, the int32 wrap at -32768, untouched outputs, rejections. */
import { SIGNAL_ENERGY } from '../../../src/kernels/signal/energy.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable } from '../../helpers/kernel-runner.js';

const { INT16: I16, UINT32: U32 } = TensorType;
const input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
const opts = (start: number, end: number) => flexMap({ start_index: start, end_index: end });

kernelTable('SignalEnergy', SIGNAL_ENERGY, [
  {
    name: 'TFLM middle (bins 2..3)',
    inputs: [{ type: I16, shape: [16], data: input }],
    outputs: [{ type: U32, shape: [8], data: [0, 0, 61, 113, 0, 0, 0, 0] }],
    customOptions: opts(2, 4),
  },
  {
    name: 'TFLM start (bins 0..3)',
    inputs: [{ type: I16, shape: [16], data: input }],
    outputs: [{ type: U32, shape: [8], data: [5, 25, 61, 113, 0, 0, 0, 0] }],
    customOptions: opts(0, 4),
  },
  {
    name: 'TFLM end (bins 4..7)',
    inputs: [{ type: I16, shape: [16], data: input }],
    outputs: [{ type: U32, shape: [8], data: [0, 0, 0, 0, 181, 265, 365, 481] }],
    customOptions: opts(4, 8),
  },
  {
    name: 'extremes: (-32768)^2 * 2 wraps the int32 sum to 2^31 as uint32',
    inputs: [{ type: I16, shape: [6], data: [-32768, -32768, 32767, 32767, -32768, 0] }],
    outputs: [{ type: U32, shape: [3], data: [2147483648, 2147352578, 1073741824] }],
    customOptions: opts(0, 3),
  },
  {
    name: 'empty range writes nothing',
    inputs: [{ type: I16, shape: [4], data: [1, 2, 3, 4] }],
    outputs: [{ type: U32, shape: [2], data: [0, 0] }],
    customOptions: opts(2, 1),
  },
  {
    name: 'rejects end_index past the spectrum',
    inputs: [{ type: I16, shape: [8] }],
    outputs: [{ type: U32, shape: [8] }],
    customOptions: opts(0, 5),
    expectError: /end_index 5 exceeds the 4 complex input bins/,
  },
  {
    name: 'rejects end_index past the output',
    inputs: [{ type: I16, shape: [16] }],
    outputs: [{ type: U32, shape: [4] }],
    customOptions: opts(0, 6),
    expectError: /end_index 6 exceeds the output length 4/,
  },
  {
    name: 'rejects int32 output',
    inputs: [{ type: I16, shape: [16] }],
    outputs: [{ type: TensorType.INT32, shape: [8] }],
    customOptions: opts(0, 4),
    expectError: /output has type INT32; expected UINT32/,
  },
  {
    name: 'rejects 2-D input',
    inputs: [{ type: I16, shape: [2, 8] }],
    outputs: [{ type: U32, shape: [8] }],
    customOptions: opts(0, 4),
    expectError: /input must have rank 1/,
  },
  {
    name: 'rejects negative start_index',
    inputs: [{ type: I16, shape: [16] }],
    outputs: [{ type: U32, shape: [8] }],
    customOptions: opts(-1, 4),
    expectError: /start_index: -1 is outside/,
  },
]);
