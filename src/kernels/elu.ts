import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { fillEluTable, lookupInt8, UnaryFloat, unaryFloat } from './internal/elementwise.js';
import { expectSameShape } from './unary_common.js';
import { expectArity, quantOrDefault } from './util.js';

interface EluData {
  type: number;
  /** int8: output for each input value (index value + 128). */
  table: Int8Array;
}

/**
 * ELU (elu.cc): float32 (x < 0 ? expm1f(x) : x) and int8 through the 256-entry table TFLM builds in prepare
 * from the float formula (expf(x) - 1 for x < 0, see fillEluTable). TFLM reads the int8 tensors' scale and
 * zero point without checking them (0/0 when unquantized); so do we. Other types fail in TFLM's Eval; we
 * reject them in prepare.
 */
export const ELU = defineOp<undefined, EluData>({
  name: 'ELU',
  code: BuiltinOperator.ELU,
  init() {
    return { type: TensorType.FLOAT32, table: new Int8Array(0) };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const out = ctx.output(0);
    if (out.type !== input.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(input.type)}`);
    if (input.type !== TensorType.FLOAT32 && input.type !== TensorType.INT8)
      ctx.fail(`ELU only supports float32 and int8, got ${tensorTypeName(input.type)}`);
    expectSameShape(ctx, input, out, 'count');
    ctx.data.type = input.type;
    if (input.type === TensorType.INT8) {
      const inQ = quantOrDefault(input);
      const outQ = quantOrDefault(out);
      ctx.data.table = ctx.persistentInt8(256);
      fillEluTable(ctx.data.table, Math.fround(inQ.scale), inQ.zeroPoint, Math.fround(outQ.scale), outQ.zeroPoint);
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const out = ctx.outputs[0]!;
    const n = input.elementCount;
    if (d.type === TensorType.INT8) lookupInt8(d.table, input.data as Int8Array, out.data as Int8Array, n);
    else unaryFloat(UnaryFloat.ELU, input.data as Float32Array, out.data as Float32Array, n);
  },
});
