/**
 * L2_NORMALIZATION: every TFLM l2norm_test case (float and int8), C++ reference goldens (int8 with extreme
 * zero points, tiny rows, a 300-element row; float bit-exact, including rows below the epsilon), options,
 * and prepare's rejections.
 */
import { L2_NORMALIZATION } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import { field, floatBitsTable, floats, goldens, withSingleRounding } from '../helpers/elementwise.js';

const act = (a: number) => ({ type: BuiltinOptions.L2NormOptions, fields: [opt.int8(0, a)] });
const f = (shape: number[], data?: number[]) => ({ type: T.FLOAT32, shape, data });
// l2norm_test's quantization: input from [-2, 2] (scale 4/255, zero point -1), output [-1, 127/128] (1/128, 0).
const qi = (shape: number[], data?: number[]) => ({ type: T.INT8, shape, data, scale: 4 / 255, zeroPoint: -1 });
const qo = (shape: number[], data?: number[]) => ({ type: T.INT8, shape, data, scale: 1 / 128, zeroPoint: 0 });
const row = [-1.1, 0.6, 0.7, 1.2, -0.7, 0.1];
const rowOut = [-0.55, 0.3, 0.35, 0.6, -0.35, 0.05];
const i8row = [-71, 37, 44, 76, -46, 5];
const i8out = [-70, 38, 45, 77, -45, 6];

kernelTable('L2_NORMALIZATION (TFLM l2norm_test)', L2_NORMALIZATION, [
  { name: 'SimpleFloatTest', inputs: [f([1, 1, 1, 6], row)], outputs: [f([1, 1, 1, 6], rowOut)], options: act(0) },
  { name: 'ZerosVectorFloatTest', inputs: [f([1, 1, 1, 6], [0, 0, 0, 0, 0, 0])], outputs: [f([1, 1, 1, 6], [0, 0, 0, 0, 0, 0])], options: act(0) },
  { name: 'SimpleFloatWithRankLessThanFourTest', inputs: [f([6], row)], outputs: [f([6], rowOut)], options: act(0) },
  { name: 'MultipleBatchFloatTest', inputs: [f([3, 1, 1, 6], [...row, ...row, ...row])], outputs: [f([3, 1, 1, 6], [...rowOut, ...rowOut, ...rowOut])], options: act(0) },
  { name: 'SimpleInt8Test', inputs: [qi([1, 1, 1, 6], i8row)], outputs: [qo([1, 1, 1, 6], i8out)], options: act(0) },
  { name: 'ZerosVectorInt8Test', inputs: [qi([1, 1, 1, 6], [-1, -1, -1, -1, -1, -1])], outputs: [qo([1, 1, 1, 6], [0, 0, 0, 0, 0, 0])], options: act(0) },
  { name: 'MultipleBatchInt8Test', inputs: [qi([3, 6], [...i8row, ...i8row, ...i8row])], outputs: [qo([3, 6], [...i8out, ...i8out, ...i8out])], options: act(0) },
  { name: 'no options table (activation NONE)', inputs: [f([6], row)], outputs: [f([6], rowOut)] },
  { name: 'one-element rows: the sign', inputs: [f([3, 1], [-3, 0, 5])], outputs: [f([3, 1], [-1, 0, 1])] },
]);

kernelTable('L2_NORMALIZATION (int8, TFLM reference)', L2_NORMALIZATION, goldens('L2_NORMALIZATION').filter((g) => g.type === 'i8').flatMap((g) => {
  const shape = field<number[]>(g, 'shape');
  return withSingleRounding({
    name: `${g.name} (TFLM reference)`,
    inputs: [{ type: T.INT8, shape, data: field<number[]>(g, 'input'), scale: 0.01, zeroPoint: field<number>(g, 'zp') }],
    outputs: [qo(shape, field<number[]>(g, 'expected'))],
  }, g);
}));

floatBitsTable('L2_NORMALIZATION (float32, TFLM reference, bit-exact)', L2_NORMALIZATION, goldens('L2_NORMALIZATION').filter((g) => g.type === 'f32').map((g): OpCase => {
  const shape = field<number[]>(g, 'shape');
  return { name: g.name, inputs: [f(shape, floats(field<number[]>(g, 'input')))], outputs: [f(shape, floats(field<number[]>(g, 'expected')))] };
}));

kernelTable('L2_NORMALIZATION (rejections)', L2_NORMALIZATION, [
  { name: 'fused RELU', inputs: [f([6], row)], outputs: [f([6])], options: act(1), expectError: /activation/ },
  { name: 'rank 5', inputs: [f([1, 1, 1, 1, 6], row)], outputs: [f([1, 1, 1, 1, 6])], options: act(0), expectError: /rank/ },
  { name: 'rank 0', inputs: [f([], [1])], outputs: [f([])], options: act(0), expectError: /dimension/ },
  { name: 'int16', inputs: [{ type: T.INT16, shape: [2], data: [1, 2], scale: 0.1, zeroPoint: 0 }], outputs: [{ type: T.INT16, shape: [2], scale: 0.1, zeroPoint: 0 }], options: act(0), expectError: /not supported/ },
  { name: 'input and output types differ', inputs: [qi([6], i8row)], outputs: [f([6])], options: act(0), expectError: /differs/ },
  { name: 'output shape differs', inputs: [f([2, 3], row)], outputs: [f([3, 2])], options: act(0), expectError: /output shape/ },
]);
