import { hsum4, prepUniformAll, requantUniform, storeLanes, storePairs, UNIFORM_BYTES } from './requantize';
import { WORK, WORK_END } from './workspace';

/**
 * int8 CONV_2D (reference_integer_ops::ConvPerChannel), NHWC input, OHWI filter, groups = 1.
 *
 * acc[p][oc] = Σ_{fy,fx,ic} f[oc][fy][fx][ic] · (x[p @ fy,fx][ic] + inOff) over the taps inside the image (TFLM
 * skips the others). The input rows a band of output rows reads are staged in the workspace as a tile of i16
 * values x + inOff, with the padding around the image stored as 0: those taps then contribute 0, exactly as
 * skipping them does, and every pixel runs the same loop with no offset add.
 *
 * Blocking: 4 output pixels (consecutive in raster order, across rows) × 2 output channels. Filters are
 * sign-extended to i16 on load (v128.load8x8_s); i32x4.dot_i16x8_s adds products pairwise (|x + inOff| ≤ 255,
 * |f| ≤ 128: |pair| ≤ 2·255·128 < 2^31). Accumulators wrap as int32, so summing in another order than the
 * reference gives its result bit for bit. Per filter row the taps are one contiguous run of fW·inD values
 * when dilationW = 1 (else fW runs of inD); a run's last < 8 values are loaded as 8 and the filter lanes past
 * the end masked to 0.
 *
 * The 4 pixels' sums of one channel are one i32x4 (lanes = pixels), so requantization is lane-uniform, with
 * the channel's constants staged in the workspace (requantUniform).
 */

// Lane indices 0..7, for tail masks.
const IOTA16: v128 = i16x8(0, 1, 2, 3, 4, 5, 6, 7);

/** Workspace bytes a conv needs to stage one output row's input rows and its channel constants. */
function minWorkspace(inW: i32, inD: i32, fH: i32, fW: i32, outW: i32, outD: i32, sW: i32, dH: i32, dW: i32, padW: i32): i64 {
  const tW = tileWidth(inW, fW, outW, sW, dW, padW);
  return <i64>outD * UNIFORM_BYTES + 16 + <i64>((fH - 1) * dH + 1) * tW * inD * 2;
}

/** Columns of a tile row: the image's, plus padding on the left (padW) and as much on the right as read. */
// @ts-ignore: decorator
@inline
function tileWidth(inW: i32, fW: i32, outW: i32, sW: i32, dW: i32, padW: i32): i32 {
  const span = (outW - 1) * sW + (fW - 1) * dW + 1;
  const right = span - padW - inW;
  return padW + inW + (right > 0 ? right : 0);
}

/** Whether conv_int8 can run this geometry (one output row's tile fits the workspace). */
export function conv_supported(inW: i32, inD: i32, fH: i32, fW: i32, outW: i32, outD: i32, sW: i32, dH: i32, dW: i32, padW: i32): bool {
  return minWorkspace(inW, inD, fH, fW, outW, outD, sW, dH, dW, padW) <= <i64>(WORK_END - WORK);
}

export function conv_int8(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize, multPtr: usize, shiftPtr: usize,
  batches: i32, inH: i32, inW: i32, inD: i32, fH: i32, fW: i32, outH: i32, outW: i32, outD: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, padH: i32, padW: i32,
  inOff: i32, outOff: i32, actMin: i32, actMax: i32,
): void {
  const cp = WORK;
  const left = prepUniformAll(cp, outD, multPtr, shiftPtr, biasPtr);
  const tile = (cp + <usize>outD * UNIFORM_BYTES + 15) & ~15;
  const tW = tileWidth(inW, fW, outW, sW, dW, padW);
  const rowElems = tW * inD;
  const rowBytes = rowElems << 1;
  // Output rows per band: the tile holds (band − 1)·sH + (fH − 1)·dH + 1 input rows.
  const fitRows = <i32>((WORK_END - tile) / <usize>rowBytes);
  let band = (fitRows - (fH - 1) * dH - 1) / sH + 1;
  if (band > outH) band = outH;
  if (band < 1) band = 1; // conv_supported guarantees one row fits

  const outOff16 = i32x4.splat(outOff);
  const lo = i32x4.splat(actMin);
  const hi = i32x4.splat(actMax);
  const fsOc = fH * fW * inD;
  const fRowStride = fW * inD;
  const runs = dW == 1 ? 1 : fW;
  const len = dW == 1 ? fW * inD : inD;
  const xRowStride = dH * rowBytes;
  const xRunStride = (dW * inD) << 1;
  const pixStride = (sW * inD) << 1;
  const bandRowStride = sH * rowBytes;
  const inRowBytes = inW * inD;

  for (let b = 0; b < batches; b++) {
    const inBatch = inPtr + <usize>(b * inH * inRowBytes);
    for (let oy0 = 0; oy0 < outH; oy0 += band) {
      const oy1 = outH - oy0 < band ? outH : oy0 + band;
      const iy0 = oy0 * sH - padH;
      const nRows = (oy1 - oy0 - 1) * sH + (fH - 1) * dH + 1;
      stageRows(tile, inBatch, iy0, nRows, inH, inW, inD, padW, tW, inOff);
      // Pixels of the band in raster order, 4 at a time.
      const n = (oy1 - oy0) * outW;
      const out0 = outPtr + <usize>(((b * outH + oy0) * outW) * outD);
      let oy = 0;
      let ox = 0;
      for (let p = 0; p < n; p += 4) {
        const np = n - p < 4 ? n - p : 4;
        const x0 = tile + <usize>(oy * bandRowStride + ox * pixStride);
        if (++ox == outW) { ox = 0; oy++; }
        let x1 = x0, x2 = x0, x3 = x0;
        if (np > 1) {
          x1 = tile + <usize>(oy * bandRowStride + ox * pixStride);
          if (++ox == outW) { ox = 0; oy++; }
        }
        if (np > 2) {
          x2 = tile + <usize>(oy * bandRowStride + ox * pixStride);
          if (++ox == outW) { ox = 0; oy++; }
        }
        if (np > 3) {
          x3 = tile + <usize>(oy * bandRowStride + ox * pixStride);
          if (++ox == outW) { ox = 0; oy++; }
        }
        if (left) pixels4(x0, x1, x2, x3, np, out0 + <usize>(p * outD), fPtr, cp, outD, fsOc,
          fH, xRowStride, fRowStride, runs, xRunStride, inD, len, outOff16, lo, hi, true);
        else pixels4(x0, x1, x2, x3, np, out0 + <usize>(p * outD), fPtr, cp, outD, fsOc,
          fH, xRowStride, fRowStride, runs, xRunStride, inD, len, outOff16, lo, hi, false);
      }
    }
  }
}

/**
 * Stage input rows iy0 .. iy0 + nRows − 1 as i16 x + inOff, each padded to tW columns (padW zero columns on
 * the left, zeros after the image); rows outside the image are all zeros.
 */
function stageRows(tile: usize, inBatch: usize, iy0: i32, nRows: i32, inH: i32, inW: i32, inD: i32, padW: i32, tW: i32, inOff: i32): void {
  const off = i16x8.splat(<i16>inOff);
  const rowBytes = <usize>(tW * inD) << 1;
  const lead = <usize>(padW * inD) << 1;
  const body = inW * inD;
  const trail = rowBytes - lead - (<usize>body << 1);
  for (let r = 0; r < nRows; r++) {
    const iy = iy0 + r;
    const dst = tile + <usize>r * rowBytes;
    if (iy < 0 || iy >= inH) {
      memory.fill(dst, 0, rowBytes);
      continue;
    }
    if (lead > 0) memory.fill(dst, 0, lead);
    const src = inBatch + <usize>(iy * body);
    const d = dst + lead;
    let i = 0;
    for (; i + 16 <= body; i += 16) {
      const v = v128.load(src + <usize>i);
      v128.store(d + (<usize>i << 1), i16x8.add(i16x8.extend_low_i8x16_s(v), off));
      v128.store(d + (<usize>i << 1), i16x8.add(i16x8.extend_high_i8x16_s(v), off), 16);
    }
    for (; i < body; i++) store<i16>(d + (<usize>i << 1), <i16>(<i32>load<i8>(src + <usize>i) + inOff));
    if (trail > 0) memory.fill(d + (<usize>body << 1), 0, trail);
  }
}

/** 4 pixels (x0..x3: each pixel's first tap in the tile), all output channels. */
// @ts-ignore: decorator
@inline
function pixels4(
  x0: usize, x1: usize, x2: usize, x3: usize, nPix: i32, out: usize,
  f: usize, cp: usize, outD: i32, fsOc: i32,
  rows: i32, xRowStride: i32, fRowStride: i32, runs: i32, xRunStride: i32, fRunStride: i32, len: i32,
  outOff: v128, lo: v128, hi: v128, left: bool,
): void {
  const len8 = len & ~7;
  const tail = len & 7;
  const tmask = i16x8.lt_s(IOTA16, i16x8.splat(<i16>tail));
  const fs = <usize>fsOc;
  let oc = 0;
  for (; oc + 2 <= outD; oc += 2) {
    let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    let b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    const fc = f + <usize>(oc * fsOc);
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < runs; q++) {
        const xo = <usize>(r * xRowStride + q * xRunStride);
        let p0 = x0 + xo, p1 = x1 + xo, p2 = x2 + xo, p3 = x3 + xo;
        let w = fc + <usize>(r * fRowStride + q * fRunStride);
        const wEnd = w + <usize>len8;
        while (w < wEnd) {
          const wa = v128.load8x8_s(w);
          const wb = v128.load8x8_s(w + fs);
          const v0 = v128.load(p0), v1 = v128.load(p1), v2 = v128.load(p2), v3 = v128.load(p3);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v0, wa));
          b0 = i32x4.add(b0, i32x4.dot_i16x8_s(v0, wb));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v1, wa));
          b1 = i32x4.add(b1, i32x4.dot_i16x8_s(v1, wb));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v2, wa));
          b2 = i32x4.add(b2, i32x4.dot_i16x8_s(v2, wb));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v3, wa));
          b3 = i32x4.add(b3, i32x4.dot_i16x8_s(v3, wb));
          p0 += 16; p1 += 16; p2 += 16; p3 += 16; w += 8;
        }
        if (tail != 0) {
          const wa = v128.and(v128.load8x8_s(w), tmask);
          const wb = v128.and(v128.load8x8_s(w + fs), tmask);
          const v0 = v128.load(p0), v1 = v128.load(p1), v2 = v128.load(p2), v3 = v128.load(p3);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v0, wa));
          b0 = i32x4.add(b0, i32x4.dot_i16x8_s(v0, wb));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v1, wa));
          b1 = i32x4.add(b1, i32x4.dot_i16x8_s(v1, wb));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v2, wa));
          b2 = i32x4.add(b2, i32x4.dot_i16x8_s(v2, wb));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v3, wa));
          b3 = i32x4.add(b3, i32x4.dot_i16x8_s(v3, wb));
        }
      }
    }
    const cpc = cp + <usize>oc * UNIFORM_BYTES;
    storePairs(out + <usize>oc, outD, nPix,
      requantUniform(hsum4(a0, a1, a2, a3), cpc, true, left, outOff, lo, hi),
      requantUniform(hsum4(b0, b1, b2, b3), cpc + UNIFORM_BYTES, true, left, outOff, lo, hi));
  }
  if (oc < outD) {
    let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    const fc = f + <usize>(oc * fsOc);
    for (let r = 0; r < rows; r++) {
      for (let q = 0; q < runs; q++) {
        const xo = <usize>(r * xRowStride + q * xRunStride);
        let p0 = x0 + xo, p1 = x1 + xo, p2 = x2 + xo, p3 = x3 + xo;
        let w = fc + <usize>(r * fRowStride + q * fRunStride);
        const wEnd = w + <usize>len8;
        while (w < wEnd) {
          const wa = v128.load8x8_s(w);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v128.load(p0), wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v128.load(p1), wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v128.load(p2), wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v128.load(p3), wa));
          p0 += 16; p1 += 16; p2 += 16; p3 += 16; w += 8;
        }
        if (tail != 0) {
          const wa = v128.and(v128.load8x8_s(w), tmask);
          a0 = i32x4.add(a0, i32x4.dot_i16x8_s(v128.load(p0), wa));
          a1 = i32x4.add(a1, i32x4.dot_i16x8_s(v128.load(p1), wa));
          a2 = i32x4.add(a2, i32x4.dot_i16x8_s(v128.load(p2), wa));
          a3 = i32x4.add(a3, i32x4.dot_i16x8_s(v128.load(p3), wa));
        }
      }
    }
    storeLanes(out + <usize>oc, outD, nPix, requantUniform(hsum4(a0, a1, a2, a3), cp + <usize>oc * UNIFORM_BYTES, true, left, outOff, lo, hi));
  }
}
