import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { EXPAND_DIMS, RESHAPE, SQUEEZE } from '../../src/kernels/index.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const seq = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);
const shapeT = (v: number[]) => ({ type: T.INT32, shape: [v.length], data: v, constant: true });
const newShape = (v: number[]) => ({ type: BuiltinOptions.ReshapeOptions, fields: [opt.int32s(0, v)] });

const reshapeCases: ShapedCase[] = [
  // TFLM reshape_test.cc
  {
    name: 'regular shapes, float32 (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 4, 1], data: seq(8) }, shapeT([2, 2, 2])],
    outputs: [{ type: T.FLOAT32, shape: [2, 2, 2], data: seq(8) }],
    outShapes: [[2, 2, 2]],
  },
  ...[T.INT8, T.UINT8, T.INT16, T.INT32, T.BOOL].map((type): ShapedCase => ({
    name: `regular shapes, type ${type}`,
    inputs: [{ type, shape: [1, 2, 4, 1], data: type === T.BOOL ? [1, 0, 0, 1, 1, 1, 0, 0] : seq(8) }, shapeT([2, 2, 2])],
    outputs: [{ type, shape: [2, 2, 2], data: type === T.BOOL ? [1, 0, 0, 1, 1, 1, 0, 0] : seq(8) }],
    outShapes: [[2, 2, 2]],
  })),
  {
    name: 'int64 moves all 8 bytes',
    inputs: [{ type: T.INT64, shape: [2, 2], data: [1n, -2n, 2n ** 40n + 3n, -(2n ** 62n)] }, shapeT([4])],
    outputs: [{ type: T.INT64, shape: [4], data: [1n, -2n, 2n ** 40n + 3n, -(2n ** 62n)] }],
    outShapes: [[4]],
  },
  {
    name: 'stretch dimension (TFLM)',
    inputs: [{ type: T.INT8, shape: [1, 2, 4, 1], data: seq(8) }, shapeT([2, 1, -1])],
    outputs: [{ type: T.INT8, shape: [2, 1, 4], data: seq(8) }],
    outShapes: [[2, 1, 4]],
  },
  {
    name: 'many dimensions (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 2, 1, 1, 1, 1, 1, 1], data: [3, 2] }, shapeT([1, 1, 1, 1, 1, 1, 1, 1, 2])],
    outputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 1, 1, 1, 1, 1, 2], data: [3, 2] }],
    outShapes: [[1, 1, 1, 1, 1, 1, 1, 1, 2]],
  },
  {
    name: 'scalar output from an empty shape',
    inputs: [{ type: T.FLOAT32, shape: [1], data: [3] }],
    options: newShape([]),
    outputs: [{ type: T.FLOAT32, shape: [], data: [3] }],
    outShapes: [[]],
  },
  {
    name: 'legacy scalar: one input, output dims [0] (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1], data: [3] }],
    outputs: [{ type: T.FLOAT32, shape: [0], data: [3] }],
    outShapes: [[]],
  },
  {
    name: 'legacy scalar via new_shape [0]',
    inputs: [{ type: T.INT8, shape: [1, 1], data: [-7] }],
    options: newShape([0]),
    outputs: [{ type: T.INT8, shape: [1], data: [-7] }],
    outShapes: [[]],
  },
  {
    name: 'new_shape option with -1, no shape input',
    inputs: [{ type: T.INT16, shape: [2, 3], data: [-32768, 1, 2, 3, 4, 32767] }],
    options: newShape([-1, 2]),
    outputs: [{ type: T.INT16, shape: [3, 2], data: [-32768, 1, 2, 3, 4, 32767] }],
    outShapes: [[3, 2]],
  },
  {
    name: 'placeholder output shape replaced by the shape input',
    inputs: [{ type: T.FLOAT32, shape: [2, 3], data: seq(6) }, shapeT([3, -1])],
    outputs: [{ type: T.FLOAT32, shape: [1], data: seq(6) }],
    outShapes: [[3, 2]],
  },
  {
    name: 'non-constant shape input: the model output dims are used (TFLM)',
    inputs: [{ type: T.INT8, shape: [2, 3], data: seq(6) }, { type: T.INT32, shape: [2], data: [3, 2] }],
    outputs: [{ type: T.INT8, shape: [6, 1], data: seq(6) }],
    outShapes: [[6, 1]],
  },
  {
    name: 'constant input is copied out of the model',
    inputs: [{ type: T.FLOAT32, shape: [2, 2], data: [1.5, -2.5, 3.5, -4.5], constant: true }, shapeT([4])],
    outputs: [{ type: T.FLOAT32, shape: [4], data: [1.5, -2.5, 3.5, -4.5] }],
  },
  {
    name: 'mismatched element count fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 4, 1], data: seq(8) }, shapeT([2, 1])],
    outputs: [{ type: T.FLOAT32, shape: [2, 1] }],
    expectError: /shape input: shape \[2,1\] holds 2 elements, input has 8/,
  },
  {
    name: 'two -1 dims fail (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 4, 11], data: seq(88) }, shapeT([-1, -1, 2, 4])],
    outputs: [{ type: T.FLOAT32, shape: [1] }],
    expectError: /shape input: shape \[-1,-1,2,4\] has more than one -1/,
  },
  {
    name: 'invalid stored shape without shape input fails (TFLM)',
    inputs: [{ type: T.FLOAT32, shape: [1, 2, 2], data: seq(4) }],
    outputs: [{ type: T.FLOAT32, shape: [2, 1] }],
    expectError: /output dims: shape \[2,1\] holds 2 elements, input has 4/,
  },
  {
    name: 'type mismatch fails',
    inputs: [{ type: T.INT8, shape: [4], data: seq(4) }, shapeT([2, 2])],
    outputs: [{ type: T.INT16, shape: [2, 2] }],
    expectError: /input type INT8 != output type INT16/,
  },
  {
    name: 'int64 shape tensor: the model output dims are used (TFLM never reads the shape input)',
    inputs: [{ type: T.INT8, shape: [4], data: seq(4) }, { type: T.INT64, shape: [2], data: [2, 2], constant: true }],
    outputs: [{ type: T.INT8, shape: [2, 2], data: seq(4) }],
    outShapes: [[2, 2]],
  },
  {
    name: 'invalid shape input falls back to valid output dims',
    inputs: [{ type: T.INT8, shape: [4], data: seq(4) }, shapeT([3, 2])],
    outputs: [{ type: T.INT8, shape: [4, 1], data: seq(4) }],
    outShapes: [[4, 1]],
  },
  {
    name: 'placeholder output dims with a runtime shape input fall back to new_shape',
    inputs: [{ type: T.INT8, shape: [2, 3], data: seq(6) }, { type: T.INT32, shape: [2], data: [3, 2] }],
    options: newShape([3, -1]),
    outputs: [{ type: T.INT8, shape: [1], data: seq(6) }],
    outShapes: [[3, 2]],
  },
];
shapedKernelTable('RESHAPE', RESHAPE, reshapeCases);

const squeezeOpts = (dims: number[]) => ({ type: BuiltinOptions.SqueezeOptions, fields: [opt.int32s(0, dims)] });
const squeezeCases: ShapedCase[] = [
  // TFLM squeeze_test.cc
  {
    name: 'squeeze all (TFLM)',
    inputs: [{ type: T.INT32, shape: [1, 24, 1], data: seq(24) }],
    outputs: [{ type: T.INT32, shape: [24], data: seq(24) }],
    outShapes: [[24]],
  },
  {
    name: 'squeeze selected axis (TFLM)',
    inputs: [{ type: T.INT32, shape: [1, 24, 1], data: seq(24) }],
    options: squeezeOpts([2]),
    outputs: [{ type: T.INT32, shape: [1, 24], data: seq(24) }],
    outShapes: [[1, 24]],
  },
  {
    name: 'squeeze negative axis (TFLM)',
    inputs: [{ type: T.INT32, shape: [1, 24, 1], data: seq(24) }],
    options: squeezeOpts([-1, 0]),
    outputs: [{ type: T.INT32, shape: [24], data: seq(24) }],
    outShapes: [[24]],
  },
  {
    name: 'squeeze all dims to a scalar (TFLM)',
    inputs: [{ type: T.INT32, shape: [1, 1, 1, 1, 1, 1, 1], data: [3] }],
    outputs: [{ type: T.INT32, shape: [1], data: [3] }],
    outShapes: [[]],
  },
  ...[T.FLOAT32, T.INT8, T.INT16, T.UINT8, T.BOOL].map((type): ShapedCase => ({
    name: `type ${type}`,
    inputs: [{ type, shape: [1, 2, 1, 2], data: [1, 0, 1, 1] }],
    outputs: [{ type, shape: [2, 2], data: [1, 0, 1, 1] }],
    outShapes: [[2, 2]],
  })),
  {
    name: 'int64',
    inputs: [{ type: T.INT64, shape: [1, 2], data: [-(2n ** 63n), 2n ** 63n - 1n] }],
    outputs: [{ type: T.INT64, shape: [2], data: [-(2n ** 63n), 2n ** 63n - 1n] }],
  },
  {
    name: 'squeezing a dim that is not 1 fails',
    inputs: [{ type: T.INT8, shape: [1, 2], data: [1, 2] }],
    options: squeezeOpts([1]),
    outputs: [{ type: T.INT8, shape: [1] }],
    expectError: /cannot squeeze dim 1/,
  },
  {
    name: 'out of range axis fails',
    inputs: [{ type: T.INT8, shape: [1, 2], data: [1, 2] }],
    options: squeezeOpts([-3]),
    outputs: [{ type: T.INT8, shape: [2] }],
    expectError: /cannot squeeze dim -3/,
  },
  {
    name: 'rank above 8 fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [1, 1, 1, 1, 1, 1, 1, 1, 1], data: [1] }],
    outputs: [{ type: T.INT8, shape: [] }],
    expectError: /rank 9 exceeds 8/,
  },
];
shapedKernelTable('SQUEEZE', SQUEEZE, squeezeCases);

const axisT = (a: number) => ({ type: T.INT32, shape: [1], data: [a], constant: true });
const expandCases: ShapedCase[] = [
  // TFLM expand_dims_test.cc
  ...([
    [[2, 2], 0, [1, 2, 2]],
    [[2, 2], 1, [2, 1, 2]],
    [[3, 1, 2], 2, [3, 1, 1, 2]],
    [[1, 3, 2], 3, [1, 3, 2, 1]],
    [[1, 3, 2], -4, [1, 1, 3, 2]],
    [[1, 3, 2], -3, [1, 1, 3, 2]],
    [[1, 3, 2], -2, [1, 3, 1, 2]],
    [[1, 3, 2], -1, [1, 3, 2, 1]],
  ] as [number[], number, number[]][]).flatMap(([inShape, axis, outShape]) =>
    [T.INT8, T.INT16, T.FLOAT32].map((type): ShapedCase => {
      const n = inShape.reduce((a, b) => a * b, 1);
      const data = type === T.FLOAT32 ? seq(n).map((v) => v * -1.25) : seq(n).map((v) => (v % 2 ? -v : v));
      return {
        name: `[${inShape}] axis ${axis} type ${type}`,
        inputs: [{ type, shape: inShape, data }, axisT(axis)],
        outputs: [{ type, shape: outShape, data }],
        outShapes: [outShape],
      };
    }),
  ),
  {
    name: 'scalar axis tensor',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, { type: T.INT32, shape: [], data: [0], constant: true }],
    outputs: [{ type: T.INT8, shape: [1, 3], data: [1, 2, 3] }],
    outShapes: [[1, 3]],
  },
  {
    name: 'output shape computed from the input (placeholder stored shape)',
    inputs: [{ type: T.FLOAT32, shape: [1, 3, 2], data: [0.1, -0.8, -1.2, -0.5, 0.9, 1.3] }, axisT(-1)],
    outputs: [{ type: T.FLOAT32, shape: [1, 3, 1, 2], data: [0.1, -0.8, -1.2, -0.5, 0.9, 1.3] }],
    outShapes: [[1, 3, 2, 1]],
  },
  {
    name: 'axis out of range fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [1, 3, 2], data: [1, 8, 2, 5, 9, 3] }, axisT(4)],
    outputs: [{ type: T.INT8, shape: [1, 3, 2, 1] }],
    expectError: /axis 4 out of range for rank 3/,
  },
  {
    name: 'negative axis out of range fails',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, axisT(-3)],
    outputs: [{ type: T.INT8, shape: [1, 3] }],
    expectError: /axis -3 out of range/,
  },
  {
    name: 'non-constant axis fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, { type: T.INT32, shape: [1], data: [0] }],
    outputs: [{ type: T.INT8, shape: [1, 3] }],
    expectError: /non-constant axis/,
  },
  {
    name: 'int64 axis fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [3], data: [1, 2, 3] }, { type: T.INT64, shape: [1], data: [0], constant: true }],
    outputs: [{ type: T.INT8, shape: [1, 3] }],
    expectError: /axis has type INT64/,
  },
  {
    name: 'int32 input fails (TFLM supports float32, int8, int16)',
    inputs: [{ type: T.INT32, shape: [3], data: [1, 2, 3] }, axisT(0)],
    outputs: [{ type: T.INT32, shape: [1, 3] }],
    expectError: /input has type INT32/,
  },
];
shapedKernelTable('EXPAND_DIMS', EXPAND_DIMS, expandCases);
