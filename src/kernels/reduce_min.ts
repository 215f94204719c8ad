import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { Reducer } from './internal/reduce.js';
import { evalMinMax, initReduce, parseReducerOptions, prepareMinMax, type ReduceData, type ReducerOptions } from './reduce_common.js';

/** REDUCE_MIN: float32 and int8 (same scale and zero point in and out), as TFLM. */
export const REDUCE_MIN = defineOp<ReducerOptions, ReduceData>({
  name: 'REDUCE_MIN',
  code: BuiltinOperator.REDUCE_MIN,
  parseOptions: parseReducerOptions,
  init: initReduce,
  prepare: prepareMinMax,
  invoke(ctx) {
    evalMinMax(ctx, Reducer.MIN);
  },
});
