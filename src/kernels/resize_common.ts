/**
 * What RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR share (TFLM resize_bilinear.cc / resize_nearest_neighbor.cc
 * Prepare): 2 inputs, a rank-4 NHWC input, a constant INT32 size vector [new_height, new_width], options
 * align_corners (field 2 / 0) and half_pixel_centers (field 3 / 1). TFLM leaves the output dims to the model
 * and loops over `size`; here the output is resized to [batch, new_height, new_width, channels].
 */
import { TensorType, tensorTypeName } from '../model/types.js';
import type { KernelContext } from '../runtime/kernel.js';
import type { ResizeParams } from './internal/resize.js';
import { constantInts, expectArity, expectType, setShapeIfChanged } from './util.js';

export interface ResizeOptions {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

export function newResizeParams(): ResizeParams {
  return { batches: 0, inputHeight: 0, inputWidth: 0, depth: 0, outputHeight: 0, outputWidth: 0, alignCorners: false, halfPixelCenters: false };
}

/** The shared checks; fills `p` and sets the output shape. `types` are the input types the op's Eval takes. */
export function prepareResize(ctx: KernelContext<ResizeOptions, unknown>, p: ResizeParams, types: number[]): void {
  expectArity(ctx, 2, 1);
  const input = ctx.input(0);
  const size = ctx.input(1);
  const output = ctx.output(0);
  if (input.shape.length !== 4) ctx.fail(`input must have rank 4 (NHWC), has rank ${input.shape.length}`);
  if (size.shape.length !== 1) ctx.fail(`size must be a vector, has rank ${size.shape.length}`);
  expectType(ctx, size, 'size', TensorType.INT32);
  if (size.shape[0] !== 2) ctx.fail(`size must hold 2 values, holds ${size.shape[0]}`);
  // TFLM sets the output type to the input's; a model declaring another type cannot be honored here.
  if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
  if (!size.isConstant) ctx.fail('non-constant size tensor is not supported');
  expectType(ctx, input, 'input', ...types);
  const [h, w] = constantInts(ctx, size, 'size') as [number, number];
  if (h < 0 || w < 0) ctx.fail(`negative size [${h}, ${w}]`);
  p.batches = input.shape[0]!;
  p.inputHeight = input.shape[1]!;
  p.inputWidth = input.shape[2]!;
  p.depth = input.shape[3]!;
  p.outputHeight = h;
  p.outputWidth = w;
  p.alignCorners = ctx.options.alignCorners;
  p.halfPixelCenters = ctx.options.halfPixelCenters;
  setShapeIfChanged(ctx, output, [p.batches, h, w, p.depth]);
}
