import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { castCopy, castFloatToSigned } from './internal/cast.js';
import { expectArity, expectType, flatSize } from './util.js';

interface CastData {
  floatToSigned: boolean;
  n: number;
}

/**
 * CAST (TFLM cast.cc): from int8, int16, int32, uint32, float32 or bool to int8, int16, int32, uint32 or
 * float32 (C static_cast semantics; see internal/cast.ts for float → integer out of range). Other types are
 * rejected in prepare (TFLM fails at Eval).
 */
export const CAST = defineOp<undefined, CastData>({
  name: 'CAST',
  code: BuiltinOperator.CAST,
  init() {
    return { floatToSigned: false, n: 0 };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    expectType(ctx, input, 'input', TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.UINT32,
      TensorType.FLOAT32, TensorType.BOOL);
    expectType(ctx, output, 'output', TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.UINT32,
      TensorType.FLOAT32);
    const n = flatSize(input.shape);
    if (flatSize(output.shape) !== n)
      ctx.fail(`output has ${flatSize(output.shape)} elements, input has ${n} (${tensorTypeName(input.type)} → ${tensorTypeName(output.type)})`);
    ctx.data.n = n;
    ctx.data.floatToSigned = input.type === TensorType.FLOAT32 &&
      (output.type === TensorType.INT8 || output.type === TensorType.INT16 || output.type === TensorType.INT32);
  },
  invoke(ctx) {
    const d = ctx.data;
    const src = ctx.inputs[0]!.data;
    const dst = ctx.outputs[0]!.data;
    if (d.floatToSigned) castFloatToSigned(src as Float32Array, dst as Int32Array, d.n);
    else castCopy(src as Int32Array, dst as Int32Array, d.n);
  },
});
