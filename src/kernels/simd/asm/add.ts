import { prepUniform, requantUniform } from './requantize';
import { TABLES } from './workspace';

/**
 * int8 ADD / SUB without broadcasting (reference_integer_ops::Add / Sub through TFLM's general-scale path):
 * raw = scaled_1(a) + scaled_2(b), out = clamp(mbqm(raw, outMultiplier, outShift) + outOffset).
 *
 * scaled_k depends only on the input byte, so the caller stages the reference kernel's own 256-entry tables
 * (scaled_1, and scaled_2 or −scaled_2 for SUB) at `tables`; |scaled_k| ≤ 2^30, so raw fits int32. The sums are
 * formed 16 at a time, then requantized 4 lanes at a time with the output multiplier (lane-uniform, TFLM's
 * default double rounding; the output shift is ≤ 0).
 */
export function add_int8(
  aPtr: usize, bPtr: usize, outPtr: usize, n: i32, tables: usize,
  outMult: i32, outShift: i32, outOff: i32, actMin: i32, actMax: i32,
): void {
  const cp = (tables + 2048 + 15) & ~15;
  prepUniform(cp, outMult, outShift, 0);
  const sums = cp + 32;
  const t1 = tables + 512; // entry of input value 0 (index value + 128)
  const t2 = tables + 1024 + 512;
  const outOffV = i32x4.splat(outOff);
  const lo = i32x4.splat(actMin);
  const hi = i32x4.splat(actMax);
  for (let i = 0; i < n; i += 16) {
    const m = n - i < 16 ? n - i : 16;
    const a = aPtr + <usize>i;
    const b = bPtr + <usize>i;
    for (let j = 0; j < m; j++) {
      const va = <usize>(<isize>load<i8>(a + <usize>j) << 2);
      const vb = <usize>(<isize>load<i8>(b + <usize>j) << 2);
      store<i32>(sums + (<usize>j << 2), load<i32>(t1 + va) + load<i32>(t2 + vb));
    }
    const q0 = requantUniform(v128.load(sums), cp, false, false, outOffV, lo, hi);
    const q1 = requantUniform(v128.load(sums, 16), cp, false, false, outOffV, lo, hi);
    const q2 = requantUniform(v128.load(sums, 32), cp, false, false, outOffV, lo, hi);
    const q3 = requantUniform(v128.load(sums, 48), cp, false, false, outOffV, lo, hi);
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(q0, q1), i16x8.narrow_i32x4_s(q2, q3));
    if (m == 16) v128.store(outPtr + <usize>i, bytes);
    else {
      v128.store(sums, bytes);
      memory.copy(outPtr + <usize>i, sums, <usize>m);
    }
  }
}

/** Where add_int8's caller stages the two tables (2 KiB: int32 [256] scaled_1, then [256] scaled_2). */
export function add_tables(): usize {
  return TABLES;
}

/** float32 ADD (or SUB) without broadcasting: a ± b rounded to float32, then the reference's clamp. */
export function add_f32(aPtr: usize, bPtr: usize, outPtr: usize, n: i32, sub: bool, actMin: f32, actMax: f32): void {
  const lo = f32x4.splat(actMin);
  const hi = f32x4.splat(actMax);
  const n4 = <usize>(n & ~3) << 2;
  const end = <usize>n << 2;
  let i: usize = 0;
  if (sub) {
    for (; i < n4; i += 16) v128.store(outPtr + i, f32x4.pmin(f32x4.pmax(f32x4.sub(v128.load(aPtr + i), v128.load(bPtr + i)), lo), hi));
  } else {
    for (; i < n4; i += 16) v128.store(outPtr + i, f32x4.pmin(f32x4.pmax(f32x4.add(v128.load(aPtr + i), v128.load(bPtr + i)), lo), hi));
  }
  for (; i < end; i += 4) {
    const x: f32 = sub ? load<f32>(aPtr + i) - load<f32>(bPtr + i) : load<f32>(aPtr + i) + load<f32>(bPtr + i);
    const y: f32 = x < actMin ? actMin : x;
    store<f32>(outPtr + i, actMax < y ? actMax : y);
  }
}
