/**
 * reference_ops::BatchToSpaceND and SpaceToBatchND over NHWC tensors (3-D NHC ones viewed as NH1C), moving
 * whole pixels (depth elements) as bytes. Both loop over the tensors' own dims, as TFLM's kernels do.
 */
import { moveBytes } from './index_copy.js';

export interface SpaceBatchShape {
  inBatch: number;
  inHeight: number;
  inWidth: number;
  outBatch: number;
  outHeight: number;
  outWidth: number;
  /** Bytes of one pixel: depth * element size. */
  pixelBytes: number;
}

/** BatchToSpaceND: input pixels land at (in * block + spatial offset - crop); those outside the output are dropped. */
export function batchToSpace(
  s: SpaceBatchShape,
  blockH: number,
  blockW: number,
  cropTop: number,
  cropLeft: number,
  src: Uint8Array,
  dst: Uint8Array,
  arena: Uint8Array | null,
): void {
  const { inBatch, inHeight, inWidth, outBatch, outHeight, outWidth, pixelBytes } = s;
  for (let ib = 0; ib < inBatch; ib++) {
    const ob = ib % outBatch;
    const spatial = Math.trunc(ib / outBatch);
    const offH = Math.trunc(spatial / blockW);
    const offW = spatial % blockW;
    for (let ih = 0; ih < inHeight; ih++) {
      const oh = ih * blockH + offH - cropTop;
      if (oh < 0 || oh >= outHeight) continue;
      for (let iw = 0; iw < inWidth; iw++) {
        const ow = iw * blockW + offW - cropLeft;
        if (ow < 0 || ow >= outWidth) continue;
        moveBytes(arena, src, ((ib * inHeight + ih) * inWidth + iw) * pixelBytes, dst, ((ob * outHeight + oh) * outWidth + ow) * pixelBytes, pixelBytes);
      }
    }
  }
}

/**
 * SpaceToBatchND: each output pixel reads the input at (out * block + shift - pad), or is padding. TFLM pads
 * with memset(params.output_offset), a field its kernel never sets (its persistent op data is zero in
 * practice): zero bytes, i.e. 0 for float32 and int8 whatever the zero point.
 */
export function spaceToBatch(
  s: SpaceBatchShape,
  blockH: number,
  blockW: number,
  padTop: number,
  padLeft: number,
  src: Uint8Array,
  dst: Uint8Array,
  arena: Uint8Array | null,
): void {
  const { inBatch, inHeight, inWidth, outBatch, outHeight, outWidth, pixelBytes } = s;
  let o = 0;
  for (let ob = 0; ob < outBatch; ob++) {
    const ib = ob % inBatch;
    const shiftW = Math.trunc(ob / inBatch) % blockW;
    const shiftH = Math.trunc(Math.trunc(ob / inBatch) / blockW);
    for (let oh = 0; oh < outHeight; oh++) {
      const h = oh * blockH + shiftH;
      const rowInside = h >= padTop && h < padTop + inHeight;
      for (let ow = 0; ow < outWidth; ow++, o += pixelBytes) {
        const w = ow * blockW + shiftW;
        if (!rowInside || w < padLeft || w >= padLeft + inWidth) {
          for (let i = 0; i < pixelBytes; i++) dst[o + i] = 0;
        } else {
          moveBytes(arena, src, ((ib * inHeight + h - padTop) * inWidth + w - padLeft) * pixelBytes, dst, o, pixelBytes);
        }
      }
    }
  }
}
