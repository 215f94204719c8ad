/** SignalFilterBankSquareRoot: TFLM's filter_bank_square_root_test.cc tables, 64-bit extremes, rejections. */
import { SIGNAL_FILTER_BANK_SQUARE_ROOT } from '../../../src/kernels/signal/filter_bank_square_root.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable } from '../../helpers/kernel-runner.js';
import { streamTable } from './helpers.js';

const { INT32: I32, UINT32: U32, UINT64: U64 } = TensorType;

kernelTable('SignalFilterBankSquareRoot', SIGNAL_FILTER_BANK_SQUARE_ROOT, [
  {
    name: 'TFLM 32 channels, shift 7',
    inputs: [
      {
        type: U64,
        shape: [32],
        data: [
          10528000193, 28362909357, 47577133750, 8466055850, 5842710800, 2350911449, 2989811430, 2646718839, 515262774, 276394561,
          469831522, 55815334, 28232446, 11591835, 40329249, 67658028, 183446654, 323189165, 117473797, 41339272, 25846050, 12428673,
          18670978, 22521722, 78477733, 54207503, 25150296, 43098592, 28211625, 15736687, 20990296, 17907031,
        ],
      },
      { type: I32, shape: [], data: [7] },
    ],
    outputs: [
      {
        type: U32,
        shape: [32],
        data: [801, 1315, 1704, 718, 597, 378, 427, 401, 177, 129, 169, 58, 41, 26, 49, 64, 105, 140, 84, 50, 39, 27, 33, 37, 69, 57, 39, 51, 41, 30, 35, 33],
      },
    ],
  },
  {
    name: 'TFLM 16 channels, shift 5',
    inputs: [
      {
        type: U64,
        shape: [16],
        data: [
          13051415151, 14932650877, 18954728418, 8730126017, 6529665275, 12952546517, 10314975609, 8919697835, 8053663348, 17231208421,
          7366899760, 1372112200, 19953434807, 17012385332, 4710443222, 17765594053,
        ],
      },
      { type: I32, shape: [], data: [5] },
    ],
    outputs: [{ type: U32, shape: [16], data: [3570, 3818, 4302, 2919, 2525, 3556, 3173, 2951, 2804, 4102, 2682, 1157, 4414, 4076, 2144, 4165] }],
  },
  {
    name: 'rejects uint32 input',
    inputs: [{ type: U32, shape: [4] }, { type: I32, shape: [] }],
    outputs: [{ type: U32, shape: [4] }],
    expectError: /input has type UINT32; expected UINT64/,
  },
  {
    name: 'rejects a vector scale',
    inputs: [{ type: U64, shape: [4] }, { type: I32, shape: [1] }],
    outputs: [{ type: U32, shape: [4] }],
    expectError: /scale_bits must have rank 0/,
  },
  {
    name: 'rejects a short output',
    inputs: [{ type: U64, shape: [4] }, { type: I32, shape: [] }],
    outputs: [{ type: U32, shape: [3] }],
    expectError: /output length 3 < input length 4/,
  },
]);

// Values beyond 2^53 need exact uint64 inputs: expected values from TFLM's C Sqrt64 (g++).
streamTable('SignalFilterBankSquareRoot (64-bit extremes)', SIGNAL_FILTER_BANK_SQUARE_ROOT, [
  {
    name: '2^64-1 saturates at 0xFFFFFFFF; perfect squares; the 32-bit shortcut',
    inputs: [{ type: U64, shape: [6] }, { type: I32, shape: [] }],
    outputs: [{ type: U32, shape: [6] }],
    steps: [
      {
        inputs: [[18446744073709551615n, 18446744073709551614n, 4294967295n, 4294967296n, 0n, 4294836225n], [0]],
        outputs: [[4294967295, 4294967295, 65535, 65536, 0, 65535]],
      },
      {
        inputs: [[18446744065119617025n, 18446744065119617024n, 1099511627776n, 3n, 2n, 1n], [3]],
        outputs: [[536870911, 536870911, 131072, 0, 0, 0]],
      },
    ],
  },
]);
