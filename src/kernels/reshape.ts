import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { copyBytes } from './internal/strided_copy.js';
import { constantInts, expectArity, expectSizedType, flatSize, setShapeIfChanged } from './util.js';

export interface ReshapeOptions {
  /** ReshapeOptions.new_shape (null when absent). */
  newShape: Int32Array | null;
}

interface CopyData {
  /** Bytes to move (input element count × element size). */
  bytes: number;
}

/**
 * RESHAPE: any fixed-size type (TFLM copies the bytes). TFLM itself never reads the `shape` input: it keeps the
 * model's output dims, inferring one -1. Here the output shape is the first of these that is valid (at most
 * one -1, which is inferred; as many elements as the input):
 *  - a constant INT32 `shape` vector (so placeholder output dims get replaced);
 *  - without a `shape` input: ReshapeOptions.new_shape, then the model's output dims;
 *  - with a `shape` input computed at runtime (or not an INT32 vector): the model's output dims, then new_shape.
 * A new_shape of [0], or one input with output dims [0], is TFLite's legacy scalar.
 */
export const RESHAPE = defineOp<ReshapeOptions, CopyData>({
  name: 'RESHAPE',
  code: BuiltinOperator.RESHAPE,
  parseOptions(t) {
    return { newShape: t ? t.int32Vector(0) : null };
  },
  init() {
    return { bytes: 0 };
  },
  prepare(ctx) {
    expectArity(ctx, [1, 2], 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    if (input.type !== output.type) ctx.fail(`input type ${tensorTypeName(input.type)} != output type ${tensorTypeName(output.type)}`);
    expectSizedType(ctx, input);
    const shapeTensor = ctx.optionalInput(1);
    const count = flatSize(input.shape);
    const stored = Array.from(output.shape);
    const fromOptions = ctx.options.newShape ? legacyScalar(Array.from(ctx.options.newShape)) : null;
    const fromModel = ctx.inputs.length === 1 ? legacyScalar(stored) : stored;
    const candidates: { what: string; dims: number[] }[] = [];
    if (shapeTensor && shapeTensor.isConstant && shapeTensor.type === TensorType.INT32 && shapeTensor.shape.length <= 1)
      candidates.push({ what: 'shape input', dims: constantInts(ctx, shapeTensor, 'shape') });
    const opts = fromOptions ? [{ what: 'new_shape', dims: fromOptions }] : [];
    const model = [{ what: 'output dims', dims: fromModel }];
    candidates.push(...(shapeTensor ? [...model, ...opts] : [...opts, ...model]));
    let firstError = '';
    for (const c of candidates) {
      const r = resolveShape(c.dims, count);
      if (typeof r === 'string') {
        firstError ||= `${c.what}: ${r}`;
        continue;
      }
      setShapeIfChanged(ctx, output, r);
      ctx.data.bytes = count * tensorTypeSize(input.type);
      return;
    }
    ctx.fail(firstError);
  },
  invoke(ctx) {
    copyBytes(ctx.inputs[0]!.bytes, ctx.outputs[0]!.bytes, ctx.data.bytes);
  },
});

/** [0] is TFLite's legacy spelling of a scalar shape. */
function legacyScalar(dims: number[]): number[] {
  return dims.length === 1 && dims[0] === 0 ? [] : dims;
}

/** `dims` with its -1 inferred for `count` elements, or why it cannot hold them. */
function resolveShape(dims: readonly number[], count: number): number[] | string {
  const out = dims.slice();
  let known = 1;
  let stretch = -1;
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    if (v === -1) {
      if (stretch !== -1) return `shape [${dims.join(',')}] has more than one -1`;
      stretch = i;
    } else if (v < 0) return `shape [${dims.join(',')}] has a negative dim`;
    else known *= v;
  }
  if (stretch !== -1) {
    if (known === 0 || count % known !== 0) return `cannot infer the -1 dim of [${dims.join(',')}] for ${count} elements`;
    out[stretch] = count / known;
    known = count;
  }
  if (known !== count) return `shape [${dims.join(',')}] holds ${known} elements, input has ${count}`;
  return out;
}
