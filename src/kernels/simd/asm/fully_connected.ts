import { hsum4, pow2v, requant4v } from './requantize';
import { WORK, WORK_END } from './workspace';

/**
 * int8 FULLY_CONNECTED: out[b][u] = requant(Σ_d f[u][d]·(x[b][d] + inOff) + bias[u]).
 *
 * Each batch row is staged once in the workspace as i16 x + inOff (|x + inOff| ≤ 255), zero-padded to a
 * multiple of 8. Then, per band of at most BAND units, the dot products: 8 filter rows at a time (dot8), each
 * row sign-extended on load (v128.load8x8_s) and multiplied with the staged row, products added pairwise into
 * i32 lanes (i32x4.dot_i16x8_s: |pair| ≤ 2·255·128); the 8 lane vectors are reduced to 8 sums (hsum4) and
 * stored in the workspace. A tail of 5..7 rows runs dot8 with repeated rows, of 1..4 rows dot4. Past the depth
 * the staged zeros meet whatever filter bytes follow the row. Int32 addition wraps, so summing in another order
 * than the reference gives its result bit for bit. Finally the band's sums are requantized, lanes = units
 * (requantBand).
 *
 * The dot loops live in functions of their own (not inlined: each has two call sites), which keeps the
 * engines' register allocation of the hot loop free of the outer function's values (measured 15-25% faster
 * than the same loop inlined, and faster than 16 depths per iteration, which engines schedule into spills).
 *
 * Depth 1 (a scalar input per batch) skips staging and dot products: the filter column is contiguous, so the
 * products are formed with lanes = units directly.
 *
 * Per-channel when `multPtr` != 0 (int32 arrays of multipliers and shifts: requant4v, lanes = units), else
 * `mult`/`shift` (lane-uniform, constants splatted once per band).
 */
const BAND = 256;

/** Whether fc_int8 can stage a batch row of `depth` (and a band of sums) in the workspace. */
export function fc_supported(depth: i32): bool {
  return <i64>((depth + 7) & ~7) * 2 + BAND * 4 + 64 <= <i64>(WORK_END - WORK);
}

/** Sums of 8 filter rows (any addresses) with the staged row x over n (a multiple of 8) depths: two vectors at out. */
function dot8(x: usize, w0: usize, w1: usize, w2: usize, w3: usize, w4: usize, w5: usize, w6: usize, w7: usize, n: usize, out: usize): void {
  let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  for (let k: usize = 0; k < n; k += 8) {
    const xv = v128.load(x + (k << 1));
    a0 = i32x4.add(a0, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w0 + k)));
    a1 = i32x4.add(a1, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w1 + k)));
    a2 = i32x4.add(a2, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w2 + k)));
    a3 = i32x4.add(a3, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w3 + k)));
    a4 = i32x4.add(a4, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w4 + k)));
    a5 = i32x4.add(a5, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w5 + k)));
    a6 = i32x4.add(a6, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w6 + k)));
    a7 = i32x4.add(a7, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w7 + k)));
  }
  v128.store(out, hsum4(a0, a1, a2, a3));
  v128.store(out, hsum4(a4, a5, a6, a7), 16);
}

/** dot8 for 4 rows: one vector of sums at out. */
function dot4(x: usize, w0: usize, w1: usize, w2: usize, w3: usize, n: usize, out: usize): void {
  let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
  for (let k: usize = 0; k < n; k += 8) {
    const xv = v128.load(x + (k << 1));
    a0 = i32x4.add(a0, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w0 + k)));
    a1 = i32x4.add(a1, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w1 + k)));
    a2 = i32x4.add(a2, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w2 + k)));
    a3 = i32x4.add(a3, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w3 + k)));
  }
  v128.store(out, hsum4(a0, a1, a2, a3));
}

/**
 * mbqm(sums + bias) + outOff, clamped, for units u..u+3 (lanes past `units` read whatever follows the arrays;
 * they are never stored). Per-tensor: requant4 of requantize.ts with its shift-derived constants (2^left as
 * `left`, `right`, the remainder mask and half mask) computed once by the caller. Per-channel: requant4v.
 */
// @ts-ignore: decorator
@inline
function requantAt(
  sums: v128, u: i32, biasPtr: usize, multPtr: usize, shiftPtr: usize,
  mv: v128, left: i32, right: i32, maskV: v128, halfV: v128, outOffV: v128, lo: v128, hi: v128,
): v128 {
  const c4 = <usize>u << 2;
  let acc = sums;
  if (biasPtr != 0) acc = i32x4.add(acc, v128.load(biasPtr + c4));
  if (multPtr == 0) {
    // SaturatingRoundingDoublingHighMul as bits 31..62 of x·m + 2^30 (see requant4), then RoundingDivideByPOT.
    // (a multiplier below 1, the usual case, shifts nothing: skip the variable shift, several instructions)
    const x = left != 0 ? i32x4.shl(acc, left) : acc;
    const nudge = i64x2.splat(<i64>1 << 30);
    const pl = i64x2.shl(i64x2.add(i64x2.extmul_low_i32x4_s(x, mv), nudge), 1);
    const ph = i64x2.shl(i64x2.add(i64x2.extmul_high_i32x4_s(x, mv), nudge), 1);
    const r = i32x4.shuffle(pl, ph, 1, 3, 5, 7);
    const thr = i32x4.sub(halfV, i32x4.shr_s(r, 31));
    const q = i32x4.sub(i32x4.shr_s(r, right), i32x4.gt_s(v128.and(r, maskV), thr));
    return i32x4.min_s(i32x4.max_s(i32x4.add(q, outOffV), lo), hi);
  }
  const sv = v128.load(shiftPtr + c4);
  const z = i32x4.splat(0);
  const rs = i32x4.max_s(i32x4.sub(z, sv), z);
  return requant4v(acc, v128.load(multPtr + c4), pow2v(i32x4.max_s(sv, z)), pow2v(i32x4.sub(i32x4.splat(32), rs)),
    i32x4.sub(pow2v(rs), i32x4.splat(1)), i32x4.eq(rs, z), outOffV, lo, hi);
}

/**
 * Requantize the sums of units [u0, end) (at `sums`, int32, one per unit) into out[u0..end): per-tensor 16
 * units per store, then 4 units per store, the last 1..3 byte by byte. The per-tensor constants of requant4 (requantize.ts) are
 * splatted per band, after the dot calls (engines keep no vector register across a call: values live across
 * them would be spilled and reloaded around each). Inlined once, in fc_int8.
 */
// @ts-ignore: decorator
@inline
function requantBand(
  sums: usize, u0: i32, end: i32, out: usize, biasPtr: usize, multPtr: usize, shiftPtr: usize,
  mult: i32, shift: i32, outOff: i32, actMin: i32, actMax: i32,
): void {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const mask = (1 << right) - 1;
  const mv = i32x4.splat(mult);
  const maskV = i32x4.splat(mask);
  const halfV = i32x4.splat(mask >> 1);
  const outOffV = i32x4.splat(outOff);
  const lo = i32x4.splat(actMin);
  const hi = i32x4.splat(actMax);
  let u = u0;
  if (multPtr == 0) {
    // Per-tensor (every real model's FC): 16 units per store (the per-channel code is inlined once, below).
    for (; u + 16 <= end; u += 16) {
      const s = sums + (<usize>(u - u0) << 2);
      const q0 = requantAt(v128.load(s), u, biasPtr, 0, 0, mv, left, right, maskV, halfV, outOffV, lo, hi);
      const q1 = requantAt(v128.load(s, 16), u + 4, biasPtr, 0, 0, mv, left, right, maskV, halfV, outOffV, lo, hi);
      const q2 = requantAt(v128.load(s, 32), u + 8, biasPtr, 0, 0, mv, left, right, maskV, halfV, outOffV, lo, hi);
      const q3 = requantAt(v128.load(s, 48), u + 12, biasPtr, 0, 0, mv, left, right, maskV, halfV, outOffV, lo, hi);
      v128.store(out + <usize>u, i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(q0, q1), i16x8.narrow_i32x4_s(q2, q3)));
    }
  }
  for (; u < end; u += 4) {
    const q = requantAt(v128.load(sums + (<usize>(u - u0) << 2)), u, biasPtr, multPtr, shiftPtr, mv, left, right, maskV, halfV, outOffV, lo, hi);
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(q, q), i16x8.splat(0));
    const o = out + <usize>u;
    if (end - u >= 4) v128.store32_lane(o, bytes, 0);
    else {
      v128.store8_lane(o, bytes, 0);
      if (end - u > 1) v128.store8_lane(o, bytes, 1, 1);
      if (end - u > 2) v128.store8_lane(o, bytes, 2, 2);
    }
  }
}

/**
 * At most 4 units (classifier outputs), per-tensor: one group of rows, so no staging or sums in memory; the
 * batch row is widened as the dot products go and everything stays in registers (small layers are bound by the
 * latency of that chain). Rows past `units` repeat row 0; the depth tail is masked to zero.
 */
function fcFewUnits(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize,
  batches: i32, units: i32, depth: i32, inOff: i32, outOff: i32, mult: i32, shift: i32, actMin: i32, actMax: i32,
): void {
  const row = <usize>depth;
  const w0 = fPtr;
  const w1 = units > 1 ? w0 + row : w0;
  const w2 = units > 2 ? w0 + 2 * row : w0;
  const w3 = units > 3 ? w0 + 3 * row : w0;
  const full = <usize>(depth & ~7);
  const tail = i16x8.lt_s(i16x8(0, 1, 2, 3, 4, 5, 6, 7), i16x8.splat(<i16>(depth & 7)));
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const mask = (1 << right) - 1;
  for (let b = 0; b < batches; b++) {
    const x = inPtr + <usize>(b * depth);
    const off = i16x8.splat(<i16>inOff);
    let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    let k: usize = 0;
    for (; k < full; k += 8) {
      const xv = i16x8.add(v128.load8x8_s(x + k), off);
      a0 = i32x4.add(a0, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w0 + k)));
      a1 = i32x4.add(a1, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w1 + k)));
      a2 = i32x4.add(a2, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w2 + k)));
      a3 = i32x4.add(a3, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w3 + k)));
    }
    if (k < row) {
      // The last 1..7 depths (loads read up to 7 bytes past the row or the filter, unused).
      const xv = v128.and(i16x8.add(v128.load8x8_s(x + k), off), tail);
      a0 = i32x4.add(a0, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w0 + k)));
      a1 = i32x4.add(a1, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w1 + k)));
      a2 = i32x4.add(a2, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w2 + k)));
      a3 = i32x4.add(a3, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w3 + k)));
    }
    const q = requantAt(hsum4(a0, a1, a2, a3), 0, biasPtr, 0, 0, i32x4.splat(mult), left, right,
      i32x4.splat(mask), i32x4.splat(mask >> 1), i32x4.splat(outOff), i32x4.splat(actMin), i32x4.splat(actMax));
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(q, q), i16x8.splat(0));
    const o = outPtr + <usize>(b * units);
    if (units == 4) v128.store32_lane(o, bytes, 0);
    else {
      v128.store8_lane(o, bytes, 0);
      if (units > 1) v128.store8_lane(o, bytes, 1, 1);
      if (units > 2) v128.store8_lane(o, bytes, 2, 2);
    }
  }
}

export function fc_int8(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize,
  batches: i32, units: i32, depth: i32, inOff: i32, outOff: i32,
  multPtr: usize, shiftPtr: usize, mult: i32, shift: i32, actMin: i32, actMax: i32,
): void {
  const d8 = <usize>((depth + 7) & ~7);
  const xs = WORK;
  const sums = WORK + (d8 << 1);
  const row = <usize>depth;
  if (units <= 4 && depth > 1 && multPtr == 0) {
    fcFewUnits(inPtr, fPtr, biasPtr, outPtr, batches, units, depth, inOff, outOff, mult, shift, actMin, actMax);
    return;
  }
  for (let b = 0; b < batches; b++) {
    const x = inPtr + <usize>(b * depth);
    // Stage x + inOff as i16, zeros past the depth (the last load may read up to 7 bytes past the row, unused).
    const off = i16x8.splat(<i16>inOff);
    if (depth > 1) {
      for (let d = 0; d < depth; d += 8) {
        let v = i16x8.add(v128.load8x8_s(x + <usize>d), off);
        if (depth - d < 8) v = v128.and(v, i16x8.lt_s(i16x8(0, 1, 2, 3, 4, 5, 6, 7), i16x8.splat(<i16>(depth - d))));
        v128.store(xs + (<usize>d << 1), v);
      }
    }
    const out = outPtr + <usize>(b * units);
    for (let u0 = 0; u0 < units; u0 += BAND) {
      const end = units - u0 < BAND ? units : u0 + BAND;
      if (depth == 1) {
        // A scalar input: the filter column is contiguous, products with lanes = units (16 filter bytes per
        // load, up to 15 past the filter, unused).
        const xv = i32x4.splat(<i32>load<i8>(x) + inOff);
        for (let u = u0; u < end; u += 16) {
          const wv = v128.load(fPtr + <usize>u);
          const wl = i16x8.extend_low_i8x16_s(wv);
          const wh = i16x8.extend_high_i8x16_s(wv);
          const s = sums + (<usize>(u - u0) << 2);
          v128.store(s, i32x4.mul(i32x4.extend_low_i16x8_s(wl), xv));
          v128.store(s, i32x4.mul(i32x4.extend_high_i16x8_s(wl), xv), 16);
          v128.store(s, i32x4.mul(i32x4.extend_low_i16x8_s(wh), xv), 32);
          v128.store(s, i32x4.mul(i32x4.extend_high_i16x8_s(wh), xv), 48);
        }
      } else {
        let u = u0;
        for (; u + 8 <= end; u += 8) {
          const w = fPtr + <usize>u * row;
          dot8(xs, w, w + row, w + 2 * row, w + 3 * row, w + 4 * row, w + 5 * row, w + 6 * row, w + 7 * row, d8, sums + (<usize>(u - u0) << 2));
        }
        const r = end - u;
        if (r > 0) {
          const w = fPtr + <usize>u * row;
          const s = sums + (<usize>(u - u0) << 2);
          if (r > 4) dot8(xs, w, w + row, w + 2 * row, w + 3 * row, w + 4 * row, r > 5 ? w + 5 * row : w, r > 6 ? w + 6 * row : w, w, d8, s);
          else if (r == 4) dot4(xs, w, w + row, w + 2 * row, w + 3 * row, d8, s);
          else dot4(xs, w, r > 1 ? w + row : w, r > 2 ? w + 2 * row : w, w, d8, s);
        }
      }
      requantBand(sums, u0, end, out, biasPtr, multPtr, shiftPtr, mult, shift, outOff, actMin, actMax);
    }
  }
}
