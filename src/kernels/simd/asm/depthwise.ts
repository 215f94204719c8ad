import { prepUniformAll, requantUniform, UNIFORM_BYTES } from './requantize';
import { WORK, WORK_END } from './workspace';

/**
 * int8 DEPTHWISE_CONV_2D (reference_integer_ops::DepthwiseConvPerChannel), NHWC input, filter [1, fH, fW, outD];
 * output channel oc = ic·depthMultiplier + m reads input channel ic.
 *
 * The input rows of a band of output rows are staged in the workspace as i16 x + inOff per output channel
 * (each input channel repeated depthMultiplier times), with zeros for the padding around the image: padded taps
 * then contribute 0, as the taps TFLM skips, and every pixel runs the same loop.
 *
 * MACs: lanes are 8 output channels; two taps' values are interleaved (i16x8 shuffles) and multiplied with the
 * two taps' interleaved filter values (staged once per call) by i32x4.dot_i16x8_s, which adds the two products
 * (|x + inOff| ≤ 255, |f| ≤ 128: |pair| < 2^17). An odd last tap pairs with a zero filter value. Accumulators
 * wrap as int32, like the reference's.
 *
 * Requantization: 4 pixels are computed together; their 4×8 sums are transposed so that each channel's 4
 * pixels share a vector, requantized lane-uniformly with the channel's staged constants (requantUniform), and
 * transposed back to bytes.
 */

/** Workspace layout of one call: [channel constants | tap offsets | paired filters | swizzles | i16 tile]. */
function layout(outD: i32, taps: i32): usize {
  const pairs = (taps + 1) >> 1;
  const blocks = (outD + 7) >> 3;
  return ((WORK + <usize>outD * UNIFORM_BYTES + <usize>(pairs * 2) * 4 + 15) & ~15) + <usize>(pairs * blocks * 32) + <usize>(blocks * 16);
}

/** Staging swizzles of the current call (in the workspace). */
let SWZ: usize = 0;

/** Whether dw_int8 can run this geometry (constants, filters and one output row's tile fit the workspace). */
export function dw_supported(inW: i32, fH: i32, fW: i32, outW: i32, outD: i32, sW: i32, dH: i32, dW: i32, padW: i32): bool {
  const span = (outW - 1) * sW + (fW - 1) * dW + 1;
  const right = span - padW - inW;
  const tW = padW + inW + (right > 0 ? right : 0);
  const tile = <i64>((layout(outD, fH * fW) + 15) & ~15);
  // The tile's channel stride is rounded up to 8 lanes.
  return tile + <i64>((fH - 1) * dH + 1) * tW * (((outD + 7) & ~7) * 2) + 32 <= <i64>WORK_END;
}

/** Bytes dw_prepare writes for outD channels and taps taps. */
export function dw_prepared_bytes(outD: i32, taps: i32): i32 {
  return outD * <i32>UNIFORM_BYTES + ((taps + 1) >> 1) * ((outD + 7) >> 3) * 32;
}

/**
 * Stage, once (at prepare), what dw_int8 otherwise stages at every call: the channel constants (prepUniformAll)
 * then the paired filters, at dst (16-aligned, dw_prepared_bytes). Returns 1 when a channel shifts left.
 */
export function dw_prepare(dst: usize, fPtr: usize, biasPtr: usize, multPtr: usize, shiftPtr: usize, outD: i32, taps: i32): i32 {
  const left = prepUniformAll(dst, outD, multPtr, shiftPtr, biasPtr);
  pairFilters(dst + <usize>outD * UNIFORM_BYTES, fPtr, outD, taps);
  return left ? 1 : 0;
}

/** `pre`: 0, or what dw_prepare staged for this call's filter and constants (`preLeft`: its result). */
export function dw_int8(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize, multPtr: usize, shiftPtr: usize,
  batches: i32, inH: i32, inW: i32, inD: i32, fH: i32, fW: i32, outH: i32, outW: i32, outD: i32, dm: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, padH: i32, padW: i32,
  inOff: i32, outOff: i32, actMin: i32, actMax: i32, pre: usize, preLeft: i32,
): void {
  const taps = fH * fW;
  const pairs = (taps + 1) >> 1;
  const blocks = (outD + 7) >> 3;
  const cD = blocks << 3; // tile channels (lanes), outD rounded up to 8
  const cp = pre != 0 ? pre : WORK;
  const left = pre != 0 ? preLeft != 0 : prepUniformAll(cp, outD, multPtr, shiftPtr, biasPtr);
  // Tile geometry.
  const span = (outW - 1) * sW + (fW - 1) * dW + 1;
  const right = span - padW - inW;
  const tW = padW + inW + (right > 0 ? right : 0);
  const rowElems = tW * cD;
  const rowBytes = rowElems << 1;
  // Tap offsets (bytes in the tile, relative to a pixel's first tap), padded to an even count.
  const toff = pre != 0 ? WORK : cp + <usize>outD * UNIFORM_BYTES;
  for (let t = 0; t < pairs * 2; t++) {
    const tt = t < taps ? t : taps - 1;
    const fy = tt / fW;
    const fx = tt - fy * fW;
    store<i32>(toff + (<usize>t << 2), (fy * dH * rowElems + fx * dW * cD) << 1);
  }
  // Paired filters (pairFilters), staged here unless dw_prepare did.
  const after = (toff + <usize>(pairs * 2) * 4 + 15) & ~15;
  const wsp = pre != 0 ? pre + <usize>outD * UNIFORM_BYTES : after;
  if (pre == 0) pairFilters(wsp, fPtr, outD, taps);
  // Swizzles of the staging (lane l of block g: input channel (8g + l) / dm, relative to (8g) / dm; lanes past
  // outD take 0 via an out-of-range index).
  SWZ = pre != 0 ? after : wsp + <usize>(pairs * blocks * 32);
  // Only stageRows' general path reads them (not depth multiplier 1 with whole blocks, nor one input channel).
  const general = !(dm == 1 && cD == inD) && !(inD == 1 && cD == 8);
  for (let g = 0; general && g < blocks; g++) {
    for (let l = 0; l < 16; l++) {
      const c = (g << 3) + l;
      store<u8>(SWZ + <usize>((g << 4) + l), l < 8 && c < outD ? <u8>(c / dm - (g << 3) / dm) : 0x80);
    }
  }
  const tile = (SWZ + <usize>(blocks * 16) + 15) & ~15;
  const fitRows = <i32>((WORK_END - tile - 32) / <usize>rowBytes);
  let band = (fitRows - (fH - 1) * dH - 1) / sH + 1;
  if (band > outH) band = outH;
  if (band < 1) band = 1; // dw_supported guarantees one row fits

  const outOffV = i32x4.splat(outOff);
  const lo = i32x4.splat(actMin);
  const hi = i32x4.splat(actMax);
  const pixStride = (sW * cD) << 1;
  const bandRowStride = sH * rowBytes;
  for (let b = 0; b < batches; b++) {
    const inBatch = inPtr + <usize>(b * inH * inW * inD);
    for (let oy0 = 0; oy0 < outH; oy0 += band) {
      const oy1 = outH - oy0 < band ? outH : oy0 + band;
      const iy0 = oy0 * sH - padH;
      const nRows = (oy1 - oy0 - 1) * sH + (fH - 1) * dH + 1;
      stageRows(tile, inBatch, iy0, nRows, inH, inW, inD, dm, cD, padW, tW, inOff);
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
        if (left) pixels4(x0, x1, x2, x3, np, out0 + <usize>(p * outD), outD, blocks, pairs, toff, wsp, cp, biasPtr, outOffV, lo, hi, true);
        else pixels4(x0, x1, x2, x3, np, out0 + <usize>(p * outD), outD, blocks, pairs, toff, wsp, cp, biasPtr, outOffV, lo, hi, false);
      }
    }
  }
}

/**
 * Stage input rows iy0 .. iy0 + nRows − 1 as i16 x + inOff per output channel (cD lanes per pixel, lanes past
 * outD zero), padW zero pixels on the left and zeros after the image; rows outside the image are all zeros.
 */
function stageRows(tile: usize, inBatch: usize, iy0: i32, nRows: i32, inH: i32, inW: i32, inD: i32, dm: i32, cD: i32, padW: i32, tW: i32, inOff: i32): void {
  const off = i16x8.splat(<i16>inOff);
  const rowBytes = <usize>(tW * cD) << 1;
  const pixBytes = <usize>cD << 1;
  const lead = <usize>padW * pixBytes;
  const body = <usize>inW * pixBytes;
  const outD = inD * dm;
  for (let r = 0; r < nRows; r++) {
    const iy = iy0 + r;
    const dst = tile + <usize>r * rowBytes;
    if (iy < 0 || iy >= inH) {
      memory.fill(dst, 0, rowBytes);
      continue;
    }
    if (lead > 0) memory.fill(dst, 0, lead);
    const src = inBatch + <usize>(iy * inW * inD);
    const d = dst + lead;
    if (dm == 1 && cD == inD) {
      const count = inW * inD;
      let i = 0;
      for (; i + 16 <= count; i += 16) {
        const v = v128.load(src + <usize>i);
        v128.store(d + (<usize>i << 1), i16x8.add(i16x8.extend_low_i8x16_s(v), off));
        v128.store(d + (<usize>i << 1), i16x8.add(i16x8.extend_high_i8x16_s(v), off), 16);
      }
      for (; i < count; i++) store<i16>(d + (<usize>i << 1), <i16>(<i32>load<i8>(src + <usize>i) + inOff));
    } else if (inD == 1 && cD == 8) {
      // One input channel, at most 8 output channels: every lane of a pixel is its one value (the filter is
      // zero past outD), 8 pixels at a time.
      let x = 0;
      for (; x + 8 <= inW; x += 8) {
        const v = i16x8.add(v128.load8x8_s(src + <usize>x), off);
        const e = d + (<usize>x << 4);
        v128.store(e, i16x8.shuffle(v, v, 0, 0, 0, 0, 0, 0, 0, 0));
        v128.store(e, i16x8.shuffle(v, v, 1, 1, 1, 1, 1, 1, 1, 1), 16);
        v128.store(e, i16x8.shuffle(v, v, 2, 2, 2, 2, 2, 2, 2, 2), 32);
        v128.store(e, i16x8.shuffle(v, v, 3, 3, 3, 3, 3, 3, 3, 3), 48);
        v128.store(e, i16x8.shuffle(v, v, 4, 4, 4, 4, 4, 4, 4, 4), 64);
        v128.store(e, i16x8.shuffle(v, v, 5, 5, 5, 5, 5, 5, 5, 5), 80);
        v128.store(e, i16x8.shuffle(v, v, 6, 6, 6, 6, 6, 6, 6, 6), 96);
        v128.store(e, i16x8.shuffle(v, v, 7, 7, 7, 7, 7, 7, 7, 7), 112);
      }
      for (; x < inW; x++) v128.store(d + (<usize>x << 4), i16x8.splat(<i16>(<i32>load<i8>(src + <usize>x) + inOff)));
    } else {
      // Block g of a pixel's lanes: the 16 input bytes from channel 8g / dm, rearranged by its swizzle.
      const blocks = cD >> 3;
      for (let x = 0; x < inW; x++) {
        const s = src + <usize>(x * inD);
        const e = d + <usize>x * pixBytes;
        for (let g = 0; g < blocks; g++) {
          const v = i8x16.swizzle(v128.load(s + <usize>((g << 3) / dm)), v128.load(SWZ + (<usize>g << 4)));
          v128.store(e + (<usize>g << 4), i16x8.add(i16x8.extend_low_i8x16_s(v), off));
        }
      }
    }
    const tail = rowBytes - lead - body;
    if (tail > 0) memory.fill(d + body, 0, tail);
  }
}

/**
 * 4 pixels (x0..x3: each pixel's first tap in the tile), all output channels in blocks of 8. The accumulators
 * start at the bias (lanes past outD read whatever follows it; their results are never stored).
 */
// @ts-ignore: decorator
@inline
function pixels4(
  x0: usize, x1: usize, x2: usize, x3: usize, nPix: i32, out: usize, outD: i32, blocks: i32, pairs: i32,
  toff: usize, wsp: usize, cp: usize, biasPtr: usize, outOff: v128, lo: v128, hi: v128, left: bool,
): void {
  const zero = i32x4.splat(0);
  const wStride = <usize>(blocks * 32);
  for (let g = 0; g < blocks; g++) {
    const ba = biasPtr != 0 ? v128.load(biasPtr + (<usize>g << 5)) : zero;
    const bb = biasPtr != 0 ? v128.load(biasPtr + (<usize>g << 5), 16) : zero;
    let a0 = ba, a1 = ba, a2 = ba, a3 = ba;
    let b0 = bb, b1 = bb, b2 = bb, b3 = bb;
    const c2 = <usize>g << 4; // byte offset of the block's first lane in a tile pixel
    let w = wsp + <usize>(g * 32);
    for (let k = 0; k < pairs; k++) {
      const oa = <usize>load<i32>(toff + (<usize>k << 3)) + c2;
      const ob = <usize>load<i32>(toff + (<usize>k << 3), 4) + c2;
      const wl = v128.load(w);
      const wh = v128.load(w, 16);
      w += wStride;
      let xa = v128.load(x0 + oa), xb = v128.load(x0 + ob);
      a0 = i32x4.add(a0, i32x4.dot_i16x8_s(i16x8.shuffle(xa, xb, 0, 8, 1, 9, 2, 10, 3, 11), wl));
      b0 = i32x4.add(b0, i32x4.dot_i16x8_s(i16x8.shuffle(xa, xb, 4, 12, 5, 13, 6, 14, 7, 15), wh));
      xa = v128.load(x1 + oa); xb = v128.load(x1 + ob);
      a1 = i32x4.add(a1, i32x4.dot_i16x8_s(i16x8.shuffle(xa, xb, 0, 8, 1, 9, 2, 10, 3, 11), wl));
      b1 = i32x4.add(b1, i32x4.dot_i16x8_s(i16x8.shuffle(xa, xb, 4, 12, 5, 13, 6, 14, 7, 15), wh));
      xa = v128.load(x2 + oa); xb = v128.load(x2 + ob);
      a2 = i32x4.add(a2, i32x4.dot_i16x8_s(i16x8.shuffle(xa, xb, 0, 8, 1, 9, 2, 10, 3, 11), wl));
      b2 = i32x4.add(b2, i32x4.dot_i16x8_s(i16x8.shuffle(xa, xb, 4, 12, 5, 13, 6, 14, 7, 15), wh));
      xa = v128.load(x3 + oa); xb = v128.load(x3 + ob);
      a3 = i32x4.add(a3, i32x4.dot_i16x8_s(i16x8.shuffle(xa, xb, 0, 8, 1, 9, 2, 10, 3, 11), wl));
      b3 = i32x4.add(b3, i32x4.dot_i16x8_s(i16x8.shuffle(xa, xb, 4, 12, 5, 13, 6, 14, 7, 15), wh));
    }
    // Transpose: pixel vectors (lanes = channels) → channel vectors (lanes = pixels).
    const c = g << 3;
    const cpc = cp + <usize>c * UNIFORM_BYTES;
    const t0 = i32x4.shuffle(a0, a1, 0, 4, 1, 5), t1 = i32x4.shuffle(a2, a3, 0, 4, 1, 5);
    const t2 = i32x4.shuffle(a0, a1, 2, 6, 3, 7), t3 = i32x4.shuffle(a2, a3, 2, 6, 3, 7);
    const r0 = requantUniform(i32x4.shuffle(t0, t1, 0, 1, 4, 5), cpc, false, left, outOff, lo, hi);
    const r1 = requantUniform(i32x4.shuffle(t0, t1, 2, 3, 6, 7), cpc + UNIFORM_BYTES, false, left, outOff, lo, hi);
    const r2 = requantUniform(i32x4.shuffle(t2, t3, 0, 1, 4, 5), cpc + 2 * UNIFORM_BYTES, false, left, outOff, lo, hi);
    const r3 = requantUniform(i32x4.shuffle(t2, t3, 2, 3, 6, 7), cpc + 3 * UNIFORM_BYTES, false, left, outOff, lo, hi);
    const u0 = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(r0, r1), i16x8.narrow_i32x4_s(r2, r3));
    let u1 = u0;
    if (outD - c > 4) {
      const s0 = i32x4.shuffle(b0, b1, 0, 4, 1, 5), s1 = i32x4.shuffle(b2, b3, 0, 4, 1, 5);
      const s2 = i32x4.shuffle(b0, b1, 2, 6, 3, 7), s3 = i32x4.shuffle(b2, b3, 2, 6, 3, 7);
      const q0 = requantUniform(i32x4.shuffle(s0, s1, 0, 1, 4, 5), cpc + 4 * UNIFORM_BYTES, false, left, outOff, lo, hi);
      const q1 = requantUniform(i32x4.shuffle(s0, s1, 2, 3, 6, 7), cpc + 5 * UNIFORM_BYTES, false, left, outOff, lo, hi);
      const q2 = requantUniform(i32x4.shuffle(s2, s3, 0, 1, 4, 5), cpc + 6 * UNIFORM_BYTES, false, left, outOff, lo, hi);
      const q3 = requantUniform(i32x4.shuffle(s2, s3, 2, 3, 6, 7), cpc + 7 * UNIFORM_BYTES, false, left, outOff, lo, hi);
      u1 = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(q0, q1), i16x8.narrow_i32x4_s(q2, q3));
    }
    // u0 = [c0 p0..p3, c1 p0..p3, c2 …, c3 …], u1 likewise for c4..c7 → bytes of pixels 0,1 and 2,3.
    const p01 = i8x16.shuffle(u0, u1, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
    const p23 = i8x16.shuffle(u0, u1, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
    const dst = out + <usize>c;
    const od = <usize>outD;
    if (outD - c >= 8) {
      v128.store64_lane(dst, p01, 0);
      if (nPix > 1) v128.store64_lane(dst + od, p01, 1);
      if (nPix > 2) v128.store64_lane(dst + 2 * od, p23, 0);
      if (nPix > 3) v128.store64_lane(dst + 3 * od, p23, 1);
    } else {
      storeBytes(dst, p01, 0, outD - c);
      if (nPix > 1) storeBytes(dst + od, p01, 8, outD - c);
      if (nPix > 2) storeBytes(dst + 2 * od, p23, 0, outD - c);
      if (nPix > 3) storeBytes(dst + 3 * od, p23, 8, outD - c);
    }
  }
}

// Staging for a partial block's bytes (static data).
const STAGE: usize = memory.data(16, 16);

/** Store bytes [from, from + n) of v at p. */
function storeBytes(p: usize, v: v128, from: i32, n: i32): void {
  v128.store(STAGE, v);
  memory.copy(p, STAGE + <usize>from, <usize>n);
}

/** Paired filters at wsp: for pair k and block g, 32 bytes: i16 (f[2k][c], f[2k+1][c]) for c = 8g .. 8g+7. */
function pairFilters(wsp: usize, fPtr: usize, outD: i32, taps: i32): void {
  const pairs = (taps + 1) >> 1;
  const blocks = (outD + 7) >> 3;
  for (let k = 0; k < pairs; k++) {
    const t0 = 2 * k;
    const t1 = 2 * k + 1;
    for (let g = 0; g < blocks; g++) {
      const c = g << 3;
      const a = v128.load8x8_s(fPtr + <usize>(t0 * outD + c));
      // Lanes past outD and the missing partner of an odd last tap get zero filter values.
      let bv = t1 < taps ? v128.load8x8_s(fPtr + <usize>(t1 * outD + c)) : i16x8.splat(0);
      let av = a;
      if (outD - c < 8) {
        const keep = i16x8.lt_s(i16x8(0, 1, 2, 3, 4, 5, 6, 7), i16x8.splat(<i16>(outD - c)));
        av = v128.and(av, keep);
        bv = v128.and(bv, keep);
      }
      const dst = wsp + <usize>((k * blocks + g) * 32);
      v128.store(dst, i16x8.shuffle(av, bv, 0, 8, 1, 9, 2, 10, 3, 11));
      v128.store(dst, i16x8.shuffle(av, bv, 4, 12, 5, 13, 6, 14, 7, 15), 16);
    }
  }
}
