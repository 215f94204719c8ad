import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { evalMeanOrSum, initReduce, parseReducerOptions, prepareMeanOrSum, type ReduceData, type ReducerOptions } from './reduce_common.js';

/**
 * MEAN: float32 (float32 sums divided by the count), int8 and int16 (int32 sums requantized from the input
 * to the output scale with 1/count folded into the multiplier). Axes may be negative or repeated.
 */
export const MEAN = defineOp<ReducerOptions, ReduceData>({
  name: 'MEAN',
  code: BuiltinOperator.MEAN,
  parseOptions: parseReducerOptions,
  init: initReduce,
  prepare: prepareMeanOrSum,
  invoke(ctx) {
    evalMeanOrSum(ctx, false);
  },
});
