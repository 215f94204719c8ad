/**
 * MIRROR_PAD: TFLM mirror_pad_test.cc tables (REFLECT and SYMMETRIC), a grid of shapes, ranks and paddings
 * (INT32 and INT64) against a direct reflect/symmetric oracle for float32 and int8, non-constant paddings, the
 * option-less mode, and rejections (types TFLM's Eval refuses, paddings that make TFLM read outside the input).
 */
import { MIRROR_PAD } from '../../src/kernels/mirror_pad.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase, type OptionsSpec } from '../helpers/kernel-runner.js';
import { Lcg, product } from '../helpers/lcg.js';

const REFLECT = 0;
const SYMMETRIC = 1;
const mode = (m: number): OptionsSpec => ({ type: BuiltinOptions.MirrorPadOptions, fields: [opt.int8(0, m)] });
const padsT = (v: number[], type: number = T.INT32, constant = true) => ({ type, shape: [v.length / 2, 2], data: v, constant });
const X = [1, 2, 3, 4, 5, 6];

/** np.pad(mode='reflect' | 'symmetric') for paddings within the limits of each mode. */
function oracle(shape: number[], input: number[], pads: number[], reflect: boolean): { shape: number[]; data: number[] } {
  const r = shape.length;
  const outShape = shape.map((s, i) => s + pads[2 * i]! + pads[2 * i + 1]!);
  const src = (p: number, i: number): number => {
    const n = shape[i]!;
    let q = p - pads[2 * i]!;
    while (q < 0 || q >= n) {
      if (q < 0) q = reflect ? -q : -q - 1;
      else q = reflect ? 2 * (n - 1) - q : 2 * n - 1 - q;
    }
    return q;
  };
  const data: number[] = [];
  const total = product(outShape);
  for (let k = 0; k < total; k++) {
    let rem = k;
    const c = new Array<number>(r);
    for (let d = r - 1; d >= 0; d--) {
      c[d] = rem % outShape[d]!;
      rem = Math.floor(rem / outShape[d]!);
    }
    let s = 0;
    for (let d = 0; d < r; d++) s = s * shape[d]! + src(c[d]!, d);
    data.push(input[s]!);
  }
  return { shape: outShape, data };
}

const table = (name: string, pads: number[], outShape: number[], golden: number[], m: number): OpCase => ({
  name: `${name} (TFLM)`,
  inputs: [{ type: T.INT8, shape: [2, 3], data: X, scale: 1, zeroPoint: 0 }, padsT(pads)],
  outputs: [{ type: T.INT8, shape: outShape, data: golden, scale: 1, zeroPoint: 0 }],
  options: mode(m),
});

const rng = new Lcg(23);
const grid: OpCase[] = [];
for (const [shape, pads] of [
  [[5], [2, 3]], [[3, 4], [1, 2, 3, 0]], [[2, 3, 4], [1, 1, 0, 2, 3, 3]], [[2, 2, 2, 3], [0, 1, 1, 0, 1, 1, 2, 1]],
  [[1, 2, 3, 2, 2], [0, 0, 1, 1, 2, 1, 1, 1, 0, 1]], [[4, 1], [3, 2, 0, 0]],
] as number[][][]) {
  for (const m of [REFLECT, SYMMETRIC]) {
    const reflect = m === REFLECT;
    // Keep paddings inside each mode's limits (reflect: < dim; symmetric: <= dim).
    if (shape.some((s, i) => Math.max(pads[2 * i]!, pads[2 * i + 1]!) > (reflect ? s - 1 : s))) continue;
    for (const [type, padType] of [[T.FLOAT32, T.INT32], [T.INT8, T.INT64]] as [number, number][]) {
      const input = rng.ints(product(shape), -128, 127);
      const o = oracle(shape, input, pads, reflect);
      grid.push({
        name: `grid [${shape}] pads [${pads}] ${reflect ? 'reflect' : 'symmetric'} type ${type} paddings type ${padType}`,
        inputs: [{ type, shape, data: input }, padsT(pads, padType)],
        outputs: [{ type, shape: o.shape, data: o.data }],
        options: mode(m),
      });
    }
  }
}

const cases: OpCase[] = [
  // TFLM mirror_pad_test.cc
  table('EmptyPad', [0, 0, 0, 0], [2, 3], X, REFLECT),
  table('PadOneSide_right_Reflect', [0, 1, 0, 1], [3, 4], [1, 2, 3, 2, 4, 5, 6, 5, 1, 2, 3, 2], REFLECT),
  table('PadOneSide_left_Reflect', [1, 0, 1, 0], [3, 4], [5, 4, 5, 6, 2, 1, 2, 3, 5, 4, 5, 6], REFLECT),
  table('PadOneSide_right_Symmetric', [0, 1, 0, 1], [3, 4], [1, 2, 3, 3, 4, 5, 6, 6, 4, 5, 6, 6], SYMMETRIC),
  table('PadOneSide_left_Symmetric', [1, 0, 1, 0], [3, 4], [1, 1, 2, 3, 1, 1, 2, 3, 4, 4, 5, 6], SYMMETRIC),
  table('PadBothSides_Symmetric', [1, 1, 1, 1], [4, 5], [1, 1, 2, 3, 3, 1, 1, 2, 3, 3, 4, 4, 5, 6, 6, 4, 4, 5, 6, 6], SYMMETRIC),
  table('PadBothSides_Reflect', [1, 1, 1, 1], [4, 5], [5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 2, 1, 2, 3, 2], REFLECT),
  table('PadBothSides_Symmetric_Whole', [2, 2, 3, 3], [6, 9], [6, 5, 4, 4, 5, 6, 6, 5, 4, 3, 2, 1, 1, 2, 3, 3, 2, 1, 3, 2, 1, 1, 2, 3, 3, 2, 1, 6,
    5, 4, 4, 5, 6, 6, 5, 4, 6, 5, 4, 4, 5, 6, 6, 5, 4, 3, 2, 1, 1, 2, 3, 3, 2, 1], SYMMETRIC),
  table('PadBothSides_Reflect_Whole', [1, 1, 2, 2], [4, 7], [6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1, 6, 5, 4, 5, 6, 5, 4, 3, 2, 1, 2, 3, 2, 1], REFLECT),
  table('Pad_Symmetric', [1, 1, 2, 2], [4, 7], [2, 1, 1, 2, 3, 3, 2, 2, 1, 1, 2, 3, 3, 2, 5, 4, 4, 5, 6, 6, 5, 5, 4, 4, 5, 6, 6, 5], SYMMETRIC),
  {
    name: 'Pad_1D_Reflect (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3], scale: 1, zeroPoint: 0 }, padsT([0, 2])],
    outputs: [{ type: T.INT8, shape: [5], data: [1, 2, 3, 2, 1], scale: 1, zeroPoint: 0 }],
    options: mode(REFLECT),
  },
  ...grid,
  {
    name: 'non-constant paddings are read at invoke',
    inputs: [{ type: T.FLOAT32, shape: [3], data: [1.5, 2.5, 3.5] }, padsT([1, 1], T.INT32, false)],
    outputs: [{ type: T.FLOAT32, shape: [5], data: [2.5, 1.5, 2.5, 3.5, 2.5] }],
    options: mode(REFLECT),
  },
  {
    name: 'no options: TFLM mode unknown pads like SYMMETRIC',
    inputs: [{ type: T.FLOAT32, shape: [3], data: [1, 2, 3] }, padsT([1, 1])],
    outputs: [{ type: T.FLOAT32, shape: [5], data: [1, 1, 2, 3, 3] }],
  },
  {
    name: 'the output dims are the model\'s (a smaller output is a prefix, as TFLM computes it)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, padsT([2, 2])],
    outputs: [{ type: T.INT8, shape: [4], data: [3, 2, 1, 2] }],
    options: mode(REFLECT),
  },
  // Rejections.
  {
    name: 'int32 fails (TFLM Eval: float32 and int8 only)',
    inputs: [{ type: T.INT32, shape: [3], data: [1, 2, 3] }, padsT([1, 1])],
    outputs: [{ type: T.INT32, shape: [5] }],
    options: mode(REFLECT),
    expectError: /output has type INT32/,
  },
  {
    name: 'int16 fails (TFLM Eval)',
    inputs: [{ type: T.INT16, shape: [3], data: [1, 2, 3], scale: 1, zeroPoint: 0 }, padsT([1, 1])],
    outputs: [{ type: T.INT16, shape: [5], scale: 1, zeroPoint: 0 }],
    options: mode(REFLECT),
    expectError: /output has type INT16/,
  },
  {
    name: 'paddings of rank 1 fail (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, { type: T.INT32, shape: [2], data: [1, 1], constant: true }],
    outputs: [{ type: T.INT8, shape: [5] }],
    options: mode(REFLECT),
    expectError: /paddings must have rank 2/,
  },
  {
    name: 'paddings rows != input rank fail (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, padsT([1, 1, 0, 0])],
    outputs: [{ type: T.INT8, shape: [5] }],
    options: mode(REFLECT),
    expectError: /paddings have 2 rows for rank 1/,
  },
  {
    name: 'reflect padding as large as the dim fails (TFLM would read outside the input)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, padsT([3, 0])],
    outputs: [{ type: T.INT8, shape: [6] }],
    options: mode(REFLECT),
    expectError: /padding 3 on dim 0 of size 3 reads outside the input/,
  },
  {
    name: 'symmetric padding beyond the dim fails at invoke when not constant',
    inputs: [{ type: T.INT8, shape: [2], data: [1, 2] }, padsT([3, 0], T.INT32, false)],
    outputs: [{ type: T.INT8, shape: [5] }],
    options: mode(SYMMETRIC),
    expectError: /padding 3 on dim 0 of size 2 reads outside the input/,
  },
  {
    name: 'int16 paddings fail',
    inputs: [{ type: T.INT8, shape: [2], data: [1, 2] }, padsT([1, 0], T.INT16)],
    outputs: [{ type: T.INT8, shape: [3] }],
    options: mode(SYMMETRIC),
    expectError: /paddings has type INT16/,
  },
];

kernelTable('MIRROR_PAD', MIRROR_PAD, cases);
