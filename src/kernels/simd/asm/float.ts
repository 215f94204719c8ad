import { copy } from './conv';
import { WORK, WORK_END } from './workspace';

/**
 * float32 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, bit-identical to the reference kernels: every output
 * is its own float32 sum, computed in the reference's order (total = 0; total += x·w tap by tap, each product
 * and sum rounded to float32: wasm f32 arithmetic, no fused multiply-add), then total + bias and the clamp
 * v < min ? min : (v > max ? max : v) (f32x4.pmax / pmin, which keep NaN and signed zeros as that expression
 * does). SIMD only runs independent outputs side by side (4 lanes = 4 pixels or 4 channels); no sum is ever
 * reassociated.
 *
 * CONV_2D stages an im2col tile with zeros for the taps outside the image: total is never −0 (it starts at
 * +0, and round-to-nearest sums give −0 only from two −0 operands), so adding a product 0·w = ±0 leaves it
 * unchanged, exactly as skipping the tap does, provided w is finite (the caller checks that every filter
 * value is finite).
 */

// --------------------------------------------------------------------------------------------------------
// CONV_2D: im2col tile of 4-pixel groups ([k][4 pixels] f32), lanes = pixels, broadcast filter values.
// --------------------------------------------------------------------------------------------------------

/** Whether conv_f32 can run this geometry in the workspace (4 gather rows, 2 filter quads and 4 groups). */
export function conv_f32_supported(K: i32): bool {
  return <i64>K * 4 * (4 + 6 * 4) + 1024 <= <i64>(WORK_END - WORK);
}

const WEIGHT_BUDGET: usize = 512 << 10;

export function conv_f32(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize,
  batches: i32, inH: i32, inW: i32, inD: i32, fH: i32, fW: i32, outH: i32, outW: i32, outD: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, padH: i32, padW: i32, actMin: f32, actMax: f32,
): void {
  const K = fH * fW * inD;
  const rowBytes = <usize>K << 2;
  const rowStride = (rowBytes + 16 + 15) & ~15;
  const rows = WORK;
  const gBytes = <usize>K << 4; // one staged group (or filter quad): [k][4] f32
  const wsp = rows + 4 * rowStride;
  // Filter quads staged at once (transposed to [k][4 channels]): at most WEIGHT_BUDGET and half the space.
  const quads = (outD + 3) >> 2;
  const avail = WORK_END - wsp;
  let chunk = <i32>((avail >> 1 < WEIGHT_BUDGET ? avail >> 1 : WEIGHT_BUDGET) / gBytes);
  if (chunk < 1) chunk = 1;
  if (chunk > quads) chunk = quads;
  const tile = wsp + <usize>chunk * gBytes;
  let bandGroups = <i32>((WORK_END - tile) / gBytes) & ~1;
  if (bandGroups < 2) bandGroups = 2;
  const nPix = outH * outW;
  if (bandGroups > ((nPix + 7) >> 3) << 1) bandGroups = ((nPix + 7) >> 3) << 1;
  const pointwise = fH == 1 && fW == 1 && sH == 1 && sW == 1 && padH == 0 && padW == 0 && outH == inH && outW == inW;
  const lo = f32x4.splat(actMin);
  const hi = f32x4.splat(actMax);
  for (let q0 = 0; q0 < quads; q0 += chunk) {
    const q1 = quads - q0 < chunk ? quads : q0 + chunk;
    for (let q = q0; q < q1; q++) {
      // Channel rows 4q..4q+3 (the last one repeated past outD: those lanes are never stored).
      const c = q << 2;
      const w0 = fPtr + <usize>c * rowBytes;
      transpose4(wsp + <usize>(q - q0) * gBytes, w0, c + 1 < outD ? w0 + rowBytes : w0,
        c + 2 < outD ? w0 + 2 * rowBytes : w0, c + 3 < outD ? w0 + 3 * rowBytes : w0, K);
    }
    for (let b = 0; b < batches; b++) {
      const inBatch = inPtr + (<usize>(b * inH * inW * inD) << 2);
      const outBatch = outPtr + (<usize>(b * nPix * outD) << 2);
      for (let p0 = 0; p0 < nPix; p0 += bandGroups << 2) {
        const np = nPix - p0 < bandGroups << 2 ? nPix - p0 : bandGroups << 2;
        const groups = (np + 3) >> 2;
        let oy = p0 / outW;
        let ox = p0 - oy * outW;
        for (let g = 0; g < groups; g++) {
          const n = np - (g << 2) < 4 ? np - (g << 2) : 4;
          let r0: usize, r1: usize, r2: usize, r3: usize;
          if (pointwise) {
            const p = inBatch + (<usize>((p0 + (g << 2)) * inD) << 2);
            r0 = p;
            r1 = n > 1 ? p + rowBytes : p;
            r2 = n > 2 ? p + 2 * rowBytes : p;
            r3 = n > 3 ? p + 3 * rowBytes : p;
          } else {
            r0 = rows;
            im2colF(r0, inBatch, oy, ox, inH, inW, inD, fH, fW, sH, sW, dH, dW, padH, padW);
            if (++ox == outW) { ox = 0; oy++; }
            r1 = r0; r2 = r0; r3 = r0;
            if (n > 1) {
              r1 = rows + rowStride;
              im2colF(r1, inBatch, oy, ox, inH, inW, inD, fH, fW, sH, sW, dH, dW, padH, padW);
              if (++ox == outW) { ox = 0; oy++; }
            }
            if (n > 2) {
              r2 = rows + 2 * rowStride;
              im2colF(r2, inBatch, oy, ox, inH, inW, inD, fH, fW, sH, sW, dH, dW, padH, padW);
              if (++ox == outW) { ox = 0; oy++; }
            }
            if (n > 3) {
              r3 = rows + 3 * rowStride;
              im2colF(r3, inBatch, oy, ox, inH, inW, inD, fH, fW, sH, sW, dH, dW, padH, padW);
              if (++ox == outW) { ox = 0; oy++; }
            }
          }
          transpose4(tile + <usize>g * gBytes, r0, r1, r2, r3, K);
        }
        gemmF(tile, groups, np, wsp, q0, q1, biasPtr, K, outD, outBatch + (<usize>(p0 * outD) << 2), lo, hi);
      }
    }
  }
}

/** Output pixel (oy, ox)'s K input values in filter order, 0 outside the image. */
function im2colF(
  dst: usize, inBatch: usize, oy: i32, ox: i32, inH: i32, inW: i32, inD: i32, fH: i32, fW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, padH: i32, padW: i32,
): void {
  const iy0 = oy * sH - padH;
  const ix0 = ox * sW - padW;
  const run = <usize>(inD << 2);
  let d = dst;
  for (let fy = 0; fy < fH; fy++) {
    const iy = iy0 + fy * dH;
    for (let fx = 0; fx < fW; fx++) {
      const ix = ix0 + fx * dW;
      if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) memory.fill(d, 0, run);
      else copy(d, inBatch + (<usize>((iy * inW + ix) * inD) << 2), run);
      d += run;
    }
  }
}

/** dst[k][i] = r_i[k] for k < K (f32): 4x4 transposes, then single values. */
function transpose4(dst: usize, r0: usize, r1: usize, r2: usize, r3: usize, K: i32): void {
  let k = 0;
  for (; k + 4 <= K; k += 4) {
    const o = <usize>k << 2;
    const a = v128.load(r0 + o), b = v128.load(r1 + o), c = v128.load(r2 + o), d = v128.load(r3 + o);
    const ab0 = i32x4.shuffle(a, b, 0, 4, 1, 5), ab1 = i32x4.shuffle(a, b, 2, 6, 3, 7);
    const cd0 = i32x4.shuffle(c, d, 0, 4, 1, 5), cd1 = i32x4.shuffle(c, d, 2, 6, 3, 7);
    const t = dst + (<usize>k << 4);
    v128.store(t, i64x2.shuffle(ab0, cd0, 0, 2));
    v128.store(t, i64x2.shuffle(ab0, cd0, 1, 3), 16);
    v128.store(t, i64x2.shuffle(ab1, cd1, 0, 2), 32);
    v128.store(t, i64x2.shuffle(ab1, cd1, 1, 3), 48);
  }
  for (; k < K; k++) {
    const o = <usize>k << 2;
    const t = dst + (<usize>k << 4);
    store<f32>(t, load<f32>(r0 + o));
    store<f32>(t, load<f32>(r1 + o), 4);
    store<f32>(t, load<f32>(r2 + o), 8);
    store<f32>(t, load<f32>(r3 + o), 12);
  }
}

/** Staged groups × staged filter quads [q0, q1): 2 groups (8 pixels) × 4 channels at a time. */
function gemmF(tile: usize, groups: i32, np: i32, wsp: usize, q0: i32, q1: i32, biasPtr: usize, K: i32, outD: i32, out: usize, lo: v128, hi: v128): void {
  const gBytes = <usize>K << 4;
  const zero = f32x4.splat(0);
  for (let g = 0; g < groups; g += 2) {
    const x0 = tile + <usize>g * gBytes;
    const two = g + 1 < groups;
    const x1 = two ? x0 + gBytes : x0;
    const rest = np - (g << 2);
    const n0 = rest < 4 ? rest : 4;
    const n1 = rest - 4 < 4 ? rest - 4 : 4;
    for (let q = q0; q < q1; q++) {
      let w = wsp + <usize>(q - q0) * gBytes;
      let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
      let b0 = zero, b1 = zero, b2 = zero, b3 = zero;
      let pa = x0, pb = x1;
      const pEnd = x0 + gBytes;
      while (pa < pEnd) {
        const xa = v128.load(pa), xb = v128.load(pb);
        let f = v128.load32_splat(w);
        a0 = f32x4.add(a0, f32x4.mul(xa, f)); b0 = f32x4.add(b0, f32x4.mul(xb, f));
        f = v128.load32_splat(w, 4);
        a1 = f32x4.add(a1, f32x4.mul(xa, f)); b1 = f32x4.add(b1, f32x4.mul(xb, f));
        f = v128.load32_splat(w, 8);
        a2 = f32x4.add(a2, f32x4.mul(xa, f)); b2 = f32x4.add(b2, f32x4.mul(xb, f));
        f = v128.load32_splat(w, 12);
        a3 = f32x4.add(a3, f32x4.mul(xa, f)); b3 = f32x4.add(b3, f32x4.mul(xb, f));
        pa += 16; pb += 16; w += 16;
      }
      const c = q << 2;
      const nc = outD - c < 4 ? outD - c : 4;
      storeF(out + (<usize>((g << 2) * outD + c) << 2), outD, n0, nc, biasPtr, c, a0, a1, a2, a3, lo, hi);
      if (two) storeF(out + (<usize>(((g + 1) << 2) * outD + c) << 2), outD, n1, nc, biasPtr, c, b0, b1, b2, b3, lo, hi);
    }
  }
}

/** total + bias (0 without one, as TFLM) and the clamp, per lane. */
// @ts-ignore: decorator
@inline
function finish(v: v128, bias: v128, lo: v128, hi: v128): v128 {
  return f32x4.pmin(f32x4.pmax(f32x4.add(v, bias), lo), hi);
}

/**
 * Channels c .. c + nc − 1 (vectors a0..a3, lanes = pixels) of n pixels: bias, clamp, and stores of nc floats
 * per pixel at p, p + 4·stride, …
 */
// @ts-ignore: decorator
@inline
function storeF(p: usize, stride: i32, n: i32, nc: i32, biasPtr: usize, c: i32, a0: v128, a1: v128, a2: v128, a3: v128, lo: v128, hi: v128): void {
  const zero = f32x4.splat(0);
  const bp = biasPtr + (<usize>c << 2);
  const v0 = finish(a0, biasPtr != 0 ? v128.load32_splat(bp) : zero, lo, hi);
  const v1 = finish(a1, biasPtr != 0 && nc > 1 ? v128.load32_splat(bp, 4) : zero, lo, hi);
  const v2 = finish(a2, biasPtr != 0 && nc > 2 ? v128.load32_splat(bp, 8) : zero, lo, hi);
  const v3 = finish(a3, biasPtr != 0 && nc > 3 ? v128.load32_splat(bp, 12) : zero, lo, hi);
  // Transpose to pixel vectors (lanes = channels).
  const ab0 = i32x4.shuffle(v0, v1, 0, 4, 1, 5), ab1 = i32x4.shuffle(v0, v1, 2, 6, 3, 7);
  const cd0 = i32x4.shuffle(v2, v3, 0, 4, 1, 5), cd1 = i32x4.shuffle(v2, v3, 2, 6, 3, 7);
  const s = <usize>stride << 2;
  storeRun(p, i64x2.shuffle(ab0, cd0, 0, 2), nc);
  if (n > 1) storeRun(p + s, i64x2.shuffle(ab0, cd0, 1, 3), nc);
  if (n > 2) storeRun(p + 2 * s, i64x2.shuffle(ab1, cd1, 0, 2), nc);
  if (n > 3) storeRun(p + 3 * s, i64x2.shuffle(ab1, cd1, 1, 3), nc);
}

/** Store the first nc (1..4) f32 lanes of v at p. */
// @ts-ignore: decorator
@inline
function storeRun(p: usize, v: v128, nc: i32): void {
  if (nc == 4) v128.store(p, v);
  else {
    v128.store32_lane(p, v, 0);
    if (nc > 1) v128.store32_lane(p + 4, v, 1);
    if (nc > 2) v128.store32_lane(p + 8, v, 2);
  }
}

// --------------------------------------------------------------------------------------------------------
// DEPTHWISE_CONV_2D (depth multiplier 1): lanes = channels, the taps inside the image in (fy, fx) order.
// --------------------------------------------------------------------------------------------------------

export function dw_f32(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize,
  batches: i32, inH: i32, inW: i32, inD: i32, fH: i32, fW: i32, outH: i32, outW: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, padH: i32, padW: i32, actMin: f32, actMax: f32,
): void {
  const lo = f32x4.splat(actMin);
  const hi = f32x4.splat(actMax);
  const zero = f32x4.splat(0);
  const cBytes = <usize>inD << 2;
  const wRow = <usize>(fW * inD) << 2;
  const v16 = inD & ~15;
  const v4 = inD & ~3;
  for (let b = 0; b < batches; b++) {
    const inBatch = inPtr + <usize>(b * inH * inW) * cBytes;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      let fy0 = 0;
      while (fy0 < fH && iy0 + fy0 * dH < 0) fy0++;
      let fy1 = fH;
      while (fy1 > fy0 && iy0 + (fy1 - 1) * dH >= inH) fy1--;
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * sW - padW;
        let fx0 = 0;
        while (fx0 < fW && ix0 + fx0 * dW < 0) fx0++;
        let fx1 = fW;
        while (fx1 > fx0 && ix0 + (fx1 - 1) * dW >= inW) fx1--;
        const out = outPtr + <usize>(((b * outH + oy) * outW + ox)) * cBytes;
        let c = 0;
        for (; c < v16; c += 16) {
          const co = <usize>c << 2;
          let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
          for (let fy = fy0; fy < fy1; fy++) {
            const xr = inBatch + <usize>((iy0 + fy * dH) * inW) * cBytes + co;
            const wr = fPtr + <usize>fy * wRow + co;
            for (let fx = fx0; fx < fx1; fx++) {
              const x = xr + <usize>(ix0 + fx * dW) * cBytes;
              const w = wr + <usize>fx * cBytes;
              a0 = f32x4.add(a0, f32x4.mul(v128.load(x), v128.load(w)));
              a1 = f32x4.add(a1, f32x4.mul(v128.load(x, 16), v128.load(w, 16)));
              a2 = f32x4.add(a2, f32x4.mul(v128.load(x, 32), v128.load(w, 32)));
              a3 = f32x4.add(a3, f32x4.mul(v128.load(x, 48), v128.load(w, 48)));
            }
          }
          const o = out + co;
          const bp = biasPtr + co;
          v128.store(o, finish(a0, biasPtr != 0 ? v128.load(bp) : zero, lo, hi));
          v128.store(o, finish(a1, biasPtr != 0 ? v128.load(bp, 16) : zero, lo, hi), 16);
          v128.store(o, finish(a2, biasPtr != 0 ? v128.load(bp, 32) : zero, lo, hi), 32);
          v128.store(o, finish(a3, biasPtr != 0 ? v128.load(bp, 48) : zero, lo, hi), 48);
        }
        for (; c < v4; c += 4) {
          const co = <usize>c << 2;
          let a0 = zero;
          for (let fy = fy0; fy < fy1; fy++) {
            const xr = inBatch + <usize>((iy0 + fy * dH) * inW) * cBytes + co;
            const wr = fPtr + <usize>fy * wRow + co;
            for (let fx = fx0; fx < fx1; fx++) {
              a0 = f32x4.add(a0, f32x4.mul(v128.load(xr + <usize>(ix0 + fx * dW) * cBytes), v128.load(wr + <usize>fx * cBytes)));
            }
          }
          v128.store(out + co, finish(a0, biasPtr != 0 ? v128.load(biasPtr + co) : zero, lo, hi));
        }
        for (; c < inD; c++) {
          const co = <usize>c << 2;
          let a: f32 = 0;
          for (let fy = fy0; fy < fy1; fy++) {
            const xr = inBatch + <usize>((iy0 + fy * dH) * inW) * cBytes + co;
            const wr = fPtr + <usize>fy * wRow + co;
            for (let fx = fx0; fx < fx1; fx++) a += load<f32>(xr + <usize>(ix0 + fx * dW) * cBytes) * load<f32>(wr + <usize>fx * cBytes);
          }
          let v: f32 = a + (biasPtr != 0 ? load<f32>(biasPtr + co) : 0);
          v = v < actMin ? actMin : v > actMax ? actMax : v;
          store<f32>(out + co, v);
        }
      }
    }
  }
}

// --------------------------------------------------------------------------------------------------------
// FULLY_CONNECTED: lanes = 4 units; 4x4 transposes of the filter rows give, per input index, the 4 units'
// filter values. With a bias: total + bias; without: total (as the reference).
// --------------------------------------------------------------------------------------------------------

export function fc_f32(inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize, batches: i32, units: i32, depth: i32, actMin: f32, actMax: f32): void {
  const lo = f32x4.splat(actMin);
  const hi = f32x4.splat(actMax);
  const zero = f32x4.splat(0);
  const row = <usize>depth << 2;
  const d4 = depth & ~3;
  for (let b = 0; b < batches; b++) {
    const x = inPtr + <usize>b * row;
    const out = outPtr + (<usize>(b * units) << 2);
    let u = 0;
    for (; u + 4 <= units; u += 4) {
      const w0 = fPtr + <usize>u * row;
      const w1 = w0 + row, w2 = w1 + row, w3 = w2 + row;
      let acc = zero;
      let d = 0;
      for (; d < d4; d += 4) {
        const o = <usize>d << 2;
        const xv = v128.load(x + o);
        const a = v128.load(w0 + o), bb = v128.load(w1 + o), c = v128.load(w2 + o), e = v128.load(w3 + o);
        const ab0 = i32x4.shuffle(a, bb, 0, 4, 1, 5), ab1 = i32x4.shuffle(a, bb, 2, 6, 3, 7);
        const ce0 = i32x4.shuffle(c, e, 0, 4, 1, 5), ce1 = i32x4.shuffle(c, e, 2, 6, 3, 7);
        // Lane l of the column vectors: unit u + l's filter values at d, d + 1, d + 2, d + 3 — added in order.
        acc = f32x4.add(acc, f32x4.mul(i64x2.shuffle(ab0, ce0, 0, 2), i32x4.shuffle(xv, xv, 0, 0, 0, 0)));
        acc = f32x4.add(acc, f32x4.mul(i64x2.shuffle(ab0, ce0, 1, 3), i32x4.shuffle(xv, xv, 1, 1, 1, 1)));
        acc = f32x4.add(acc, f32x4.mul(i64x2.shuffle(ab1, ce1, 0, 2), i32x4.shuffle(xv, xv, 2, 2, 2, 2)));
        acc = f32x4.add(acc, f32x4.mul(i64x2.shuffle(ab1, ce1, 1, 3), i32x4.shuffle(xv, xv, 3, 3, 3, 3)));
      }
      for (; d < depth; d++) {
        const o = <usize>d << 2;
        let wv = v128.load32_zero(w0 + o);
        wv = f32x4.replace_lane(wv, 1, load<f32>(w1 + o));
        wv = f32x4.replace_lane(wv, 2, load<f32>(w2 + o));
        wv = f32x4.replace_lane(wv, 3, load<f32>(w3 + o));
        acc = f32x4.add(acc, f32x4.mul(wv, v128.load32_splat(x + o)));
      }
      if (biasPtr != 0) acc = f32x4.add(acc, v128.load(biasPtr + (<usize>u << 2)));
      v128.store(out + (<usize>u << 2), f32x4.pmin(f32x4.pmax(acc, lo), hi));
    }
    for (; u < units; u++) {
      const w = fPtr + <usize>u * row;
      let total: f32 = 0;
      for (let d = 0; d < depth; d++) total += load<f32>(x + (<usize>d << 2)) * load<f32>(w + (<usize>d << 2));
      if (biasPtr != 0) total += load<f32>(biasPtr + (<usize>u << 2));
      store<f32>(out + (<usize>u << 2), total < actMin ? actMin : total > actMax ? actMax : total);
    }
  }
}
