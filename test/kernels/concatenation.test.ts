import { CONCATENATION } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const axisOpt = (axis: number, activation = 0) => ({
  type: BuiltinOptions.ConcatenationOptions,
  fields: [opt.int32(0, axis), opt.int8(1, activation)],
});

/** reference_ops::Concatenation, transcribed. */
function concatOracle(shapes: number[][], data: number[][], axis: number): { shape: number[]; data: number[] } {
  const rank = shapes[0]!.length;
  const a = axis < 0 ? axis + rank : axis;
  const out = shapes[0]!.slice();
  out[a] = shapes.reduce((s, sh) => s + sh[a]!, 0);
  const outer = product(out.slice(0, a));
  const inner = product(out.slice(a + 1));
  const res: number[] = [];
  for (let k = 0; k < outer; k++)
    shapes.forEach((sh, i) => {
      const n = sh[a]! * inner;
      res.push(...data[i]!.slice(k * n, (k + 1) * n));
    });
  return { shape: out, data: res };
}

const f = (shape: number[], data: number[]) => ({ type: T.FLOAT32, shape, data });
const q = (type: number, shape: number[], data: number[], scale = 0.1, zeroPoint = 0) => ({ type, shape, data, scale, zeroPoint });

const cases: ShapedCase[] = [
  // TFLM concatenation_test.cc
  {
    name: 'bool, one input (TFLM)',
    inputs: [{ type: T.BOOL, shape: [2, 1, 2], data: [1, 0, 0, 1] }],
    options: axisOpt(1),
    outputs: [{ type: T.BOOL, shape: [2, 1, 2], data: [1, 0, 0, 1] }],
  },
  {
    name: 'bool, two inputs (TFLM)',
    inputs: [{ type: T.BOOL, shape: [2, 1, 2], data: [0, 0, 0, 0] }, { type: T.BOOL, shape: [2, 3, 2], data: new Array<number>(12).fill(1) }],
    options: axisOpt(1),
    outputs: [{ type: T.BOOL, shape: [2, 4, 2], data: [0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1] }],
    outShapes: [[2, 4, 2]],
  },
  ...([[0, [4, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]], [-2, [4, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
    [1, [2, 6], [1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12]], [-1, [2, 6], [1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12]]] as [number, number[], number[]][])
    .map(([axis, shape, data]): ShapedCase => ({
      name: `float, all axes: ${axis} (TFLM)`,
      inputs: [f([2, 3], [1, 2, 3, 4, 5, 6]), f([2, 3], [7, 8, 9, 10, 11, 12])],
      options: axisOpt(axis),
      outputs: [f(shape, data)],
      outShapes: [shape],
    })),
  ...[T.INT8, T.INT16].map((type): ShapedCase => ({
    name: `quantized type ${type} (TFLM)`,
    inputs: [q(type, [2, 1, 2], [1, 2, 3, 4]), q(type, [2, 1, 2], [5, 6, 7, 8])],
    options: axisOpt(2),
    outputs: [q(type, [2, 1, 4], [1, 2, 5, 6, 3, 4, 7, 8])],
  })),
  {
    name: 'different shapes (TFLM)',
    inputs: [f([2, 1, 2], [1, 3, 4, 7]), f([2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])],
    options: axisOpt(1),
    outputs: [f([2, 4, 2], [1, 3, 1, 2, 3, 4, 5, 6, 4, 7, 7, 8, 9, 10, 11, 12])],
  },
  {
    name: 'five dims, axis 4 (TFLM)',
    inputs: [f([2, 1, 2, 1, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), f([2, 1, 2, 1, 3], [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24])],
    options: axisOpt(4),
    outputs: [f([2, 1, 2, 1, 6], [1, 2, 3, 13, 14, 15, 4, 5, 6, 16, 17, 18, 7, 8, 9, 19, 20, 21, 10, 11, 12, 22, 23, 24])],
    outShapes: [[2, 1, 2, 1, 6]],
  },
  {
    name: 'int8 five dims, axis 2 (TFLM)',
    inputs: [q(T.INT8, [2, 1, 2, 1, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), q(T.INT8, [2, 1, 2, 1, 3], [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24])],
    options: axisOpt(2),
    outputs: [q(T.INT8, [2, 1, 4, 1, 3], [1, 2, 3, 4, 5, 6, 13, 14, 15, 16, 17, 18, 7, 8, 9, 10, 11, 12, 19, 20, 21, 22, 23, 24])],
  },
  {
    name: 'int8 with a shared nonzero zero point',
    inputs: [q(T.INT8, [1, 2], [-128, 127], 0.5, -7), q(T.INT8, [1, 1], [0], 0.5, -7)],
    options: axisOpt(-1),
    outputs: [q(T.INT8, [1, 3], [-128, 127, 0], 0.5, -7)],
  },
  {
    name: 'int32',
    inputs: [{ type: T.INT32, shape: [2, 1], data: [-2147483648, 2147483647] }, { type: T.INT32, shape: [2, 2], data: [1, 2, 3, 4] }],
    options: axisOpt(1),
    outputs: [{ type: T.INT32, shape: [2, 3], data: [-2147483648, 1, 2, 2147483647, 3, 4] }],
  },
  {
    name: 'int64 keeps all 8 bytes',
    inputs: [{ type: T.INT64, shape: [2, 1], data: [-(2n ** 63n), 2n ** 40n + 5n] }, { type: T.INT64, shape: [2, 1], data: [2n ** 63n - 1n, -3n] }],
    options: axisOpt(1),
    outputs: [{ type: T.INT64, shape: [2, 2], data: [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 40n + 5n, -3n] }],
  },
  {
    name: 'constant and variable inputs, ten inputs',
    inputs: Array.from({ length: 10 }, (_, i) => ({ type: T.FLOAT32, shape: [1, 1], data: [i + 0.5], constant: i % 2 === 0 })),
    options: axisOpt(0),
    outputs: [f([10, 1], Array.from({ length: 10 }, (_, i) => i + 0.5))],
  },
  {
    name: 'placeholder output shape is replaced',
    inputs: [f([1, 2], [1, 2]), f([1, 3], [3, 4, 5])],
    options: axisOpt(1),
    outputs: [f([1, 1], [1, 2, 3, 4, 5])],
    outShapes: [[1, 5]],
  },
  // Rejections.
  {
    name: 'fused activation fails (TFLM)',
    inputs: [f([1], [1]), f([1], [2])],
    options: axisOpt(0, 1),
    outputs: [f([2], [])],
    expectError: /fused activation 1 is not supported/,
  },
  {
    name: 'int8 scale mismatch fails (TFLM)',
    inputs: [q(T.INT8, [1], [1], 0.1), q(T.INT8, [1], [2], 0.2)],
    options: axisOpt(0),
    outputs: [q(T.INT8, [2], [], 0.1)],
    expectError: /input 1 scale .* != output scale/,
  },
  {
    name: 'int8 zero point mismatch fails (TFLM)',
    inputs: [q(T.INT8, [1], [1], 0.1, 1), q(T.INT8, [1], [2], 0.1, 1)],
    options: axisOpt(0),
    outputs: [q(T.INT8, [2], [], 0.1, 0)],
    expectError: /input 0 zero point 1 != output zero point 0/,
  },
  {
    name: 'int16 nonzero zero point fails (TFLM)',
    inputs: [q(T.INT16, [1], [1], 0.1, 0), q(T.INT16, [1], [2], 0.1, 3)],
    options: axisOpt(0),
    outputs: [q(T.INT16, [2], [], 0.1, 0)],
    expectError: /input 1 zero point 3 != 0/,
  },
  {
    name: 'eleven inputs fail (TFLM)',
    inputs: Array.from({ length: 11 }, () => f([1], [1])),
    options: axisOpt(0),
    outputs: [f([11], [])],
    expectError: /11 inputs exceed the maximum of 10/,
  },
  {
    name: 'uint8 fails (TFLM)',
    inputs: [{ type: T.UINT8, shape: [1], data: [1] }],
    options: axisOpt(0),
    outputs: [{ type: T.UINT8, shape: [1] }],
    expectError: /input 0 has type UINT8/,
  },
  {
    name: 'mixed input types fail (TFLM)',
    inputs: [f([1], [1]), { type: T.INT32, shape: [1], data: [1] }],
    options: axisOpt(0),
    outputs: [f([2], [])],
    expectError: /input 1 type INT32 != FLOAT32/,
  },
  {
    name: 'mismatched off-axis dims fail',
    inputs: [f([1, 2], [1, 2]), f([2, 2], [1, 2, 3, 4])],
    options: axisOpt(1),
    outputs: [f([2, 4], [])],
    expectError: /does not match/,
  },
  {
    name: 'axis out of range fails',
    inputs: [f([1, 2], [1, 2])],
    options: axisOpt(2),
    outputs: [f([1, 2], [])],
    expectError: /axis 2 out of range/,
  },
  {
    name: 'rank 7 fails (TFLM)',
    inputs: [f([1, 1, 1, 1, 1, 1, 1], [1])],
    options: axisOpt(0),
    outputs: [f([1, 1, 1, 1, 1, 1, 1], [])],
    expectError: /rank 7 exceeds 6/,
  },
];

const rng = new Lcg(5);
for (let rank = 1; rank <= 6; rank++) {
  for (let axis = -rank; axis < rank; axis++) {
    const n = rng.int(1, 4);
    const base = rng.ints(rank, 1, rank > 4 ? 2 : 3);
    const a = axis < 0 ? axis + rank : axis;
    const shapes = Array.from({ length: n }, () => base.map((d, j) => (j === a ? rng.int(1, 3) : d)));
    const type = [T.FLOAT32, T.INT8, T.INT16, T.INT32][(rank + axis + 8) % 4]!;
    const data = shapes.map((s) => rng.ints(product(s), -128, 127));
    const o = concatOracle(shapes, data, axis);
    cases.push({
      name: `grid rank ${rank} axis ${axis}: ${shapes.map((s) => `[${s}]`).join(' ')} type ${type}`,
      inputs: shapes.map((s, i) => ({ type, shape: s, data: data[i]!, scale: 0.5, zeroPoint: 0 })),
      options: axisOpt(axis),
      outputs: [{ type, shape: o.shape, data: o.data, scale: 0.5, zeroPoint: 0 }],
      outShapes: [o.shape],
    });
  }
}

// Long runs (native copyWithin), int64 included.
for (const [type, shapes, axis] of [
  [T.INT8, [[2, 3, 70], [2, 1, 70]], 1],
  [T.FLOAT32, [[2, 20], [2, 30], [2, 1]], 1],
  [T.INT16, [[3, 40], [3, 40]], -1],
] as [number, number[][], number][]) {
  const data = shapes.map((s) => rng.ints(product(s), -128, 127));
  const o = concatOracle(shapes, data, axis);
  cases.push({
    name: `long runs ${shapes.map((s) => `[${s}]`).join(' ')} axis ${axis} type ${type}`,
    inputs: shapes.map((s, i) => ({ type, shape: s, data: data[i]!, scale: 0.5, zeroPoint: 0 })),
    options: axisOpt(axis),
    outputs: [{ type, shape: o.shape, data: o.data, scale: 0.5, zeroPoint: 0 }],
  });
}
{
  const a = Array.from({ length: 24 }, (_, i) => BigInt(i) * 0x1_0000_0001n - 5n);
  const b = Array.from({ length: 16 }, (_, i) => -BigInt(i) * 0x7_0000_0003n);
  cases.push({
    name: 'int64 long runs',
    inputs: [{ type: T.INT64, shape: [1, 24], data: a }, { type: T.INT64, shape: [1, 16], data: b }],
    options: axisOpt(1),
    outputs: [{ type: T.INT64, shape: [1, 40], data: [...a, ...b] }],
  });
}

shapedKernelTable('CONCATENATION', CONCATENATION, cases);
