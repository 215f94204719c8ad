import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { evalMeanOrSum, initReduce, parseReducerOptions, prepareMeanOrSum, type ReduceData, type ReducerOptions } from './reduce_common.js';

/** SUM: float32, int8 and int16 (int32 sums requantized from the input to the output scale). */
export const SUM = defineOp<ReducerOptions, ReduceData>({
  name: 'SUM',
  code: BuiltinOperator.SUM,
  parseOptions: parseReducerOptions,
  init: initReduce,
  prepare: prepareMeanOrSum,
  invoke(ctx) {
    evalMeanOrSum(ctx, true);
  },
});
