import { BuiltinOperator } from '../model/schema.js';
import { tensorTypeName, tensorTypeSize } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { copyBytes } from './internal/strided_copy.js';
import { expectArity, expectSizedType, flatSize, setShapeIfChanged } from './util.js';

export interface SqueezeOptions {
  /** SqueezeOptions.squeeze_dims; empty squeezes every size-1 dim. */
  squeezeDims: Int32Array;
}

/** TFLM's limit on the input rank. */
const MAX_SQUEEZE_DIMS = 8;

/** SQUEEZE: any fixed-size type (TFLM copies the bytes). The output shape is computed from the input's. */
export const SQUEEZE = defineOp<SqueezeOptions, { bytes: number }>({
  name: 'SQUEEZE',
  code: BuiltinOperator.SQUEEZE,
  parseOptions(t) {
    return { squeezeDims: (t ? t.int32Vector(0) : null) ?? new Int32Array(0) };
  },
  init() {
    return { bytes: 0 };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    if (input.type !== output.type) ctx.fail(`input type ${tensorTypeName(input.type)} != output type ${tensorTypeName(output.type)}`);
    expectSizedType(ctx, input);
    const rank = input.shape.length;
    if (rank > MAX_SQUEEZE_DIMS) ctx.fail(`input rank ${rank} exceeds ${MAX_SQUEEZE_DIMS}`);
    const squeeze = new Array<boolean>(rank).fill(false);
    const dims = ctx.options.squeezeDims;
    if (dims.length === 0) {
      for (let i = 0; i < rank; i++) squeeze[i] = input.shape[i] === 1;
    } else {
      for (const d of dims) {
        const axis = d < 0 ? d + rank : d;
        if (axis < 0 || axis >= rank || input.shape[axis] !== 1)
          ctx.fail(`cannot squeeze dim ${d} of [${input.shape.join(',')}]`);
        squeeze[axis] = true;
      }
    }
    const shape: number[] = [];
    for (let i = 0; i < rank; i++) if (!squeeze[i]) shape.push(input.shape[i]!);
    setShapeIfChanged(ctx, output, shape);
    ctx.data.bytes = flatSize(input.shape) * tensorTypeSize(input.type);
  },
  invoke(ctx) {
    copyBytes(ctx.inputs[0]!.bytes, ctx.outputs[0]!.bytes, ctx.data.bytes);
  },
});
