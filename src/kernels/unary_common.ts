/**
 * Prepare/invoke shared by the float32-only unary ops (SIN, COS, LOG, SQRT, SQUARE, EXP, CEIL, FLOOR, ROUND,
 * NEG): TFLM's checks for each, then one loop over the flat data (internal/elementwise.ts).
 */
import { TensorType, tensorTypeName } from '../model/types.js';
import type { KernelContext, OpKernel, Tensor } from '../runtime/kernel.js';
import { unaryFloat } from './internal/elementwise.js';
import { expectArity } from './util.js';

/**
 * How much of the shapes TFLM checks:
 *  - 'exact': EXP, CEIL, ROUND: output dims equal to the input's, dim by dim (TF_LITE_ENSURE_EQ on each).
 *  - 'count': the rest: TFLM checks no shape and runs over the input's element count; an output with another
 *    element count would be written out of bounds or left partly unwritten, so we reject it.
 */
export type ShapeCheck = 'exact' | 'count';

function shapeText(t: Tensor): string {
  return `[${Array.from(t.shape).join(',')}]`;
}

/** Fail unless `out` has `input`'s dims (exact) or element count. */
export function expectSameShape(ctx: KernelContext<unknown, unknown>, input: Tensor, out: Tensor, check: ShapeCheck): void {
  if (check === 'exact') {
    if (out.shape.length !== input.shape.length || out.shape.some((d, i) => d !== input.shape[i]))
      ctx.fail(`output shape ${shapeText(out)} differs from input shape ${shapeText(input)}`);
  } else if (out.elementCount !== input.elementCount) {
    ctx.fail(`output shape ${shapeText(out)} has ${out.elementCount} elements, input ${shapeText(input)} has ${input.elementCount}`);
  }
}

/** Fail unless input and output are both FLOAT32 (TFLM: input float32, output type equal to the input's). */
export function expectFloat32InOut(ctx: KernelContext<unknown, unknown>, input: Tensor, out: Tensor): void {
  if (input.type !== TensorType.FLOAT32) ctx.fail(`input type ${tensorTypeName(input.type)} is not supported (FLOAT32 only)`);
  if (out.type !== input.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(input.type)}`);
}

/** The kernel of a float32-only unary op computing UnaryFloat function `fn`. */
export function floatUnaryKernel(fn: number, check: ShapeCheck): OpKernel<undefined, undefined> {
  return {
    prepare(ctx) {
      expectArity(ctx, 1, 1);
      const input = ctx.input(0);
      const out = ctx.output(0);
      expectFloat32InOut(ctx, input, out);
      expectSameShape(ctx, input, out, check);
    },
    invoke(ctx) {
      const input = ctx.inputs[0]!;
      unaryFloat(fn, input.data as Float32Array, ctx.outputs[0]!.data as Float32Array, input.elementCount);
    },
  };
}
