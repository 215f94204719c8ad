import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { resizeBilinearFloat, resizeBilinearInt8, type ResizeParams } from './internal/resize.js';
import { newResizeParams, prepareResize, type ResizeOptions } from './resize_common.js';

interface ResizeBilinearData {
  p: ResizeParams;
  singleRounding: boolean;
}

/**
 * RESIZE_BILINEAR: float32 (reference float path) and int8 (ResizeBilinearInteger, 10-bit fixed point, both
 * rounding builds); half_pixel_centers together with align_corners fails, as in TFLM.
 */
export const RESIZE_BILINEAR = defineOp<ResizeOptions, ResizeBilinearData>({
  name: 'RESIZE_BILINEAR',
  code: BuiltinOperator.RESIZE_BILINEAR,
  parseOptions(t) {
    // ResizeBilinearOptions: new_height (0, deprecated), new_width (1, deprecated), align_corners (2), half_pixel_centers (3).
    return { alignCorners: t ? t.bool(2, false) : false, halfPixelCenters: t ? t.bool(3, false) : false };
  },
  init() {
    return { p: newResizeParams(), singleRounding: false };
  },
  prepare(ctx) {
    const d = ctx.data;
    prepareResize(ctx, d.p, [TensorType.FLOAT32, TensorType.INT8]);
    if (d.p.alignCorners && d.p.halfPixelCenters) ctx.fail('if half_pixel_centers is true, align_corners must be false');
    // The integer path divides by the output size (TFLM crashes on 0).
    if (ctx.inputs[0]!.type === TensorType.INT8 && (d.p.outputHeight === 0 || d.p.outputWidth === 0)) ctx.fail('int8 resize to an empty size');
    d.singleRounding = ctx.rounding === 'single';
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    if (input.type === TensorType.FLOAT32) resizeBilinearFloat(d.p, input.data as Float32Array, ctx.outputs[0]!.data as Float32Array);
    else resizeBilinearInt8(d.p, input.data as Int8Array, ctx.outputs[0]!.data as Int8Array, d.singleRounding);
  },
});
