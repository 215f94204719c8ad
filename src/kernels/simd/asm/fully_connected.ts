import { hsum4, pow2v, requant4, requant4v } from './requantize';
import { WORK } from './workspace';

/**
 * int8 FULLY_CONNECTED: out[b][u] = requant(Σ_d f[u][d]·(x[b][d] + inOff) + bias[u]).
 * Each batch row is staged once in the workspace as i16 x + inOff (|x + inOff| ≤ 255), zero-padded to a
 * multiple of 8; 4 units at a time then multiply it with their filter rows, sign-extended on load
 * (v128.load8x8_s), and add products pairwise into i32 lanes (i32x4.dot_i16x8_s: |pair| ≤ 2·255·128). Past the
 * depth the staged zeros meet whatever filter bytes follow the row. Int32 addition wraps, so summing in
 * another order than the reference gives its result bit for bit. Per-channel when `multPtr` != 0 (int32 arrays
 * of multipliers and shifts: requant4v, lanes = units), else `mult`/`shift` (requant4, lane-uniform).
 */
export function fc_int8(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize,
  batches: i32, units: i32, depth: i32, inOff: i32, outOff: i32,
  multPtr: usize, shiftPtr: usize, mult: i32, shift: i32, actMin: i32, actMax: i32,
): void {
  const off = i16x8.splat(<i16>inOff);
  const outOffV = i32x4.splat(outOff);
  const lo = i32x4.splat(actMin);
  const hi = i32x4.splat(actMax);
  const d8 = (depth + 7) & ~7;
  const xs = WORK;
  const row = <usize>depth;
  for (let b = 0; b < batches; b++) {
    // Stage x + inOff as i16, zeros past the depth.
    const x = inPtr + <usize>(b * depth);
    let d = 0;
    for (; d + 8 <= depth; d += 8) v128.store(xs + (<usize>d << 1), i16x8.add(v128.load8x8_s(x + <usize>d), off));
    for (; d < d8; d++) store<i16>(xs + (<usize>d << 1), d < depth ? <i16>(<i32>load<i8>(x + <usize>d) + inOff) : 0);
    const out = outPtr + <usize>(b * units);
    for (let u = 0; u < units; u += 4) {
      const w0 = fPtr + <usize>u * row;
      const w1 = u + 1 < units ? w0 + row : w0;
      const w2 = u + 2 < units ? w0 + 2 * row : w0;
      const w3 = u + 3 < units ? w0 + 3 * row : w0;
      let a0 = i32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      for (let k: usize = 0; k < <usize>d8; k += 8) {
        const xv = v128.load(xs + (k << 1));
        a0 = i32x4.add(a0, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w0 + k)));
        a1 = i32x4.add(a1, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w1 + k)));
        a2 = i32x4.add(a2, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w2 + k)));
        a3 = i32x4.add(a3, i32x4.dot_i16x8_s(xv, v128.load8x8_s(w3 + k)));
      }
      // Lanes = units: bias, requantization (lane-uniform for a per-tensor multiplier, else per lane), bytes.
      // Lanes past `units` read whatever follows the arrays; they are never stored.
      const c4 = <usize>u << 2;
      let sums = hsum4(a0, a1, a2, a3);
      if (biasPtr != 0) sums = i32x4.add(sums, v128.load(biasPtr + c4));
      let q: v128;
      if (multPtr == 0) {
        q = requant4(sums, mult, shift, outOffV, lo, hi);
      } else {
        const sv = v128.load(shiftPtr + c4);
        const z = i32x4.splat(0);
        const r = i32x4.max_s(i32x4.sub(z, sv), z);
        q = requant4v(sums, v128.load(multPtr + c4), pow2v(i32x4.max_s(sv, z)), pow2v(i32x4.sub(i32x4.splat(32), r)),
          i32x4.sub(pow2v(r), i32x4.splat(1)), i32x4.eq(r, z), outOffV, lo, hi);
      }
      const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(q, q), i16x8.splat(0));
      const o = out + <usize>u;
      if (units - u >= 4) v128.store32_lane(o, bytes, 0);
      else {
        v128.store8_lane(o, bytes, 0);
        if (units - u > 1) v128.store8_lane(o, bytes, 1, 1);
        if (units - u > 2) v128.store8_lane(o, bytes, 2, 2);
      }
    }
  }
}
