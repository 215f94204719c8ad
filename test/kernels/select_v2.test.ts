/**
 * SELECT_V2: every TFLM select_test case (float, int8, int16; broadcasting of the condition, of x and y, of
 * mixed ranks; the mixed-scalar cases), larger broadcasts checked against a direct oracle, and rejections.
 */
import { SELECT_V2 } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';

const b = (shape: number[], data?: number[]) => ({ type: T.BOOL, shape, data });
const i16 = (shape: number[], data?: number[]) => ({ type: T.INT16, shape, data });
const f = (shape: number[], data?: number[]) => ({ type: T.FLOAT32, shape, data });

/** Direct oracle: broadcast every input to `out` by index arithmetic. */
function oracle(c: { shape: number[]; data: number[] }, x: { shape: number[]; data: number[] }, y: { shape: number[]; data: number[] }, out: number[]): number[] {
  const n = out.reduce((a, v) => a * v, 1);
  const at = (t: { shape: number[]; data: number[] }, idx: number[]) => {
    let off = 0;
    const r = t.shape.length;
    for (let i = 0; i < r; i++) {
      const d = t.shape[i]!;
      off = off * d + (d === 1 ? 0 : idx[idx.length - r + i]!);
    }
    return t.data[off]!;
  };
  const res: number[] = [];
  for (let k = 0; k < n; k++) {
    const idx: number[] = [];
    let rem = k;
    for (let i = out.length - 1; i >= 0; i--) {
      idx.unshift(rem % out[i]!);
      rem = Math.floor(rem / out[i]!);
    }
    res.push(at(c, idx) ? at(x, idx) : at(y, idx));
  }
  return res;
}

function grid(condShape: number[], xShape: number[], yShape: number[], outShape: number[], seed: number): OpCase {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s);
  const fill = (shape: number[], m: number) => Array.from({ length: shape.reduce((a, v) => a * v, 1) }, () => (rnd() % m) - (m >> 1));
  const c = { shape: condShape, data: fill(condShape, 2).map((v) => (v < 0 ? 1 : 0)) };
  const x = { shape: xShape, data: fill(xShape, 200) };
  const y = { shape: yShape, data: fill(yShape, 200) };
  return {
    name: `broadcast cond [${condShape}] x [${xShape}] y [${yShape}] -> [${outShape}] (oracle)`,
    inputs: [b(condShape, c.data), { type: T.INT8, shape: xShape, data: x.data }, { type: T.INT8, shape: yShape, data: y.data }],
    outputs: [{ type: T.INT8, shape: outShape, data: oracle(c, x, y, outShape) }],
  };
}

kernelTable('SELECT_V2 (TFLM select_test)', SELECT_V2, [
  { name: 'SelectFloat', inputs: [b([1, 1, 1, 4], [1, 0, 1, 0]), f([1, 1, 1, 4], [0.1, 0.2, 0.3, 0.4]), f([1, 1, 1, 4], [0.5, 0.6, 0.7, 0.8])], outputs: [f([1, 1, 1, 4], [0.1, 0.6, 0.3, 0.8])] },
  {
    name: 'SelectInt8',
    inputs: [b([1, 1, 1, 4], [0, 1, 0, 0]), { type: T.INT8, shape: [1, 1, 1, 4], data: [1, -2, 3, 4] }, { type: T.INT8, shape: [1, 1, 1, 4], data: [5, 6, 7, -8] }],
    outputs: [{ type: T.INT8, shape: [1, 1, 1, 4], data: [5, -2, 7, -8] }],
  },
  { name: 'SelectInt16', inputs: [b([1, 1, 1, 4], [0, 1, 0, 0]), i16([1, 1, 1, 4], [1, 2, 3, 4]), i16([1, 1, 1, 4], [5, 6, 7, 8])], outputs: [i16([1, 1, 1, 4], [5, 2, 7, 8])] },
  {
    name: 'BroadcastSelectInt16OneDimensionConditionWithSingleValue',
    inputs: [b([1], [0]), i16([1, 2, 2, 2, 1], [1, 2, 3, 4, 5, 6, 7, 8]), i16([1, 2, 2, 1], [9, 10, 11, 12])],
    outputs: [i16([1, 2, 2, 2, 1], [9, 10, 11, 12, 9, 10, 11, 12])],
  },
  { name: 'BroadcastSelectInt16LesserThan4D', inputs: [b([1, 2], [0, 1]), i16([1, 2, 2], [1, 2, 3, 4]), i16([1, 2, 2], [5, 6, 7, 8])], outputs: [i16([1, 2, 2], [5, 2, 7, 4])] },
  { name: 'BroadcastSelectInt16OnFalseValue', inputs: [b([1], [0]), i16([1, 2, 2], [1, 2, 3, 4]), i16([1, 2, 2], [5, 6, 7, 8])], outputs: [i16([1, 2, 2], [5, 6, 7, 8])] },
  { name: 'BroadcastSelectInt16', inputs: [b([1, 2], [0, 1]), i16([1, 2, 2], [1, 2, 3, 4]), i16([1, 2, 2], [5, 6, 7, 7])], outputs: [i16([1, 2, 2], [5, 2, 7, 4])] },
  {
    name: 'BroadcastSelectInt16OneDimensionConditionWithTwoValues',
    inputs: [b([2], [0, 1]), i16([2, 1, 2, 1], [1, 2, 3, 4]), i16([2, 1, 2, 1], [5, 6, 7, 8])],
    outputs: [i16([2, 1, 2, 2], [5, 1, 6, 2, 7, 3, 8, 4])],
  },
  { name: 'MixedFlatSizeOneInputsWithScalarInputConditionTensor', inputs: [b([], [0]), i16([1], [1]), i16([1], [5])], outputs: [i16([], [5])] },
  { name: 'MixedFlatSizeOneInputsWithScalarInputXTensor', inputs: [b([1], [1]), i16([], [1]), i16([1], [5])], outputs: [i16([], [1])] },
  { name: 'MixedFlatSizeOneInputsWithScalarInputYTensor', inputs: [b([1], [0]), i16([1], [1]), i16([], [5])], outputs: [i16([], [5])] },
]);

kernelTable('SELECT_V2 (broadcast grid against an oracle, edges)', SELECT_V2, [
  grid([2, 1, 3], [1, 4, 1], [2, 4, 3], [2, 4, 3], 1),
  grid([3], [2, 1], [1, 1], [2, 3], 2),
  grid([1, 1, 1, 1, 1, 1, 1, 5], [2, 1, 1, 1, 1, 1, 3, 1], [1], [2, 1, 1, 1, 1, 1, 3, 5], 3),
  grid([4, 1, 2], [4, 3, 2], [1, 3, 1], [4, 3, 2], 4),
  grid([2, 3], [2, 3], [3], [2, 3], 5),
  {
    name: 'a zero dim broadcasts to an empty output',
    inputs: [b([0, 1], []), f([1, 3], [1, 2, 3]), f([1, 3], [4, 5, 6])],
    outputs: [f([0, 3], [])],
  },
  {
    name: 'same shapes, empty',
    inputs: [b([0], []), f([0], []), f([0], [])],
    outputs: [f([0], [])],
  },
  {
    name: 'same shapes: output dims may differ if the element count matches (TFLM runs flat)',
    inputs: [b([2, 2], [1, 0, 0, 1]), f([2, 2], [1, 2, 3, 4]), f([2, 2], [5, 6, 7, 8])],
    outputs: [f([4], [1, 6, 7, 4])],
  },
]);

kernelTable('SELECT_V2 (rejections)', SELECT_V2, [
  { name: 'condition not BOOL', inputs: [{ type: T.INT8, shape: [2], data: [1, 0] }, f([2], [1, 2]), f([2], [3, 4])], outputs: [f([2])], expectError: /condition type/ },
  { name: 'x and y types differ', inputs: [b([2], [1, 0]), f([2], [1, 2]), i16([2], [3, 4])], outputs: [f([2])], expectError: /y type/ },
  { name: 'output type differs', inputs: [b([2], [1, 0]), f([2], [1, 2]), f([2], [3, 4])], outputs: [i16([2])], expectError: /output type/ },
  { name: 'int32 is not supported', inputs: [b([2], [1, 0]), { type: T.INT32, shape: [2], data: [1, 2] }, { type: T.INT32, shape: [2], data: [3, 4] }], outputs: [{ type: T.INT32, shape: [2] }], expectError: /int8\|int16\|float32/ },
  { name: 'shapes not broadcastable', inputs: [b([3], [1, 0, 1]), f([2], [1, 2]), f([2], [3, 4])], outputs: [f([2])], expectError: /not broadcastable/ },
  { name: 'output rank is not the largest input rank', inputs: [b([2], [1, 0]), f([1, 2], [1, 2]), f([1, 2], [3, 4])], outputs: [f([2])], expectError: /rank/ },
  { name: 'output dim is not the broadcast dim', inputs: [b([2], [1, 0]), f([1, 2], [1, 2]), f([1, 2], [3, 4])], outputs: [f([3, 2])], expectError: /broadcast shape/ },
  { name: 'same shapes, output of another size', inputs: [b([2], [1, 0]), f([2], [1, 2]), f([2], [3, 4])], outputs: [f([3])], expectError: /output shape/ },
  { name: 'two inputs', inputs: [b([2], [1, 0]), f([2], [1, 2])], outputs: [f([2])], expectError: /inputs/ },
]);
