/**
 * SignalIrfft: TFLM's fft_test.cc cases (flat spectrum at 64 points for every type, outer dims, the 512-point
 * tables when ../tflm-src is present), exact outputs of TFLM's C code for random spectra, and rejections.
 */
import { test } from 'node:test';
import { SIGNAL_IRFFT } from '../../../src/kernels/signal/irfft.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable, type OpCase } from '../../helpers/kernel-runner.js';
import { Lcg } from '../../helpers/lcg.js';
import { SKIP_TFLM_SRC, tflmArray } from './helpers.js';

const { INT16: I16, INT32: I32, FLOAT32: F32 } = TensorType;
const opts = (T: number, n: number) => flexMap({ fft_length: n, T });
const flat = (n: number, re: number) => Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? re : 0));
const pulse = (n: number, v: number) => [v, ...new Array<number>(n - 1).fill(0)];
const fr = (a: number[]) => a.map((v) => Math.fround(v));

/** Exact TFLM outputs for LCG spectra (TFLM's signal/src + kissfft v130 compiled with g++ -O2). */
const IRFFT16_64 = [-188, -1573, -2323, 3717, -1552, -344, 5930, 2902, 5501, 1513, 1026, 804, -3138, -4, -732, -1204, -3928, -3293, 3486, -928, -180, 1142, -1930, 1302, 2092, 8402, 2952, -4076, -2831, 2779, 758, -840, 2376, 1171, 2833, 2463, 1974, -718, 2596, 1644, -2595, 2103, -2126, -1008, 192, 88, 3486, 4946, -5860, -6689, -1312, -5384, -2578, -5376, -544, 1652, -126, -926, -3584, 1760, 4749, -1779, -516, 82];
const IRFFT32_36 = [-327995557, 814363300, -80130952, 14804293, 57967885, 139843359, 377822511, 89667816, 295775562, 104163433, -148833465, -225519865, -46238999, 149110917, 261029640, 78505840, 158618351, -269727515, -179713525, -24561834, -13066648, 216860181, 275032875, 6991705, -184216985, -71773174, -7610996, 23631121, -10600007, -99406599, 73861727, -486374351, -24113904, -189104638, 40542487, -471321679];
const IRFFTF_50 = [49.6342888, -6.73857498, 12.7902918, 23.5746651, 14.0585203, 21.3278141, 4.54480934, 10.2273464, 1.06415164, -10.5210228, -35.5005722, -4.11344528, 1.63586056, -17.6422958, -35.339325, 7.33428717, 7.88309622, 8.44230461, -1.11923432, -12.1205626, 8.33317184, -0.110625118, -14.9681845, -5.21351385, -2.34145141, -2.5999999, 15.7319937, -3.07963133, 6.65285015, -10.4579601, -2.82304692, -0.635476172, 30.5604305, 11.8381033, 12.0534668, -16.0839729, -6.72332382, 11.9970961, 9.07776356, 32.0013084, -7.78669548, 0.0634832755, 26.9325733, -9.43568707, 15.1761055, 6.47901249, -7.45933533, -1.09042454, 9.93179893, -8.15651608];

const cases: OpCase[] = [
  {
    name: 'TFLM 64-point flat spectrum, float (divided by N)',
    inputs: [{ type: F32, shape: [1, 66], data: flat(33, 256) }],
    outputs: [{ type: F32, shape: [1, 64], data: pulse(64, 256) }],
    customOptions: opts(F32, 64),
    tolerance: 1e-7,
  },
  {
    name: 'TFLM 64-point flat spectrum, int16',
    inputs: [{ type: I16, shape: [1, 66], data: flat(33, 256) }],
    outputs: [{ type: I16, shape: [1, 64], data: pulse(64, 256) }],
    customOptions: opts(I16, 64),
  },
  {
    name: 'TFLM 64-point flat spectrum, int32',
    inputs: [{ type: I32, shape: [1, 66], data: flat(33, 256) }],
    outputs: [{ type: I32, shape: [1, 64], data: pulse(64, 256) }],
    customOptions: opts(I32, 64),
  },
  {
    name: 'TFLM 64-point flat spectra, int32, outer dims 2x2',
    inputs: [{ type: I32, shape: [2, 2, 66], data: flat(4 * 33, 256) }],
    outputs: [{ type: I32, shape: [2, 2, 64], data: [...pulse(64, 256), ...pulse(64, 256), ...pulse(64, 256), ...pulse(64, 256)] }],
    customOptions: opts(I32, 64),
  },
  {
    name: 'int16 random 64-point spectrum, exact',
    inputs: [{ type: I16, shape: [66], data: new Lcg(5).ints(66, -32768, 32767) }],
    outputs: [{ type: I16, shape: [64], data: IRFFT16_64 }],
    customOptions: opts(I16, 64),
  },
  {
    name: 'int32 full-range 36-point spectrum (radix 2x3x3), exact',
    inputs: [{ type: I32, shape: [38], data: new Lcg(6).ints(38, -2147483648, 2147483647) }],
    outputs: [{ type: I32, shape: [36], data: IRFFT32_36 }],
    customOptions: opts(I32, 36),
  },
  {
    name: 'float 50-point spectrum (radix 5x5), bit-exact',
    inputs: [{ type: F32, shape: [52], data: fr(new Lcg(7).ints(52, -1000, 1000).map((v) => v / 7)) }],
    outputs: [{ type: F32, shape: [50], data: fr(IRFFTF_50) }],
    customOptions: opts(F32, 50),
    tolerance: 0,
  },
  {
    name: 'rejects fft_length 22 (half is 11)',
    inputs: [{ type: I16, shape: [24] }],
    outputs: [{ type: I16, shape: [22] }],
    customOptions: opts(I16, 22),
    expectError: /fft_length 22 is not supported/,
  },
  {
    name: 'rejects input frames shorter than N/2+1 bins',
    inputs: [{ type: I16, shape: [8] }],
    outputs: [{ type: I16, shape: [8] }],
    customOptions: opts(I16, 8),
    expectError: /fft_length 8 needs 10/,
  },
  {
    name: 'rejects output frames shorter than N',
    inputs: [{ type: I16, shape: [10] }],
    outputs: [{ type: I16, shape: [6] }],
    customOptions: opts(I16, 8),
    expectError: /output frames hold 6 values; fft_length 8 needs 8/,
  },
  {
    name: 'rejects odd complex frames',
    inputs: [{ type: I16, shape: [11] }],
    outputs: [{ type: I16, shape: [8] }],
    customOptions: opts(I16, 8),
    expectError: /complex data needs an even count/,
  },
  {
    name: 'rejects type mismatch',
    inputs: [{ type: F32, shape: [10] }],
    outputs: [{ type: F32, shape: [8] }],
    customOptions: opts(I16, 8),
    expectError: /input has type FLOAT32; expected INT16/,
  },
];

const DATA = 'signal/testdata/fft_test_data.cc';
if (!SKIP_TFLM_SRC) {
  cases.push(
    {
      name: 'TFLM 512-point table, int16',
      inputs: [{ type: I16, shape: [1, 514], data: tflmArray(DATA, 'kIrfftInt16Length512Input')! }],
      outputs: [{ type: I16, shape: [1, 512], data: tflmArray(DATA, 'kIrfftInt16Length512Golden')! }],
      customOptions: opts(I16, 512),
    },
    {
      name: 'TFLM 512-point table, int32',
      inputs: [{ type: I32, shape: [1, 514], data: tflmArray(DATA, 'kIrfftInt32Length512Input')! }],
      outputs: [{ type: I32, shape: [1, 512], data: tflmArray(DATA, 'kIrfftInt32Length512Golden')! }],
      customOptions: opts(I32, 512),
    },
    {
      name: 'TFLM 512-point table, float (TFLM tolerance 1e-6)',
      inputs: [{ type: F32, shape: [1, 514], data: tflmArray(DATA, 'kIrfftFloatLength512Input')! }],
      outputs: [{ type: F32, shape: [1, 512], data: tflmArray(DATA, 'kIrfftFloatLength512Golden')! }],
      customOptions: opts(F32, 512),
      tolerance: 1e-6,
    },
  );
} else {
  test('SignalIrfft: TFLM 512-point tables', { skip: SKIP_TFLM_SRC }, () => {});
}

kernelTable('SignalIrfft', SIGNAL_IRFFT, cases);
