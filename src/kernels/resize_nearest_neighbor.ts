import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeSize } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { moveBytes } from './internal/index_copy.js';
import { nearestNeighborMap, type ResizeParams } from './internal/resize.js';
import { newResizeParams, prepareResize, type ResizeOptions } from './resize_common.js';
import { arenaViews } from './util.js';

interface ResizeNearestData {
  p: ResizeParams;
  /** Source row / column of each output row / column (persistent; the size is constant). */
  rows: Int32Array;
  cols: Int32Array;
  elementBytes: number;
  arena: Uint8Array | null;
}

/**
 * RESIZE_NEAREST_NEIGHBOR: float32 (moved as its bits, as TFLM's int32 instantiation does), int8, int16.
 * align_corners and half_pixel_centers may be combined. Source indices are computed once in prepare.
 */
export const RESIZE_NEAREST_NEIGHBOR = defineOp<ResizeOptions, ResizeNearestData>({
  name: 'RESIZE_NEAREST_NEIGHBOR',
  code: BuiltinOperator.RESIZE_NEAREST_NEIGHBOR,
  parseOptions(t) {
    // ResizeNearestNeighborOptions: align_corners (0), half_pixel_centers (1).
    return { alignCorners: t ? t.bool(0, false) : false, halfPixelCenters: t ? t.bool(1, false) : false };
  },
  init() {
    return { p: newResizeParams(), rows: new Int32Array(0), cols: new Int32Array(0), elementBytes: 0, arena: null };
  },
  prepare(ctx) {
    const d = ctx.data;
    const p = d.p;
    prepareResize(ctx, p, [TensorType.FLOAT32, TensorType.INT8, TensorType.INT16]);
    d.rows = ctx.persistentInt32(p.outputHeight);
    d.cols = ctx.persistentInt32(p.outputWidth);
    nearestNeighborMap(p.inputHeight, p.outputHeight, p.alignCorners, p.halfPixelCenters, d.rows);
    nearestNeighborMap(p.inputWidth, p.outputWidth, p.alignCorners, p.halfPixelCenters, d.cols);
    d.elementBytes = tensorTypeSize(ctx.inputs[0]!.type);
    d.arena = arenaViews(ctx).u8;
  },
  invoke(ctx) {
    const d = ctx.data;
    const { batches, inputHeight, inputWidth, depth, outputHeight, outputWidth } = d.p;
    const src = ctx.inputs[0]!.bytes;
    const dst = ctx.outputs[0]!.bytes;
    const pixel = depth * d.elementBytes;
    const row = inputWidth * pixel;
    let o = 0;
    for (let b = 0; b < batches; b++) {
      const batch = b * inputHeight * row;
      for (let y = 0; y < outputHeight; y++) {
        const inRow = batch + d.rows[y]! * row;
        for (let x = 0; x < outputWidth; x++, o += pixel) moveBytes(d.arena, src, inRow + d.cols[x]! * pixel, dst, o, pixel);
      }
    }
  },
});
