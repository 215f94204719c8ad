/**
 * KISS FFT v130 (Mark Borgerding, BSD-3) as TFLM's signal library builds it: kiss_fft.c + tools/kiss_fftr.c
 * compiled three times (FIXED_POINT=16, FIXED_POINT=32, float), with TFLM's patch (HALF_OF in float is
 * `x * (float).5`; no malloc, so only radices 2, 3, 4 and 5 are usable). Bit-exact ports of each variant:
 *
 *  - int16: kiss_fft_scalar int16_t, SAMPPROD int32_t. smul(a,b) = a*b in int32; sround(x) =
 *    (int16)((x + 2^14) >> 15); C_FIXDIV(c, k) multiplies by SAMP_MAX/k (32767/k, integer division) with
 *    sround. Every struct store truncates to int16 (Int16Array stores wrap; temporaries wrap with w16).
 *    Products are < 2^30 and sums of two < 2^31 (twiddles never reach -32768), exact in doubles.
 *  - int32: kiss_fft_scalar int32_t, SAMPPROD int64_t. sround(x) = (int32)((x + 2^30) >> 31) over an exact
 *    64-bit sum of two products (sr31 splits the operands in 16-bit halves: all partial sums stay < 2^50).
 *    Sums of two scalars wrap to int32 (`| 0`) as the C code does on x86.
 *  - float: every operation rounded to float32 (Math.fround), no FMA contraction, like g++ -O2 on x86-64.
 *
 * Twiddles are computed as kiss_fft does, in double: fixed point `floor(.5 + SAMP_MAX * cos(phase))`,
 * float `(float)cos(phase)`. State (twiddles, factors, the real-FFT super twiddles and tmpbuf) lives in
 * arrays the caller allocates in the arena; the transforms allocate nothing.
 */

/** Which kiss_fft build: 16- or 32-bit fixed point, or float. */
export type KissKind = 'int16' | 'int32' | 'float32';

type Scalars = Int16Array | Int32Array | Float32Array;

/** A kiss_fftr configuration (real FFT of `nfft` points = complex FFT of `ncfft` = nfft/2 points). */
export interface KissFftr {
  readonly kind: KissKind;
  /** Real transform length. */
  readonly nfft: number;
  /** Complex sub-FFT length (nfft / 2). */
  readonly ncfft: number;
  readonly inverse: boolean;
  /** kf_factor output: p1, m1, p2, m2, ... (2 * MAXFACTORS entries). */
  readonly factors: Int32Array;
  /** ncfft complex twiddles, interleaved (re, im). */
  readonly twiddles: Scalars;
  /** ncfft/2 complex super twiddles of the real-FFT split. */
  readonly superTwiddles: Scalars;
  /** ncfft complex work values (kiss_fftr's tmpbuf). */
  readonly tmp: Scalars;
}

const MAXFACTORS = 32;
const PI_FFT = 3.141592653589793238462643383279502884197169399375105820974944;
const PI_FFTR = 3.14159265358979323846264338327;

/**
 * kf_factor: radix 4 first, then 2, then odd primes. Returns null when a factor other than 2, 3, 4, 5
 * appears (TFLM's patched kiss_fft has no allocator for the generic butterfly, so such lengths crash there)
 * or when n < 2.
 */
export function kissFactors(n: number): Int32Array | null {
  if (!Number.isInteger(n) || n < 2) return null;
  const fac = new Int32Array(2 * MAXFACTORS);
  let p = 4;
  const floorSqrt = Math.floor(Math.sqrt(n));
  let k = 0;
  do {
    while (n % p) {
      switch (p) {
        case 4:
          p = 2;
          break;
        case 2:
          p = 3;
          break;
        default:
          p += 2;
      }
      if (p > floorSqrt) p = n;
    }
    if (p > 5) return null;
    n /= p;
    fac[k++] = p;
    fac[k++] = n;
  } while (n > 1);
  return fac;
}

/** Whether a real FFT of `nfft` points is computable by TFLM's kiss_fftr (even, nfft/2 >= 2 of radices 2..5). */
export function kissFftrSupported(nfft: number): boolean {
  return Number.isInteger(nfft) && nfft >= 4 && nfft % 2 === 0 && kissFactors(nfft / 2) !== null;
}

/** Scalars of state a kiss_fftr of `nfft` points needs: twiddles, super twiddles, tmp (each interleaved). */
export function kissFftrScalarCount(nfft: number): { twiddles: number; superTwiddles: number; tmp: number } {
  const ncfft = nfft >> 1;
  return { twiddles: 2 * ncfft, superTwiddles: 2 * (ncfft >> 1), tmp: 2 * ncfft };
}

function twiddleValue(kind: KissKind, x: number): number {
  if (kind === 'int16') return Math.floor(0.5 + 32767 * x);
  if (kind === 'int32') return Math.floor(0.5 + 2147483647 * x);
  return Math.fround(x);
}

/**
 * kiss_fftr_alloc into caller-provided arrays (sized by kissFftrScalarCount, of the kind's element type).
 * Throws RangeError for unsupported lengths (check kissFftrSupported first).
 */
export function initKissFftr(
  kind: KissKind,
  nfft: number,
  inverse: boolean,
  arrays: { factors: Int32Array; twiddles: Scalars; superTwiddles: Scalars; tmp: Scalars },
): KissFftr {
  const ncfft = nfft >> 1;
  const fac = kissFftrSupported(nfft) ? kissFactors(ncfft) : null;
  if (!fac) throw new RangeError(`kiss_fftr cannot transform ${nfft} points`);
  arrays.factors.set(fac);
  const tw = arrays.twiddles;
  for (let i = 0; i < ncfft; ++i) {
    let phase = (-2 * PI_FFT * i) / ncfft;
    if (inverse) phase *= -1;
    tw[2 * i] = twiddleValue(kind, Math.cos(phase));
    tw[2 * i + 1] = twiddleValue(kind, Math.sin(phase));
  }
  const stw = arrays.superTwiddles;
  for (let i = 0; i < ncfft >> 1; ++i) {
    let phase = -PI_FFTR * ((i + 1) / ncfft + 0.5);
    if (inverse) phase *= -1;
    stw[2 * i] = twiddleValue(kind, Math.cos(phase));
    stw[2 * i + 1] = twiddleValue(kind, Math.sin(phase));
  }
  arrays.tmp.fill(0);
  return { kind, nfft, ncfft, inverse, factors: arrays.factors, twiddles: tw, superTwiddles: stw, tmp: arrays.tmp };
}

// ---------------------------------------------------------------------------------------------------------
// int16 (FIXED_POINT 16)

/** Truncate to int16 (C conversion, as GCC does it). */
function w16(x: number): number {
  return (x << 16) >> 16;
}

function bfly2I16(F: Int16Array, fo: number, fstride: number, tw: Int16Array, m: number): void {
  let a = fo;
  let b = fo + 2 * m;
  let t = 0;
  for (let k = 0; k < m; k++) {
    F[a] = ((F[a]! * 16383 + 16384) | 0) >> 15;
    F[a + 1] = ((F[a + 1]! * 16383 + 16384) | 0) >> 15;
    F[b] = ((F[b]! * 16383 + 16384) | 0) >> 15;
    F[b + 1] = ((F[b + 1]! * 16383 + 16384) | 0) >> 15;
    const br = F[b]!, bi = F[b + 1]!, wr = tw[t]!, wi = tw[t + 1]!;
    const tr = w16(((br * wr - bi * wi + 16384) | 0) >> 15);
    const ti = w16(((br * wi + bi * wr + 16384) | 0) >> 15);
    t += 2 * fstride;
    F[b] = F[a]! - tr;
    F[b + 1] = F[a + 1]! - ti;
    F[a] = F[a]! + tr;
    F[a + 1] = F[a + 1]! + ti;
    a += 2;
    b += 2;
  }
}

function bfly4I16(F: Int16Array, fo: number, fstride: number, tw: Int16Array, m: number, inverse: boolean): void {
  let t1 = 0, t2 = 0, t3 = 0;
  let a = fo;
  const m1 = 2 * m, m2 = 4 * m, m3 = 6 * m;
  for (let k = 0; k < m; k++) {
    // C_FIXDIV(x, 4) on the four inputs: values stay int16 (>> 15 of |x| * 8191 < 2^28).
    const f0r = ((F[a]! * 8191 + 16384) >> 15), f0i = ((F[a + 1]! * 8191 + 16384) >> 15);
    let xr = (F[a + m1]! * 8191 + 16384) >> 15, xi = (F[a + m1 + 1]! * 8191 + 16384) >> 15;
    let wr = tw[t1]!, wi = tw[t1 + 1]!;
    const s0r = w16(((xr * wr - xi * wi + 16384) | 0) >> 15);
    const s0i = w16(((xr * wi + xi * wr + 16384) | 0) >> 15);
    xr = (F[a + m2]! * 8191 + 16384) >> 15; xi = (F[a + m2 + 1]! * 8191 + 16384) >> 15; wr = tw[t2]!; wi = tw[t2 + 1]!;
    const s1r = w16(((xr * wr - xi * wi + 16384) | 0) >> 15);
    const s1i = w16(((xr * wi + xi * wr + 16384) | 0) >> 15);
    xr = (F[a + m3]! * 8191 + 16384) >> 15; xi = (F[a + m3 + 1]! * 8191 + 16384) >> 15; wr = tw[t3]!; wi = tw[t3 + 1]!;
    const s2r = w16(((xr * wr - xi * wi + 16384) | 0) >> 15);
    const s2i = w16(((xr * wi + xi * wr + 16384) | 0) >> 15);

    const s5r = w16(f0r - s1r);
    const s5i = w16(f0i - s1i);
    const a0r = w16(f0r + s1r), a0i = w16(f0i + s1i);
    const s3r = w16(s0r + s2r), s3i = w16(s0i + s2i);
    const s4r = w16(s0r - s2r), s4i = w16(s0i - s2i);
    F[a + m2] = a0r - s3r;
    F[a + m2 + 1] = a0i - s3i;
    t1 += 2 * fstride;
    t2 += 4 * fstride;
    t3 += 6 * fstride;
    F[a] = a0r + s3r;
    F[a + 1] = a0i + s3i;
    if (inverse) {
      F[a + m1] = s5r - s4i;
      F[a + m1 + 1] = s5i + s4r;
      F[a + m3] = s5r + s4i;
      F[a + m3 + 1] = s5i - s4r;
    } else {
      F[a + m1] = s5r + s4i;
      F[a + m1 + 1] = s5i - s4r;
      F[a + m3] = s5r - s4i;
      F[a + m3 + 1] = s5i + s4r;
    }
    a += 2;
  }
}

function bfly3I16(F: Int16Array, fo: number, fstride: number, tw: Int16Array, m: number): void {
  const m1 = 2 * m, m2 = 4 * m;
  const epi3i = tw[2 * fstride * m + 1]!;
  let t1 = 0, t2 = 0;
  let a = fo;
  for (let k = 0; k < m; k++) {
    for (let j = a; j <= a + m2; j += m1) {
      F[j] = ((F[j]! * 10922 + 16384) | 0) >> 15;
      F[j + 1] = ((F[j + 1]! * 10922 + 16384) | 0) >> 15;
    }
    let xr = F[a + m1]!, xi = F[a + m1 + 1]!, wr = tw[t1]!, wi = tw[t1 + 1]!;
    const s1r = w16(((xr * wr - xi * wi + 16384) | 0) >> 15);
    const s1i = w16(((xr * wi + xi * wr + 16384) | 0) >> 15);
    xr = F[a + m2]!; xi = F[a + m2 + 1]!; wr = tw[t2]!; wi = tw[t2 + 1]!;
    const s2r = w16(((xr * wr - xi * wi + 16384) | 0) >> 15);
    const s2i = w16(((xr * wi + xi * wr + 16384) | 0) >> 15);
    const s3r = w16(s1r + s2r), s3i = w16(s1i + s2i);
    let s0r = w16(s1r - s2r), s0i = w16(s1i - s2i);
    t1 += 2 * fstride;
    t2 += 4 * fstride;
    F[a + m1] = F[a]! - (s3r >> 1);
    F[a + m1 + 1] = F[a + 1]! - (s3i >> 1);
    s0r = w16(((s0r * epi3i + 16384) | 0) >> 15);
    s0i = w16(((s0i * epi3i + 16384) | 0) >> 15);
    F[a] = F[a]! + s3r;
    F[a + 1] = F[a + 1]! + s3i;
    F[a + m2] = F[a + m1]! + s0i;
    F[a + m2 + 1] = F[a + m1 + 1]! - s0r;
    F[a + m1] = F[a + m1]! - s0i;
    F[a + m1 + 1] = F[a + m1 + 1]! + s0r;
    a += 2;
  }
}

/** S_MUL for int16: (int16)sround(a*b). */
function smul16(a: number, b: number): number {
  return w16(((a * b + 16384) | 0) >> 15);
}

function bfly5I16(F: Int16Array, fo: number, fstride: number, tw: Int16Array, m: number): void {
  const yar = tw[2 * fstride * m]!, yai = tw[2 * fstride * m + 1]!;
  const ybr = tw[4 * fstride * m]!, ybi = tw[4 * fstride * m + 1]!;
  let f0 = fo, f1 = fo + 2 * m, f2 = fo + 4 * m, f3 = fo + 6 * m, f4 = fo + 8 * m;
  for (let u = 0; u < m; ++u) {
    for (let j = f0; j <= f4; j += 2 * m) {
      F[j] = ((F[j]! * 6553 + 16384) | 0) >> 15;
      F[j + 1] = ((F[j + 1]! * 6553 + 16384) | 0) >> 15;
    }
    const s0r = F[f0]!, s0i = F[f0 + 1]!;
    let t = 2 * u * fstride;
    let xr = F[f1]!, xi = F[f1 + 1]!, wr = tw[t]!, wi = tw[t + 1]!;
    const s1r = w16(((xr * wr - xi * wi + 16384) | 0) >> 15), s1i = w16(((xr * wi + xi * wr + 16384) | 0) >> 15);
    t = 4 * u * fstride;
    xr = F[f2]!; xi = F[f2 + 1]!; wr = tw[t]!; wi = tw[t + 1]!;
    const s2r = w16(((xr * wr - xi * wi + 16384) | 0) >> 15), s2i = w16(((xr * wi + xi * wr + 16384) | 0) >> 15);
    t = 6 * u * fstride;
    xr = F[f3]!; xi = F[f3 + 1]!; wr = tw[t]!; wi = tw[t + 1]!;
    const s3r = w16(((xr * wr - xi * wi + 16384) | 0) >> 15), s3i = w16(((xr * wi + xi * wr + 16384) | 0) >> 15);
    t = 8 * u * fstride;
    xr = F[f4]!; xi = F[f4 + 1]!; wr = tw[t]!; wi = tw[t + 1]!;
    const s4r = w16(((xr * wr - xi * wi + 16384) | 0) >> 15), s4i = w16(((xr * wi + xi * wr + 16384) | 0) >> 15);

    const s7r = w16(s1r + s4r), s7i = w16(s1i + s4i);
    const s10r = w16(s1r - s4r), s10i = w16(s1i - s4i);
    const s8r = w16(s2r + s3r), s8i = w16(s2i + s3i);
    const s9r = w16(s2r - s3r), s9i = w16(s2i - s3i);

    F[f0] = F[f0]! + (s7r + s8r);
    F[f0 + 1] = F[f0 + 1]! + (s7i + s8i);

    const s5r = w16(s0r + smul16(s7r, yar) + smul16(s8r, ybr));
    const s5i = w16(s0i + smul16(s7i, yar) + smul16(s8i, ybr));
    const s6r = w16(smul16(s10i, yai) + smul16(s9i, ybi));
    const s6i = w16(-smul16(s10r, yai) - smul16(s9r, ybi));
    F[f1] = s5r - s6r;
    F[f1 + 1] = s5i - s6i;
    F[f4] = s5r + s6r;
    F[f4 + 1] = s5i + s6i;

    const s11r = w16(s0r + smul16(s7r, ybr) + smul16(s8r, yar));
    const s11i = w16(s0i + smul16(s7i, ybr) + smul16(s8i, yar));
    const s12r = w16(-smul16(s10i, ybi) + smul16(s9i, yai));
    const s12i = w16(smul16(s10r, ybi) - smul16(s9r, yai));
    F[f2] = s11r + s12r;
    F[f2 + 1] = s11i + s12i;
    F[f3] = s11r - s12r;
    F[f3 + 1] = s11i - s12i;
    f0 += 2; f1 += 2; f2 += 2; f3 += 2; f4 += 2;
  }
}

function workI16(st: KissFftr, F: Int16Array, fo: number, f: Int16Array, fi: number, fstride: number, fac: number): void {
  const p = st.factors[fac]!;
  const m = st.factors[fac + 1]!;
  const end = fo + 2 * p * m;
  if (m === 1) {
    for (let o = fo; o < end; o += 2) {
      F[o] = f[fi]!;
      F[o + 1] = f[fi + 1]!;
      fi += 2 * fstride;
    }
  } else {
    for (let o = fo; o < end; o += 2 * m) {
      workI16(st, F, o, f, fi, fstride * p, fac + 2);
      fi += 2 * fstride;
    }
  }
  const tw = st.twiddles as Int16Array;
  switch (p) {
    case 2:
      bfly2I16(F, fo, fstride, tw, m);
      break;
    case 3:
      bfly3I16(F, fo, fstride, tw, m);
      break;
    case 4:
      bfly4I16(F, fo, fstride, tw, m, st.inverse);
      break;
    default:
      bfly5I16(F, fo, fstride, tw, m);
  }
}

/** kiss_fftr, int16: `nfft` reals at `input[inOff..]` → nfft/2+1 complex (interleaved) at `out[outOff..]`. */
export function kissFftrInt16(st: KissFftr, input: Int16Array, inOff: number, out: Int16Array, outOff: number): void {
  const ncfft = st.ncfft;
  const tmp = st.tmp as Int16Array;
  const stw = st.superTwiddles as Int16Array;
  workI16(st, tmp, 0, input, inOff, 1, 0);
  const tdcr = w16(((tmp[0]! * 16383 + 16384) | 0) >> 15);
  const tdci = w16(((tmp[1]! * 16383 + 16384) | 0) >> 15);
  out[outOff] = tdcr + tdci;
  out[outOff + 2 * ncfft] = tdcr - tdci;
  out[outOff + 2 * ncfft + 1] = 0;
  out[outOff + 1] = 0;
  for (let k = 1; k <= ncfft >> 1; ++k) {
    const pk = 2 * k, pn = 2 * (ncfft - k);
    const fpkr = w16(((tmp[pk]! * 16383 + 16384) | 0) >> 15);
    const fpki = w16(((tmp[pk + 1]! * 16383 + 16384) | 0) >> 15);
    const fpnkr = w16(((tmp[pn]! * 16383 + 16384) | 0) >> 15);
    const fpnki = w16(((w16(-tmp[pn + 1]!) * 16383 + 16384) | 0) >> 15);
    const f1kr = w16(fpkr + fpnkr), f1ki = w16(fpki + fpnki);
    const f2kr = w16(fpkr - fpnkr), f2ki = w16(fpki - fpnki);
    const wr = stw[2 * k - 2]!, wi = stw[2 * k - 1]!;
    const twr = w16(((f2kr * wr - f2ki * wi + 16384) | 0) >> 15);
    const twi = w16(((f2kr * wi + f2ki * wr + 16384) | 0) >> 15);
    out[outOff + pk] = (f1kr + twr) >> 1;
    out[outOff + pk + 1] = (f1ki + twi) >> 1;
    out[outOff + pn] = (f1kr - twr) >> 1;
    out[outOff + pn + 1] = (twi - f1ki) >> 1;
  }
}

/** kiss_fftri, int16: nfft/2+1 complex at `input[inOff..]` → nfft reals at `out[outOff..]` (unscaled). */
export function kissFftriInt16(st: KissFftr, input: Int16Array, inOff: number, out: Int16Array, outOff: number): void {
  const ncfft = st.ncfft;
  const tmp = st.tmp as Int16Array;
  const stw = st.superTwiddles as Int16Array;
  tmp[0] = input[inOff]! + input[inOff + 2 * ncfft]!;
  tmp[1] = input[inOff]! - input[inOff + 2 * ncfft]!;
  tmp[0] = ((tmp[0]! * 16383 + 16384) | 0) >> 15;
  tmp[1] = ((tmp[1]! * 16383 + 16384) | 0) >> 15;
  for (let k = 1; k <= ncfft >> 1; ++k) {
    const pk = 2 * k, pn = 2 * (ncfft - k);
    const fkr = w16(((input[inOff + pk]! * 16383 + 16384) | 0) >> 15);
    const fki = w16(((input[inOff + pk + 1]! * 16383 + 16384) | 0) >> 15);
    const fnkcr = w16(((input[inOff + pn]! * 16383 + 16384) | 0) >> 15);
    const fnkci = w16(((w16(-input[inOff + pn + 1]!) * 16383 + 16384) | 0) >> 15);
    const fekr = w16(fkr + fnkcr), feki = w16(fki + fnkci);
    const tr = w16(fkr - fnkcr), ti = w16(fki - fnkci);
    const wr = stw[2 * k - 2]!, wi = stw[2 * k - 1]!;
    const fokr = w16(((tr * wr - ti * wi + 16384) | 0) >> 15);
    const foki = w16(((tr * wi + ti * wr + 16384) | 0) >> 15);
    tmp[pk] = fekr + fokr;
    tmp[pk + 1] = feki + foki;
    tmp[pn] = fekr - fokr;
    tmp[pn + 1] = feki - foki;
    tmp[pn + 1] = -tmp[pn + 1]!;
  }
  workI16(st, out, outOff, tmp, 0, 1, 0);
}

// ---------------------------------------------------------------------------------------------------------
// int32 (FIXED_POINT 32)

/**
 * sround(a*b + c*d) of FIXED_POINT 32: (int32)((a*b + c*d + 2^30) >> 31) with the int64 sum exact.
 * a, c are int32; b, d int32 or ±2^31. Operands split as x = xh*2^16 + xl (xl in [0, 2^16)):
 * high part H (|H| <= 2^31), middle M (|M| <= 2^34) and low L (< 2^34) recombine without rounding.
 */
function sr31(a: number, b: number, c: number, d: number): number {
  const al = a & 0xffff, ah = (a - al) / 65536;
  const bl = b & 0xffff, bh = (b - bl) / 65536;
  const cl = c & 0xffff, ch = (c - cl) / 65536;
  const dl = d & 0xffff, dh = (d - dl) / 65536;
  const H = ah * bh + ch * dh;
  const R = (ah * bl + al * bh + ch * dl + cl * dh) * 65536 + (al * bl + cl * dl + 1073741824);
  return (2 * H + Math.floor(R / 2147483648)) | 0;
}

const K2_32 = 1073741823;
const K3_32 = 715827882;
const K4_32 = 536870911;
const K5_32 = 429496729;

function bfly2I32(F: Int32Array, fo: number, fstride: number, tw: Int32Array, m: number): void {
  let a = fo;
  let b = fo + 2 * m;
  let t = 0;
  for (let k = 0; k < m; k++) {
    F[a] = sr31(F[a]!, K2_32, 0, 0);
    F[a + 1] = sr31(F[a + 1]!, K2_32, 0, 0);
    F[b] = sr31(F[b]!, K2_32, 0, 0);
    F[b + 1] = sr31(F[b + 1]!, K2_32, 0, 0);
    const br = F[b]!, bi = F[b + 1]!, wr = tw[t]!, wi = tw[t + 1]!;
    const tr = sr31(br, wr, bi, -wi);
    const ti = sr31(br, wi, bi, wr);
    t += 2 * fstride;
    F[b] = F[a]! - tr;
    F[b + 1] = F[a + 1]! - ti;
    F[a] = F[a]! + tr;
    F[a + 1] = F[a + 1]! + ti;
    a += 2;
    b += 2;
  }
}

function bfly4I32(F: Int32Array, fo: number, fstride: number, tw: Int32Array, m: number, inverse: boolean): void {
  let t1 = 0, t2 = 0, t3 = 0;
  let a = fo;
  const m1 = 2 * m, m2 = 4 * m, m3 = 6 * m;
  for (let k = 0; k < m; k++) {
    for (let j = a; j <= a + m3; j += m1) {
      F[j] = sr31(F[j]!, K4_32, 0, 0);
      F[j + 1] = sr31(F[j + 1]!, K4_32, 0, 0);
    }
    let xr = F[a + m1]!, xi = F[a + m1 + 1]!, wr = tw[t1]!, wi = tw[t1 + 1]!;
    const s0r = sr31(xr, wr, xi, -wi), s0i = sr31(xr, wi, xi, wr);
    xr = F[a + m2]!; xi = F[a + m2 + 1]!; wr = tw[t2]!; wi = tw[t2 + 1]!;
    const s1r = sr31(xr, wr, xi, -wi), s1i = sr31(xr, wi, xi, wr);
    xr = F[a + m3]!; xi = F[a + m3 + 1]!; wr = tw[t3]!; wi = tw[t3 + 1]!;
    const s2r = sr31(xr, wr, xi, -wi), s2i = sr31(xr, wi, xi, wr);

    const s5r = (F[a]! - s1r) | 0;
    const s5i = (F[a + 1]! - s1i) | 0;
    F[a] = F[a]! + s1r;
    F[a + 1] = F[a + 1]! + s1i;
    const s3r = (s0r + s2r) | 0, s3i = (s0i + s2i) | 0;
    const s4r = (s0r - s2r) | 0, s4i = (s0i - s2i) | 0;
    F[a + m2] = F[a]! - s3r;
    F[a + m2 + 1] = F[a + 1]! - s3i;
    t1 += 2 * fstride;
    t2 += 4 * fstride;
    t3 += 6 * fstride;
    F[a] = F[a]! + s3r;
    F[a + 1] = F[a + 1]! + s3i;
    if (inverse) {
      F[a + m1] = s5r - s4i;
      F[a + m1 + 1] = s5i + s4r;
      F[a + m3] = s5r + s4i;
      F[a + m3 + 1] = s5i - s4r;
    } else {
      F[a + m1] = s5r + s4i;
      F[a + m1 + 1] = s5i - s4r;
      F[a + m3] = s5r - s4i;
      F[a + m3 + 1] = s5i + s4r;
    }
    a += 2;
  }
}

function bfly3I32(F: Int32Array, fo: number, fstride: number, tw: Int32Array, m: number): void {
  const m1 = 2 * m, m2 = 4 * m;
  const epi3i = tw[2 * fstride * m + 1]!;
  let t1 = 0, t2 = 0;
  let a = fo;
  for (let k = 0; k < m; k++) {
    for (let j = a; j <= a + m2; j += m1) {
      F[j] = sr31(F[j]!, K3_32, 0, 0);
      F[j + 1] = sr31(F[j + 1]!, K3_32, 0, 0);
    }
    let xr = F[a + m1]!, xi = F[a + m1 + 1]!, wr = tw[t1]!, wi = tw[t1 + 1]!;
    const s1r = sr31(xr, wr, xi, -wi), s1i = sr31(xr, wi, xi, wr);
    xr = F[a + m2]!; xi = F[a + m2 + 1]!; wr = tw[t2]!; wi = tw[t2 + 1]!;
    const s2r = sr31(xr, wr, xi, -wi), s2i = sr31(xr, wi, xi, wr);
    const s3r = (s1r + s2r) | 0, s3i = (s1i + s2i) | 0;
    let s0r = (s1r - s2r) | 0, s0i = (s1i - s2i) | 0;
    t1 += 2 * fstride;
    t2 += 4 * fstride;
    F[a + m1] = F[a]! - (s3r >> 1);
    F[a + m1 + 1] = F[a + 1]! - (s3i >> 1);
    s0r = sr31(s0r, epi3i, 0, 0);
    s0i = sr31(s0i, epi3i, 0, 0);
    F[a] = F[a]! + s3r;
    F[a + 1] = F[a + 1]! + s3i;
    F[a + m2] = F[a + m1]! + s0i;
    F[a + m2 + 1] = F[a + m1 + 1]! - s0r;
    F[a + m1] = F[a + m1]! - s0i;
    F[a + m1 + 1] = F[a + m1 + 1]! + s0r;
    a += 2;
  }
}

function bfly5I32(F: Int32Array, fo: number, fstride: number, tw: Int32Array, m: number): void {
  const yar = tw[2 * fstride * m]!, yai = tw[2 * fstride * m + 1]!;
  const ybr = tw[4 * fstride * m]!, ybi = tw[4 * fstride * m + 1]!;
  let f0 = fo, f1 = fo + 2 * m, f2 = fo + 4 * m, f3 = fo + 6 * m, f4 = fo + 8 * m;
  for (let u = 0; u < m; ++u) {
    for (let j = f0; j <= f4; j += 2 * m) {
      F[j] = sr31(F[j]!, K5_32, 0, 0);
      F[j + 1] = sr31(F[j + 1]!, K5_32, 0, 0);
    }
    const s0r = F[f0]!, s0i = F[f0 + 1]!;
    let t = 2 * u * fstride;
    let xr = F[f1]!, xi = F[f1 + 1]!, wr = tw[t]!, wi = tw[t + 1]!;
    const s1r = sr31(xr, wr, xi, -wi), s1i = sr31(xr, wi, xi, wr);
    t = 4 * u * fstride;
    xr = F[f2]!; xi = F[f2 + 1]!; wr = tw[t]!; wi = tw[t + 1]!;
    const s2r = sr31(xr, wr, xi, -wi), s2i = sr31(xr, wi, xi, wr);
    t = 6 * u * fstride;
    xr = F[f3]!; xi = F[f3 + 1]!; wr = tw[t]!; wi = tw[t + 1]!;
    const s3r = sr31(xr, wr, xi, -wi), s3i = sr31(xr, wi, xi, wr);
    t = 8 * u * fstride;
    xr = F[f4]!; xi = F[f4 + 1]!; wr = tw[t]!; wi = tw[t + 1]!;
    const s4r = sr31(xr, wr, xi, -wi), s4i = sr31(xr, wi, xi, wr);

    const s7r = (s1r + s4r) | 0, s7i = (s1i + s4i) | 0;
    const s10r = (s1r - s4r) | 0, s10i = (s1i - s4i) | 0;
    const s8r = (s2r + s3r) | 0, s8i = (s2i + s3i) | 0;
    const s9r = (s2r - s3r) | 0, s9i = (s2i - s3i) | 0;

    F[f0] = F[f0]! + ((s7r + s8r) | 0);
    F[f0 + 1] = F[f0 + 1]! + ((s7i + s8i) | 0);

    const s5r = (((s0r + sr31(s7r, yar, 0, 0)) | 0) + sr31(s8r, ybr, 0, 0)) | 0;
    const s5i = (((s0i + sr31(s7i, yar, 0, 0)) | 0) + sr31(s8i, ybr, 0, 0)) | 0;
    const s6r = (sr31(s10i, yai, 0, 0) + sr31(s9i, ybi, 0, 0)) | 0;
    const s6i = (-sr31(s10r, yai, 0, 0) - sr31(s9r, ybi, 0, 0)) | 0;
    F[f1] = s5r - s6r;
    F[f1 + 1] = s5i - s6i;
    F[f4] = s5r + s6r;
    F[f4 + 1] = s5i + s6i;

    const s11r = (((s0r + sr31(s7r, ybr, 0, 0)) | 0) + sr31(s8r, yar, 0, 0)) | 0;
    const s11i = (((s0i + sr31(s7i, ybr, 0, 0)) | 0) + sr31(s8i, yar, 0, 0)) | 0;
    const s12r = (-sr31(s10i, ybi, 0, 0) + sr31(s9i, yai, 0, 0)) | 0;
    const s12i = (sr31(s10r, ybi, 0, 0) - sr31(s9r, yai, 0, 0)) | 0;
    F[f2] = s11r + s12r;
    F[f2 + 1] = s11i + s12i;
    F[f3] = s11r - s12r;
    F[f3 + 1] = s11i - s12i;
    f0 += 2; f1 += 2; f2 += 2; f3 += 2; f4 += 2;
  }
}

function workI32(st: KissFftr, F: Int32Array, fo: number, f: Int32Array, fi: number, fstride: number, fac: number): void {
  const p = st.factors[fac]!;
  const m = st.factors[fac + 1]!;
  const end = fo + 2 * p * m;
  if (m === 1) {
    for (let o = fo; o < end; o += 2) {
      F[o] = f[fi]!;
      F[o + 1] = f[fi + 1]!;
      fi += 2 * fstride;
    }
  } else {
    for (let o = fo; o < end; o += 2 * m) {
      workI32(st, F, o, f, fi, fstride * p, fac + 2);
      fi += 2 * fstride;
    }
  }
  const tw = st.twiddles as Int32Array;
  switch (p) {
    case 2:
      bfly2I32(F, fo, fstride, tw, m);
      break;
    case 3:
      bfly3I32(F, fo, fstride, tw, m);
      break;
    case 4:
      bfly4I32(F, fo, fstride, tw, m, st.inverse);
      break;
    default:
      bfly5I32(F, fo, fstride, tw, m);
  }
}

/** kiss_fftr, int32 (see kissFftrInt16). */
export function kissFftrInt32(st: KissFftr, input: Int32Array, inOff: number, out: Int32Array, outOff: number): void {
  const ncfft = st.ncfft;
  const tmp = st.tmp as Int32Array;
  const stw = st.superTwiddles as Int32Array;
  workI32(st, tmp, 0, input, inOff, 1, 0);
  const tdcr = sr31(tmp[0]!, K2_32, 0, 0);
  const tdci = sr31(tmp[1]!, K2_32, 0, 0);
  out[outOff] = tdcr + tdci;
  out[outOff + 2 * ncfft] = tdcr - tdci;
  out[outOff + 2 * ncfft + 1] = 0;
  out[outOff + 1] = 0;
  for (let k = 1; k <= ncfft >> 1; ++k) {
    const pk = 2 * k, pn = 2 * (ncfft - k);
    const fpkr = sr31(tmp[pk]!, K2_32, 0, 0);
    const fpki = sr31(tmp[pk + 1]!, K2_32, 0, 0);
    const fpnkr = sr31(tmp[pn]!, K2_32, 0, 0);
    const fpnki = sr31(-tmp[pn + 1]! | 0, K2_32, 0, 0);
    const f1kr = (fpkr + fpnkr) | 0, f1ki = (fpki + fpnki) | 0;
    const f2kr = (fpkr - fpnkr) | 0, f2ki = (fpki - fpnki) | 0;
    const wr = stw[2 * k - 2]!, wi = stw[2 * k - 1]!;
    const twr = sr31(f2kr, wr, f2ki, -wi);
    const twi = sr31(f2kr, wi, f2ki, wr);
    out[outOff + pk] = ((f1kr + twr) | 0) >> 1;
    out[outOff + pk + 1] = ((f1ki + twi) | 0) >> 1;
    out[outOff + pn] = ((f1kr - twr) | 0) >> 1;
    out[outOff + pn + 1] = ((twi - f1ki) | 0) >> 1;
  }
}

/** kiss_fftri, int32 (see kissFftriInt16). */
export function kissFftriInt32(st: KissFftr, input: Int32Array, inOff: number, out: Int32Array, outOff: number): void {
  const ncfft = st.ncfft;
  const tmp = st.tmp as Int32Array;
  const stw = st.superTwiddles as Int32Array;
  tmp[0] = input[inOff]! + input[inOff + 2 * ncfft]!;
  tmp[1] = input[inOff]! - input[inOff + 2 * ncfft]!;
  tmp[0] = sr31(tmp[0]!, K2_32, 0, 0);
  tmp[1] = sr31(tmp[1]!, K2_32, 0, 0);
  for (let k = 1; k <= ncfft >> 1; ++k) {
    const pk = 2 * k, pn = 2 * (ncfft - k);
    const fkr = sr31(input[inOff + pk]!, K2_32, 0, 0);
    const fki = sr31(input[inOff + pk + 1]!, K2_32, 0, 0);
    const fnkcr = sr31(input[inOff + pn]!, K2_32, 0, 0);
    const fnkci = sr31(-input[inOff + pn + 1]! | 0, K2_32, 0, 0);
    const fekr = (fkr + fnkcr) | 0, feki = (fki + fnkci) | 0;
    const tr = (fkr - fnkcr) | 0, ti = (fki - fnkci) | 0;
    const wr = stw[2 * k - 2]!, wi = stw[2 * k - 1]!;
    const fokr = sr31(tr, wr, ti, -wi);
    const foki = sr31(tr, wi, ti, wr);
    tmp[pk] = fekr + fokr;
    tmp[pk + 1] = feki + foki;
    tmp[pn] = fekr - fokr;
    tmp[pn + 1] = feki - foki;
    tmp[pn + 1] = -tmp[pn + 1]!;
  }
  workI32(st, out, outOff, tmp, 0, 1, 0);
}

// ---------------------------------------------------------------------------------------------------------
// float

const fr = Math.fround;

function bfly2F(F: Float32Array, fo: number, fstride: number, tw: Float32Array, m: number): void {
  let a = fo;
  let b = fo + 2 * m;
  let t = 0;
  for (let k = 0; k < m; k++) {
    const br = F[b]!, bi = F[b + 1]!, wr = tw[t]!, wi = tw[t + 1]!;
    const tr = fr(fr(br * wr) - fr(bi * wi));
    const ti = fr(fr(br * wi) + fr(bi * wr));
    t += 2 * fstride;
    F[b] = F[a]! - tr;
    F[b + 1] = F[a + 1]! - ti;
    F[a] = F[a]! + tr;
    F[a + 1] = F[a + 1]! + ti;
    a += 2;
    b += 2;
  }
}

function bfly4F(F: Float32Array, fo: number, fstride: number, tw: Float32Array, m: number, inverse: boolean): void {
  let t1 = 0, t2 = 0, t3 = 0;
  let a = fo;
  const m1 = 2 * m, m2 = 4 * m, m3 = 6 * m;
  for (let k = 0; k < m; k++) {
    let xr = F[a + m1]!, xi = F[a + m1 + 1]!, wr = tw[t1]!, wi = tw[t1 + 1]!;
    const s0r = fr(fr(xr * wr) - fr(xi * wi)), s0i = fr(fr(xr * wi) + fr(xi * wr));
    xr = F[a + m2]!; xi = F[a + m2 + 1]!; wr = tw[t2]!; wi = tw[t2 + 1]!;
    const s1r = fr(fr(xr * wr) - fr(xi * wi)), s1i = fr(fr(xr * wi) + fr(xi * wr));
    xr = F[a + m3]!; xi = F[a + m3 + 1]!; wr = tw[t3]!; wi = tw[t3 + 1]!;
    const s2r = fr(fr(xr * wr) - fr(xi * wi)), s2i = fr(fr(xr * wi) + fr(xi * wr));

    const s5r = fr(F[a]! - s1r);
    const s5i = fr(F[a + 1]! - s1i);
    F[a] = F[a]! + s1r;
    F[a + 1] = F[a + 1]! + s1i;
    const s3r = fr(s0r + s2r), s3i = fr(s0i + s2i);
    const s4r = fr(s0r - s2r), s4i = fr(s0i - s2i);
    F[a + m2] = F[a]! - s3r;
    F[a + m2 + 1] = F[a + 1]! - s3i;
    t1 += 2 * fstride;
    t2 += 4 * fstride;
    t3 += 6 * fstride;
    F[a] = F[a]! + s3r;
    F[a + 1] = F[a + 1]! + s3i;
    if (inverse) {
      F[a + m1] = s5r - s4i;
      F[a + m1 + 1] = s5i + s4r;
      F[a + m3] = s5r + s4i;
      F[a + m3 + 1] = s5i - s4r;
    } else {
      F[a + m1] = s5r + s4i;
      F[a + m1 + 1] = s5i - s4r;
      F[a + m3] = s5r - s4i;
      F[a + m3 + 1] = s5i + s4r;
    }
    a += 2;
  }
}

function bfly3F(F: Float32Array, fo: number, fstride: number, tw: Float32Array, m: number): void {
  const m1 = 2 * m, m2 = 4 * m;
  const epi3i = tw[2 * fstride * m + 1]!;
  let t1 = 0, t2 = 0;
  let a = fo;
  for (let k = 0; k < m; k++) {
    let xr = F[a + m1]!, xi = F[a + m1 + 1]!, wr = tw[t1]!, wi = tw[t1 + 1]!;
    const s1r = fr(fr(xr * wr) - fr(xi * wi)), s1i = fr(fr(xr * wi) + fr(xi * wr));
    xr = F[a + m2]!; xi = F[a + m2 + 1]!; wr = tw[t2]!; wi = tw[t2 + 1]!;
    const s2r = fr(fr(xr * wr) - fr(xi * wi)), s2i = fr(fr(xr * wi) + fr(xi * wr));
    const s3r = fr(s1r + s2r), s3i = fr(s1i + s2i);
    let s0r = fr(s1r - s2r), s0i = fr(s1i - s2i);
    t1 += 2 * fstride;
    t2 += 4 * fstride;
    F[a + m1] = F[a]! - fr(s3r * 0.5);
    F[a + m1 + 1] = F[a + 1]! - fr(s3i * 0.5);
    s0r = fr(s0r * epi3i);
    s0i = fr(s0i * epi3i);
    F[a] = F[a]! + s3r;
    F[a + 1] = F[a + 1]! + s3i;
    F[a + m2] = F[a + m1]! + s0i;
    F[a + m2 + 1] = F[a + m1 + 1]! - s0r;
    F[a + m1] = F[a + m1]! - s0i;
    F[a + m1 + 1] = F[a + m1 + 1]! + s0r;
    a += 2;
  }
}

function bfly5F(F: Float32Array, fo: number, fstride: number, tw: Float32Array, m: number): void {
  const yar = tw[2 * fstride * m]!, yai = tw[2 * fstride * m + 1]!;
  const ybr = tw[4 * fstride * m]!, ybi = tw[4 * fstride * m + 1]!;
  let f0 = fo, f1 = fo + 2 * m, f2 = fo + 4 * m, f3 = fo + 6 * m, f4 = fo + 8 * m;
  for (let u = 0; u < m; ++u) {
    const s0r = F[f0]!, s0i = F[f0 + 1]!;
    let t = 2 * u * fstride;
    let xr = F[f1]!, xi = F[f1 + 1]!, wr = tw[t]!, wi = tw[t + 1]!;
    const s1r = fr(fr(xr * wr) - fr(xi * wi)), s1i = fr(fr(xr * wi) + fr(xi * wr));
    t = 4 * u * fstride;
    xr = F[f2]!; xi = F[f2 + 1]!; wr = tw[t]!; wi = tw[t + 1]!;
    const s2r = fr(fr(xr * wr) - fr(xi * wi)), s2i = fr(fr(xr * wi) + fr(xi * wr));
    t = 6 * u * fstride;
    xr = F[f3]!; xi = F[f3 + 1]!; wr = tw[t]!; wi = tw[t + 1]!;
    const s3r = fr(fr(xr * wr) - fr(xi * wi)), s3i = fr(fr(xr * wi) + fr(xi * wr));
    t = 8 * u * fstride;
    xr = F[f4]!; xi = F[f4 + 1]!; wr = tw[t]!; wi = tw[t + 1]!;
    const s4r = fr(fr(xr * wr) - fr(xi * wi)), s4i = fr(fr(xr * wi) + fr(xi * wr));

    const s7r = fr(s1r + s4r), s7i = fr(s1i + s4i);
    const s10r = fr(s1r - s4r), s10i = fr(s1i - s4i);
    const s8r = fr(s2r + s3r), s8i = fr(s2i + s3i);
    const s9r = fr(s2r - s3r), s9i = fr(s2i - s3i);

    F[f0] = F[f0]! + fr(s7r + s8r);
    F[f0 + 1] = F[f0 + 1]! + fr(s7i + s8i);

    const s5r = fr(fr(s0r + fr(s7r * yar)) + fr(s8r * ybr));
    const s5i = fr(fr(s0i + fr(s7i * yar)) + fr(s8i * ybr));
    const s6r = fr(fr(s10i * yai) + fr(s9i * ybi));
    const s6i = fr(-fr(s10r * yai) - fr(s9r * ybi));
    F[f1] = s5r - s6r;
    F[f1 + 1] = s5i - s6i;
    F[f4] = s5r + s6r;
    F[f4 + 1] = s5i + s6i;

    const s11r = fr(fr(s0r + fr(s7r * ybr)) + fr(s8r * yar));
    const s11i = fr(fr(s0i + fr(s7i * ybr)) + fr(s8i * yar));
    const s12r = fr(-fr(s10i * ybi) + fr(s9i * yai));
    const s12i = fr(fr(s10r * ybi) - fr(s9r * yai));
    F[f2] = s11r + s12r;
    F[f2 + 1] = s11i + s12i;
    F[f3] = s11r - s12r;
    F[f3 + 1] = s11i - s12i;
    f0 += 2; f1 += 2; f2 += 2; f3 += 2; f4 += 2;
  }
}

function workF(st: KissFftr, F: Float32Array, fo: number, f: Float32Array, fi: number, fstride: number, fac: number): void {
  const p = st.factors[fac]!;
  const m = st.factors[fac + 1]!;
  const end = fo + 2 * p * m;
  if (m === 1) {
    for (let o = fo; o < end; o += 2) {
      F[o] = f[fi]!;
      F[o + 1] = f[fi + 1]!;
      fi += 2 * fstride;
    }
  } else {
    for (let o = fo; o < end; o += 2 * m) {
      workF(st, F, o, f, fi, fstride * p, fac + 2);
      fi += 2 * fstride;
    }
  }
  const tw = st.twiddles as Float32Array;
  switch (p) {
    case 2:
      bfly2F(F, fo, fstride, tw, m);
      break;
    case 3:
      bfly3F(F, fo, fstride, tw, m);
      break;
    case 4:
      bfly4F(F, fo, fstride, tw, m, st.inverse);
      break;
    default:
      bfly5F(F, fo, fstride, tw, m);
  }
}

/** kiss_fftr, float (see kissFftrInt16). */
export function kissFftrFloat(st: KissFftr, input: Float32Array, inOff: number, out: Float32Array, outOff: number): void {
  const ncfft = st.ncfft;
  const tmp = st.tmp as Float32Array;
  const stw = st.superTwiddles as Float32Array;
  workF(st, tmp, 0, input, inOff, 1, 0);
  const tdcr = tmp[0]!;
  const tdci = tmp[1]!;
  out[outOff] = tdcr + tdci;
  out[outOff + 2 * ncfft] = tdcr - tdci;
  out[outOff + 2 * ncfft + 1] = 0;
  out[outOff + 1] = 0;
  for (let k = 1; k <= ncfft >> 1; ++k) {
    const pk = 2 * k, pn = 2 * (ncfft - k);
    const fpkr = tmp[pk]!, fpki = tmp[pk + 1]!;
    const fpnkr = tmp[pn]!, fpnki = -tmp[pn + 1]!;
    const f1kr = fr(fpkr + fpnkr), f1ki = fr(fpki + fpnki);
    const f2kr = fr(fpkr - fpnkr), f2ki = fr(fpki - fpnki);
    const wr = stw[2 * k - 2]!, wi = stw[2 * k - 1]!;
    const twr = fr(fr(f2kr * wr) - fr(f2ki * wi));
    const twi = fr(fr(f2kr * wi) + fr(f2ki * wr));
    out[outOff + pk] = fr(f1kr + twr) * 0.5;
    out[outOff + pk + 1] = fr(f1ki + twi) * 0.5;
    out[outOff + pn] = fr(f1kr - twr) * 0.5;
    out[outOff + pn + 1] = fr(twi - f1ki) * 0.5;
  }
}

/** kiss_fftri, float (unscaled; the Irfft op divides by the length). */
export function kissFftriFloat(st: KissFftr, input: Float32Array, inOff: number, out: Float32Array, outOff: number): void {
  const ncfft = st.ncfft;
  const tmp = st.tmp as Float32Array;
  const stw = st.superTwiddles as Float32Array;
  tmp[0] = input[inOff]! + input[inOff + 2 * ncfft]!;
  tmp[1] = input[inOff]! - input[inOff + 2 * ncfft]!;
  for (let k = 1; k <= ncfft >> 1; ++k) {
    const pk = 2 * k, pn = 2 * (ncfft - k);
    const fkr = input[inOff + pk]!, fki = input[inOff + pk + 1]!;
    const fnkcr = input[inOff + pn]!, fnkci = -input[inOff + pn + 1]!;
    const fekr = fr(fkr + fnkcr), feki = fr(fki + fnkci);
    const tr = fr(fkr - fnkcr), ti = fr(fki - fnkci);
    const wr = stw[2 * k - 2]!, wi = stw[2 * k - 1]!;
    const fokr = fr(fr(tr * wr) - fr(ti * wi));
    const foki = fr(fr(tr * wi) + fr(ti * wr));
    tmp[pk] = fekr + fokr;
    tmp[pk + 1] = feki + foki;
    tmp[pn] = fekr - fokr;
    tmp[pn + 1] = feki - foki;
    tmp[pn + 1] = -tmp[pn + 1]!;
  }
  workF(st, out, outOff, tmp, 0, 1, 0);
}
