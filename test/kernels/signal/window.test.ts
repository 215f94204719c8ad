/** SignalWindow: TFLM's window_test.cc tables, saturation at both ends, prepare rejections. */
import { SIGNAL_WINDOW } from '../../../src/kernels/signal/window.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable } from '../../helpers/kernel-runner.js';

const I16 = TensorType.INT16;
const ramp = [0x000, 0x100, 0x200, 0x300, 0x400, 0x500, 0x600, 0x700, 0x800, 0x900, 0xa00, 0xb00, 0xc00, 0xd00, 0xe00, 0xf00];
const rampDown = [...ramp].reverse();
const golden16 = [0, 224, 416, 576, 704, 800, 864, 896, 896, 864, 800, 704, 576, 416, 224, 0];

kernelTable('SignalWindow', SIGNAL_WINDOW, [
  {
    name: 'TFLM length 16 shift 12',
    inputs: [{ type: I16, shape: [1, 16], data: ramp }, { type: I16, shape: [16], data: rampDown, constant: true }],
    outputs: [{ type: I16, shape: [1, 16], data: golden16 }],
    customOptions: flexMap({ shift: 12 }),
  },
  {
    name: 'TFLM length 32 shift 8 (saturating)',
    inputs: [
      { type: I16, shape: [1, 32], data: [1221, 1920, 9531, 2795, 1826, 371, 8446, 850, 3129, 8218, 4199, 8358, 205, 5268, 3263, 2849, 8398, 1381, 6305, 668, 8867, 4651, 9121, 6141, 1961, 3750, 8418, 8085, 3308, 1788, 1608, 4761] },
      { type: I16, shape: [32], data: [1323, 764, 9100, 4220, 1745, 9311, 178, 9442, 5676, 1817, 5433, 5837, 7635, 4539, 6548, 9690, 6097, 4275, 1523, 3694, 7506, 2797, 5153, 172, 2172, 4540, 6643, 7845, 1719, 7564, 1700, 5227], constant: true },
    ],
    outputs: [{ type: I16, shape: [1, 32], data: [6310, 5730, 32767, 32767, 12446, 13493, 5872, 31350, 32767, 32767, 32767, 32767, 6113, 32767, 32767, 32767, 32767, 23061, 32767, 9639, 32767, 32767, 32767, 4125, 16637, 32767, 32767, 32767, 22212, 32767, 10678, 32767] }],
    customOptions: flexMap({ shift: 8 }),
  },
  {
    name: 'TFLM length 16 shift 12, outer dims 2x2',
    inputs: [{ type: I16, shape: [2, 2, 16], data: [...ramp, ...ramp, ...ramp, ...ramp] }, { type: I16, shape: [16], data: rampDown, constant: true }],
    outputs: [{ type: I16, shape: [2, 2, 16], data: [...golden16, ...golden16, ...golden16, ...golden16] }],
    customOptions: flexMap({ shift: 12 }),
  },
  {
    name: 'negative saturation, shift 0, extremes',
    inputs: [{ type: I16, shape: [4], data: [-32768, 32767, -32768, -3] }, { type: I16, shape: [4], data: [32767, 32767, -32768, 5], constant: true }],
    outputs: [{ type: I16, shape: [4], data: [-32768, 32767, 32767, -15] }],
    customOptions: flexMap({ shift: 0 }),
  },
  {
    name: 'arithmetic shift of negatives rounds toward -inf',
    inputs: [{ type: I16, shape: [3], data: [-1, -3, 3] }, { type: I16, shape: [3], data: [1, 1, 1] }],
    outputs: [{ type: I16, shape: [3], data: [-1, -2, 1] }],
    customOptions: flexMap({ shift: 1 }),
  },
  {
    name: 'rejects non-int16 input',
    inputs: [{ type: TensorType.INT8, shape: [4], data: [0, 0, 0, 0] }, { type: I16, shape: [4], data: [1, 1, 1, 1], constant: true }],
    outputs: [{ type: TensorType.INT8, shape: [4] }],
    customOptions: flexMap({ shift: 0 }),
    expectError: /input has type INT8/,
  },
  {
    name: 'rejects 2-D weights',
    inputs: [{ type: I16, shape: [4] }, { type: I16, shape: [2, 2], data: [1, 1, 1, 1], constant: true }],
    outputs: [{ type: I16, shape: [4] }],
    customOptions: flexMap({ shift: 0 }),
    expectError: /weights must have rank 1/,
  },
  {
    name: 'rejects input not a multiple of the window',
    inputs: [{ type: I16, shape: [5] }, { type: I16, shape: [2], data: [1, 1], constant: true }],
    outputs: [{ type: I16, shape: [5] }],
    customOptions: flexMap({ shift: 0 }),
    expectError: /not a multiple of the window length/,
  },
  {
    name: 'rejects missing options',
    inputs: [{ type: I16, shape: [2] }, { type: I16, shape: [2], data: [1, 1], constant: true }],
    outputs: [{ type: I16, shape: [2] }],
    expectError: /custom_options: missing/,
  },
  {
    name: 'rejects options without shift',
    inputs: [{ type: I16, shape: [2] }, { type: I16, shape: [2], data: [1, 1], constant: true }],
    outputs: [{ type: I16, shape: [2] }],
    customOptions: flexMap({ shfit: 3 }),
    expectError: /custom_options\.shift: missing/,
  },
  {
    name: 'rejects shift 32 (undefined in C)',
    inputs: [{ type: I16, shape: [2] }, { type: I16, shape: [2], data: [1, 1], constant: true }],
    outputs: [{ type: I16, shape: [2] }],
    customOptions: flexMap({ shift: 32 }),
    expectError: /shift: 32 is outside \[0, 31\]/,
  },
  {
    name: 'rejects rank mismatch',
    inputs: [{ type: I16, shape: [1, 2] }, { type: I16, shape: [2], data: [1, 1], constant: true }],
    outputs: [{ type: I16, shape: [2] }],
    customOptions: flexMap({ shift: 0 }),
    expectError: /input rank 2 != output rank 1/,
  },
]);
