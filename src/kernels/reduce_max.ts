import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { Reducer } from './internal/reduce.js';
import { evalMinMax, initReduce, parseReducerOptions, prepareMinMax, type ReduceData, type ReducerOptions } from './reduce_common.js';

/** REDUCE_MAX: float32 and int8 (same scale and zero point in and out), as TFLM. */
export const REDUCE_MAX = defineOp<ReducerOptions, ReduceData>({
  name: 'REDUCE_MAX',
  code: BuiltinOperator.REDUCE_MAX,
  parseOptions: parseReducerOptions,
  init: initReduce,
  prepare: prepareMinMax,
  invoke(ctx) {
    evalMinMax(ctx, Reducer.MAX);
  },
});
