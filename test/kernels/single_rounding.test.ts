/**
 * The quantized paths of MEAN/SUM, SOFTMAX, LOGISTIC and TANH under TFLITE_SINGLE_ROUNDING (interpreter option
 * `rounding: 'single'`), against TFLM's reference kernels built with that flag (data/single_rounding.golden.ts).
 */
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { LOGISTIC } from '../../src/kernels/logistic.js';
import { MEAN } from '../../src/kernels/mean.js';
import { SOFTMAX } from '../../src/kernels/softmax.js';
import { SUM } from '../../src/kernels/sum.js';
import { TANH } from '../../src/kernels/tanh.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import {
  LOGISTIC_TANH_GOLDEN_SINGLE_ROUNDING,
  REDUCE_GOLDEN_SINGLE_ROUNDING,
  SOFTMAX_GOLDEN_SINGLE_ROUNDING,
} from './data/single_rounding.golden.js';

const single = { rounding: 'single' as const };
const TYPES: Record<string, number> = { i8: T.INT8, i16: T.INT16 };

const reduceCases = (op: number): OpCase[] =>
  REDUCE_GOLDEN_SINGLE_ROUNDING.filter((g) => g.op === op && g.type !== 'f32').map((g) => ({
    name: `${g.name} (TFLM reference, single rounding)`,
    inputs: [
      { type: TYPES[g.type]!, shape: g.inShape, data: g.input, scale: g.inScale, zeroPoint: g.inZp },
      { type: T.INT32, shape: [g.axis.length], data: g.axis, constant: true },
    ],
    outputs: [{ type: TYPES[g.type]!, shape: g.outShape, data: g.expected, scale: g.outScale, zeroPoint: g.outZp }],
    options: { type: BuiltinOptions.ReducerOptions, fields: [opt.bool(0, g.keepDims)] },
    interpreter: single,
  }));

kernelTable('MEAN (single rounding)', MEAN, reduceCases(0));
kernelTable('SUM (single rounding)', SUM, reduceCases(1));

kernelTable('SOFTMAX (single rounding)', SOFTMAX, SOFTMAX_GOLDEN_SINGLE_ROUNDING.filter((g) => g.type !== 'f32').map((g) => ({
  name: `${g.type} ${g.name} (TFLM reference, single rounding)`,
  inputs: [{ type: g.type === 'i16' ? T.INT16 : T.INT8, shape: g.shape, data: g.input, scale: g.inScale, zeroPoint: g.inZp }],
  outputs: [{ type: g.type === 'i8' ? T.INT8 : T.INT16, shape: g.shape, data: g.expected, scale: g.outScale, zeroPoint: g.outZp }],
  options: { type: BuiltinOptions.SoftmaxOptions, fields: [opt.float32(0, g.beta)] },
  interpreter: single,
})));

const actCases = (isTanh: number): OpCase[] =>
  LOGISTIC_TANH_GOLDEN_SINGLE_ROUNDING.filter((g) => g.isTanh === isTanh && g.type !== 'f32').map((g) => ({
    name: `${g.name} (TFLM reference, single rounding)`,
    inputs: [{ type: TYPES[g.type]!, shape: g.shape, data: g.input, scale: g.inScale, zeroPoint: g.inZp }],
    outputs: [{ type: TYPES[g.type]!, shape: g.shape, data: g.expected, scale: g.outScale, zeroPoint: g.outZp }],
    interpreter: single,
  }));

kernelTable('LOGISTIC (single rounding)', LOGISTIC, actCases(0));
kernelTable('TANH (single rounding)', TANH, actCases(1));
