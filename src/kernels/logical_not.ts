import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { logicalNot } from './internal/logical.js';
import { expectSameShape } from './unary_common.js';
import { expectArity } from './util.js';

/** LOGICAL_NOT (elementwise.cc GenericPrepare<IsLogicalSupportedType>): BOOL in, BOOL out. */
export const LOGICAL_NOT = defineOp({
  name: 'LOGICAL_NOT',
  code: BuiltinOperator.LOGICAL_NOT,
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const out = ctx.output(0);
    if (out.type !== input.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(input.type)}`);
    if (input.type !== TensorType.BOOL) ctx.fail(`input type ${tensorTypeName(input.type)} is not supported (BOOL only)`);
    expectSameShape(ctx, input, out, 'count');
  },
  invoke(ctx) {
    const input = ctx.inputs[0]!;
    logicalNot(input.data as Uint8Array, ctx.outputs[0]!.data as Uint8Array, input.elementCount);
  },
});
