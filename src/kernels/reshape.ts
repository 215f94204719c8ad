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
 * RESHAPE: any fixed-size type (TFLM copies the bytes). The output shape comes from a constant INT32 `shape`
 * input, else from ReshapeOptions.new_shape, else from the model's output dims (what TFLM uses; also the only
 * source when the shape input is computed at runtime); one -1 dim is inferred. TFLM's legacy form (one input,
 * dims [0]) is a scalar.
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
    let dims: number[];
    if (shapeTensor && shapeTensor.isConstant && shapeTensor.shape.length <= 1) {
      if (shapeTensor.type !== TensorType.INT32) ctx.fail(`shape has type ${tensorTypeName(shapeTensor.type)}; expected INT32`);
      dims = constantInts(ctx, shapeTensor, 'shape');
    } else if (!shapeTensor && ctx.options.newShape) {
      dims = Array.from(ctx.options.newShape);
      // TFLite's legacy scalar: new_shape [0].
      if (dims.length === 1 && dims[0] === 0) dims = [];
    } else {
      dims = Array.from(output.shape);
      if (ctx.inputs.length === 1 && dims.length === 1 && dims[0] === 0) dims = [];
    }
    const count = flatSize(input.shape);
    let known = 1;
    let stretch = -1;
    for (let i = 0; i < dims.length; i++) {
      const v = dims[i]!;
      if (v === -1) {
        if (stretch !== -1) ctx.fail(`shape [${dims.join(',')}] has more than one -1`);
        stretch = i;
      } else if (v < 0) ctx.fail(`shape [${dims.join(',')}] has a negative dim`);
      else known *= v;
    }
    if (stretch !== -1) {
      if (known === 0 || count % known !== 0) ctx.fail(`cannot infer the -1 dim of [${dims.join(',')}] for ${count} elements`);
      dims[stretch] = count / known;
      known = count;
    }
    if (known !== count) ctx.fail(`shape [${dims.join(',')}] holds ${known} elements, input has ${count}`);
    setShapeIfChanged(ctx, output, dims);
    ctx.data.bytes = count * tensorTypeSize(input.type);
  },
  invoke(ctx) {
    copyBytes(ctx.inputs[0]!.bytes, ctx.outputs[0]!.bytes, ctx.data.bytes);
  },
});
