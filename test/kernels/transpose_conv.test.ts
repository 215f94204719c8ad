import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRANSPOSE_CONV } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { TensorType as T } from '../../src/model/types.js';
import { buildConvCase, tflmQuantize, type ConvSpec, type Kind } from '../helpers/conv-reference.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';

const RELU = 1, RELU6 = 3;

// TFLM transpose_conv_test.cc tables.
const kInput = Array.from({ length: 32 }, (_, i) => i + 1);
const kFilter = Array.from({ length: 18 }, (_, i) => i + 1);
const kGolden = [184, 412, 568, 528, 678, 1347, 1689, 1434, 1494, 2715, 3057, 2442, 1968, 3352, 3652, 2760];

interface TflmTable {
  name: string;
  inShape: number[];
  input: number[];
  fShape: number[];
  filter: number[];
  bias: number[];
  golden: number[];
  outShape: number[];
  padding: 'SAME' | 'VALID';
  stride: [number, number];
  activation?: number;
}

const tflmTables: TflmTable[] = [
  { name: 'SimpleTest', inShape: [1, 4, 4, 2], input: kInput, fShape: [1, 3, 3, 2], filter: kFilter, bias: [0], golden: kGolden,
    outShape: [1, 4, 4, 1], padding: 'SAME', stride: [1, 1] },
  { name: 'fusedRELUTest', inShape: [1, 4, 4, 1], input: [1, 2, -3, -4, 5, 6, -7, -8, 9, 10, -11, -12, 13, 14, 15, 16], fShape: [1, 3, 3, 1],
    filter: [1, 2, 3, 4, 5, 6, 7, 8, 9], bias: [0], golden: [29, 24, 0, 0, 99, 72, 0, 0, 207, 186, 0, 0, 263, 292, 141, 0],
    outShape: [1, 4, 4, 1], padding: 'SAME', stride: [1, 1], activation: RELU },
  { name: 'AccuracyWithFusedActivationTest', inShape: [1, 1, 2, 1], input: [323, -521], fShape: [1, 3, 3, 1], filter: [9, 5, 6, 9, 8, 5, 3, 1, 4],
    bias: [0], golden: [1615, 1938, 0, 0, 2584, 1615, 0, 0, 323, 1292, 0, 0], outShape: [1, 3, 4, 1], padding: 'SAME', stride: [3, 3], activation: RELU },
  { name: 'MultiChannelBiasWithFusedActivationTest', inShape: [1, 2, 2, 1], input: [1, 2, -3, 4], fShape: [2, 3, 3, 1],
    filter: [1, 3, 5, 7, 9, 11, 13, 15, 17, 2, 4, 6, 8, 10, 12, 14, 16, 18], bias: [3, 4],
    golden: [4, 6, 6, 8, 10, 14, 9, 12, 13, 16, 10, 12, 12, 14, 28, 32, 21, 24, 25, 28, 13, 12, 9, 8, 35, 40, 45, 52, 57, 64, 0, 0, 0, 0, 0, 0,
      39, 44, 47, 52, 0, 0, 0, 0, 4, 6, 63, 68, 71, 76],
    outShape: [1, 5, 5, 2], padding: 'VALID', stride: [2, 2], activation: RELU },
];

/** TFLM's quantized tests: SimpleTest with these scales (int8 output scale 30; 16x8 unit scales). */
function tflmQuantSpec(kind: Kind, biasType?: number): ConvSpec {
  const t = tflmTables[0]!;
  const inputScale = kind === 'int8' ? 0.5 : 1;
  const outputScale = kind === 'int8' ? 30 : 1;
  const [lo, hi] = kind === 'int8' ? [-128, 127] : [-32768, 32767];
  const q = tflmQuantize(t.input, t.filter, t.fShape, 0, t.bias, inputScale, 0, lo, hi);
  return {
    name: `${kind} SimpleTest (TFLM, quantized)${biasType === T.INT16 ? ', int16 bias' : ''}`, op: 'transpose', kind, inShape: t.inShape,
    fShape: t.fShape, outShape: t.outShape, input: q.input, filter: q.filter, bias: q.bias, filterScales: q.filterScales, inputScale,
    inputZeroPoint: 0, outputScale, outputZeroPoint: 0, padding: t.padding, stride: t.stride, biasType,
  };
}

// TFLM's own tolerances: 1 for int8, 4 for 16x8 (its per-channel filter quantization error shows on unit scales).
test('oracle agrees with TFLM transpose conv goldens (TFLM tolerances)', () => {
  for (const kind of ['int8', 'int16x64'] as Kind[]) {
    const s = tflmQuantSpec(kind);
    const got = Array.from(buildConvCase(s).outputs[0]!.data as number[]);
    kGolden.forEach((g, i) => {
      const want = Math.min(kind === 'int8' ? 127 : 32767, Math.round(g / s.outputScale!));
      assert.ok(Math.abs(got[i]! - want) <= (kind === 'int8' ? 1 : 4), `${kind}[${i}]: oracle ${got[i]}, TFLM golden ${want}`);
    });
  }
});

const grid: ConvSpec[] = [];
const geometries: Omit<ConvSpec, 'name' | 'op' | 'kind'>[] = [
  { inShape: [1, 4, 5, 3], fShape: [5, 3, 3, 3], outShape: [1, 4, 5, 5], padding: 'SAME' },
  { inShape: [1, 4, 5, 3], fShape: [6, 3, 3, 3], outShape: [1, 8, 10, 6], padding: 'SAME', stride: [2, 2] },
  { inShape: [1, 3, 4, 2], fShape: [4, 3, 3, 2], outShape: [1, 7, 9, 4], padding: 'VALID', stride: [2, 2] },
  { inShape: [1, 3, 3, 4], fShape: [3, 4, 4, 4], outShape: [1, 8, 8, 3], padding: 'VALID', stride: [2, 2] },
  { inShape: [2, 3, 4, 2], fShape: [5, 3, 2, 2], outShape: [2, 9, 8, 5], padding: 'SAME', stride: [3, 2] },
  { inShape: [1, 1, 5, 8], fShape: [4, 3, 8, 8], outShape: [1, 3, 12, 4], padding: 'VALID', stride: [1, 2] }, // seanet-like
  { inShape: [1, 4, 4, 2], fShape: [3, 2, 2, 2], outShape: [1, 7, 7, 3], padding: 'SAME', stride: [2, 2] }, // output smaller than in * stride
  { inShape: [1, 2, 2, 3], fShape: [2, 5, 5, 3], outShape: [1, 3, 3, 2], padding: 'SAME', stride: [1, 1] }, // filter larger than the output
];
geometries.forEach((g, gi) => {
  for (const kind of ['float', 'int8', 'int16x64'] as Kind[]) {
    grid.push({ ...g, name: `${kind} grid ${gi}: in ${g.inShape.join('x')} filter ${g.fShape.join('x')} out ${g.outShape!.join('x')} ${g.padding} s${(g.stride ?? [1, 1]).join('x')}`, op: 'transpose', kind, seed: 300 + gi });
  }
});
for (const kind of ['float', 'int8', 'int16x64'] as Kind[]) {
  grid.push({ name: `${kind} no bias`, op: 'transpose', kind, inShape: [1, 3, 3, 3], fShape: [4, 3, 3, 3], outShape: [1, 6, 6, 4], padding: 'SAME', stride: [2, 2], bias: null, seed: 51 });
  grid.push({ name: `${kind} relu6`, op: 'transpose', kind, inShape: [1, 3, 3, 3], fShape: [4, 3, 3, 3], outShape: [1, 6, 6, 4], padding: 'SAME', stride: [2, 2], activation: RELU6, seed: 52,
    ...(kind === 'float' ? {} : { outputScale: kind === 'int8' ? 0.05 : 1 / 4096 }) });
}
for (const kind of ['int8', 'int16x64'] as Kind[]) {
  grid.push({ name: `${kind} per-tensor filter scale`, op: 'transpose', kind, inShape: [1, 3, 3, 3], fShape: [4, 3, 3, 3], outShape: [1, 6, 6, 4], padding: 'SAME', stride: [2, 2], filterScales: [0.004], seed: 53 });
  grid.push({ name: `${kind} saturates at both ends`, op: 'transpose', kind, inShape: [1, 3, 3, 4], fShape: [4, 3, 3, 4], outShape: [1, 6, 6, 4], padding: 'SAME', stride: [2, 2], seed: 54,
    outputScale: kind === 'int8' ? 0.01 : 1 / 100000 });
  grid.push({ name: `${kind} single rounding`, op: 'transpose', kind, inShape: [1, 3, 3, 3], fShape: [4, 3, 3, 3], outShape: [1, 6, 6, 4], padding: 'SAME', stride: [2, 2], single: true, seed: 55 });
}
grid.push({ name: 'int8 zero points at the extremes (-128 in, 127 out)', op: 'transpose', kind: 'int8', inShape: [1, 3, 3, 3], fShape: [4, 3, 3, 3], outShape: [1, 6, 6, 4], padding: 'SAME', stride: [2, 2], inputZeroPoint: -128, outputZeroPoint: 127, seed: 56 });
grid.push({ name: 'int8 zero points at the extremes (127 in, -128 out), relu', op: 'transpose', kind: 'int8', inShape: [1, 3, 3, 3], fShape: [4, 3, 3, 3], outShape: [1, 6, 6, 4], padding: 'SAME', stride: [2, 2], inputZeroPoint: 127, outputZeroPoint: -128, activation: RELU, seed: 57 });
grid.push({ name: 'int16x64 with an int16 bias (widened to int64)', op: 'transpose', kind: 'int16x64', inShape: [1, 3, 3, 3], fShape: [4, 3, 3, 3], outShape: [1, 6, 6, 4], padding: 'SAME', stride: [2, 2], biasType: T.INT16, bias: [-32768, 32767, 5, -7], seed: 58 });
grid.push({ name: 'int16x64 bias beyond int32', op: 'transpose', kind: 'int16x64', inShape: [1, 2, 2, 2], fShape: [3, 3, 3, 2], outShape: [1, 4, 4, 3], padding: 'SAME', stride: [2, 2], seed: 59,
  bias: [5_000_000_000, -7_000_000_000, 123], outputScale: 1 / 64 });
grid.push({ name: 'int16x64 nonzero zero points are ignored (as TFLM does)', op: 'transpose', kind: 'int16x64', inShape: [1, 3, 3, 3], fShape: [4, 3, 3, 3], outShape: [1, 6, 6, 4], stride: [2, 2], padding: 'SAME', inputZeroPoint: 300, outputZeroPoint: -7, seed: 77 });

const rejections: ConvSpec[] = [
  { name: 'int16 with int32 bias (TFLM reads it as int64)', op: 'transpose', kind: 'int16x64', inShape: [1, 2, 2, 2], fShape: [3, 3, 3, 2], outShape: [1, 4, 4, 3],
    padding: 'SAME', stride: [2, 2], biasType: T.INT32, expectError: /bias has type INT32; expected INT64 or INT16/ },
  { name: 'int8 with int64 bias', op: 'transpose', kind: 'int8', inShape: [1, 2, 2, 2], fShape: [3, 3, 3, 2], outShape: [1, 4, 4, 3],
    padding: 'SAME', stride: [2, 2], biasType: T.INT64, expectError: /bias has type INT64; expected INT32/ },
  { name: 'input and output types differ', op: 'transpose', kind: 'float', inShape: [1, 2, 2, 2], fShape: [3, 3, 3, 2], outShape: [1, 4, 4, 3],
    padding: 'SAME', stride: [2, 2], mutate: (_i, o) => { Object.assign(o[0]!, { type: T.INT8, scale: 1, zeroPoint: 0 }); }, expectError: /input type FLOAT32 differs from output type INT8/ },
  { name: 'hybrid: float input, int8 filter', op: 'transpose', kind: 'float', inShape: [1, 2, 2, 2], fShape: [3, 3, 3, 2], outShape: [1, 4, 4, 3],
    padding: 'SAME', stride: [2, 2], mutate: (i) => { Object.assign(i[1]!, { type: T.INT8, scale: 1, zeroPoint: 0 }); }, expectError: /hybrid models are not supported/ },
  { name: 'filter input channels differ from the input', op: 'transpose', kind: 'float', inShape: [1, 2, 2, 3], fShape: [3, 3, 3, 2], outShape: [1, 4, 4, 3],
    padding: 'SAME', stride: [2, 2], expectError: /filter input channels 2 != input channels 3/ },
  { name: 'output channels differ from the filter', op: 'transpose', kind: 'float', inShape: [1, 2, 2, 2], fShape: [3, 3, 3, 2], outShape: [1, 4, 4, 5],
    padding: 'SAME', stride: [2, 2], expectError: /output channels 5 != filter output channels 3/ },
  { name: 'stride 0', op: 'transpose', kind: 'float', inShape: [1, 2, 2, 2], fShape: [3, 3, 3, 2], outShape: [1, 4, 4, 3],
    optionFields: [opt.int8(0, 0), opt.int32(1, 0), opt.int32(2, 2)], expectError: /strides must be >= 1/ },
  { name: 'two inputs', op: 'transpose', kind: 'float', inShape: [1, 2, 2, 2], fShape: [3, 3, 3, 2], outShape: [1, 4, 4, 3], bias: null,
    mutate: (i) => { i.splice(2, 1); }, expectError: /expected 3 or 4 inputs, got 2/ },
];

const cases: OpCase[] = [
  ...tflmTables.map((t) => buildConvCase({
    name: `float ${t.name} (TFLM golden)`, op: 'transpose', kind: 'float', inShape: t.inShape, fShape: t.fShape, outShape: t.outShape,
    input: t.input, filter: t.filter, bias: t.bias, padding: t.padding, stride: t.stride, activation: t.activation, expected: t.golden,
  })),
  buildConvCase(tflmQuantSpec('int8')),
  buildConvCase(tflmQuantSpec('int16x64')),
  buildConvCase(tflmQuantSpec('int16x64', T.INT16)),
  ...grid.map(buildConvCase),
  ...rejections.map(buildConvCase),
];

kernelTable('TRANSPOSE_CONV', TRANSPOSE_CONV, cases);
