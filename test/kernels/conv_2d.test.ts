import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONV_2D } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { TensorType as T } from '../../src/model/types.js';
import { requantize, requantize64 } from '../../src/kernels/internal/conv.js';
import { buildConvCase, mbqm32, mbqm64, refConv, tflmQuantize, type ConvSpec, type Kind } from '../helpers/conv-reference.js';
import { Lcg } from '../helpers/lcg.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';

const RELU = 1, RELU_N1_TO_1 = 2, RELU6 = 3;

// TFLM conv_test.cc tables (float data; the quantized variants are quantized as TFLM's test helpers do).
const kInput = [1, 1, 1, 1, 2, 2, 2, 2, 1, 2, 3, 4, 1, 2, 3, 4];
const kFilter = [1, 2, 3, 4, -1, 1, -1, 1, -1, -1, 1, 1];
const kBias = [1, 2, 3];
const kGolden = [18, 2, 5, 18, 2, 5, 17, 4, 3, 37, 4, 3];
const dilatedInput = [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4,
  1, 2, 3, 4, 5, 6, 2, 6, 2, 4, 4, 2, 3, 2, 6, 5, 1, 4, 1, 2, 1, 4, 6, 3];
const dilatedGolden = [25, 2, 7, 25, 2, 7, 10, 2, -3, 10, 2, -3, 39, 7, 6, 50, 3, 4, 14, 4, -5, 15, 0, -7];

interface TflmTable {
  name: string;
  inShape: number[];
  input: number[];
  fShape: number[];
  filter: number[];
  bias: number[];
  golden: number[];
  outShape: number[];
  stride: [number, number];
  dilation?: [number, number];
  activation?: number;
  /** Quantized variants: input/output scale and (int8) zero point. */
  scale: number;
  outScale: number;
  zeroPoint: number;
}

const tflmTables: TflmTable[] = [
  { name: 'SimpleTest', inShape: [2, 2, 4, 1], input: kInput, fShape: [3, 2, 2, 1], filter: kFilter, bias: kBias, golden: kGolden,
    outShape: [2, 1, 2, 3], stride: [2, 2], scale: 0.5, outScale: 1, zeroPoint: 0 },
  { name: 'InputAndFilterSameWidthHeight', inShape: [2, 2, 4, 1], input: kInput, fShape: [1, 2, 4, 1], filter: [1, 2, 3, 4, -1, -1, 1, 1],
    bias: [0], golden: [10, 34], outShape: [2, 1, 1, 1], stride: [2, 2], scale: 0.5, outScale: 1, zeroPoint: 0 },
  { name: 'SimpleTestDilated', inShape: [2, 4, 6, 1], input: dilatedInput, fShape: [3, 2, 2, 1], filter: kFilter, bias: kBias,
    golden: dilatedGolden, outShape: [2, 2, 2, 3], stride: [2, 2], dilation: [2, 3], scale: 0.5, outScale: 1, zeroPoint: 0 },
  { name: 'SimpleTestRelu6', inShape: [2, 2, 4, 1], input: kInput, fShape: [3, 2, 2, 1], filter: kFilter, bias: [1, 2, -3],
    golden: [6, 2, 0, 6, 2, 0, 6, 4, 0, 6, 4, 0], outShape: [2, 1, 2, 3], stride: [2, 2], activation: RELU6,
    scale: 0.023529, outScale: 0.023529, zeroPoint: -128 },
  { name: 'Kernel1x1', inShape: [1, 2, 2, 4], input: kInput, fShape: [3, 1, 1, 4], filter: kFilter, bias: kBias,
    golden: [11, 2, 3, 21, 2, 3, 31, 4, 7, 31, 4, 7], outShape: [1, 2, 2, 3], stride: [1, 1], scale: 0.5, outScale: 1, zeroPoint: 0 },
  { name: 'Kernel1x1Relu6', inShape: [1, 2, 2, 4], input: kInput, fShape: [3, 1, 1, 4], filter: kFilter, bias: [1, 2, -3],
    golden: [6, 2, 0, 6, 2, 0, 6, 4, 1, 6, 4, 1], outShape: [1, 2, 2, 3], stride: [1, 1], activation: RELU6,
    scale: 0.023529, outScale: 0.023529, zeroPoint: -128 },
];

const LIMITS: Record<Kind, [number, number]> = { float: [0, 0], int8: [-128, 127], int16x64: [-32768, 32767], int16x32: [-32768, 32767] };

function tflmFloatCase(t: TflmTable): OpCase {
  return buildConvCase({
    name: `float ${t.name} (TFLM golden)`, op: 'conv', kind: 'float', inShape: t.inShape, fShape: t.fShape, outShape: t.outShape,
    input: t.input, filter: t.filter, bias: t.bias, stride: t.stride, dilation: t.dilation, activation: t.activation, expected: t.golden,
  });
}

/** A TFLM quantized test: data quantized like TFLM's helpers, expectation from the oracle. */
function tflmQuantSpec(t: TflmTable, kind: Kind): ConvSpec {
  const [lo, hi] = LIMITS[kind];
  const zp = kind === 'int8' ? t.zeroPoint : 0;
  const q = tflmQuantize(t.input, t.filter, t.fShape, 0, t.bias, t.scale, zp, lo, hi);
  return {
    name: `${kind} ${t.name} (TFLM, quantized)`, op: 'conv', kind, inShape: t.inShape, fShape: t.fShape, outShape: t.outShape,
    input: q.input, filter: q.filter, bias: q.bias, filterScales: q.filterScales, inputScale: t.scale, inputZeroPoint: zp,
    outputScale: t.outScale, outputZeroPoint: zp, stride: t.stride, dilation: t.dilation, activation: t.activation,
  };
}

const KINDS_Q: Kind[] = ['int8', 'int16x64', 'int16x32'];

// The oracle's outputs for the TFLM quantized tables are within TFLM's tolerance (1) of its float goldens.
test('oracle agrees with TFLM quantized goldens (tolerance 1)', () => {
  for (const t of tflmTables)
    for (const kind of KINDS_Q) {
      const s = tflmQuantSpec(t, kind);
      const c = buildConvCase(s);
      const got = Array.from(c.outputs[0]!.data as number[]);
      const zp = kind === 'int8' ? t.zeroPoint : 0;
      const [lo, hi] = LIMITS[kind];
      t.golden.forEach((g, i) => {
        const want = Math.min(hi, Math.max(lo, Math.round(g / t.outScale) + zp));
        assert.ok(Math.abs(got[i]! - want) <= 1, `${s.name}[${i}]: oracle ${got[i]}, TFLM golden ${want}`);
      });
    }
});

// A sanity check of the oracle itself on a hand-computed case: 1x1 conv, one channel, scales making the
// multiplier exactly 1/2 (so outputs are round-half-away(acc / 2)).
test('oracle: hand-computed int8 1x1 conv', () => {
  const out = refConv({
    kind: 'int8', input: [1, 2, 3, -3], inShape: [1, 2, 2, 1], filter: [3], fShape: [1, 1, 1, 1], bias: [0], outShape: [1, 2, 2, 1],
    strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padH: 0, padW: 0,
    quant: { inputScale: 0.5, inputZeroPoint: 0, filterScales: [1], outputScale: 1, outputZeroPoint: 0, actMin: -128, actMax: 127 },
  });
  assert.deepEqual(out, [2, 3, 5, -4]); // 3/2, 6/2, 9/2, -9/2 rounded half away from zero
});

// The kernels' requantization shortcuts against the BigInt MultiplyByQuantizedMultiplier, around every bound.
test('requantize (int32 accumulator) matches MultiplyByQuantizedMultiplier', () => {
  const rng = new Lcg(5);
  const xs = [0, 1, -1, 4194303, -4194303, 4194304, -4194304, 2147483647, -2147483648, 12345, -98765];
  const ms = [0, 1, 1073741824, 2147483647, 1518500250, 0x7fff0000, -1073741824];
  for (let i = 0; i < 20000; i++) {
    const x = i < 5000 ? rng.int(-4194304, 4194304) : i < 10000 ? rng.int(-2147483648, 2147483647) : xs[i % xs.length]!;
    const m = i % 3 === 0 ? ms[i % ms.length]! : rng.int(1073741824, 2147483647);
    const shift = rng.int(-31, 8);
    for (const single of [false, true]) {
      if (single && (m < 0 || shift > 30)) continue;
      assert.equal(requantize(x, m, shift, single), Number(mbqm32(BigInt(x), m, shift, single)), `x=${x} m=${m} shift=${shift} single=${single}`);
    }
  }
});

test('requantize64 (int64 accumulator) matches MultiplyByQuantizedMultiplier', () => {
  const rng = new Lcg(6);
  const edges = [0, 1, -1, 2 ** 37 - 1, -(2 ** 37) + 1, 2 ** 37, -(2 ** 37), 2 ** 46, -(2 ** 46) - 3, 2 ** 31, -(2 ** 31) - 1];
  for (let i = 0; i < 20000; i++) {
    const x = i < 8000 ? rng.int(-(2 ** 30), 2 ** 30) * (i % 2 ? 1 : rng.int(1, 256)) : i < 12000 ? edges[i % edges.length]! : rng.int(-(2 ** 30), 2 ** 30) * 65536 + rng.int(0, 65535);
    const m = i % 5 === 0 ? [0x7fff0000, 0x7ffeffff, 2147483647, 1073741824][i % 4]! : rng.int(1073741824, 2147483647);
    const shift = rng.int(-31, 7);
    assert.equal(requantize64(x, m, shift), Number(mbqm64(BigInt(x), m, shift)), `x=${x} m=${m} shift=${shift}`);
  }
});

const grid: ConvSpec[] = [];
// Random grids against the oracle: every kind × geometry.
const geometries: Omit<ConvSpec, 'name' | 'op' | 'kind'>[] = [
  { inShape: [1, 5, 7, 3], fShape: [5, 3, 3, 3], padding: 'SAME' },
  { inShape: [1, 6, 6, 4], fShape: [8, 3, 3, 4], padding: 'VALID' },
  { inShape: [2, 7, 9, 3], fShape: [6, 3, 3, 3], padding: 'SAME', stride: [2, 2] },
  { inShape: [1, 9, 8, 2], fShape: [4, 3, 2, 2], padding: 'SAME', stride: [1, 3] },
  { inShape: [1, 9, 9, 3], fShape: [7, 3, 3, 3], padding: 'SAME', dilation: [2, 2] },
  { inShape: [1, 8, 10, 2], fShape: [3, 2, 3, 2], padding: 'VALID', dilation: [3, 2], stride: [2, 1] },
  { inShape: [1, 6, 6, 16], fShape: [9, 1, 1, 16], padding: 'VALID' },
  { inShape: [1, 4, 5, 8], fShape: [12, 1, 1, 8], padding: 'SAME', stride: [2, 2] },
  { inShape: [1, 5, 5, 6], fShape: [8, 3, 3, 2], padding: 'SAME' }, // 3 groups of 2 input channels, 8 % 3 != 0 rejected below
  { inShape: [1, 3, 3, 2], fShape: [4, 5, 5, 2], padding: 'SAME' }, // filter larger than the input
  { inShape: [1, 4, 4, 3], fShape: [2, 4, 4, 3], padding: 'VALID' }, // one output pixel
];
geometries.forEach((g, gi) => {
  if (gi === 8) return;
  for (const kind of ['float', 'int8', 'int16x64', 'int16x32'] as Kind[]) {
    grid.push({ ...g, name: `${kind} grid ${gi}: in ${g.inShape.join('x')} filter ${g.fShape.join('x')} ${g.padding} s${(g.stride ?? [1, 1]).join('x')} d${(g.dilation ?? [1, 1]).join('x')}`, op: 'conv', kind, seed: 100 + gi });
  }
});
for (const kind of ['float', 'int8', 'int16x64', 'int16x32'] as Kind[]) {
  grid.push({ name: `${kind} grouped conv (2 groups, 4 filters each)`, op: 'conv', kind, inShape: [1, 5, 6, 6], fShape: [8, 3, 3, 3], padding: 'SAME', seed: 7 });
  grid.push({ name: `${kind} grouped conv (3 groups, 2 filters each, stride 2)`, op: 'conv', kind, inShape: [1, 7, 7, 6], fShape: [6, 3, 3, 2], padding: 'VALID', stride: [2, 2], seed: 8 });
  grid.push({ name: `${kind} no bias`, op: 'conv', kind, inShape: [1, 4, 5, 3], fShape: [5, 3, 3, 3], padding: 'SAME', bias: null, seed: 9 });
  grid.push({ name: `${kind} batch 3, relu`, op: 'conv', kind, inShape: [3, 4, 4, 2], fShape: [5, 2, 2, 2], padding: 'SAME', activation: RELU, seed: 10 });
  grid.push({ name: `${kind} relu6`, op: 'conv', kind, inShape: [1, 5, 5, 4], fShape: [6, 3, 3, 4], padding: 'SAME', activation: RELU6, seed: 11,
    ...(kind === 'float' ? {} : { outputScale: kind === 'int8' ? 0.05 : 1 / 4096 }) });
  grid.push({ name: `${kind} relu_n1_to_1`, op: 'conv', kind, inShape: [1, 5, 5, 4], fShape: [6, 3, 3, 4], padding: 'SAME', activation: RELU_N1_TO_1, seed: 12,
    ...(kind === 'float' ? {} : { outputScale: kind === 'int8' ? 0.02 : 1 / 8192 }) });
}
for (const kind of ['int8', 'int16x64', 'int16x32'] as Kind[]) {
  grid.push({ name: `${kind} per-tensor filter scale`, op: 'conv', kind, inShape: [1, 5, 5, 3], fShape: [6, 3, 3, 3], padding: 'SAME', filterScales: [0.003], seed: 13 });
  grid.push({ name: `${kind} saturates at both ends`, op: 'conv', kind, inShape: [1, 4, 4, 4], fShape: [5, 3, 3, 4], padding: 'SAME', seed: 14,
    outputScale: kind === 'int8' ? 0.004 : 1 / 200000 });
  grid.push({ name: `${kind} single rounding`, op: 'conv', kind, inShape: [1, 5, 6, 3], fShape: [6, 3, 3, 3], padding: 'SAME', single: true, seed: 15 });
  grid.push({ name: `${kind} multiplier > 1 (left shift)`, op: 'conv', kind, inShape: [1, 3, 4, 2], fShape: [3, 2, 2, 2], padding: 'SAME', seed: 16,
    inputScale: kind === 'int8' ? 0.5 : 0.01, filterScales: [0.9, 1.7, 3.1], outputScale: kind === 'int8' ? 0.02 : 0.004, bias: [10, -20, 30] });
}
grid.push({ name: 'int8 zero points at the extremes (-128 in, 127 out)', op: 'conv', kind: 'int8', inShape: [1, 5, 5, 3], fShape: [4, 3, 3, 3], padding: 'SAME', inputZeroPoint: -128, outputZeroPoint: 127, seed: 17 });
grid.push({ name: 'int8 zero points at the extremes (127 in, -128 out), relu', op: 'conv', kind: 'int8', inShape: [1, 5, 5, 3], fShape: [4, 3, 3, 3], padding: 'SAME', inputZeroPoint: 127, outputZeroPoint: -128, activation: RELU, seed: 18 });
grid.push({ name: 'int8 int4 filter (packed)', op: 'conv', kind: 'int8', int4: true, inShape: [1, 5, 6, 3], fShape: [5, 3, 3, 3], padding: 'SAME', seed: 19 });
grid.push({ name: 'int8 int4 filter, odd element count', op: 'conv', kind: 'int8', int4: true, inShape: [1, 4, 4, 3], fShape: [3, 1, 1, 3], padding: 'VALID', seed: 20 });
grid.push({ name: 'int16x32 without bias, quantized_bias_type INT32', op: 'conv', kind: 'int16x32', inShape: [1, 5, 5, 3], fShape: [4, 3, 3, 3], padding: 'SAME', bias: null, quantizedBiasType: T.INT32, seed: 21 });
grid.push({ name: 'int16x64 bias beyond int32', op: 'conv', kind: 'int16x64', inShape: [1, 3, 3, 2], fShape: [3, 3, 3, 2], padding: 'SAME', seed: 22,
  bias: [5_000_000_000, -7_000_000_000, 123], outputScale: 1 / 64 });
// Accumulator overflow: TFLM's int32 accumulators wrap (x86/Arm two's complement); the int64 one does not.
const big = (n: number, v: number) => new Array<number>(n).fill(v);
grid.push({ name: 'int16x32 accumulator wraps past 2^31', op: 'conv', kind: 'int16x32', inShape: [1, 3, 3, 64], fShape: [2, 3, 3, 64], padding: 'VALID',
  input: big(576, 32767), filter: [...big(576, 127), ...big(576, -127)], bias: [0, 0], filterScales: [0.001, 0.001], inputScale: 0.001, outputScale: 0.5 });
grid.push({ name: 'int16x64 same data does not wrap', op: 'conv', kind: 'int16x64', inShape: [1, 3, 3, 64], fShape: [2, 3, 3, 64], padding: 'VALID',
  input: big(576, 32767), filter: [...big(576, 127), ...big(576, -127)], bias: [0, 0], filterScales: [0.001, 0.001], inputScale: 0.001, outputScale: 0.5 });
grid.push({ name: 'int8 accumulator wraps past 2^31', op: 'conv', kind: 'int8', inShape: [1, 3, 3, 8192], fShape: [1, 3, 3, 8192], padding: 'VALID',
  input: big(73728, 127), filter: big(73728, 127), bias: [0], inputZeroPoint: -128, filterScales: [0.0001], inputScale: 0.0001, outputScale: 1 });
grid.push({ name: 'int16x64 nonzero zero points are ignored (as TFLM does)', op: 'conv', kind: 'int16x64', inShape: [1, 5, 5, 3], fShape: [4, 3, 3, 3], padding: 'SAME', inputZeroPoint: 300, outputZeroPoint: -7, seed: 77 });
grid.push({ name: 'int16x32 nonzero zero points are ignored (as TFLM does)', op: 'conv', kind: 'int16x32', inShape: [1, 5, 5, 3], fShape: [4, 3, 3, 3], padding: 'SAME', inputZeroPoint: 300, outputZeroPoint: -7, seed: 77 });

const rejections: ConvSpec[] = [
  { name: 'input and output types differ', op: 'conv', kind: 'float', inShape: [1, 3, 3, 1], fShape: [1, 1, 1, 1],
    mutate: (_i, o) => { Object.assign(o[0]!, { type: T.INT8, scale: 1, zeroPoint: 0 }); }, expectError: /input type FLOAT32 differs from output type INT8/ },
  { name: 'float input with int16 filter (hybrid models take int8 weights: test/kernels/hybrid.test.ts)', op: 'conv', kind: 'float', inShape: [1, 3, 3, 1], fShape: [1, 1, 1, 1],
    mutate: (i) => { Object.assign(i[1]!, { type: T.INT16, data: [1], scale: 1, zeroPoint: 0 }); }, expectError: /FLOAT32 input with INT16 filter is not supported/ },
  { name: 'int8 input with int16 filter', op: 'conv', kind: 'int8', inShape: [1, 3, 3, 1], fShape: [1, 1, 1, 1],
    mutate: (i) => { Object.assign(i[1]!, { type: T.INT16 }); }, expectError: /INT8 input with INT16 filter is not supported/ },
  { name: 'per-channel scales along the wrong dimension', op: 'conv', kind: 'int8', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2],
    mutate: (i) => { Object.assign(i[1]!, { scale: [0.1, 0.2], zeroPoint: [0, 0], quantizedDimension: 3 }); }, expectError: /filter has 2 scales for 3 output channels/ },
  { name: 'unquantized filter (int8)', op: 'conv', kind: 'int8', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2],
    mutate: (i) => { delete i[1]!.scale; }, expectError: /filter \(tensor \d+\) is not quantized/ },
  { name: 'int8 with int64 bias', op: 'conv', kind: 'int8', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2], biasType: T.INT64, expectError: /bias has type INT64; expected INT32/ },
  { name: 'int16 with int16 bias', op: 'conv', kind: 'int16x64', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2], biasType: T.INT16, expectError: /bias has type INT16; expected INT32 or INT64/ },
  { name: 'int64 bias that is not constant', op: 'conv', kind: 'int16x64', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2], biasNotConstant: true, expectError: /int64 bias must be a constant/ },
  { name: 'bias size differs from output channels', op: 'conv', kind: 'float', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2],
    mutate: (i) => { Object.assign(i[2]!, { shape: [2], data: [1, 2] }); }, expectError: /bias has 2 elements, expected 3/ },
  { name: 'input channels not a multiple of filter channels', op: 'conv', kind: 'float', inShape: [1, 3, 3, 5], fShape: [4, 1, 1, 2], outShape: [1, 3, 3, 4],
    expectError: /input channels 5 are not a multiple of the filter's input channels 2/ },
  { name: 'output channels not a multiple of the groups', op: 'conv', kind: 'float', inShape: [1, 5, 5, 6], fShape: [8, 3, 3, 2], padding: 'SAME',
    expectError: /output channels 8 are not a multiple of the 3 groups/ },
  { name: 'output channels differ from filter', op: 'conv', kind: 'float', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2], outShape: [1, 3, 3, 4],
    expectError: /output channels 4 != filter output channels 3/ },
  { name: 'rank-3 input', op: 'conv', kind: 'float', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2],
    mutate: (i) => { Object.assign(i[0]!, { shape: [3, 3, 2] }); }, expectError: /input must have rank 4/ },
  { name: 'stride 0', op: 'conv', kind: 'float', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2],
    optionFields: [opt.int8(0, 1), opt.int32(1, 0), opt.int32(2, 1)], expectError: /strides must be >= 1/ },
  { name: 'missing options table (all-zero params)', op: 'conv', kind: 'float', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2],
    optionFields: [], expectError: /strides must be >= 1, got 0x0/ },
  { name: 'unknown padding code', op: 'conv', kind: 'float', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2],
    optionFields: [opt.int8(0, 2), opt.int32(1, 1), opt.int32(2, 1)], expectError: /unknown padding code 2/ },
  { name: 'dilation 0', op: 'conv', kind: 'float', inShape: [1, 3, 3, 2], fShape: [3, 1, 1, 2],
    optionFields: [opt.int8(0, 1), opt.int32(1, 1), opt.int32(2, 1), opt.int8(3, 0), opt.int32(4, 0)], expectError: /dilation factors must be >= 1/ },
];

const cases: OpCase[] = [
  ...tflmTables.map(tflmFloatCase),
  ...tflmTables.flatMap((t) => KINDS_Q.map((k) => buildConvCase(tflmQuantSpec(t, k)))),
  ...grid.map(buildConvCase),
  ...rejections.map(buildConvCase),
];

kernelTable('CONV_2D', CONV_2D, cases);
