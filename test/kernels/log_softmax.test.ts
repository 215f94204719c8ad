/**
 * LOG_SOFTMAX: every TFLM log_softmax_test case (float, int8 with its exact expected bytes), C++ reference
 * goldens (int8 over several input scales, 300-element rows, inputs below diff_min; float bit-exact with
 * glibc's expf/logf), and prepare's rejections.
 */
import { LOG_SOFTMAX } from '../../src/kernels/index.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logXForXGreaterThanOrEqualTo1 } from '../../src/kernels/internal/fixedpoint.js';
import { TensorType as T } from '../../src/model/types.js';
import { LOGX_GOLDEN } from './data/logx.golden.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import { field, floatBitsTable, floats, goldens, withSingleRounding } from '../helpers/elementwise.js';

const f = (shape: number[], data?: number[]) => ({ type: T.FLOAT32, shape, data });
const out8 = (shape: number[], data?: number[]) => ({ type: T.INT8, shape, data, scale: 16 / 256, zeroPoint: 127 });
const fr = Math.fround;

/** TFLM test_helpers' ScaleFromMinMax / ZeroPointFromMinMax / Quantize for int8, in float32. */
function tflmQuantize(values: number[], min: number, max: number): { data: number[]; scale: number; zeroPoint: number } {
  const scale = fr(fr(max - min) / 255);
  const roundf = (x: number) => Math.sign(x) * Math.round(Math.abs(x));
  const zeroPoint = -128 + roundf(fr(-min / scale));
  const data = values.map((v) => Math.min(127, Math.max(-128, roundf(fr(v / scale)) + zeroPoint)));
  return { data, scale, zeroPoint };
}

const input = [0, -6, 2, 4, 3, -2, 10, 1];
const q = tflmQuantize(input, -10, 10);
const qExtra = tflmQuantize([0, -1, 1], -1, 1);

kernelTable('LOG_SOFTMAX (TFLM log_softmax_test)', LOG_SOFTMAX, [
  {
    name: 'FloatActivationsOpTestLogSoftmax [2, 4]',
    inputs: [f([2, 4], input)],
    outputs: [f([2, 4], [-4.14297, -10.14297, -2.14297, -0.142971, -7.00104, -12.00104, -0.00104087, -9.00104])],
  },
  {
    name: 'FloatActivationsOpTestLogSoftmax [4, 2]',
    inputs: [f([4, 2], input)],
    outputs: [f([4, 2], [-0.00247565, -6.00247, -2.12692, -0.126928, -0.00671534, -5.00671, -0.000123374, -9.00012])],
  },
  {
    name: 'LogSoftmaxOpTestSimpleTest',
    inputs: [f([2, 5], [1, 2, 3, 4, 5, -1, -2, -3, -4, -5])],
    outputs: [f([2, 5], [-4.45191431, -3.45191431, -2.45191431, -1.45191443, -0.4519144, -0.4519144, -1.45191443, -2.45191431, -3.45191431, -4.45191431])],
  },
  {
    name: 'QuantizedActivationsOpTestLogSoftmaxInt8 (exact bytes)',
    inputs: [{ type: T.INT8, shape: [2, 4], data: q.data, scale: q.scale, zeroPoint: q.zeroPoint }],
    outputs: [out8([2, 4], [61, -36, 93, 125, 15, -65, 127, -16])],
  },
  {
    name: 'ExtraTestLogSoftmaxInt8 (rows of one element give log(1) = 0)',
    inputs: [{ type: T.INT8, shape: [3, 1], data: qExtra.data, scale: qExtra.scale, zeroPoint: qExtra.zeroPoint }],
    outputs: [out8([3, 1], [127, 127, 127])],
  },
  { name: 'float empty rows', inputs: [f([0, 4], [])], outputs: [f([0, 4], [])] },
]);

kernelTable('LOG_SOFTMAX (int8, TFLM reference)', LOG_SOFTMAX, goldens('LOG_SOFTMAX').filter((g) => g.type === 'i8').flatMap((g) => {
  const shape = field<number[]>(g, 'shape');
  return withSingleRounding({
    name: `${g.name} (TFLM reference)`,
    inputs: [{ type: T.INT8, shape, data: field<number[]>(g, 'input'), scale: field<number>(g, 'inScale'), zeroPoint: field<number>(g, 'inZp') }],
    outputs: [out8(shape, field<number[]>(g, 'expected'))],
  }, g);
}));

floatBitsTable('LOG_SOFTMAX (float32, TFLM reference, bit-exact)', LOG_SOFTMAX, goldens('LOG_SOFTMAX').filter((g) => g.type === 'f32').map((g): OpCase => {
  const shape = field<number[]>(g, 'shape');
  return { name: g.name, inputs: [f(shape, floats(field<number[]>(g, 'input')))], outputs: [f(shape, floats(field<number[]>(g, 'expected')))] };
}));

const in8 = { type: T.INT8, shape: [1, 4], data: [1, 2, 3, 4], scale: 0.1, zeroPoint: 0 };
kernelTable('LOG_SOFTMAX (rejections)', LOG_SOFTMAX, [
  { name: 'int8 output scale must be 16/256', inputs: [in8], outputs: [{ type: T.INT8, shape: [1, 4], scale: 1 / 16.5, zeroPoint: 127 }], expectError: /scale/ },
  { name: 'int8 output zero point must be 127', inputs: [in8], outputs: [{ type: T.INT8, shape: [1, 4], scale: 1 / 16, zeroPoint: 0 }], expectError: /zero point/ },
  { name: 'int8 input without quantization', inputs: [{ type: T.INT8, shape: [1, 4], data: [1, 2, 3, 4] }], outputs: [out8([1, 4])], expectError: /not quantized/ },
  { name: 'shapes differ (same element count)', inputs: [f([2, 2], [1, 2, 3, 4])], outputs: [f([4])], expectError: /output shape/ },
  { name: 'types differ', inputs: [in8], outputs: [f([1, 4])], expectError: /output type/ },
  { name: 'int16 is not supported', inputs: [{ type: T.INT16, shape: [4], data: [1, 2, 3, 4], scale: 0.1, zeroPoint: 0 }], outputs: [{ type: T.INT16, shape: [4], scale: 0.1, zeroPoint: 0 }], expectError: /only supports/ },
  { name: 'rank 0', inputs: [f([], [1])], outputs: [f([])], expectError: /dimension/ },
  { name: 'two inputs', inputs: [f([4], [1, 2, 3, 4]), f([4], [1, 2, 3, 4])], outputs: [f([4])], expectError: /inputs/ },
]);

test('logXForXGreaterThanOrEqualTo1 matches the C++ on 2300 inputs (<5,12>, <6,25>, <4,5>)', () => {
  for (const g of LOGX_GOLDEN) {
    for (let i = 0; i < g.pairs.length; i += 2) {
      const x = g.pairs[i]!;
      assert.equal(logXForXGreaterThanOrEqualTo1(x, g.out, g.in), g.pairs[i + 1], `log<${g.out},${g.in}>(${x})`);
    }
  }
});
