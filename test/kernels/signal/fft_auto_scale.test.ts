/** SignalFftAutoScale: TFLM's fft_test.cc auto-scale cases, TFLM's MaxAbs16/msb quirks, rejections. */
import { test } from 'node:test';
import { SIGNAL_FFT_AUTO_SCALE } from '../../../src/kernels/signal/fft_auto_scale.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable, type OpCase } from '../../helpers/kernel-runner.js';
import { SKIP_TFLM_SRC, tflmArray } from './helpers.js';

const { INT16: I16, INT32: I32 } = TensorType;

const scaleCase = (name: string, input: number[], output: number[], scale: number): OpCase => ({
  name,
  inputs: [{ type: I16, shape: [input.length], data: input }],
  outputs: [
    { type: I16, shape: [output.length], data: output },
    { type: I32, shape: [], data: [scale] },
  ],
});

const cases: OpCase[] = [
  scaleCase('TFLM small', [0x0000, 0x1111, 0x2222, 0x3333, 0x3333, 0x2222, 0x1111, 0x0000], [0x0000, 0x2222, 0x4444, 0x6666, 0x6666, 0x4444, 0x2222, 0x0000], 1),
  scaleCase('TFLM scale bit 7', [238, 113, -88, -243, -5, -130, 159, -70], [30464, 14464, -11264, -31104, -640, -16640, 20352, -8960], 7),
  // All zeros: TFLM's GCC build has MostSignificantBit32(0) = 32, so the shift is 0 (not 15).
  scaleCase('all zeros: shift 0', [0, 0, 0], [0, 0, 0], 0),
  scaleCase('+-1: shift 14', [1, -1, 0, 0], [16384, -16384, 0, 0], 14),
  // MaxAbs16 stores -(-32768) in an int16 (-32768): a later 100 becomes the maximum, and -32768 << 8 wraps to 0.
  scaleCase('-32768 then small values (int16 quirk)', [-32768, 5, -3, 100], [0, 1280, -768, 25600], 8),
  scaleCase('-32768 and -1 only', [-32768, -32768, -1], [-32768, -32768, -1], 0),
  {
    name: 'rejects non-scalar scale output',
    inputs: [{ type: I16, shape: [4] }],
    outputs: [{ type: I16, shape: [4] }, { type: I32, shape: [1] }],
    expectError: /scale_bit must have rank 0/,
  },
  {
    name: 'rejects int32 input',
    inputs: [{ type: I32, shape: [4] }],
    outputs: [{ type: I16, shape: [4] }, { type: I32, shape: [] }],
    expectError: /input has type INT32/,
  },
  {
    name: 'rejects an output longer than the input',
    inputs: [{ type: I16, shape: [4] }],
    outputs: [{ type: I16, shape: [5] }, { type: I32, shape: [] }],
    expectError: /output length 5 exceeds input length 4/,
  },
  {
    name: 'rejects a single output',
    inputs: [{ type: I16, shape: [4] }],
    outputs: [{ type: I16, shape: [4] }],
    expectError: /expected 2 outputs/,
  },
];

if (!SKIP_TFLM_SRC) {
  const DATA = 'signal/testdata/fft_test_data.cc';
  cases.push(scaleCase('TFLM large (400 values)', tflmArray(DATA, 'kFftAutoScaleLength512Input')!, tflmArray(DATA, 'kFftAutoScaleLength512Golden')!, 0));
} else {
  test('SignalFftAutoScale: TFLM large table', { skip: SKIP_TFLM_SRC }, () => {});
}

kernelTable('SignalFftAutoScale', SIGNAL_FFT_AUTO_SCALE, cases);
