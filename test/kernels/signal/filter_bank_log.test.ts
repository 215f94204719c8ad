/** SignalFilterBankLog: TFLM's filter_bank_log_test.cc tables, the shift wrap and saturation, rejections. */
import { SIGNAL_FILTER_BANK_LOG } from '../../../src/kernels/signal/filter_bank_log.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable } from '../../helpers/kernel-runner.js';

const { INT16: I16, UINT32: U32 } = TensorType;
const opts = (scale: number, bits: number) => flexMap({ output_scale: scale, input_correction_bits: bits });

kernelTable('SignalFilterBankLog', SIGNAL_FILTER_BANK_LOG, [
  {
    name: 'TFLM 32 channels, scale 1600, correction 3',
    inputs: [{ type: U32, shape: [32], data: [29, 21, 29, 40, 19, 11, 13, 23, 13, 11, 25, 17, 5, 4, 46, 14, 17, 14, 20, 14, 10, 10, 15, 11, 17, 12, 15, 16, 19, 18, 6, 2] }],
    outputs: [
      {
        type: I16,
        shape: [32],
        data: [8715, 8198, 8715, 9229, 8038, 7164, 7431, 8344, 7431, 7164, 8477, 7860, 5902, 5545, 9453, 7550, 7860, 7550, 8120, 7550, 7011, 7011, 7660, 7164, 7860, 7303, 7660, 7763, 8038, 7952, 6194, 4436],
      },
    ],
    customOptions: opts(1600, 3),
  },
  {
    name: 'TFLM 16 channels, scale 32768, correction 5 (saturating)',
    inputs: [{ type: U32, shape: [16], data: [48, 20, 19, 24, 35, 47, 23, 30, 31, 10, 48, 21, 46, 14, 18, 27] }],
    outputs: [{ type: I16, shape: [16], data: [32767, 15121, 13440, 21095, 32767, 32767, 19701, 28407, 29482, 32767, 32767, 16720, 32767, 3434, 11669, 24955] }],
    customOptions: opts(32768, 5),
  },
  {
    // TFLM C values: 0 and 1 map to 0; 2^29 << 3 wraps to 0 in uint32; the max input saturates.
    name: 'edges: 0, 1, 2, 3, 2^32-1, 2^29 (shifted out)',
    inputs: [{ type: U32, shape: [6], data: [0, 1, 2, 3, 4294967295, 536870912] }],
    outputs: [{ type: I16, shape: [6], data: [0, 3327, 4436, 5085, 32767, 0] }],
    customOptions: opts(1600, 3),
  },
  {
    name: 'no correction: 2, 2^32-1, 65535 at scale 32768 (TFLM C values)',
    inputs: [{ type: U32, shape: [3], data: [2, 4294967295, 65535] }],
    outputs: [{ type: I16, shape: [3], data: [22713, 5968, 32767] }],
    customOptions: opts(32768, 0),
  },
  {
    name: 'rejects int16 input',
    inputs: [{ type: I16, shape: [4] }],
    outputs: [{ type: I16, shape: [4] }],
    customOptions: opts(1600, 3),
    expectError: /input has type INT16; expected UINT32/,
  },
  {
    name: 'rejects missing output_scale',
    inputs: [{ type: U32, shape: [4] }],
    outputs: [{ type: I16, shape: [4] }],
    customOptions: flexMap({ input_correction_bits: 3 }),
    expectError: /output_scale: missing/,
  },
  {
    name: 'rejects a short output',
    inputs: [{ type: U32, shape: [4] }],
    outputs: [{ type: I16, shape: [3] }],
    customOptions: opts(1600, 3),
    expectError: /output length 3 < input length 4/,
  },
]);
