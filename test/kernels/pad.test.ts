import { PAD, PADV2 } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

/** reference_ops::PadImpl, transcribed loop for loop (5-D, left/right padding front-padded with zeros). */
function padOracle(inShape: number[], input: number[], pads: number[], value: number): { shape: number[]; data: number[] } {
  const r = inShape.length;
  const ext = [...new Array<number>(5 - r).fill(1), ...inShape];
  const left = [...new Array<number>(5 - r).fill(0), ...pads.filter((_, i) => i % 2 === 0)];
  const right = [...new Array<number>(5 - r).fill(0), ...pads.filter((_, i) => i % 2 === 1)];
  const out = ext.map((d, i) => d + left[i]! + right[i]!);
  const data: number[] = [];
  let k = 0;
  for (let b = 0; b < out[0]!; b++)
    for (let p = 0; p < out[1]!; p++)
      for (let h = 0; h < out[2]!; h++)
        for (let w = 0; w < out[3]!; w++)
          for (let d = 0; d < out[4]!; d++) {
            const idx = [b, p, h, w, d];
            const pad = idx.some((v, i) => v < left[i]! || v >= out[i]! - right[i]!);
            data.push(pad ? value : input[k++]!);
          }
  return { shape: out.slice(5 - r), data };
}

const padsT = (v: number[], type: number = T.INT32) => ({ type, shape: [v.length / 2, 2], data: v, constant: true });
const golden2d = (v: number) => [v, v, v, v, v, v, v, v, v, 1, 2, v, v, 3, 4, v, v, v, v, v, v, v, v, v];

const cases: ShapedCase[] = [
  // TFLM pad_test.cc
  ...[T.FLOAT32, T.INT8, T.INT16, T.INT32].map((type): ShapedCase => ({
    name: `2D type ${type} (TFLM)`,
    inputs: [{ type, shape: [1, 2, 2, 1], data: [1, 2, 3, 4], scale: 1, zeroPoint: 0 }, padsT([1, 1, 0, 0, 1, 1, 0, 0])],
    outputs: [{ type, shape: [3, 2, 4, 1], data: golden2d(0), scale: 1, zeroPoint: 0 }],
    outShapes: [[3, 2, 4, 1]],
  })),
  {
    name: '4D float (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 1], data: [42] }, padsT([1, 1, 1, 1, 1, 1, 1, 1])],
    outputs: [{ type: T.FLOAT32, shape: [3, 3, 3, 3], data: Array.from({ length: 81 }, (_, i) => (i === 40 ? 42 : 0)) }],
  },
  ...[T.FLOAT32, T.INT8, T.INT16, T.INT32].map((type): ShapedCase => ({
    name: `2D V2-style constant_values, type ${type} (TFLM)`,
    inputs: [
      { type, shape: [1, 2, 2, 1], data: [1, 2, 3, 4], scale: 1, zeroPoint: 0 },
      padsT([1, 1, 0, 0, 1, 1, 0, 0]),
      { type, shape: [1], data: [42], constant: true, scale: 1, zeroPoint: 0 },
    ],
    outputs: [{ type, shape: [3, 2, 4, 1], data: golden2d(42), scale: 1, zeroPoint: 0 }],
  })),
  {
    name: 'int8 pads with the output zero point',
    inputs: [{ type: T.INT8, shape: [2], data: [-128, 127], scale: 0.5, zeroPoint: -128 }, padsT([2, 1])],
    outputs: [{ type: T.INT8, shape: [5], data: [-128, -128, -128, 127, -128], scale: 0.5, zeroPoint: -128 }],
  },
  {
    name: 'int8 zero point 127',
    inputs: [{ type: T.INT8, shape: [1, 2], data: [5, -5], scale: 0.5, zeroPoint: 127 }, padsT([1, 0, 0, 1])],
    outputs: [{ type: T.INT8, shape: [2, 3], data: [127, 127, 127, 5, -5, 127], scale: 0.5, zeroPoint: 127 }],
  },
  {
    name: 'int16 pads with 0 whatever the zero point (TFLM)',
    inputs: [{ type: T.INT16, shape: [2], data: [-32768, 32767], scale: 0.5, zeroPoint: 3 }, padsT([1, 1])],
    outputs: [{ type: T.INT16, shape: [4], data: [0, -32768, 32767, 0], scale: 0.5, zeroPoint: 3 }],
  },
  {
    name: 'int64 paddings',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1.5, -2.5] }, padsT([0, 2], T.INT64)],
    outputs: [{ type: T.FLOAT32, shape: [4], data: [1.5, -2.5, 0, 0] }],
    outShapes: [[4]],
  },
  {
    name: 'rank 5',
    inputs: [{ type: T.INT16, shape: [1, 1, 1, 1, 2], data: [7, 8] }, padsT([1, 0, 0, 0, 0, 0, 0, 1, 1, 0])],
    outputs: [{ type: T.INT16, shape: [2, 1, 1, 2, 3], data: [0, 0, 0, 0, 0, 0, 0, 7, 8, 0, 0, 0] }],
    outShapes: [[2, 1, 1, 2, 3]],
  },
  {
    name: 'scalar input, no paddings',
    inputs: [{ type: T.FLOAT32, shape: [], data: [3.25] }, { type: T.INT32, shape: [0, 2], data: [], constant: true }],
    outputs: [{ type: T.FLOAT32, shape: [], data: [3.25] }],
  },
  {
    name: 'zero padding is a copy',
    inputs: [{ type: T.INT8, shape: [2, 3], data: [1, 2, 3, 4, 5, 6], scale: 1, zeroPoint: 9 }, padsT([0, 0, 0, 0])],
    outputs: [{ type: T.INT8, shape: [2, 3], data: [1, 2, 3, 4, 5, 6], scale: 1, zeroPoint: 9 }],
  },
  {
    name: 'placeholder output shape is replaced',
    inputs: [{ type: T.FLOAT32, shape: [1, 2], data: [1, 2] }, padsT([0, 0, 1, 1])],
    outputs: [{ type: T.FLOAT32, shape: [1, 1], data: [0, 1, 2, 0] }],
    outShapes: [[1, 4]],
  },
  {
    name: 'non-constant constant_values are read at invoke',
    inputs: [{ type: T.FLOAT32, shape: [1], data: [1] }, padsT([1, 1]), { type: T.FLOAT32, shape: [], data: [-0.5] }],
    outputs: [{ type: T.FLOAT32, shape: [3], data: [-0.5, 1, -0.5] }],
  },
  // Rejections.
  {
    name: 'constant_values in another quantization fails (TFLM)',
    inputs: [
      { type: T.INT8, shape: [1, 2, 2, 1], data: [1, 2, 3, 4], scale: 1, zeroPoint: 0 },
      padsT([1, 1, 0, 0, 1, 1, 0, 0]),
      { type: T.INT8, shape: [1], data: [42], constant: true, scale: 0.5, zeroPoint: 0 },
    ],
    outputs: [{ type: T.INT8, shape: [3, 2, 4, 1], scale: 1, zeroPoint: 0 }],
    expectError: /constant_values scale 0.5 != output scale 1/,
  },
  {
    name: 'constant_values with another zero point fails',
    inputs: [
      { type: T.INT8, shape: [2], data: [1, 2], scale: 1, zeroPoint: 0 },
      padsT([1, 1]),
      { type: T.INT8, shape: [1], data: [42], constant: true, scale: 1, zeroPoint: 1 },
    ],
    outputs: [{ type: T.INT8, shape: [4], scale: 1, zeroPoint: 0 }],
    expectError: /zero point 1 != output zero point 0/,
  },
  {
    name: 'int8 zero point outside int8 fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [1, 2, 2, 1], data: [1, 2, 3, 4], scale: 1, zeroPoint: 0 }, padsT([1, 1, 0, 0, 1, 1, 0, 0])],
    outputs: [{ type: T.INT8, shape: [3, 2, 4, 1], scale: 1, zeroPoint: 129 }],
    expectError: /zero point 129 outside int8/,
  },
  {
    name: 'non-constant paddings fail (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, { type: T.INT32, shape: [1, 2], data: [1, 1] }],
    outputs: [{ type: T.FLOAT32, shape: [4] }],
    expectError: /non-constant paddings/,
  },
  {
    name: 'paddings of the wrong size fail (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 2] }, padsT([1, 1, 0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [4] }],
    expectError: /paddings hold 4 values, expected 2/,
  },
  {
    name: 'negative padding fails',
    inputs: [{ type: T.FLOAT32, shape: [3], data: [1, 2, 3] }, padsT([-1, 0])],
    outputs: [{ type: T.FLOAT32, shape: [2] }],
    expectError: /negative padding/,
  },
  {
    name: 'rank 6 fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 1, 1, 1], data: [1] }, padsT(new Array<number>(12).fill(0))],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 1, 1, 1] }],
    expectError: /rank 6 exceeds 5/,
  },
  {
    name: 'uint8 fails (TFLM: float32, int8, int16, int32)',
    inputs: [{ type: T.UINT8, shape: [2], data: [1, 2] }, padsT([1, 1])],
    outputs: [{ type: T.UINT8, shape: [4] }],
    expectError: /input has type UINT8/,
  },
  {
    name: 'constant_values type mismatch fails (TFLM)',
    inputs: [{ type: T.INT16, shape: [2], data: [1, 2] }, padsT([1, 1]), { type: T.INT32, shape: [1], data: [3], constant: true }],
    outputs: [{ type: T.INT16, shape: [4] }],
    expectError: /constant_values type INT32 != input type INT16/,
  },
  {
    name: 'constant_values with two elements fails (TFLM)',
    inputs: [{ type: T.INT16, shape: [2], data: [1, 2] }, padsT([1, 1]), { type: T.INT16, shape: [2], data: [3, 3], constant: true }],
    outputs: [{ type: T.INT16, shape: [4] }],
    expectError: /constant_values must hold one element/,
  },
];

// Grid against the transcribed reference loop: every rank 1..5, random dims and paddings, every type.
const rng = new Lcg(7);
for (let rank = 1; rank <= 5; rank++) {
  for (const type of [T.FLOAT32, T.INT8, T.INT16, T.INT32]) {
    for (let k = 0; k < 3; k++) {
      const shape = rng.ints(rank, 1, rank > 3 ? 3 : 5);
      const pads = rng.ints(2 * rank, 0, 2);
      const input = rng.ints(product(shape), -100, 100);
      const zp = type === T.INT8 ? rng.int(-128, 127) : 0;
      const withValue = k === 2;
      const value = withValue ? rng.int(-50, 50) : type === T.INT8 ? zp : 0;
      const o = padOracle(shape, input, pads, value);
      const q = type === T.INT8 || type === T.INT16 ? { scale: 0.25, zeroPoint: zp } : {};
      cases.push({
        name: `grid rank ${rank} type ${type} #${k}: [${shape}] pads [${pads}]`,
        inputs: [
          { type, shape, data: input, ...q },
          padsT(pads),
          ...(withValue ? [{ type, shape: [], data: [value], constant: true, ...q }] : []),
        ],
        outputs: [{ type, shape: o.shape, data: o.data, ...q }],
        outShapes: [o.shape],
      });
    }
  }
}

// Long contiguous runs (>= 64 bytes) move with native copyWithin inside the arena.
for (const [type, shape, pads] of [
  [T.INT8, [1, 4, 5, 64], [0, 0, 1, 2, 2, 1, 0, 0]],
  [T.FLOAT32, [2, 3, 40], [1, 0, 0, 1, 3, 5]],
  [T.INT16, [1, 6, 6, 40], [0, 0, 1, 1, 1, 1, 0, 0]],
] as [number, number[], number[]][]) {
  const input = rng.ints(product(shape), -128, 127);
  const zp = type === T.INT8 ? -3 : 0;
  const o = padOracle(shape, input, pads, zp);
  const q = type === T.FLOAT32 ? {} : { scale: 0.5, zeroPoint: zp };
  cases.push({
    name: `long runs [${shape}] pads [${pads}] type ${type}`,
    inputs: [{ type, shape, data: input, ...q }, padsT(pads)],
    outputs: [{ type, shape: o.shape, data: o.data, ...q }],
  });
}

shapedKernelTable('PAD', PAD, cases);
shapedKernelTable('PADV2', PADV2, cases.filter((c) => c.inputs.length === 3));
