/**
 * AVERAGE_POOL_2D and MAX_POOL_2D (int8 and float32), lanes = channels, each window clipped to the input in the
 * reference's (fy, fx) order, bit-identical to the reference kernels:
 *  - int8 average: int32 sum; (sum ± count/2) / count truncated, computed like the reference in double
 *    precision (f64x2 division, exact: see internal/pooling.ts); the pass stops at the first empty window, as
 *    the reference does.
 *  - float32 average: total += x in float32 per tap, total / count in float32 (the reference's operations).
 *  - max: running max from the type's lowest value taking an input only when strictly greater
 *    (f32x4.pmax: m < x ? x : m; i8x16.max_s for ints), then the clamps.
 */

/** First and one-past-last filter index of a window at `origin` clipped to [0, size). */
// @ts-ignore: decorator
@inline
function clipStart(origin: i32): i32 {
  return origin < 0 ? -origin : 0;
}

// @ts-ignore: decorator
@inline
function clipEnd(origin: i32, filter: i32, size: i32): i32 {
  return size - origin < filter ? size - origin : filter;
}

export function avgpool_i8(
  inPtr: usize, outPtr: usize, batches: i32, inH: i32, inW: i32, depth: i32, outH: i32, outW: i32,
  sH: i32, sW: i32, fH: i32, fW: i32, padH: i32, padW: i32, actMin: i32, actMax: i32,
): void {
  const lo = i32x4.splat(actMin);
  const hi = i32x4.splat(actMax);
  const zero = i32x4.splat(0);
  const d16 = depth & ~15;
  const rowBytes = <usize>(inW * depth);
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      const fy0 = clipStart(iy0), fy1 = clipEnd(iy0, fH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * sW - padW;
        const fx0 = clipStart(ix0), fx1 = clipEnd(ix0, fW, inW);
        const count = fy1 > fy0 && fx1 > fx0 ? (fy1 - fy0) * (fx1 - fx0) : 0;
        if (count == 0) return;
        const half = count >> 1;
        const halfV = i32x4.splat(half);
        const countV = f64x2.splat(<f64>count);
        const out = outPtr + <usize>(((b * outH + oy) * outW + ox) * depth);
        const base = inPtr + <usize>((b * inH + iy0) * inW + ix0) * <usize>depth;
        let c = 0;
        for (; c < d16; c += 16) {
          let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
          for (let fy = fy0; fy < fy1; fy++) {
            let p = base + <usize>fy * rowBytes + <usize>(fx0 * depth + c);
            for (let fx = fx0; fx < fx1; fx++) {
              const v = v128.load(p);
              const l = i16x8.extend_low_i8x16_s(v), h = i16x8.extend_high_i8x16_s(v);
              a0 = i32x4.add(a0, i32x4.extend_low_i16x8_s(l));
              a1 = i32x4.add(a1, i32x4.extend_high_i16x8_s(l));
              a2 = i32x4.add(a2, i32x4.extend_low_i16x8_s(h));
              a3 = i32x4.add(a3, i32x4.extend_high_i16x8_s(h));
              p += <usize>depth;
            }
          }
          const q0 = divRound(a0, halfV, countV, lo, hi), q1 = divRound(a1, halfV, countV, lo, hi);
          const q2 = divRound(a2, halfV, countV, lo, hi), q3 = divRound(a3, halfV, countV, lo, hi);
          v128.store(out + <usize>c, i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(q0, q1), i16x8.narrow_i32x4_s(q2, q3)));
        }
        for (; c < depth; c++) {
          let acc = 0;
          for (let fy = fy0; fy < fy1; fy++) {
            let p = base + <usize>fy * rowBytes + <usize>(fx0 * depth + c);
            for (let fx = fx0; fx < fx1; fx++) {
              acc += <i32>load<i8>(p);
              p += <usize>depth;
            }
          }
          let v = <i32>(acc > 0 ? trunc((<f64>(acc + half)) / <f64>count) : trunc((<f64>(acc - half)) / <f64>count));
          v = v < actMin ? actMin : v;
          store<i8>(out + <usize>c, <i8>(v > actMax ? actMax : v));
        }
      }
    }
  }
}

/** acc > 0 ? trunc((acc + half) / count) : trunc((acc − half) / count), clamped; 4 lanes, f64 division. */
// @ts-ignore: decorator
@inline
function divRound(acc: v128, half: v128, count: v128, lo: v128, hi: v128): v128 {
  const pos = i32x4.gt_s(acc, i32x4.splat(0));
  const n = v128.bitselect(i32x4.add(acc, half), i32x4.sub(acc, half), pos);
  const ql = i32x4.trunc_sat_f64x2_s_zero(f64x2.div(f64x2.convert_low_i32x4_s(n), count));
  const qh = i32x4.trunc_sat_f64x2_s_zero(f64x2.div(f64x2.convert_low_i32x4_s(i32x4.shuffle(n, n, 2, 3, 2, 3)), count));
  const q = i32x4.shuffle(ql, qh, 0, 1, 4, 5);
  return i32x4.min_s(i32x4.max_s(q, lo), hi);
}

export function maxpool_i8(
  inPtr: usize, outPtr: usize, batches: i32, inH: i32, inW: i32, depth: i32, outH: i32, outW: i32,
  sH: i32, sW: i32, fH: i32, fW: i32, padH: i32, padW: i32, actMin: i32, actMax: i32,
): void {
  const lo = i8x16.splat(<i8>actMin);
  const hi = i8x16.splat(<i8>actMax);
  const lowest = i8x16.splat(-128);
  const d16 = depth & ~15;
  const rowBytes = <usize>(inW * depth);
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      const fy0 = clipStart(iy0), fy1 = clipEnd(iy0, fH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * sW - padW;
        const fx0 = clipStart(ix0), fx1 = clipEnd(ix0, fW, inW);
        const out = outPtr + <usize>(((b * outH + oy) * outW + ox) * depth);
        const base = inPtr + <usize>((b * inH + iy0) * inW + ix0) * <usize>depth;
        let c = 0;
        for (; c < d16; c += 16) {
          let m = lowest;
          for (let fy = fy0; fy < fy1; fy++) {
            let p = base + <usize>fy * rowBytes + <usize>(fx0 * depth + c);
            for (let fx = fx0; fx < fx1; fx++) {
              m = i8x16.max_s(m, v128.load(p));
              p += <usize>depth;
            }
          }
          v128.store(out + <usize>c, i8x16.min_s(i8x16.max_s(m, lo), hi));
        }
        for (; c < depth; c++) {
          let m: i32 = -128;
          for (let fy = fy0; fy < fy1; fy++) {
            let p = base + <usize>fy * rowBytes + <usize>(fx0 * depth + c);
            for (let fx = fx0; fx < fx1; fx++) {
              const v = <i32>load<i8>(p);
              if (m < v) m = v;
              p += <usize>depth;
            }
          }
          m = m < actMin ? actMin : m;
          store<i8>(out + <usize>c, <i8>(actMax < m ? actMax : m));
        }
      }
    }
  }
}

export function avgpool_f32(
  inPtr: usize, outPtr: usize, batches: i32, inH: i32, inW: i32, depth: i32, outH: i32, outW: i32,
  sH: i32, sW: i32, fH: i32, fW: i32, padH: i32, padW: i32, actMin: f32, actMax: f32,
): void {
  const lo = f32x4.splat(actMin);
  const hi = f32x4.splat(actMax);
  const zero = f32x4.splat(0);
  const d4 = depth & ~3;
  const cBytes = <usize>depth << 2;
  const rowBytes = <usize>inW * cBytes;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      const fy0 = clipStart(iy0), fy1 = clipEnd(iy0, fH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * sW - padW;
        const fx0 = clipStart(ix0), fx1 = clipEnd(ix0, fW, inW);
        const count = fy1 > fy0 && fx1 > fx0 ? (fy1 - fy0) * (fx1 - fx0) : 0;
        if (count == 0) return;
        const countF = <f32>count;
        const countV = f32x4.splat(countF);
        const out = outPtr + <usize>(((b * outH + oy) * outW + ox)) * cBytes;
        const base = inPtr + <usize>((b * inH + iy0) * inW + ix0) * cBytes;
        let c = 0;
        for (; c < d4; c += 4) {
          let t = zero;
          for (let fy = fy0; fy < fy1; fy++) {
            let p = base + <usize>fy * rowBytes + <usize>fx0 * cBytes + (<usize>c << 2);
            for (let fx = fx0; fx < fx1; fx++) {
              t = f32x4.add(t, v128.load(p));
              p += cBytes;
            }
          }
          v128.store(out + (<usize>c << 2), f32x4.pmin(f32x4.pmax(f32x4.div(t, countV), lo), hi));
        }
        for (; c < depth; c++) {
          let t: f32 = 0;
          for (let fy = fy0; fy < fy1; fy++) {
            let p = base + <usize>fy * rowBytes + <usize>fx0 * cBytes + (<usize>c << 2);
            for (let fx = fx0; fx < fx1; fx++) {
              t += load<f32>(p);
              p += cBytes;
            }
          }
          let v: f32 = t / countF;
          v = v < actMin ? actMin : v;
          store<f32>(out + (<usize>c << 2), actMax < v ? actMax : v);
        }
      }
    }
  }
}

export function maxpool_f32(
  inPtr: usize, outPtr: usize, batches: i32, inH: i32, inW: i32, depth: i32, outH: i32, outW: i32,
  sH: i32, sW: i32, fH: i32, fW: i32, padH: i32, padW: i32, actMin: f32, actMax: f32,
): void {
  const lo = f32x4.splat(actMin);
  const hi = f32x4.splat(actMax);
  const lowest = f32x4.splat(-f32.MAX_VALUE);
  const d4 = depth & ~3;
  const cBytes = <usize>depth << 2;
  const rowBytes = <usize>inW * cBytes;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      const fy0 = clipStart(iy0), fy1 = clipEnd(iy0, fH, inH);
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * sW - padW;
        const fx0 = clipStart(ix0), fx1 = clipEnd(ix0, fW, inW);
        const out = outPtr + <usize>(((b * outH + oy) * outW + ox)) * cBytes;
        const base = inPtr + <usize>((b * inH + iy0) * inW + ix0) * cBytes;
        let c = 0;
        for (; c < d4; c += 4) {
          let m = lowest;
          for (let fy = fy0; fy < fy1; fy++) {
            let p = base + <usize>fy * rowBytes + <usize>fx0 * cBytes + (<usize>c << 2);
            for (let fx = fx0; fx < fx1; fx++) {
              m = f32x4.pmax(m, v128.load(p));
              p += cBytes;
            }
          }
          v128.store(out + (<usize>c << 2), f32x4.pmin(f32x4.pmax(m, lo), hi));
        }
        for (; c < depth; c++) {
          let m: f32 = -f32.MAX_VALUE;
          for (let fy = fy0; fy < fy1; fy++) {
            let p = base + <usize>fy * rowBytes + <usize>fx0 * cBytes + (<usize>c << 2);
            for (let fx = fx0; fx < fx1; fx++) {
              const v = load<f32>(p);
              if (m < v) m = v;
              p += cBytes;
            }
          }
          m = m < actMin ? actMin : m;
          store<f32>(out + (<usize>c << 2), actMax < m ? actMax : m);
        }
      }
    }
  }
}
