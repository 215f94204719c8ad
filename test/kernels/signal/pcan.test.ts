/** SignalPCAN: TFLM's pcan_test.cc table, extreme inputs (TFLM C values), rejections. */
import { SIGNAL_PCAN } from '../../../src/kernels/signal/pcan.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable, type TensorSpec } from '../../helpers/kernel-runner.js';

const { INT16: I16, UINT32: U32 } = TensorType;
const LUT = [
  32636, 32633, 32630, -6, 0, -21589, 32624, -12, 0, -21589, 32612, -23, -2, -21589, 32587, -48, 0, -21589, 32539, -96, 0, -21589, 32443,
  -190, 0, -21589, 32253, -378, 4, -21589, 31879, -739, 18, -21589, 31158, -1409, 62, -21589, 29811, -2567, 202, -21589, 27446, -4301,
  562, -21589, 23707, -6265, 1230, -21589, 18672, -7458, 1952, -21589, 13166, -7030, 2212, -21589, 8348, -5342, 1868, -21589, 4874,
  -3459, 1282, -21589, 2697, -2025, 774, -21589, 1446, -1120, 436, -21589, 762, -596, 232, -21589, 398, -313, 122, -21589, 207, -164, 64,
  -21589, 107, -85, 34, -21589, 56, -45, 18, -21589, 29, -22, 8, -21589, 15, -13, 6, -21589, 8, -8, 4, -21589, 4, -2, 0, -21589, 2, -3, 2,
  -21589, 1, 0, 0, -21589, 1, -3, 2, -21589, 0, 0, 0,
];
const lut = (data = LUT): TensorSpec => ({ type: I16, shape: [data.length], data, constant: true });
const opts = (shift: number) => flexMap({ snr_shift: shift });

kernelTable('SignalPCAN', SIGNAL_PCAN, [
  {
    name: 'TFLM mix1 ref1, 40 channels',
    inputs: [
      {
        type: U32,
        shape: [40],
        data: [286, 298, 305, 291, 290, 279, 273, 257, 250, 240, 240, 233, 234, 230, 221, 205, 183, 159, 156, 188, 239, 298, 345, 374, 380, 369, 359, 364, 372, 354, 302, 243, 194, 135, 64, 72, 171, 245, 277, 304],
      },
      {
        type: U32,
        shape: [40],
        data: [
          7310, 18308, 7796, 17878, 7413, 17141, 6978, 15789, 6390, 14745, 6135, 14314, 5981, 14130, 5649, 12594, 4677, 9768, 3987, 11550, 6109, 18308, 8819,
          22977, 9713, 22670, 9176, 22363, 9509, 21748, 7719, 14929, 4959, 8294, 1636, 4423, 4371, 15052, 7080, 18677,
        ],
      },
      lut(),
    ],
    outputs: [
      {
        type: U32,
        shape: [40],
        data: [1301, 836, 1354, 827, 1312, 811, 1263, 779, 1192, 753, 1160, 743, 1140, 738, 1096, 698, 956, 607, 845, 667, 1157, 836, 1461, 912, 1546, 908, 1496, 904, 1527, 895, 1346, 758, 999, 548, 378, 344, 908, 761, 1274, 843],
      },
    ],
    customOptions: opts(6),
  },
  {
    // Noise 0..3 (LUT entries 0..2 direct), huge noise (last LUT segment), huge channels (uint64 product truncated).
    name: 'extremes (TFLM C values)',
    inputs: [
      { type: U32, shape: [8], data: [4294967295, 4294967295, 4294967295, 100000, 4294967295, 1, 0, 123456789] },
      { type: U32, shape: [8], data: [0, 1, 2, 3, 4294967295, 2147483648, 1000, 65536] },
      lut(),
    ],
    outputs: [{ type: U32, shape: [8], data: [62914488, 59768760, 56623032, 796493, 0, 0, 0, 12688553] }],
    customOptions: opts(6),
  },
  {
    name: 'snr_shift 31 (TFLM C values)',
    inputs: [{ type: U32, shape: [4], data: [4294967295, 4294967295, 4294967295, 4294967295] }, { type: U32, shape: [4], data: [0, 5, 77, 1000000] }, lut()],
    outputs: [{ type: U32, shape: [4], data: [955, 955, 948, 0] }],
    customOptions: opts(31),
  },
  {
    name: 'rejects a gain LUT shorter than 125 entries',
    inputs: [{ type: U32, shape: [4] }, { type: U32, shape: [4] }, lut(LUT.slice(0, 124))],
    outputs: [{ type: U32, shape: [4] }],
    customOptions: opts(6),
    expectError: /gain_lut has 124 entries/,
  },
  {
    name: 'rejects an output of another length',
    inputs: [{ type: U32, shape: [4] }, { type: U32, shape: [4] }, lut()],
    outputs: [{ type: U32, shape: [5] }],
    customOptions: opts(6),
    expectError: /output has 5 channels, input 4/,
  },
  {
    name: 'rejects a short noise estimate',
    inputs: [{ type: U32, shape: [4] }, { type: U32, shape: [3] }, lut()],
    outputs: [{ type: U32, shape: [4] }],
    customOptions: opts(6),
    expectError: /noise_estimate has 3 channels, input 4/,
  },
  {
    name: 'rejects an int32 LUT',
    inputs: [{ type: U32, shape: [4] }, { type: U32, shape: [4] }, { type: TensorType.INT32, shape: [125], data: new Array(125).fill(0), constant: true }],
    outputs: [{ type: U32, shape: [4] }],
    customOptions: opts(6),
    expectError: /gain_lut has type INT32; expected INT16/,
  },
]);
