import { prepUniformAll, requantUniform, storeLanes, storePairs, UNIFORM_BYTES } from './requantize';
import { WORK, WORK_END } from './workspace';

/**
 * int8 CONV_2D (reference_integer_ops::ConvPerChannel), NHWC input, OHWI filter, groups = 1, as a GEMM:
 * acc[p][oc] = Σ_k f[oc][k] · (x[p][k] + inOff) with k = (fy, fx, ic) over the taps inside the image (TFLM
 * skips the others).
 *
 * Staging (im2col). Each output pixel's K = fH·fW·inD input values are gathered in filter order, taps outside
 * the image taking the input zero point (so that x + inOff = 0: they contribute 0, as skipping them does);
 * what follows K in a row is arbitrary (any byte: |x + inOff| ≤ 255) and meets zero filter values.
 * Four pixels' rows are interleaved by pairs of k and widened to i16 x + inOff: a 16-byte vector holds
 * (x[p][2j], x[p][2j+1]) for the 4 pixels p of a group (a "tile"). The filter rows of 4 output channels are
 * staged the same way, without offset, zero past K. Both live in the workspace (the filters, when conv_prepare
 * staged them all at prepare, in the backend's prepared region: `pre`); K is padded to a multiple of 8 (pairs
 * to a multiple of 4), the padding being zero filter values.
 *
 * MACs: for a pair of k, a pixel group's vector times a broadcast channel pair (i32x4.dot_i16x8_s) adds both
 * products into the group's 4 lanes (|x + inOff| ≤ 255, |f| ≤ 128: |pair| < 2^17). Blocking: 2 pixel groups
 * (8 pixels) × 4 channels, 8 accumulators whose lanes are pixels. Accumulators wrap as int32, so summing in
 * another order than the reference gives its result bit for bit.
 *
 * Requantization is lane-uniform (one channel per vector) with the channel's constants staged in the
 * workspace (requantUniform); 2 channels × 4 pixels of bytes are transposed back and stored as 2-byte runs.
 */

const WEIGHT_BUDGET: usize = 512 << 10;

/** Pairs of k per pixel, padded to a multiple of 4. */
// @ts-ignore: decorator
@inline
function pairsOf(K: i32): i32 {
  return (((K + 1) >> 1) + 3) & ~3;
}

/** Whether conv_int8 can run this geometry (workspace for constants, gather rows, and 4 groups or quads). */
export function conv_supported(K: i32, outD: i32): bool {
  const kq = <i64>pairsOf(K);
  return <i64>outD * UNIFORM_BYTES + 5 * (2 * kq + 32) + 4 * kq * 16 + 256 <= <i64>(WORK_END - WORK);
}

export function conv_int8(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize, multPtr: usize, shiftPtr: usize,
  batches: i32, inH: i32, inW: i32, inD: i32, fH: i32, fW: i32, outH: i32, outW: i32, outD: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, padH: i32, padW: i32,
  inOff: i32, outOff: i32, actMin: i32, actMax: i32, pre: usize, preC: usize, preLeft: i32,
): void {
  const K = fH * fW * inD;
  const kq = pairsOf(K);
  const rowBytes = kq << 1;
  const gBytes = <usize>kq << 4; // one group's (or quad's) staged pairs
  // Channel constants: staged at prepare (`preC`, conv_prepare_constants; `preLeft` its result) or here.
  const cp = preC != 0 ? preC : WORK;
  const left = preC != 0 ? preLeft != 0 : prepUniformAll(cp, outD, multPtr, shiftPtr, biasPtr);
  // Gather rows: 4 im2col rows and a row of zeros (filters past outD), 16 bytes of slack each.
  const rowStride = <usize>(rowBytes + 16 + 15) & ~15;
  const rows = ((preC != 0 ? WORK : cp + <usize>outD * UNIFORM_BYTES) + 15) & ~15;
  const zeros = rows + 4 * rowStride;
  fill(zeros, 0, <usize>rowBytes);
  const quads = (outD + 3) >> 2;
  // Filter quads staged at once: all of them by conv_prepare (`pre`), else at most WEIGHT_BUDGET and half the
  // space left (conv_supported: >= 4 units).
  const wsp = pre != 0 ? pre : zeros + rowStride;
  const avail = WORK_END - wsp;
  let chunk = pre != 0 ? quads : <i32>((avail >> 1 < WEIGHT_BUDGET ? avail >> 1 : WEIGHT_BUDGET) / gBytes);
  if (chunk < 1) chunk = 1;
  if (chunk > quads) chunk = quads;
  const tile = pre != 0 ? zeros + rowStride : wsp + <usize>chunk * gBytes;
  let bandGroups = <i32>((WORK_END - tile) / gBytes) & ~3;
  if (bandGroups < 4) bandGroups = 4;
  const pointwise = fH == 1 && fW == 1 && sH == 1 && sW == 1 && padH == 0 && padW == 0 && outH == inH && outW == inW;
  const zp = <u8>(-inOff);

  const outOffV = i32x4.splat(outOff);
  const lo = i32x4.splat(actMin);
  const hi = i32x4.splat(actMax);
  const offV = i16x8.splat(<i16>inOff);
  const zeroV = i16x8.splat(0);
  const nPix = outH * outW;
  if (bandGroups > ((nPix + 15) >> 4) << 2) bandGroups = ((nPix + 15) >> 4) << 2;

  for (let q0 = 0; q0 < quads; q0 += chunk) {
    const q1 = quads - q0 < chunk ? quads : q0 + chunk;
    // Filters of quads [q0, q1): 4 channel rows, zero past K (and past outD), interleaved by pairs.
    for (let q = q0; pre == 0 && q < q1; q++) {
      const r0 = filterRow(rows, fPtr, (q << 2), outD, K, rowBytes, zeros);
      const r1 = filterRow(rows + rowStride, fPtr, (q << 2) + 1, outD, K, rowBytes, zeros);
      const r2 = filterRow(rows + 2 * rowStride, fPtr, (q << 2) + 2, outD, K, rowBytes, zeros);
      const r3 = filterRow(rows + 3 * rowStride, fPtr, (q << 2) + 3, outD, K, rowBytes, zeros);
      stage4(wsp + <usize>(q - q0) * gBytes, r0, r1, r2, r3, kq, zeroV, 16);
    }
    for (let b = 0; b < batches; b++) {
      const inBatch = inPtr + <usize>(b * inH * inW * inD);
      const outBatch = outPtr + <usize>(b * nPix * outD);
      for (let p0 = 0; p0 < nPix; p0 += bandGroups << 2) {
        const np = nPix - p0 < bandGroups << 2 ? nPix - p0 : bandGroups << 2;
        const groups = (np + 3) >> 2;
        // Stage the band's pixel groups.
        let oy = p0 / outW;
        let ox = p0 - oy * outW;
        for (let g = 0; g < groups; g++) {
          let r0: usize, r1: usize, r2: usize, r3: usize;
          const n = np - (g << 2) < 4 ? np - (g << 2) : 4;
          if (pointwise) {
            const p = inBatch + <usize>((p0 + (g << 2)) * inD);
            r0 = p;
            r1 = n > 1 ? p + <usize>inD : p;
            r2 = n > 2 ? p + <usize>(2 * inD) : p;
            r3 = n > 3 ? p + <usize>(3 * inD) : p;
          } else {
            r0 = rows;
            im2col(r0, inBatch, oy, ox, inH, inW, inD, fH, fW, sH, sW, dH, dW, padH, padW, zp);
            if (++ox == outW) { ox = 0; oy++; }
            r1 = r0; r2 = r0; r3 = r0;
            if (n > 1) {
              r1 = rows + rowStride;
              im2col(r1, inBatch, oy, ox, inH, inW, inD, fH, fW, sH, sW, dH, dW, padH, padW, zp);
              if (++ox == outW) { ox = 0; oy++; }
            }
            if (n > 2) {
              r2 = rows + 2 * rowStride;
              im2col(r2, inBatch, oy, ox, inH, inW, inD, fH, fW, sH, sW, dH, dW, padH, padW, zp);
              if (++ox == outW) { ox = 0; oy++; }
            }
            if (n > 3) {
              r3 = rows + 3 * rowStride;
              im2col(r3, inBatch, oy, ox, inH, inW, inD, fH, fW, sH, sW, dH, dW, padH, padW, zp);
              if (++ox == outW) { ox = 0; oy++; }
            }
          }
          // Blocks of 4 groups, interleaved by pairs: group g's pair j at block(g) + 64·j + 16·(g & 3).
          stage4(tile + <usize>(g >> 2) * (gBytes << 2) + (<usize>(g & 3) << 4), r0, r1, r2, r3, kq, offV, 64);
        }
        const out = outBatch + <usize>(p0 * outD);
        if (left) gemm(tile, groups, np, wsp, q0, q1, kq, cp, outD, out, outOffV, lo, hi, true);
        else gemm(tile, groups, np, wsp, q0, q1, kq, cp, outD, out, outOffV, lo, hi, false);
      }
    }
  }
}

/** Bytes conv_prepare writes: every filter quad, staged as conv_int8 stages a chunk. */
export function conv_prepared_bytes(K: i32, outD: i32): i32 {
  return ((outD + 3) >> 2) * (pairsOf(K) << 4);
}

/** Stage, once (at prepare), conv_int8's channel constants at dst (outD · UNIFORM_BYTES); 1 when one shifts left. */
export function conv_prepare_constants(dst: usize, outD: i32, multPtr: usize, shiftPtr: usize, biasPtr: usize): i32 {
  return prepUniformAll(dst, outD, multPtr, shiftPtr, biasPtr) ? 1 : 0;
}

/** Stage, once (at prepare), all of conv_int8's filter quads at dst (16-aligned), for its `pre`. */
export function conv_prepare(dst: usize, fPtr: usize, K: i32, outD: i32): void {
  const kq = pairsOf(K);
  const rowBytes = kq << 1;
  const gBytes = <usize>kq << 4;
  const rowStride = <usize>(rowBytes + 16 + 15) & ~15;
  const rows = (WORK + 15) & ~15;
  const zeros = rows + 4 * rowStride;
  fill(zeros, 0, <usize>rowBytes);
  const zeroV = i16x8.splat(0);
  const quads = (outD + 3) >> 2;
  for (let q = 0; q < quads; q++) {
    const r0 = filterRow(rows, fPtr, (q << 2), outD, K, rowBytes, zeros);
    const r1 = filterRow(rows + rowStride, fPtr, (q << 2) + 1, outD, K, rowBytes, zeros);
    const r2 = filterRow(rows + 2 * rowStride, fPtr, (q << 2) + 2, outD, K, rowBytes, zeros);
    const r3 = filterRow(rows + 3 * rowStride, fPtr, (q << 2) + 3, outD, K, rowBytes, zeros);
    stage4(dst + <usize>q * gBytes, r0, r1, r2, r3, kq, zeroV, 16);
  }
}

/** Filter row of output channel c (K bytes then zeros to rowBytes), or the zero row past outD. */
// @ts-ignore: decorator
@inline
function filterRow(dst: usize, fPtr: usize, c: i32, outD: i32, K: i32, rowBytes: i32, zeros: usize): usize {
  if (c >= outD) return zeros;
  copy(dst, fPtr + <usize>c * <usize>K, <usize>K);
  fill(dst + <usize>K, 0, <usize>(rowBytes - K));
  return dst;
}

/**
 * Output pixel (oy, ox)'s K input values in filter order (zp outside the image) at dst. Bytes after K are left
 * as they are (the staged filters are zero there); runs of up to 16 bytes are moved as one vector whose excess
 * the next run overwrites (dst has 16 bytes of slack past rowBytes).
 */
function im2col(
  dst: usize, inBatch: usize, oy: i32, ox: i32, inH: i32, inW: i32, inD: i32, fH: i32, fW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, padH: i32, padW: i32, zp: u8,
): void {
  const iy0 = oy * sH - padH;
  const ix0 = ox * sW - padW;
  const runBytes = <usize>(fW * inD);
  const zpV = i8x16.splat(<i8>zp);
  let d = dst;
  if (dW == 1 && ix0 >= 0 && ix0 + fW <= inW) {
    const src0 = inBatch + <usize>((iy0 * inW + ix0) * inD);
    const rowStep = <usize>(dH * inW * inD);
    for (let fy = 0; fy < fH; fy++) {
      const iy = iy0 + fy * dH;
      const inside = iy >= 0 && iy < inH;
      if (runBytes <= 16) {
        v128.store(d, inside ? v128.load(src0 + <usize>fy * rowStep) : zpV);
      } else if (inside) {
        copy(d, src0 + <usize>fy * rowStep, runBytes);
      } else {
        fill(d, zp, runBytes);
      }
      d += runBytes;
    }
    return;
  }
  for (let fy = 0; fy < fH; fy++) {
    const iy = iy0 + fy * dH;
    if (iy < 0 || iy >= inH) {
      fill(d, zp, runBytes);
    } else {
      for (let fx = 0; fx < fW; fx++) {
        const ix = ix0 + fx * dW;
        const e = d + <usize>(fx * inD);
        if (ix < 0 || ix >= inW) fill(e, zp, <usize>inD);
        else copy(e, inBatch + <usize>((iy * inW + ix) * inD), <usize>inD);
      }
    }
    d += runBytes;
  }
}

/**
 * Interleave 4 rows of bytes by pairs and widen: for j < kq, 16 bytes at dst + j·stride hold i16
 * (r_i[2j] + off, r_i[2j+1] + off) for i = 0..3. Reads 2·kq bytes of each row (kq a multiple of 4).
 */
function stage4(dst: usize, r0: usize, r1: usize, r2: usize, r3: usize, kq: i32, off: v128, stride: usize): void {
  let j = 0;
  for (; j + 8 <= kq; j += 8) {
    const o = <usize>(j << 1);
    const a = v128.load(r0 + o), b = v128.load(r1 + o), c = v128.load(r2 + o), d = v128.load(r3 + o);
    const abL = i8x16.shuffle(a, b, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
    const cdL = i8x16.shuffle(c, d, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
    const abH = i8x16.shuffle(a, b, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
    const cdH = i8x16.shuffle(c, d, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
    const p01 = i8x16.shuffle(abL, cdL, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
    const p23 = i8x16.shuffle(abL, cdL, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
    const p45 = i8x16.shuffle(abH, cdH, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
    const p67 = i8x16.shuffle(abH, cdH, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
    let t = dst + <usize>j * stride;
    v128.store(t, i16x8.add(i16x8.extend_low_i8x16_s(p01), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_high_i8x16_s(p01), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_low_i8x16_s(p23), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_high_i8x16_s(p23), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_low_i8x16_s(p45), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_high_i8x16_s(p45), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_low_i8x16_s(p67), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_high_i8x16_s(p67), off));
  }
  if (j < kq) {
    // 4 pairs left: 8 bytes of each row.
    const o = <usize>(j << 1);
    const a = v128.load64_zero(r0 + o), b = v128.load64_zero(r1 + o), c = v128.load64_zero(r2 + o), d = v128.load64_zero(r3 + o);
    const abL = i8x16.shuffle(a, b, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
    const cdL = i8x16.shuffle(c, d, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
    const p01 = i8x16.shuffle(abL, cdL, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
    const p23 = i8x16.shuffle(abL, cdL, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
    let t = dst + <usize>j * stride;
    v128.store(t, i16x8.add(i16x8.extend_low_i8x16_s(p01), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_high_i8x16_s(p01), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_low_i8x16_s(p23), off)); t += stride;
    v128.store(t, i16x8.add(i16x8.extend_high_i8x16_s(p23), off));
  }
}

/**
 * GEMM of a staged band: `groups` pixel groups (np pixels) × staged filter quads [q0, q1) (wsp holds quad q0
 * first). Output pixel i of the band at out + i·outD. Blocks of 4 groups (16 pixels) × 2 channels; the last
 * groups in blocks of 2 and 1.
 */
// @ts-ignore: decorator
@inline
function gemm(
  tile: usize, groups: i32, np: i32, wsp: usize, q0: i32, q1: i32, kq: i32, cp: usize, outD: i32, out: usize,
  outOff: v128, lo: v128, hi: v128, left: bool,
): void {
  let g = 0;
  for (; g + 4 <= groups; g += 4) block(4, g, tile, np, wsp, q0, q1, kq, cp, outD, out, outOff, lo, hi, left);
  if (g + 2 <= groups) {
    block(2, g, tile, np, wsp, q0, q1, kq, cp, outD, out, outOff, lo, hi, left);
    g += 2;
  }
  if (g < groups) block(1, g, tile, np, wsp, q0, q1, kq, cp, outD, out, outOff, lo, hi, left);
}

/** P (1, 2 or 4, a constant after inlining) pixel groups from group g × all staged channels, 2 at a time. */
// @ts-ignore: decorator
@inline
function block(
  P: i32, g: i32, tile: usize, np: i32, wsp: usize, q0: i32, q1: i32, kq: i32, cp: usize, outD: i32, out: usize,
  outOff: v128, lo: v128, hi: v128, left: bool,
): void {
  const gBytes = <usize>kq << 4;
  const zero = i32x4.splat(0);
  const x0 = tile + <usize>(g >> 2) * (gBytes << 2); // g is a multiple of 4, or the last groups' block start + 0/2
  const gi = <usize>(g & 3) << 4;
  const rest = np - (g << 2);
  const n0 = rest < 4 ? rest : 4;
  const n1 = rest - 4 < 4 ? rest - 4 : 4;
  const n2 = rest - 8 < 4 ? rest - 8 : 4;
  const n3 = rest - 12 < 4 ? rest - 12 : 4;
  const c0 = q0 << 2;
  const c1 = outD < q1 << 2 ? outD : q1 << 2;
  for (let c = c0; c < c1; c += 2) {
    // Channels c, c + 1: 4-byte pair units at offsets 0/4 or 8/12 of their quad's 16-byte rows.
    const wq = wsp + <usize>((c >> 2) - q0) * gBytes + (<usize>(c & 2) << 2);
    let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
    let b0 = zero, b1 = zero, b2 = zero, b3 = zero;
    let p = x0 + gi, w = wq;
    const wEnd = wq + gBytes;
    while (w < wEnd) {
      const fa = v128.load32_splat(w), fb = v128.load32_splat(w, 4);
      let x = v128.load(p);
      a0 = i32x4.add(a0, i32x4.dot_i16x8_s(x, fa)); b0 = i32x4.add(b0, i32x4.dot_i16x8_s(x, fb));
      if (P >= 2) {
        x = v128.load(p, 16);
        a1 = i32x4.add(a1, i32x4.dot_i16x8_s(x, fa)); b1 = i32x4.add(b1, i32x4.dot_i16x8_s(x, fb));
      }
      if (P >= 4) {
        x = v128.load(p, 32);
        a2 = i32x4.add(a2, i32x4.dot_i16x8_s(x, fa)); b2 = i32x4.add(b2, i32x4.dot_i16x8_s(x, fb));
        x = v128.load(p, 48);
        a3 = i32x4.add(a3, i32x4.dot_i16x8_s(x, fa)); b3 = i32x4.add(b3, i32x4.dot_i16x8_s(x, fb));
      }
      p += 64; w += 16;
    }
    const cpa = cp + <usize>c * UNIFORM_BYTES;
    const cpb = cpa + UNIFORM_BYTES;
    const pair = c + 1 < outD;
    const o = out + <usize>((g << 2) * outD + c);
    const row = <usize>(outD << 2); // 4 pixels
    storeOut(o, outD, n0, pair, requantUniform(a0, cpa, true, left, outOff, lo, hi), requantUniform(b0, cpb, true, left, outOff, lo, hi));
    if (P >= 2 && n1 > 0) storeOut(o + row, outD, n1, pair, requantUniform(a1, cpa, true, left, outOff, lo, hi), requantUniform(b1, cpb, true, left, outOff, lo, hi));
    if (P >= 4 && n2 > 0) storeOut(o + 2 * row, outD, n2, pair, requantUniform(a2, cpa, true, left, outOff, lo, hi), requantUniform(b2, cpb, true, left, outOff, lo, hi));
    if (P >= 4 && n3 > 0) storeOut(o + 3 * row, outD, n3, pair, requantUniform(a3, cpa, true, left, outOff, lo, hi), requantUniform(b3, cpb, true, left, outOff, lo, hi));
  }
}

/** Store n pixels' results of channels c (and c + 1 when `pair`), vectors with lanes = pixels. */
// @ts-ignore: decorator
@inline
function storeOut(p: usize, stride: i32, n: i32, pair: bool, ra: v128, rb: v128): void {
  if (pair) storePairs(p, stride, n, ra, rb);
  else storeLanes(p, stride, n, ra);
}

/** Small copies (memory.copy has a high fixed cost in engines). */
// @ts-ignore: decorator
@inline
export function copy(dst: usize, src: usize, n: usize): void {
  if (n >= 16) {
    let i: usize = 0;
    for (; i + 16 <= n; i += 16) v128.store(dst + i, v128.load(src + i));
    if (i < n) v128.store(dst + n - 16, v128.load(src + n - 16));
  } else {
    let i: usize = 0;
    for (; i + 4 <= n; i += 4) store<u32>(dst + i, load<u32>(src + i));
    for (; i < n; i++) store<u8>(dst + i, load<u8>(src + i));
  }
}

/** Small fills. */
// @ts-ignore: decorator
@inline
export function fill(dst: usize, v: u8, n: usize): void {
  if (n >= 16) {
    const s = i8x16.splat(<i8>v);
    let i: usize = 0;
    for (; i + 16 <= n; i += 16) v128.store(dst + i, s);
    if (i < n) v128.store(dst + n - 16, s);
  } else {
    for (let i: usize = 0; i < n; i++) store<u8>(dst + i, v);
  }
}
