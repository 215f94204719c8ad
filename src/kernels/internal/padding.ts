/**
 * Window geometry of convolution-like ops (TFLite kernels/padding.h): output sizes and the padding before the
 * first row/column for SAME / VALID padding with stride and dilation. Shared by CONV_2D, DEPTHWISE_CONV_2D,
 * TRANSPOSE_CONV and the pooling ops. Pure prepare-time math.
 */

/** Schema `Padding` codes (SAME = 0, VALID = 1); any other byte is TFLite's kTfLitePaddingUnknown. */
export const PADDING_SAME = 0;
export const PADDING_VALID = 1;

export interface PaddingValues {
  /** Rows of implicit zeros above the input (the remainder, if odd, goes below: `heightOffset`). */
  height: number;
  width: number;
  heightOffset: number;
  widthOffset: number;
  /** Output size the window arithmetic gives (GetWindowedOutputSize); 0 when the arguments are invalid. */
  outHeight: number;
  outWidth: number;
}

/** (filter - 1) * dilation + 1. */
export function effectiveFilterSize(filterSize: number, dilation: number): number {
  return (filterSize - 1) * dilation + 1;
}

/**
 * ComputeOutSizeChecked: SAME → ceil(in / stride), VALID → (in + stride - effective_filter) / stride with C's
 * truncating division. Returns -1 where TFLite fails (invalid padding code, negative size, non-positive
 * filter, stride or dilation, negative result). All values stay far below 2^53, so doubles are exact.
 */
export function computeOutSize(padding: number, imageSize: number, filterSize: number, stride: number, dilation: number): number {
  if ((padding !== PADDING_SAME && padding !== PADDING_VALID) || imageSize < 0 || filterSize <= 0 || stride <= 0 || dilation <= 0) {
    return -1;
  }
  const value = padding === PADDING_SAME
    ? Math.trunc((imageSize + stride - 1) / stride)
    : Math.trunc((imageSize + stride - effectiveFilterSize(filterSize, dilation)) / stride);
  return value < 0 ? -1 : value;
}

/**
 * ComputePaddingHeightWidth: the padding for the output size the window arithmetic gives (not the output
 * tensor's dims), total = max(0, (out - 1) * stride + effective_filter - in), padding = total / 2 and offset =
 * total % 2. Like TFLite, invalid arguments leave every value 0 instead of failing (callers validate first).
 */
export function computePaddingHeightWidth(
  strideHeight: number,
  strideWidth: number,
  dilationHeight: number,
  dilationWidth: number,
  inHeight: number,
  inWidth: number,
  filterHeight: number,
  filterWidth: number,
  padding: number,
): PaddingValues {
  const r: PaddingValues = { height: 0, width: 0, heightOffset: 0, widthOffset: 0, outHeight: 0, outWidth: 0 };
  const outWidth = computeOutSize(padding, inWidth, filterWidth, strideWidth, dilationWidth);
  if (outWidth < 0) return r;
  r.outWidth = outWidth;
  const outHeight = computeOutSize(padding, inHeight, filterHeight, strideHeight, dilationHeight);
  if (outHeight < 0) return r;
  r.outHeight = outHeight;
  const totalH = Math.max(0, (outHeight - 1) * strideHeight + effectiveFilterSize(filterHeight, dilationHeight) - inHeight);
  r.height = Math.trunc(totalH / 2);
  r.heightOffset = totalH % 2;
  const totalW = Math.max(0, (outWidth - 1) * strideWidth + effectiveFilterSize(filterWidth, dilationWidth) - inWidth);
  r.width = Math.trunc(totalW / 2);
  r.widthOffset = totalW % 2;
  return r;
}
