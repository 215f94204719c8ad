import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { copyBytes } from './internal/strided_copy.js';
import { constantInts, expectArity, expectType, flatSize, setShapeIfChanged } from './util.js';

/**
 * EXPAND_DIMS: float32, int8, int16 (TFLM's list). The axis input must be a constant INT32 scalar or
 * 1-element vector; negative axes count from rank + 1. The output shape is computed from the input's.
 */
export const EXPAND_DIMS = defineOp<undefined, { bytes: number }>({
  name: 'EXPAND_DIMS',
  code: BuiltinOperator.EXPAND_DIMS,
  init() {
    return { bytes: 0 };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const input = ctx.input(0);
    const axisTensor = ctx.input(1);
    const output = ctx.output(0);
    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16);
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    if (axisTensor.shape.length > 1) ctx.fail(`axis must be a scalar or 1-element vector, has rank ${axisTensor.shape.length}`);
    if (axisTensor.type !== TensorType.INT32) ctx.fail(`axis has type ${tensorTypeName(axisTensor.type)}; expected INT32`);
    const values = constantInts(ctx, axisTensor, 'axis');
    if (values.length < 1) ctx.fail('axis tensor is empty');
    const rank = input.shape.length;
    let axis = values[0]!;
    if (axis < 0) axis += rank + 1;
    if (axis < 0 || axis > rank) ctx.fail(`axis ${values[0]} out of range for rank ${rank}`);
    const shape = Array.from(input.shape);
    shape.splice(axis, 0, 1);
    setShapeIfChanged(ctx, output, shape);
    ctx.data.bytes = flatSize(input.shape) * tensorTypeSize(input.type);
  },
  invoke(ctx) {
    copyBytes(ctx.inputs[0]!.bytes, ctx.outputs[0]!.bytes, ctx.data.bytes);
  },
});
