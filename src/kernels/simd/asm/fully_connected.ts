import { clamp, hsum, mbqm } from './requantize';

/**
 * int8 FULLY_CONNECTED: out[b][u] = requant(Σ_d f[u][d]·(x[b][d] + inOff) + bias[u]).
 * 16 int8 lanes a step: x widened to i16 and offset (|x + inOff| ≤ 255 fits), f widened to i16, multiplied
 * and added pairwise into i32 lanes (i32x4.dot_i16x8_s: |pair| ≤ 2·255·128, no overflow). Int32 addition
 * wraps, so summing lanes in another order than the reference gives its result bit for bit.
 * Per-channel when `multPtr` != 0 (int32 arrays of multipliers and shifts), else `mult`/`shift`.
 */
export function fc_int8(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize,
  batches: i32, units: i32, depth: i32, inOff: i32, outOff: i32,
  multPtr: usize, shiftPtr: usize, mult: i32, shift: i32, actMin: i32, actMax: i32,
): void {
  const vecEnd = depth & ~15;
  const off = i16x8.splat(<i16>inOff);
  for (let b = 0; b < batches; b++) {
    const x = inPtr + <usize>(b * depth);
    for (let u = 0; u < units; u++) {
      const f = fPtr + <usize>(u * depth);
      let acc4 = i32x4.splat(0);
      for (let d = 0; d < vecEnd; d += 16) {
        const xv = v128.load(x + <usize>d);
        const fv = v128.load(f + <usize>d);
        const xl = i16x8.add(i16x8.extend_low_i8x16_s(xv), off);
        const xh = i16x8.add(i16x8.extend_high_i8x16_s(xv), off);
        acc4 = i32x4.add(acc4, i32x4.dot_i16x8_s(xl, i16x8.extend_low_i8x16_s(fv)));
        acc4 = i32x4.add(acc4, i32x4.dot_i16x8_s(xh, i16x8.extend_high_i8x16_s(fv)));
      }
      let acc = hsum(acc4);
      for (let d = vecEnd; d < depth; d++) acc += (<i32>load<i8>(x + <usize>d) + inOff) * <i32>load<i8>(f + <usize>d);
      if (biasPtr != 0) acc += load<i32>(biasPtr + (<usize>u << 2));
      const m = multPtr != 0 ? load<i32>(multPtr + (<usize>u << 2)) : mult;
      const s = multPtr != 0 ? load<i32>(shiftPtr + (<usize>u << 2)) : shift;
      store<i8>(outPtr + <usize>(b * units + u), <i8>clamp(mbqm(acc, m, s) + outOff, actMin, actMax));
    }
  }
}
