import { TRANSPOSE } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

/** reference_ops::TransposeImpl, transcribed (recursive walk of the output with input strides). */
function transposeOracle(shape: number[], input: number[], perm: number[]): { shape: number[]; data: number[] } {
  const dims = shape.length;
  const outShape = perm.map((p) => shape[p]!);
  const inStride = new Array<number>(dims);
  inStride[dims - 1] = 1;
  for (let i = dims - 2; i >= 0; i--) inStride[i] = inStride[i + 1]! * shape[i + 1]!;
  const out: number[] = [];
  const walk = (depth: number, at: number): void => {
    for (let i = 0; i < outShape[depth]!; i++) {
      const a = at + i * inStride[perm[depth]!]!;
      if (depth === dims - 1) out.push(input[a]!);
      else walk(depth + 1, a);
    }
  };
  if (product(shape) > 0) walk(0, 0);
  return { shape: outShape, data: out };
}

const permT = (p: number[]) => ({ type: T.INT32, shape: [p.length], data: p, constant: true });
const iota = (n: number) => Array.from({ length: n }, (_, i) => i);

const cases: ShapedCase[] = [
  // TFLM transpose_test.cc (inputs are 0, 1, 2, ...)
  {
    name: 'simple with reorder (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 3, 1], data: iota(6) }, permT([2, 1, 3, 0])],
    outputs: [{ type: T.FLOAT32, shape: [3, 2, 1, 1], data: [0, 3, 1, 4, 2, 5] }],
    outShapes: [[3, 2, 1, 1]],
  },
  {
    name: 'complex with reorder (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 3, 4, 5], data: iota(120) }, permT([2, 0, 1, 3])],
    outputs: [{
      type: T.FLOAT32,
      shape: [4, 2, 3, 5],
      data: [
        0, 1, 2, 3, 4, 20, 21, 22, 23, 24, 40, 41, 42, 43, 44, 60, 61, 62, 63, 64, 80, 81, 82, 83, 84, 100, 101, 102, 103, 104,
        5, 6, 7, 8, 9, 25, 26, 27, 28, 29, 45, 46, 47, 48, 49, 65, 66, 67, 68, 69, 85, 86, 87, 88, 89, 105, 106, 107, 108, 109,
        10, 11, 12, 13, 14, 30, 31, 32, 33, 34, 50, 51, 52, 53, 54, 70, 71, 72, 73, 74, 90, 91, 92, 93, 94, 110, 111, 112, 113, 114,
        15, 16, 17, 18, 19, 35, 36, 37, 38, 39, 55, 56, 57, 58, 59, 75, 76, 77, 78, 79, 95, 96, 97, 98, 99, 115, 116, 117, 118, 119,
      ],
    }],
    outShapes: [[4, 2, 3, 5]],
  },
  {
    name: 'complex 5D with reorder (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 3, 2, 2, 5], data: iota(120) }, permT([2, 0, 1, 4, 3])],
    outputs: [{
      type: T.FLOAT32,
      shape: [2, 2, 3, 5, 2],
      data: [
        0, 5, 1, 6, 2, 7, 3, 8, 4, 9, 20, 25, 21, 26, 22, 27, 23, 28, 24, 29, 40, 45, 41, 46, 42, 47, 43, 48, 44, 49,
        60, 65, 61, 66, 62, 67, 63, 68, 64, 69, 80, 85, 81, 86, 82, 87, 83, 88, 84, 89, 100, 105, 101, 106, 102, 107, 103, 108, 104, 109,
        10, 15, 11, 16, 12, 17, 13, 18, 14, 19, 30, 35, 31, 36, 32, 37, 33, 38, 34, 39, 50, 55, 51, 56, 52, 57, 53, 58, 54, 59,
        70, 75, 71, 76, 72, 77, 73, 78, 74, 79, 90, 95, 91, 96, 92, 97, 93, 98, 94, 99, 110, 115, 111, 116, 112, 117, 113, 118, 114, 119,
      ],
    }],
    outShapes: [[2, 2, 3, 5, 2]],
  },
  {
    name: 'int8 extremes, 2D',
    inputs: [{ type: T.INT8, shape: [2, 3], data: [-128, 127, 0, 1, -1, 5], scale: 0.1, zeroPoint: -128 }, permT([1, 0])],
    outputs: [{ type: T.INT8, shape: [3, 2], data: [-128, 1, 127, -1, 0, 5], scale: 0.1, zeroPoint: -128 }],
  },
  {
    name: 'int16 extremes, 2D',
    inputs: [{ type: T.INT16, shape: [2, 2], data: [-32768, 32767, 1, -1], scale: 0.1, zeroPoint: 0 }, permT([1, 0])],
    outputs: [{ type: T.INT16, shape: [2, 2], data: [-32768, 1, 32767, -1], scale: 0.1, zeroPoint: 0 }],
  },
  {
    name: 'empty input writes nothing',
    inputs: [{ type: T.FLOAT32, shape: [0, 3], data: [] }, permT([1, 0])],
    outputs: [{ type: T.FLOAT32, shape: [3, 0], data: [] }],
    outShapes: [[3, 0]],
  },
  {
    name: 'placeholder output shape is replaced',
    inputs: [{ type: T.INT8, shape: [1, 2, 3], data: [1, 2, 3, 4, 5, 6] }, permT([2, 0, 1])],
    outputs: [{ type: T.INT8, shape: [1, 2, 3], data: [1, 4, 2, 5, 3, 6] }],
    outShapes: [[3, 1, 2]],
  },
  // Rejections.
  {
    name: 'rank 6 fails (TFLM prepare accepts 1D-5D)',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 1, 1, 2], data: [1, 2] }, permT([5, 4, 3, 2, 1, 0])],
    outputs: [{ type: T.FLOAT32, shape: [2, 1, 1, 1, 1, 1] }],
    expectError: /only 1D-5D inputs/,
  },
  {
    name: 'int32 input fails (TFLM: float32, int8, int16)',
    inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }, permT([0])],
    outputs: [{ type: T.INT32, shape: [2] }],
    expectError: /input has type INT32/,
  },
  {
    name: 'non-constant perm fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 1], data: [1, 2] }, { type: T.INT32, shape: [2], data: [1, 0] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 2] }],
    expectError: /non-constant perm/,
  },
  {
    name: 'perm out of bounds fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 1], data: [1, 2] }, permT([2, 0])],
    outputs: [{ type: T.FLOAT32, shape: [1, 2] }],
    expectError: /out of bounds/,
  },
  {
    name: 'perm of the wrong length fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [2, 1], data: [1, 2] }, permT([0])],
    outputs: [{ type: T.FLOAT32, shape: [2, 1] }],
    expectError: /perm has 1 entries for rank 2/,
  },
  {
    name: 'repeated perm entry fails',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [1, 2, 3, 4] }, permT([0, 0])],
    outputs: [{ type: T.FLOAT32, shape: [2, 2] }],
    expectError: /repeats 0/,
  },
  {
    name: 'type mismatch fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [2], data: [1, 2] }, permT([0])],
    outputs: [{ type: T.INT16, shape: [2] }],
    expectError: /output type INT16 != input type INT8/,
  },
];

// Grid against the transcribed reference: every permutation up to rank 4, random ones at rank 5.
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}
const rng = new Lcg(11);
const types = [T.FLOAT32, T.INT8, T.INT16];
for (let rank = 1; rank <= 5; rank++) {
  const perms = rank <= 4 ? permutations(rank) : Array.from({ length: 12 }, () => {
    const p = iota(rank);
    for (let i = rank - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    return p;
  });
  perms.forEach((perm, k) => {
    const type = types[k % 3]!;
    const shape = rng.ints(rank, 1, rank >= 4 ? 3 : 4);
    const data = rng.ints(product(shape), type === T.INT8 ? -128 : -1000, type === T.INT8 ? 127 : 1000);
    const o = transposeOracle(shape, data, perm);
    cases.push({
      name: `grid [${shape}] perm [${perm}] type ${type}`,
      inputs: [{ type, shape, data }, permT(perm)],
      outputs: [{ type, shape: o.shape, data: o.data }],
      outShapes: [o.shape],
    });
  });
}

// Long runs (native copyWithin) and the NCHW -> NHWC pattern of mobilenet's first op.
for (const [type, shape, perm] of [
  [T.INT8, [3, 2, 80], [1, 0, 2]],
  [T.FLOAT32, [2, 3, 4, 20], [0, 2, 1, 3]],
  [T.INT8, [1, 3, 12, 12], [0, 2, 3, 1]],
  [T.INT16, [1, 40, 3], [0, 2, 1]],
] as [number, number[], number[]][]) {
  const data = rng.ints(product(shape), -128, 127);
  const o = transposeOracle(shape, data, perm);
  cases.push({ name: `long axes [${shape}] perm [${perm}] type ${type}`, inputs: [{ type, shape, data }, permT(perm)], outputs: [{ type, shape: o.shape, data: o.data }] });
}

shapedKernelTable('TRANSPOSE', TRANSPOSE, cases);
