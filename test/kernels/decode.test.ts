/**
 * TFLM_DECODE: TFLM decode_state_huffman_test.cc vectors (16- and 32-bit tables, int8 and int16), TFLM
 * decode_state_prune_test.cc vectors (per-channel int8 zero points, float, alt-axis with 40 channels), a grid of
 * LUT and prune encodings for every type and bit width against a direct encoder (first and last channel axes),
 * several outputs in one node, and rejections.
 */
import { DECODE } from '../../src/kernels/decode.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, toTyped, type OpCase, type TensorSpec } from '../helpers/kernel-runner.js';
import { Lcg } from '../helpers/lcg.js';

const LUT = 0;
const HUFFMAN = 1;
const PRUNE = 2;
const dcm = (type: number, b5 = 0, b6 = 0, version = 1, typeVersion = 1) => [type, version, 0, 0, typeVersion, b5, b6, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const bytesOf = (type: number, values: ArrayLike<number | bigint>): number[] => {
  const t = toTyped(type, values);
  return Array.from(new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
};
const u8 = (data: number[]): TensorSpec => ({ type: T.UINT8, shape: [data.length], data, constant: true });

/** Pack `bits`-bit values MSB first. */
function pack(values: number[], bits: number): number[] {
  const out = new Array<number>(Math.ceil((values.length * bits) / 8)).fill(0);
  let pos = 0;
  for (const v of values) {
    for (let b = bits - 1; b >= 0; b--, pos++) if ((v >> b) & 1) out[pos >> 3]! |= 0x80 >> (pos & 7);
  }
  return out;
}

const RANGE: Record<number, [number, number]> = {
  [T.BOOL]: [0, 1], [T.INT8]: [-128, 127], [T.INT16]: [-32768, 32767], [T.INT32]: [-2147483648, 2147483647],
  [T.INT64]: [-4294967296, 4294967296], [T.FLOAT32]: [-1000, 1000],
};

const rng = new Lcg(43);
const grid: OpCase[] = [];
// LUT: every type, widths 1..7, one channel, channels on the first axis, channels on the last axis.
for (const type of [T.BOOL, T.INT8, T.INT16, T.INT32, T.INT64, T.FLOAT32]) {
  for (const [bits, shape, channels, alt] of [
    [1, [37], 1, false], [2, [3, 11], 3, false], [3, [2, 40], 2, false], [4, [4, 9], 1, false], [5, [2, 3, 4], 4, true],
    [6, [5, 6], 6, true], [7, [2, 70], 2, false], [4, [2, 33], 2, false], [2, [50], 1, false], [3, [1, 70], 1, false],
  ] as [number, number[], number, boolean][]) {
    const count = shape.reduce((a, b) => a * b, 1);
    const stride = rng.int(1, 1 << bits);
    const tables = rng.ints(channels * stride, ...RANGE[type]!);
    const idx = rng.ints(count, 0, stride - 1);
    const expected = idx.map((ix, k) => {
      const c = alt ? k % channels : Math.floor(k / (count / channels));
      return tables[c * stride + ix]!;
    });
    const q = channels > 1 ? { scale: new Array<number>(channels).fill(0.5), zeroPoint: new Array<number>(channels).fill(0), quantizedDimension: alt ? shape.length - 1 : 0 } : {};
    grid.push({
      name: `LUT type ${type} width ${bits} [${shape}] ${channels} channel(s)${alt ? ' on the last axis' : ''}`,
      inputs: [u8(pack(idx, bits)), u8([...dcm(LUT, bits, stride), ...bytesOf(type, tables)])],
      outputs: [{ type, shape, data: expected, ...q }],
    });
  }
}
// Prune: every type, zero points, per-channel int8 on either axis.
for (const [type, shape, zps, alt] of [
  [T.INT8, [37], [5], false], [T.INT8, [3, 8], [-128, 0, 127], false], [T.INT8, [2, 5, 3], [1, -2, 3], true],
  [T.INT16, [3, 7], [0], false], [T.INT32, [20], null, false], [T.INT64, [2, 9], [0, 0], false], [T.FLOAT32, [33], null, false],
  [T.BOOL, [17], null, false],
] as [number, number[], number[] | null, boolean][]) {
  const count = shape.reduce((a, b) => a * b, 1);
  const mask = rng.ints(count, 0, 1);
  const kept = rng.ints(mask.filter((m) => m).length, ...RANGE[type]!);
  let v = 0;
  const channels = zps ? zps.length : 1;
  const expected = mask.map((m, k) => {
    const c = alt ? k % channels : Math.floor(k / (count / channels));
    return m ? kept[v++]! : zps && zps.length > 1 ? zps[c]! : zps ? zps[0]! : 0;
  });
  const q = zps ? { scale: new Array<number>(channels).fill(0.25), zeroPoint: zps, quantizedDimension: alt ? shape.length - 1 : 0 } : {};
  grid.push({
    name: `prune type ${type} [${shape}] zero points [${zps ?? 'none'}]${alt ? ' on the last axis' : ''}`,
    inputs: [u8(pack(mask, 1)), u8([...dcm(PRUNE), ...bytesOf(type, kept)])],
    outputs: [{ type, shape, data: expected, ...q }],
  });
}

// TFLM decode_state_huffman_test.cc
const HUFF_ENCODED = [0xf0, 0x0d, 0x79, 0xfc, 0x9c, 0x1a, 0x6e, 0x4c, 0x32, 0xaf, 0x29, 0xb3, 0x5d, 0xf6, 0x36, 0x02, 0x50, 0x15, 0x8c, 0xa7, 0x95, 0xdb,
  0x29, 0x68, 0x3f, 0xba, 0xb7, 0xed, 0xb1, 0x19, 0xe2, 0xe0];
const HUFF_EXPECT = Array.from('nmmacnanefdacopjomeckifookhbdbdmjjdmjgojfecpbiibmanbbjbnlgjafejp', (ch) => ch.charCodeAt(0));
const HUFF16 = [0x986d, 0x9861, 0x986a, 0x0005, 0x0806, 0x0809, 0x000e, 0x000f, 0x886f, 0x8868, 0x8864, 0x8864, 0x9069, 0x9066, 0x8863, 0x8863,
  0x0002, 0x906b, 0x8867, 0x886c, 0x8865, 0x8862, 0x8870, 0x886e];
const HUFF32 = HUFF16.map((v) => (v & 0x8000 ? 0x80000000 : 0) + (v & 0x7800) * 0x10000 + (v & 0x07ff));
const huff16Anc = [...dcm(HUFFMAN, 2 << 4), ...bytesOf(T.UINT16, HUFF16)];
const huff32Anc = [...dcm(HUFFMAN, (2 << 4) | 1), ...bytesOf(T.UINT32, HUFF32)];

// TFLM decode_state_prune_test.cc
const PRUNE_ENCODED = [0xa5, 0x5a, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5];
const rep = (pattern: number[], n: number) => Array.from({ length: n }, (_, i) => pattern[i % pattern.length]!);
const PRUNE0 = [...rep([1, 2, 3, 4], 20), ...rep([11, 12, 13, 14], 20)];
const EXPECT0 = [
  1, -128, 2, -128, -128, 3, -128, 4, -128, 1, -128, 2, 3, -128, 4, -128, ...rep([1, -128, 2, -128, -128, 3, -128, 4], 24),
  ...rep([11, 0, 12, 0, 0, 13, 0, 14], 40),
];
const PRUNE2 = [...rep([9, 10, 11, 12], 20), ...rep([19, 20, 21, 22], 20)];
const EXPECT2 = [9, 0, 10, 0, 0, 11, 0, 12, 0, 9, 0, 10, 11, 0, 12, 0, ...rep([9, 0, 10, 0, 0, 11, 0, 12], 24), ...rep([19, 0, 20, 0, 0, 21, 0, 22], 40)];
const PRUNE4 = [...rep([17, 18, 19, 20], 20), ...rep([21, 22, 23, 24], 20)];
const ZP4 = Array.from({ length: 40 }, (_, i) => -(i % 20));
const EXPECT4 = [
  17, -1, 18, -3, -4, 19, -6, 20, -8, 17, -10, 18, 19, -13, 20, -15, 17, -17, 18, -19, 0, 19, -2, 20, 17, -5, 18, -7, -8, 19,
  -10, 20, 17, -13, 18, -15, -16, 19, -18, 20, 21, -1, 22, -3, -4, 23, -6, 24, 21, -9, 22, -11, -12, 23, -14, 24, 21, -17, 22, -19,
  0, 23, -2, 24, 21, -5, 22, -7, -8, 23, -10, 24, 21, -13, 22, -15, -16, 23, -18, 24,
];

const cases: OpCase[] = [
  {
    name: 'Huffman 16-bit table, int8 (TFLM)',
    inputs: [u8(HUFF_ENCODED), u8(huff16Anc)],
    outputs: [{ type: T.INT8, shape: [64], data: HUFF_EXPECT }],
  },
  {
    name: 'Huffman 32-bit table, int8 (TFLM)',
    inputs: [u8(HUFF_ENCODED), u8(huff32Anc)],
    outputs: [{ type: T.INT8, shape: [64], data: HUFF_EXPECT }],
  },
  {
    name: 'Huffman 32-bit table, int16 (TFLM)',
    inputs: [u8(HUFF_ENCODED), u8(huff32Anc)],
    outputs: [{ type: T.INT16, shape: [64], data: HUFF_EXPECT }],
  },
  {
    name: 'prune per-channel int8 zero points [-128, 0] (TFLM)',
    inputs: [u8(PRUNE_ENCODED), u8([...dcm(PRUNE), ...bytesOf(T.INT8, PRUNE0)])],
    outputs: [{ type: T.INT8, shape: [2, 5, 8, 1], data: EXPECT0, scale: [1, 1], zeroPoint: [-128, 0], quantizedDimension: 0 }],
  },
  {
    name: 'prune float (TFLM)',
    inputs: [u8(PRUNE_ENCODED), u8([...dcm(PRUNE), ...bytesOf(T.FLOAT32, PRUNE2)])],
    outputs: [{ type: T.FLOAT32, shape: [2, 5, 8, 1], data: EXPECT2 }],
  },
  {
    name: 'prune alt axis, 40 channels (TFLM)',
    inputs: [u8(PRUNE_ENCODED), u8([...dcm(PRUNE), ...bytesOf(T.INT8, PRUNE4)])],
    outputs: [{ type: T.INT8, shape: [1, 2, 1, 40], data: EXPECT4, scale: new Array<number>(40).fill(1), zeroPoint: ZP4, quantizedDimension: 3 }],
  },
  ...grid,
  {
    name: 'two outputs in one node (LUT int8 + Huffman int16)',
    inputs: [u8(pack([0, 1, 2, 3], 2)), u8([...dcm(LUT, 2, 4), ...bytesOf(T.INT8, [-5, 6, -7, 8])]), u8(HUFF_ENCODED), u8(huff32Anc)],
    outputs: [{ type: T.INT8, shape: [4], data: [-5, 6, -7, 8] }, { type: T.INT16, shape: [64], data: HUFF_EXPECT }],
  },
  // Rejections.
  {
    name: 'Huffman 16-bit table with an int16 output fails (TFLM)',
    inputs: [u8(HUFF_ENCODED), u8(huff16Anc)],
    outputs: [{ type: T.INT16, shape: [64] }],
    expectError: /16-bit Huffman tables decode to INT8/,
  },
  {
    name: 'prune int16 with a nonzero zero point fails (TFLM)',
    inputs: [u8(PRUNE_ENCODED), u8([...dcm(PRUNE), ...bytesOf(T.INT16, PRUNE0)])],
    outputs: [{ type: T.INT16, shape: [2, 5, 8, 1], scale: [1, 1], zeroPoint: [0, -1], quantizedDimension: 0 }],
    expectError: /all zero-points must be zero/,
  },
  {
    name: 'DCM version 2 fails (TFLM)',
    inputs: [u8([0xff]), u8(dcm(LUT, 1, 2, 2))],
    outputs: [{ type: T.INT8, shape: [8] }],
    expectError: /version 2 != 1/,
  },
  {
    name: 'LUT version 0 fails (TFLM)',
    inputs: [u8([0xff]), u8([...dcm(LUT, 1, 2, 1, 0), 1, 2])],
    outputs: [{ type: T.INT8, shape: [8] }],
    expectError: /unsupported LUT version 0/,
  },
  {
    name: 'custom decode type fails (TFLM)',
    inputs: [u8([0xff]), u8(dcm(127))],
    outputs: [{ type: T.INT8, shape: [8] }],
    expectError: /custom decode type not yet supported/,
  },
  {
    name: 'unknown decode type fails (TFLM)',
    inputs: [u8([0xff]), u8(dcm(9))],
    outputs: [{ type: T.INT8, shape: [8] }],
    expectError: /unsupported decode type 9/,
  },
  {
    name: 'quantization on a middle axis fails (TFLM)',
    inputs: [u8([0xff]), u8([...dcm(LUT, 1, 2), 1, 2])],
    outputs: [{ type: T.INT8, shape: [2, 2, 2], scale: [1, 1], zeroPoint: [0, 0], quantizedDimension: 1 }],
    expectError: /unsupported quantization axis 1/,
  },
  {
    name: 'uint8 LUT output fails (TFLM)',
    inputs: [u8([0xff]), u8([...dcm(LUT, 1, 2), 1, 2])],
    outputs: [{ type: T.UINT8, shape: [8] }],
    expectError: /unsupported tensor type UINT8/,
  },
  {
    name: 'non-constant encoded input fails (TFLM)',
    inputs: [{ type: T.UINT8, shape: [1], data: [0xff] }, u8([...dcm(LUT, 1, 2), 1, 2])],
    outputs: [{ type: T.INT8, shape: [8] }],
    expectError: /encoded input 0 is not constant/,
  },
  {
    name: 'three inputs for one output fail (TFLM)',
    inputs: [u8([0xff]), u8([...dcm(LUT, 1, 2), 1, 2]), u8([0])],
    outputs: [{ type: T.INT8, shape: [8] }],
    expectError: /expected 2 inputs for 1 outputs, got 3/,
  },
  {
    name: 'indices past the value table fail (TFLM would read past it)',
    inputs: [u8(pack([0, 3], 2)), u8([...dcm(LUT, 2, 2), 1, 2])],
    outputs: [{ type: T.INT8, shape: [2] }],
    expectError: /value table holds fewer than the 4 elements/,
  },
  {
    name: 'too few index bytes fail',
    inputs: [u8([0xff]), u8([...dcm(LUT, 4, 16), ...new Array<number>(16).fill(1)])],
    outputs: [{ type: T.INT8, shape: [3] }],
    expectError: /fewer than 3 4-bit indices/,
  },
];

kernelTable('TFLM_DECODE', DECODE, cases);
