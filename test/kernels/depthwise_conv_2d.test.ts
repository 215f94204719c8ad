import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEPTHWISE_CONV_2D } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { TensorType as T } from '../../src/model/types.js';
import { buildConvCase, tflmQuantize, type ConvSpec, type Kind } from '../helpers/conv-reference.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';

const RELU = 1, RELU_N1_TO_1 = 2, RELU6 = 3;

// TFLM depthwise_conv_test.cc tables (VALID padding, stride 1; depth multiplier = out / in channels).
const sInput = [1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12];
const sFilter = [1, 2, 3, 4, -9, 10, -11, 12, 5, 6, 7, 8, 13, -14, 15, -16];

interface TflmTable {
  name: string;
  inShape: number[];
  input: number[];
  fShape: number[];
  filter: number[];
  bias: number[];
  golden: number[];
  outShape: number[];
  dilation?: [number, number];
  activation?: number;
  /** The float golden holds for the float kernel too (no int8 saturation in the table). */
  float: boolean;
  scale: number;
  outScale: number;
  zeroPoint: number;
}

const tflmTables: TflmTable[] = [
  { name: 'SimpleTest', inShape: [1, 3, 2, 2], input: sInput, fShape: [1, 2, 2, 4], filter: sFilter, bias: [1, 2, 3, 4],
    golden: [71, -34, 99, -20, 91, -26, 127, -4], outShape: [1, 2, 1, 4], float: true, scale: 0.5, outScale: 1, zeroPoint: 0 },
  { name: 'SimpleTestRelu', inShape: [1, 3, 2, 2], input: sInput, fShape: [1, 2, 2, 4], filter: sFilter, bias: [1, 2, 3, 4],
    golden: [71, 0, 99, 0, 91, 0, 127, 0], outShape: [1, 2, 1, 4], activation: RELU, float: true, scale: 0.5, outScale: 1, zeroPoint: 0 },
  { name: 'DepthMultiplier1 (saturating)', inShape: [1, 3, 2, 2], input: sInput, fShape: [1, 2, 2, 2], filter: [1, 2, 3, 4, -9, 10, -11, 12],
    bias: [1, 2], golden: [-103, 127, -128, 127], outShape: [1, 2, 1, 2], float: false, scale: 1, outScale: 1, zeroPoint: 0 },
  { name: 'DepthMultiplier1Relu6', inShape: [1, 3, 2, 4], input: new Array<number>(24).fill(1), fShape: [1, 2, 2, 4],
    filter: [0, 1, 8, -2, -1, 2, -10, 0, -1, 3, -18, 0, 0, 4, 20, -3], bias: [1, 2, 3, 4], golden: [0, 6, 3, 0, 0, 6, 3, 0],
    outShape: [1, 2, 1, 4], activation: RELU6, float: true, scale: 0.023529, outScale: 0.023529, zeroPoint: -128 },
  { name: 'SimpleTestDilated', inShape: [1, 4, 6, 2],
    input: [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 1, 2, 3, 4, 5, 6, 2, 6, 2, 4, 4, 2, 3, 2, 6, 5, 1, 4, 1, 2, 1, 4, 6, 3],
    fShape: [1, 2, 2, 4], filter: sFilter, bias: [1, 2, 3, 4],
    golden: [15, 2, 88, -48, 25, 14, 72, 0, 61, -2, 56, 48, -4, 52, 12, 48, 11, 70, 63, 40, 51, -30, 41, 48],
    outShape: [1, 2, 3, 4], dilation: [2, 3], float: true, scale: 0.5, outScale: 1, zeroPoint: 0 },
  { name: 'CompareWithFloat', inShape: [1, 2, 3, 2], input: [3, 2, 1, -1, -2, -3, 4, 3, 2, -2, -3, -4], fShape: [1, 2, 2, 4],
    filter: [1, 2, 3, 4, 3, 4, 5, 6, 7, 8, 5, 6, 3, 4, 1, 2], bias: [3, -2, 4, 6], golden: [43, 48, 18, 22, 3, -4, -28, -36],
    outShape: [1, 1, 2, 4], float: true, scale: 0.5, outScale: 1, zeroPoint: 0 },
];

const LIMITS: Record<Kind, [number, number]> = { float: [0, 0], int8: [-128, 127], int16x64: [-32768, 32767], int16x32: [-32768, 32767] };
const dmOf = (t: { inShape: number[]; fShape: number[] }) => t.fShape[3]! / t.inShape[3]!;

function tflmQuantSpec(t: TflmTable, kind: Kind): ConvSpec {
  const [lo, hi] = LIMITS[kind];
  const zp = kind === 'int8' ? t.zeroPoint : 0;
  const q = tflmQuantize(t.input, t.filter, t.fShape, 3, t.bias, t.scale, zp, lo, hi);
  return {
    name: `${kind} ${t.name} (TFLM, quantized)`, op: 'depthwise', kind, inShape: t.inShape, fShape: t.fShape, outShape: t.outShape,
    depthMultiplier: dmOf(t), input: q.input, filter: q.filter, bias: q.bias, filterScales: q.filterScales, inputScale: t.scale,
    inputZeroPoint: zp, outputScale: t.outScale, outputZeroPoint: zp, dilation: t.dilation, activation: t.activation,
  };
}

test('oracle agrees with TFLM depthwise goldens (tolerance 1)', () => {
  for (const t of tflmTables)
    for (const kind of ['int8', 'int16x64'] as Kind[]) {
      if (kind !== 'int8' && !t.float) continue; // that golden holds int8 saturation
      const c = buildConvCase(tflmQuantSpec(t, kind));
      const got = Array.from(c.outputs[0]!.data as number[]);
      const zp = kind === 'int8' ? t.zeroPoint : 0;
      const [lo, hi] = LIMITS[kind];
      t.golden.forEach((g, i) => {
        const want = Math.min(hi, Math.max(lo, Math.round(g / t.outScale) + zp));
        assert.ok(Math.abs(got[i]! - want) <= 1, `${kind} ${t.name}[${i}]: oracle ${got[i]}, TFLM golden ${want}`);
      });
    }
});

const grid: ConvSpec[] = [];
const geometries: Omit<ConvSpec, 'name' | 'op' | 'kind'>[] = [
  { inShape: [1, 6, 7, 8], fShape: [1, 3, 3, 8], padding: 'SAME' },
  { inShape: [1, 7, 7, 9], fShape: [1, 3, 3, 9], padding: 'VALID' }, // 9 channels: blocks of 4 and a remainder
  { inShape: [1, 9, 9, 1], fShape: [1, 3, 3, 8], padding: 'SAME', stride: [2, 2], depthMultiplier: 8 }, // person_detect's first layer
  { inShape: [1, 5, 6, 3], fShape: [1, 3, 3, 6], padding: 'SAME', depthMultiplier: 2 },
  { inShape: [1, 5, 5, 2], fShape: [1, 3, 3, 6], padding: 'VALID', depthMultiplier: 3 },
  { inShape: [1, 6, 5, 2], fShape: [1, 2, 3, 10], padding: 'SAME', depthMultiplier: 5, stride: [1, 2] },
  { inShape: [1, 9, 9, 5], fShape: [1, 3, 3, 5], padding: 'SAME', dilation: [2, 2] },
  { inShape: [1, 10, 8, 4], fShape: [1, 3, 2, 4], padding: 'VALID', dilation: [3, 2], stride: [2, 1] },
  { inShape: [2, 4, 5, 6], fShape: [1, 5, 5, 6], padding: 'SAME' }, // filter larger than the input, batch 2
  { inShape: [1, 8, 8, 16], fShape: [1, 3, 3, 16], padding: 'SAME', stride: [2, 2] },
  { inShape: [1, 4, 4, 7], fShape: [1, 1, 1, 7], padding: 'VALID' },
];
geometries.forEach((g, gi) => {
  for (const kind of ['float', 'int8', 'int16x64'] as Kind[]) {
    grid.push({ ...g, name: `${kind} grid ${gi}: in ${g.inShape.join('x')} filter ${g.fShape.join('x')} dm ${g.depthMultiplier ?? 1} ${g.padding} s${(g.stride ?? [1, 1]).join('x')} d${(g.dilation ?? [1, 1]).join('x')}`, op: 'depthwise', kind, seed: 200 + gi });
  }
});
for (const kind of ['float', 'int8', 'int16x64'] as Kind[]) {
  grid.push({ name: `${kind} no bias`, op: 'depthwise', kind, inShape: [1, 5, 5, 6], fShape: [1, 3, 3, 6], padding: 'SAME', bias: null, seed: 31 });
  grid.push({ name: `${kind} relu`, op: 'depthwise', kind, inShape: [1, 5, 5, 6], fShape: [1, 3, 3, 6], padding: 'SAME', activation: RELU, seed: 32 });
  grid.push({ name: `${kind} relu6`, op: 'depthwise', kind, inShape: [1, 5, 5, 6], fShape: [1, 3, 3, 6], padding: 'SAME', activation: RELU6, seed: 33,
    ...(kind === 'float' ? {} : { outputScale: kind === 'int8' ? 0.05 : 1 / 4096 }) });
  grid.push({ name: `${kind} relu_n1_to_1`, op: 'depthwise', kind, inShape: [1, 5, 5, 6], fShape: [1, 3, 3, 12], depthMultiplier: 2, padding: 'SAME',
    activation: RELU_N1_TO_1, seed: 34, ...(kind === 'float' ? {} : { outputScale: kind === 'int8' ? 0.02 : 1 / 8192 }) });
}
for (const kind of ['int8', 'int16x64'] as Kind[]) {
  grid.push({ name: `${kind} per-tensor filter scale`, op: 'depthwise', kind, inShape: [1, 5, 5, 6], fShape: [1, 3, 3, 6], padding: 'SAME', filterScales: [0.004], seed: 35 });
  grid.push({ name: `${kind} saturates at both ends`, op: 'depthwise', kind, inShape: [1, 5, 5, 8], fShape: [1, 3, 3, 8], padding: 'SAME', seed: 36,
    outputScale: kind === 'int8' ? 0.01 : 1 / 100000 });
  grid.push({ name: `${kind} single rounding`, op: 'depthwise', kind, inShape: [1, 5, 6, 5], fShape: [1, 3, 3, 5], padding: 'SAME', single: true, seed: 37 });
  grid.push({ name: `${kind} multiplier > 1 (left shift)`, op: 'depthwise', kind, inShape: [1, 3, 4, 3], fShape: [1, 2, 2, 3], padding: 'SAME', seed: 38,
    inputScale: kind === 'int8' ? 0.5 : 0.01, filterScales: [0.9, 1.7, 3.1], outputScale: kind === 'int8' ? 0.02 : 0.004, bias: [10, -20, 30] });
}
grid.push({ name: 'int8 zero points at the extremes (-128 in, 127 out)', op: 'depthwise', kind: 'int8', inShape: [1, 5, 5, 6], fShape: [1, 3, 3, 6], padding: 'SAME', inputZeroPoint: -128, outputZeroPoint: 127, seed: 39 });
grid.push({ name: 'int8 zero points at the extremes (127 in, -128 out), relu', op: 'depthwise', kind: 'int8', inShape: [1, 5, 5, 6], fShape: [1, 3, 3, 6], padding: 'SAME', inputZeroPoint: 127, outputZeroPoint: -128, activation: RELU, seed: 40 });
grid.push({ name: 'int8 int4 filter (packed)', op: 'depthwise', kind: 'int8', int4: true, inShape: [1, 5, 6, 6], fShape: [1, 3, 3, 6], padding: 'SAME', seed: 41 });
grid.push({ name: 'int8 int4 filter, odd element count, dm 3', op: 'depthwise', kind: 'int8', int4: true, inShape: [1, 4, 4, 1], fShape: [1, 3, 3, 3], depthMultiplier: 3, padding: 'VALID', seed: 42 });
grid.push({ name: 'int16x64 bias beyond int32', op: 'depthwise', kind: 'int16x64', inShape: [1, 3, 3, 3], fShape: [1, 3, 3, 3], padding: 'SAME', seed: 43,
  bias: [5_000_000_000, -7_000_000_000, 123], outputScale: 1 / 64 });
grid.push({ name: 'int16x64 nonzero zero points are ignored (as TFLM does)', op: 'depthwise', kind: 'int16x64', inShape: [1, 5, 5, 4], fShape: [1, 3, 3, 4], padding: 'SAME', inputZeroPoint: 300, outputZeroPoint: -7, seed: 77 });

const rejections: ConvSpec[] = [
  { name: 'depth_multiplier does not match the channels', op: 'depthwise', kind: 'float', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 6], depthMultiplier: 2,
    expectError: /depth_multiplier 2 does not map 2 input channels to 6 output channels/ },
  { name: 'depth_multiplier 0', op: 'depthwise', kind: 'float', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 2], depthMultiplier: 0,
    expectError: /depth_multiplier 0 does not map/ },
  { name: 'int16 with int32 bias (TFLM reads it as int64)', op: 'depthwise', kind: 'int16x64', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 2], biasType: T.INT32,
    expectError: /bias has type INT32; expected INT64/ },
  { name: 'int16 input with int16 filter', op: 'depthwise', kind: 'int16x64', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 2],
    mutate: (i) => { Object.assign(i[1]!, { type: T.INT16 }); }, expectError: /INT16 input with INT16 filter is not supported/ },
  { name: 'float input with int16 filter (hybrid models take int8 weights: test/kernels/hybrid.test.ts)', op: 'depthwise', kind: 'float', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 2],
    mutate: (i) => { Object.assign(i[1]!, { type: T.INT16, scale: 1, zeroPoint: 0 }); }, expectError: /FLOAT32 input with INT16 filter is not supported/ },
  { name: 'int8 bias of type int64', op: 'depthwise', kind: 'int8', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 2], biasType: T.INT64,
    expectError: /bias has type INT64; expected INT32/ },
  { name: 'input and output types differ', op: 'depthwise', kind: 'int8', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 2],
    mutate: (_i, o) => { Object.assign(o[0]!, { type: T.INT16 }); }, expectError: /input type INT8 differs from output type INT16/ },
  { name: 'output channels differ from the filter', op: 'depthwise', kind: 'float', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 2], outShape: [1, 2, 2, 4],
    expectError: /output channels 4 != filter channels 2/ },
  { name: 'rank-3 filter', op: 'depthwise', kind: 'float', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 2],
    mutate: (i) => { Object.assign(i[1]!, { shape: [2, 2, 2] }); }, expectError: /filter must have rank 4/ },
  { name: 'stride 0', op: 'depthwise', kind: 'float', inShape: [1, 3, 3, 2], fShape: [1, 2, 2, 2],
    optionFields: [opt.int8(0, 1), opt.int32(1, 1), opt.int32(2, 0), opt.int32(3, 1)], expectError: /strides must be >= 1/ },
];

const cases: OpCase[] = [
  ...tflmTables.filter((t) => t.float).map((t) => buildConvCase({
    name: `float ${t.name} (TFLM golden)`, op: 'depthwise', kind: 'float', inShape: t.inShape, fShape: t.fShape, outShape: t.outShape,
    depthMultiplier: dmOf(t), input: t.input, filter: t.filter, bias: t.bias, dilation: t.dilation, activation: t.activation, expected: t.golden,
  })),
  ...tflmTables.flatMap((t) => (['int8', 'int16x64'] as Kind[]).map((k) => buildConvCase(tflmQuantSpec(t, k)))),
  ...grid.map(buildConvCase),
  ...rejections.map(buildConvCase),
];

kernelTable('DEPTHWISE_CONV_2D', DEPTHWISE_CONV_2D, cases);
