import { hsum4, requant4, storeLanes } from './requantize';

/**
 * int8 CONV_2D (reference_integer_ops::ConvPerChannel), NHWC input, OHWI filter, groups = 1.
 *
 * acc[p][oc] = Σ_{fy,fx,ic} f[oc][fy][fx][ic] · (x[p @ fy,fx][ic] + inOff) over the taps inside the image
 * (TFLM skips the others). Filter rows outside the image are skipped per output row. Pixels whose taps cross
 * the left or right border run a masked variant (pixels4m): the lanes of outside taps are zeroed after the
 * offset is added, so they contribute 0, as skipping them does.
 *
 * Blocking: 4 output pixels × 2 output channels. x is sign-extended to i16 on load (v128.load8x8_s) and offset
 * (|x + inOff| ≤ 255 fits i16), f likewise; i32x4.dot_i16x8_s adds products pairwise (|pair| ≤ 2·255·128 <
 * 2^31). Accumulators wrap as int32, so summing in another order than the reference gives its result bit
 * for bit. Per filter row the taps are one contiguous run of fW·inD bytes when dilationW = 1 (else fW runs of
 * inD); a run's last < 8 elements are loaded as 8 and the filter lanes past the end masked to 0.
 *
 * The 4 pixels' sums of one channel are one i32x4 (lanes = pixels), so the channel's multiplier and shift are
 * lane-uniform and requantization is TFLM's double rounding done 4 lanes at a time (see requant4).
 */

// Lane indices 0..7, for tail masks.
const IOTA16: v128 = i16x8(0, 1, 2, 3, 4, 5, 6, 7);
const EIGHT16: v128 = i16x8(8, 8, 8, 8, 8, 8, 8, 8);

/** All-ones in the i16 lanes with lo <= pos < hi. */
// @ts-ignore: decorator
@inline
function inRange(pos: v128, lo: v128, hi: v128): v128 {
  return v128.and(i16x8.ge_s(pos, lo), i16x8.lt_s(pos, hi));
}

/** 4 pixels (x0..x3: each pixel's first tap), all output channels. */
function pixels4(
  x0: usize, x1: usize, x2: usize, x3: usize, nPix: i32, out: usize,
  f: usize, biasPtr: usize, multPtr: usize, shiftPtr: usize, outD: i32, fsOc: i32,
  rows: i32, rowStride: i32, fRowStride: i32, runs: i32, runStride: i32, fRunStride: i32, len: i32,
  off: v128, outOff: v128, lo: v128, hi: v128,
): void {
  const len8 = len & ~7;
  const tail = len & 7;
  const tmask = i16x8.lt_s(IOTA16, i16x8.splat(<i16>tail));
  let oc = 0;
  for (; oc + 2 <= outD; oc += 2) {
    let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    let b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    const fc = f + <usize>(oc * fsOc);
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < runs; q++) {
        const xo = <usize>(r * rowStride + q * runStride);
        let p0 = x0 + xo, p1 = x1 + xo, p2 = x2 + xo, p3 = x3 + xo;
        let w = fc + <usize>(r * fRowStride + q * fRunStride);
        const wEnd = w + <usize>len8;
        const fs = <usize>fsOc;
        while (w < wEnd) {
          const v0 = i16x8.add(v128.load8x8_s(p0), off);
          const v1 = i16x8.add(v128.load8x8_s(p1), off);
          const v2 = i16x8.add(v128.load8x8_s(p2), off);
          const v3 = i16x8.add(v128.load8x8_s(p3), off);
          const wa = v128.load8x8_s(w);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v0, wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v1, wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v2, wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v3, wa));
          const wb = v128.load8x8_s(w + fs);
          b0 = i32x4.add(b0, i32x4.dot_i16x8_s(v0, wb));
          b1 = i32x4.add(b1, i32x4.dot_i16x8_s(v1, wb));
          b2 = i32x4.add(b2, i32x4.dot_i16x8_s(v2, wb));
          b3 = i32x4.add(b3, i32x4.dot_i16x8_s(v3, wb));
          p0 += 8; p1 += 8; p2 += 8; p3 += 8; w += 8;
        }
        if (tail != 0) {
          const v0 = i16x8.add(v128.load8x8_s(p0), off);
          const v1 = i16x8.add(v128.load8x8_s(p1), off);
          const v2 = i16x8.add(v128.load8x8_s(p2), off);
          const v3 = i16x8.add(v128.load8x8_s(p3), off);
          const wa = v128.and(v128.load8x8_s(w), tmask);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v0, wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v1, wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v2, wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v3, wa));
          const wb = v128.and(v128.load8x8_s(w + fs), tmask);
          b0 = i32x4.add(b0, i32x4.dot_i16x8_s(v0, wb));
          b1 = i32x4.add(b1, i32x4.dot_i16x8_s(v1, wb));
          b2 = i32x4.add(b2, i32x4.dot_i16x8_s(v2, wb));
          b3 = i32x4.add(b3, i32x4.dot_i16x8_s(v3, wb));
        }
      }
    }
    const o = out + <usize>oc;
    const c4 = <usize>oc << 2;
    const biasA = biasPtr != 0 ? load<i32>(biasPtr + c4) : 0;
    const biasB = biasPtr != 0 ? load<i32>(biasPtr + c4, 4) : 0;
    storeLanes(o, outD, nPix, requant4(i32x4.add(hsum4(a0, a1, a2, a3), i32x4.splat(biasA)), load<i32>(multPtr + c4), load<i32>(shiftPtr + c4), outOff, lo, hi));
    storeLanes(o + 1, outD, nPix, requant4(i32x4.add(hsum4(b0, b1, b2, b3), i32x4.splat(biasB)), load<i32>(multPtr + c4, 4), load<i32>(shiftPtr + c4, 4), outOff, lo, hi));
  }
  if (oc < outD) {
    let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    const fc = f + <usize>(oc * fsOc);
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < runs; q++) {
        const xo = <usize>(r * rowStride + q * runStride);
        let p0 = x0 + xo, p1 = x1 + xo, p2 = x2 + xo, p3 = x3 + xo;
        let w = fc + <usize>(r * fRowStride + q * fRunStride);
        const wEnd = w + <usize>len8;
        while (w < wEnd) {
          const wa = v128.load8x8_s(w);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(i16x8.add(v128.load8x8_s(p0), off), wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(i16x8.add(v128.load8x8_s(p1), off), wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(i16x8.add(v128.load8x8_s(p2), off), wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(i16x8.add(v128.load8x8_s(p3), off), wa));
          p0 += 8; p1 += 8; p2 += 8; p3 += 8; w += 8;
        }
        if (tail != 0) {
          const wa = v128.and(v128.load8x8_s(w), tmask);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(i16x8.add(v128.load8x8_s(p0), off), wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(i16x8.add(v128.load8x8_s(p1), off), wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(i16x8.add(v128.load8x8_s(p2), off), wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(i16x8.add(v128.load8x8_s(p3), off), wa));
        }
      }
    }
    const c4 = <usize>oc << 2;
    const biasA = biasPtr != 0 ? load<i32>(biasPtr + c4) : 0;
    storeLanes(out + <usize>oc, outD, nPix, requant4(i32x4.add(hsum4(a0, a1, a2, a3), i32x4.splat(biasA)), load<i32>(multPtr + c4), load<i32>(shiftPtr + c4), outOff, lo, hi));
  }
}

/**
 * pixels4 for pixels near the left/right border: pixel j uses only run lanes [lj − q·inD, hj − q·inD) of run q
 * (its taps inside the image); the others are loaded (from memory around the row, never out of the memory)
 * and zeroed after the offset is added, so they contribute 0 like the taps TFLM skips.
 */
function pixels4m(
  x0: usize, x1: usize, x2: usize, x3: usize, nPix: i32, out: usize,
  f: usize, biasPtr: usize, multPtr: usize, shiftPtr: usize, outD: i32, fsOc: i32,
  rows: i32, rowStride: i32, fRowStride: i32, runs: i32, runStride: i32, fRunStride: i32, len: i32,
  off: v128, outOff: v128, lo: v128, hi: v128,
  l0: i32, h0: i32, l1: i32, h1: i32, l2: i32, h2: i32, l3: i32, h3: i32, inD: i32,
): void {
  const len8 = len & ~7;
  const tail = len & 7;
  const tmask = i16x8.lt_s(IOTA16, i16x8.splat(<i16>tail));
  let oc = 0;
  for (; oc + 2 <= outD; oc += 2) {
    let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    let b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    const fc = f + <usize>(oc * fsOc);
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < runs; q++) {
        const xo = <usize>(r * rowStride + q * runStride);
        let p0 = x0 + xo, p1 = x1 + xo, p2 = x2 + xo, p3 = x3 + xo;
        const qd = q * inD;
        const lo0 = i16x8.splat(<i16>(l0 - qd)), hi0 = i16x8.splat(<i16>(h0 - qd));
        const lo1 = i16x8.splat(<i16>(l1 - qd)), hi1 = i16x8.splat(<i16>(h1 - qd));
        const lo2 = i16x8.splat(<i16>(l2 - qd)), hi2 = i16x8.splat(<i16>(h2 - qd));
        const lo3 = i16x8.splat(<i16>(l3 - qd)), hi3 = i16x8.splat(<i16>(h3 - qd));
        let pos = IOTA16;
        let w = fc + <usize>(r * fRowStride + q * fRunStride);
        const wEnd = w + <usize>len8;
        const fs = <usize>fsOc;
        while (w < wEnd) {
          const v0 = v128.and(i16x8.add(v128.load8x8_s(p0), off), inRange(pos, lo0, hi0));
          const v1 = v128.and(i16x8.add(v128.load8x8_s(p1), off), inRange(pos, lo1, hi1));
          const v2 = v128.and(i16x8.add(v128.load8x8_s(p2), off), inRange(pos, lo2, hi2));
          const v3 = v128.and(i16x8.add(v128.load8x8_s(p3), off), inRange(pos, lo3, hi3));
          const wa = v128.load8x8_s(w);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v0, wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v1, wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v2, wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v3, wa));
          const wb = v128.load8x8_s(w + fs);
          b0 = i32x4.add(b0, i32x4.dot_i16x8_s(v0, wb));
          b1 = i32x4.add(b1, i32x4.dot_i16x8_s(v1, wb));
          b2 = i32x4.add(b2, i32x4.dot_i16x8_s(v2, wb));
          b3 = i32x4.add(b3, i32x4.dot_i16x8_s(v3, wb));
          p0 += 8; p1 += 8; p2 += 8; p3 += 8; w += 8;
          pos = i16x8.add(pos, EIGHT16);
        }
        if (tail != 0) {
          const v0 = v128.and(i16x8.add(v128.load8x8_s(p0), off), inRange(pos, lo0, hi0));
          const v1 = v128.and(i16x8.add(v128.load8x8_s(p1), off), inRange(pos, lo1, hi1));
          const v2 = v128.and(i16x8.add(v128.load8x8_s(p2), off), inRange(pos, lo2, hi2));
          const v3 = v128.and(i16x8.add(v128.load8x8_s(p3), off), inRange(pos, lo3, hi3));
          const wa = v128.and(v128.load8x8_s(w), tmask);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v0, wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v1, wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v2, wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v3, wa));
          const wb = v128.and(v128.load8x8_s(w + fs), tmask);
          b0 = i32x4.add(b0, i32x4.dot_i16x8_s(v0, wb));
          b1 = i32x4.add(b1, i32x4.dot_i16x8_s(v1, wb));
          b2 = i32x4.add(b2, i32x4.dot_i16x8_s(v2, wb));
          b3 = i32x4.add(b3, i32x4.dot_i16x8_s(v3, wb));
        }
      }
    }
    const o = out + <usize>oc;
    const c4 = <usize>oc << 2;
    const biasA = biasPtr != 0 ? load<i32>(biasPtr + c4) : 0;
    const biasB = biasPtr != 0 ? load<i32>(biasPtr + c4, 4) : 0;
    storeLanes(o, outD, nPix, requant4(i32x4.add(hsum4(a0, a1, a2, a3), i32x4.splat(biasA)), load<i32>(multPtr + c4), load<i32>(shiftPtr + c4), outOff, lo, hi));
    storeLanes(o + 1, outD, nPix, requant4(i32x4.add(hsum4(b0, b1, b2, b3), i32x4.splat(biasB)), load<i32>(multPtr + c4, 4), load<i32>(shiftPtr + c4, 4), outOff, lo, hi));
  }
  if (oc < outD) {
    let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    const fc = f + <usize>(oc * fsOc);
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < runs; q++) {
        const xo = <usize>(r * rowStride + q * runStride);
        let p0 = x0 + xo, p1 = x1 + xo, p2 = x2 + xo, p3 = x3 + xo;
        const qd = q * inD;
        const lo0 = i16x8.splat(<i16>(l0 - qd)), hi0 = i16x8.splat(<i16>(h0 - qd));
        const lo1 = i16x8.splat(<i16>(l1 - qd)), hi1 = i16x8.splat(<i16>(h1 - qd));
        const lo2 = i16x8.splat(<i16>(l2 - qd)), hi2 = i16x8.splat(<i16>(h2 - qd));
        const lo3 = i16x8.splat(<i16>(l3 - qd)), hi3 = i16x8.splat(<i16>(h3 - qd));
        let pos = IOTA16;
        let w = fc + <usize>(r * fRowStride + q * fRunStride);
        const wEnd = w + <usize>len8;
        while (w < wEnd) {
          const wa = v128.load8x8_s(w);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v128.and(i16x8.add(v128.load8x8_s(p0), off), inRange(pos, lo0, hi0)), wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v128.and(i16x8.add(v128.load8x8_s(p1), off), inRange(pos, lo1, hi1)), wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v128.and(i16x8.add(v128.load8x8_s(p2), off), inRange(pos, lo2, hi2)), wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v128.and(i16x8.add(v128.load8x8_s(p3), off), inRange(pos, lo3, hi3)), wa));
          p0 += 8; p1 += 8; p2 += 8; p3 += 8; w += 8;
          pos = i16x8.add(pos, EIGHT16);
        }
        if (tail != 0) {
          const wa = v128.and(v128.load8x8_s(w), tmask);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v128.and(i16x8.add(v128.load8x8_s(p0), off), inRange(pos, lo0, hi0)), wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v128.and(i16x8.add(v128.load8x8_s(p1), off), inRange(pos, lo1, hi1)), wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v128.and(i16x8.add(v128.load8x8_s(p2), off), inRange(pos, lo2, hi2)), wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v128.and(i16x8.add(v128.load8x8_s(p3), off), inRange(pos, lo3, hi3)), wa));
        }
      }
    }
    const c4 = <usize>oc << 2;
    const biasA = biasPtr != 0 ? load<i32>(biasPtr + c4) : 0;
    storeLanes(out + <usize>oc, outD, nPix, requant4(i32x4.add(hsum4(a0, a1, a2, a3), i32x4.splat(biasA)), load<i32>(multPtr + c4), load<i32>(shiftPtr + c4), outOff, lo, hi));
  }
}

/**
 * Whether conv_int8 handles this geometry: lane positions of a filter row (fW·inD) fit i16, and the bytes it
 * may read around the input (taps left of column 0 or right of the last column, masked) stay within the 64 KiB
 * the backend keeps free before the first and after the last allocation.
 */
export function conv_supported(inD: i32, fW: i32, dW: i32, padW: i32): bool {
  return fW * inD <= 32767 && padW * inD <= 32768 && ((fW - 1) * dW + 1) * inD <= 32768;
}

export function conv_int8(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize, multPtr: usize, shiftPtr: usize,
  batches: i32, inH: i32, inW: i32, inD: i32, fH: i32, fW: i32, outH: i32, outW: i32, outD: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, padH: i32, padW: i32,
  inOff: i32, outOff: i32, actMin: i32, actMax: i32,
): void {
  const off = i16x8.splat(<i16>inOff);
  const outOffV = i32x4.splat(outOff);
  const lo = i32x4.splat(actMin);
  const hi = i32x4.splat(actMax);
  const fsOc = fH * fW * inD;
  const fRowStride = fW * inD;
  const runs = dW == 1 ? 1 : fW;
  const len = dW == 1 ? fW * inD : inD;
  const runStride = dW * inD;
  const pixBytes = sW * inD;

  if (fH == 1 && fW == 1 && sH == 1 && sW == 1 && padH == 0 && padW == 0 && outH == inH && outW == inW) {
    // Pointwise: every pixel of every batch is one GEMM row.
    const n = batches * outH * outW;
    const step = <usize>inD;
    for (let p = 0; p < n; p += 4) {
      const x0 = inPtr + <usize>p * step;
      const np = n - p < 4 ? n - p : 4;
      const x1 = np > 1 ? x0 + step : x0;
      const x2 = np > 2 ? x0 + 2 * step : x0;
      const x3 = np > 3 ? x0 + 3 * step : x0;
      pixels4(x0, x1, x2, x3, np, outPtr + <usize>(p * outD), fPtr, biasPtr, multPtr, shiftPtr, outD, fsOc,
        1, 0, 0, 1, 0, 0, inD, off, outOffV, lo, hi);
    }
    return;
  }

  // Output columns [oxA, oxB) read only columns inside the image.
  let oxA = 0;
  while (oxA < outW && oxA * sW - padW < 0) oxA++;
  let oxB = outW;
  while (oxB > oxA && (oxB - 1) * sW - padW + (fW - 1) * dW >= inW) oxB--;
  const rowStride = dH * inW * inD;
  for (let b = 0; b < batches; b++) {
    const inBatch = inPtr + <usize>(b * inH * inW * inD);
    for (let oy = 0; oy < outH; oy++) {
      // Filter rows whose input row is inside the image (the others contribute nothing).
      const iy0 = oy * sH - padH;
      let fy0 = 0;
      while (fy0 < fH && iy0 + fy0 * dH < 0) fy0++;
      let fy1 = fH;
      while (fy1 > fy0 && iy0 + (fy1 - 1) * dH >= inH) fy1--;
      const rows = fy1 - fy0;
      // Address of (row iy0 + fy0·dH, column −padW): pixel ox's first tap is ox·sW·inD further.
      const base = inBatch + <usize>(((iy0 + fy0 * dH) * inW - padW) * inD);
      const fRows = fPtr + <usize>(fy0 * fRowStride);
      const outRow = outPtr + <usize>(((b * outH + oy) * outW) * outD);
      for (let ox = 0; ox < outW; ox += 4) {
        const np = outW - ox < 4 ? outW - ox : 4;
        const x0 = base + <usize>(ox * pixBytes);
        const x1 = np > 1 ? x0 + <usize>pixBytes : x0;
        const x2 = np > 2 ? x0 + <usize>(2 * pixBytes) : x0;
        const x3 = np > 3 ? x0 + <usize>(3 * pixBytes) : x0;
        const out = outRow + <usize>(ox * outD);
        if (ox >= oxA && ox + np <= oxB) {
          pixels4(x0, x1, x2, x3, np, out, fRows, biasPtr, multPtr, shiftPtr, outD, fsOc,
            rows, rowStride, fRowStride, runs, runStride, inD, len, off, outOffV, lo, hi);
        } else {
          // Lane range of each pixel's taps inside the image, in run-0 coordinates.
          const l0 = validLo(ox, sW, padW, dW, fW, inD), h0 = validHi(ox, sW, padW, dW, fW, inW, inD);
          const l1 = np > 1 ? validLo(ox + 1, sW, padW, dW, fW, inD) : l0, h1 = np > 1 ? validHi(ox + 1, sW, padW, dW, fW, inW, inD) : h0;
          const l2 = np > 2 ? validLo(ox + 2, sW, padW, dW, fW, inD) : l0, h2 = np > 2 ? validHi(ox + 2, sW, padW, dW, fW, inW, inD) : h0;
          const l3 = np > 3 ? validLo(ox + 3, sW, padW, dW, fW, inD) : l0, h3 = np > 3 ? validHi(ox + 3, sW, padW, dW, fW, inW, inD) : h0;
          pixels4m(x0, x1, x2, x3, np, out, fRows, biasPtr, multPtr, shiftPtr, outD, fsOc,
            rows, rowStride, fRowStride, runs, runStride, inD, len, off, outOffV, lo, hi,
            l0, h0, l1, h1, l2, h2, l3, h3, inD);
        }
      }
    }
  }
}

/** First filter column of output column ox inside the image, times inD (start of its valid lanes). */
function validLo(ox: i32, sW: i32, padW: i32, dW: i32, fW: i32, inD: i32): i32 {
  const x0 = ox * sW - padW;
  let fx = 0;
  while (fx < fW && x0 + fx * dW < 0) fx++;
  return fx * inD;
}

/** One past the last filter column of output column ox inside the image, times inD. */
function validHi(ox: i32, sW: i32, padW: i32, dW: i32, fW: i32, inW: i32, inD: i32): i32 {
  const x0 = ox * sW - padW;
  let fx = fW;
  while (fx > 0 && x0 + (fx - 1) * dW >= inW) fx--;
  return fx * inD;
}
