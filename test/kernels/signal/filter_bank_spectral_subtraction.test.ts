/**
 * SignalFilterBankSpectralSubtraction: TFLM's spectral subtraction tables (with and without reset), a 4-step
 * stream with the audio preprocessor's parameters and a clamping stream (expected values from TFLM's C code),
 * and rejections.
 */
import { SIGNAL_FILTER_BANK_SPECTRAL_SUBTRACTION } from '../../../src/kernels/signal/filter_bank_spectral_subtraction.js';
import { flexMap } from '../../../src/model/flexbuffers.js';
import { TensorType } from '../../../src/model/types.js';
import { kernelTable } from '../../helpers/kernel-runner.js';
import { Lcg } from '../../helpers/lcg.js';
import { streamTable } from './helpers.js';

const { UINT32: U32 } = TensorType;

/** TFLM's generated options (insertion order as its generator; clamping stored as an int). */
const tflmOpts = (n: number) =>
  flexMap({
    num_channels: n,
    smoothing: 655,
    one_minus_smoothing: 15729,
    alternate_smoothing: 655,
    alternate_one_minus_smoothing: 15729,
    smoothing_bits: 0,
    min_signal_remaining: 819,
    clamping: 0,
    spectral_subtraction_bits: 14,
  });

const in32 = [322, 308, 210, 212, 181, 251, 403, 259, 65, 48, 76, 48, 50, 46, 53, 52, 112, 191, 136, 59, 70, 51, 39, 64, 33, 44, 41, 49, 74, 107, 262, 479];
const out32 = [310, 296, 202, 204, 174, 241, 387, 249, 63, 47, 73, 47, 49, 45, 51, 50, 108, 184, 131, 57, 68, 49, 38, 62, 32, 43, 40, 48, 72, 103, 252, 460];
const noise32 = [12, 12, 8, 8, 7, 10, 16, 10, 2, 1, 3, 1, 1, 1, 2, 2, 4, 7, 5, 2, 2, 2, 1, 2, 1, 1, 1, 1, 2, 4, 10, 19];
const in16 = [393, 213, 408, 1, 361, 385, 386, 326, 170, 368, 368, 305, 152, 322, 213, 319];
const out16 = [378, 205, 392, 1, 347, 370, 371, 313, 164, 354, 354, 293, 146, 310, 205, 307];
const noise16 = [15, 8, 16, 0, 14, 15, 15, 13, 6, 14, 14, 12, 6, 12, 8, 12];

kernelTable('SignalFilterBankSpectralSubtraction', SIGNAL_FILTER_BANK_SPECTRAL_SUBTRACTION, [
  {
    name: 'TFLM 32 channels',
    inputs: [{ type: U32, shape: [32], data: in32 }],
    outputs: [{ type: U32, shape: [32], data: out32 }, { type: U32, shape: [32], data: noise32 }],
    customOptions: tflmOpts(32),
  },
  {
    name: 'TFLM 16 channels',
    inputs: [{ type: U32, shape: [16], data: in16 }],
    outputs: [{ type: U32, shape: [16], data: out16 }, { type: U32, shape: [16], data: noise16 }],
    customOptions: tflmOpts(16),
  },
  {
    name: 'rejects a noise output longer than num_channels',
    inputs: [{ type: U32, shape: [16] }],
    outputs: [{ type: U32, shape: [16] }, { type: U32, shape: [17] }],
    customOptions: tflmOpts(16),
    expectError: /noise_estimate has 17 channels, num_channels is 16/,
  },
  {
    name: 'rejects an input shorter than num_channels',
    inputs: [{ type: U32, shape: [15] }],
    outputs: [{ type: U32, shape: [16] }, { type: U32, shape: [16] }],
    customOptions: tflmOpts(16),
    expectError: /input has 15 channels, num_channels is 16/,
  },
  {
    name: 'rejects int32 tensors',
    inputs: [{ type: TensorType.INT32, shape: [16] }],
    outputs: [{ type: U32, shape: [16] }, { type: U32, shape: [16] }],
    customOptions: tflmOpts(16),
    expectError: /input has type INT32; expected UINT32/,
  },
  {
    name: 'rejects one output',
    inputs: [{ type: U32, shape: [16] }],
    outputs: [{ type: U32, shape: [16] }],
    customOptions: tflmOpts(16),
    expectError: /expected 2 outputs/,
  },
]);

/** The audio preprocessor's options (micro_speech audio_preprocessor_int8.tflite, node 11). */
const preprocessorOpts = flexMap({
  alternate_one_minus_smoothing: 15401,
  alternate_smoothing: 983,
  clamping: false,
  min_signal_remaining: 819,
  num_channels: 40,
  one_minus_smoothing: 15975,
  smoothing: 409,
  smoothing_bits: 10,
  spectral_subtraction_bits: 14,
});
const g = new Lcg(11);
const streamIn = [0, 1, 2, 3].map((s) => g.ints(40, 0, s === 2 ? 4000000000 : 70000));
const STREAM = [{"out": [26041, 27127, 66038, 12307, 26818, 61067, 28356, 58486, 57714, 1659, 64327, 46344, 33983, 12095, 54862, 39931, 13153, 59691, 20150, 48368, 43003, 4297, 17216, 58815, 33383, 12159, 865, 1678, 59627, 47299, 45284, 54147, 64732, 58942, 19713, 54786, 66901, 9994, 48198, 27899], "noise": [682723, 1773024, 1731322, 804401, 703096, 3991287, 743434, 3822641, 1513095, 108437, 1686460, 3028991, 890955, 790577, 1438325, 2609865, 344838, 3901342, 528274, 3161328, 1127434, 280892, 451357, 3844144, 875208, 794755, 22699, 109727, 1563249, 3091412, 1187224, 3539045, 1697094, 3852438, 516822, 3580761, 1753945, 653203, 1263605, 1823465]}, {"out": [28244, 50731, 46510, 292, 5411, 60311, 11124, 2766, 1924, 7086, 3, 9245, 58264, 40511, 12406, 51760, 41119, 18629, 48834, 45471, 23051, 7311, 44613, 18388, 37227, 42627, 54275, 16715, 42525, 42699, 8322, 9321, 6790, 59398, 47556, 6131, 4354, 7797, 23189, 7882], "noise": [1423199, 5088777, 2950685, 823535, 844977, 7933194, 1035076, 4003448, 1563539, 571620, 1645945, 3633290, 2418465, 3438345, 1763592, 5992878, 1422865, 5118977, 1808574, 6133291, 1731782, 758795, 1621000, 5045981, 1851192, 3580814, 1445631, 1202260, 2678141, 5882213, 1405415, 4148314, 1875128, 7734664, 1763614, 3981527, 1868111, 1162833, 1871558, 2338635]}, {"out": [49638840, 38050865, 1514349, 52088434, 85643091, 39234968, 4515126, 22129581, 35972804, 97580855, 21073469, 23295362, 49734077, 48587459, 3451267, 3406124, 12637225, 5151894, 16008845, 56202939, 45950901, 3920124, 20964228, 40450159, 59096899, 68607634, 56367263, 3572012, 68864075, 22182855, 82208744, 37643853, 6501247, 54016273, 40084284, 28267552, 73392165, 61567203, 16688988, 71283019], "noise": [82254665, 129754648, 26759251, 113554636, 52052922, 41625564, 58376625, 144933724, 63022821, 107582460, 56357456, 31264121, 24709839, 193827212, 92245351, 68929857, 30732865, 152246491, 39800093, 21727139, 19323403, 180366656, 107687097, 244003959, 94525203, 61754453, 92082312, 10623634, 50825739, 212176046, 11831324, 144008012, 2678757, 170273690, 21387554, 215847872, 6815238, 167815272, 66019100, 256518178]}, {"out": [2286, 1019, 39178, 543, 1787, 26831, 1238, 922, 3130, 1346, 2312, 1413, 602, 2746, 46, 2043, 15453, 300, 13025, 30458, 42678, 2874, 1012, 1563, 1554, 2715, 2873, 10679, 1963, 841, 384, 134, 59105, 1106, 47710, 1767, 18250, 3209, 3141, 2229], "noise": [81370386, 123222212, 27786401, 107409767, 51667415, 43379238, 57552785, 137371637, 63050231, 102782164, 56133334, 31125495, 24401026, 185573367, 89966317, 67306106, 31138016, 143481558, 40141575, 23717842, 20442311, 173077876, 105516657, 231285590, 92960579, 61386375, 91252831, 11321647, 50561128, 200480424, 11732421, 135532719, 4228330, 161417173, 22638371, 205069833, 7293703, 161691728, 65977643, 243868194]}] as { out: number[]; noise: number[] }[];

const g2 = new Lcg(12);
const clampIn = [0, 1, 2].map(() => g2.ints(8, 0, 300000));
const CLAMP = [10803, 218370, 161793, 149328, 269253, 47423, 11267, 107019, 3598, 72748, 53900, 49747, 89699, 15798, 3753, 35652, 31326, 191929, 155065, 270592, 187784, 217134, 42285, 201854, 14034, 136687, 105558, 139892, 152258, 88134, 17839, 102898, 239199, 184006, 127091, 93993, 148303, 49810, 142166, 135943, 93721, 197987, 147897, 171205, 201664, 104727, 65200, 148186];

streamTable('SignalFilterBankSpectralSubtraction (state)', SIGNAL_FILTER_BANK_SPECTRAL_SUBTRACTION, [
  {
    name: 'TFLM 32 channels, reset restores the initial estimate',
    inputs: [{ type: U32, shape: [32] }],
    outputs: [{ type: U32, shape: [32] }, { type: U32, shape: [32] }],
    customOptions: tflmOpts(32),
    steps: [
      { inputs: [in32], outputs: [out32, noise32] },
      { inputs: [in32], outputs: [out32, noise32], reset: true },
    ],
  },
  {
    name: 'TFLM 16 channels, reset restores the initial estimate',
    inputs: [{ type: U32, shape: [16] }],
    outputs: [{ type: U32, shape: [16] }, { type: U32, shape: [16] }],
    customOptions: tflmOpts(16),
    steps: [
      { inputs: [in16], outputs: [out16, noise16] },
      { inputs: [in16], outputs: [out16, noise16], reset: true },
    ],
  },
  {
    name: 'preprocessor parameters over 4 steps, one with values near 2^32 (TFLM C values)',
    inputs: [{ type: U32, shape: [40] }],
    outputs: [{ type: U32, shape: [40] }, { type: U32, shape: [40] }],
    customOptions: preprocessorOpts,
    steps: STREAM.map((s, i) => ({ inputs: [streamIn[i]!], outputs: [s.out, s.noise] })),
  },
  {
    name: 'clamping with smoothing_bits 3 over 3 steps (TFLM C values)',
    inputs: [{ type: U32, shape: [8] }],
    outputs: [{ type: U32, shape: [8] }, { type: U32, shape: [8] }],
    customOptions: flexMap({
      num_channels: 8,
      smoothing: 655,
      one_minus_smoothing: 15729,
      alternate_smoothing: 655,
      alternate_one_minus_smoothing: 15729,
      smoothing_bits: 3,
      min_signal_remaining: 819,
      clamping: true,
      spectral_subtraction_bits: 14,
    }),
    steps: [0, 1, 2].map((s) => ({ inputs: [clampIn[s]!], outputs: [CLAMP.slice(16 * s, 16 * s + 8), CLAMP.slice(16 * s + 8, 16 * s + 16)] })),
  },
]);
