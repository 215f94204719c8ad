/**
 * float32 sinf, cosf and logf exactly as the C++ reference's libm computes them: glibc on x86-64 (the platform
 * of the golden outputs), whose libm dispatches, on every CPU with FMA (Haswell and later), to variants built
 * with -mfma: GCC contracts each `a * b + c` of the C source into one fused multiply-add. These are the
 * Arm optimized-routines algorithms (Szabolcs Nagy, glibc >= 2.28 for sinf/cosf, >= 2.27 for logf): argument
 * reduction and a short polynomial evaluated in double, rounded once to float. Because the double result
 * carries ~2^-29 relative slack before the float rounding, a plain `Math.fround(Math.sin(x))` differs from
 * glibc in the last bit now and then, and so does a non-fused evaluation of glibc's own polynomial (most
 * visibly in sinf/cosf near multiples of pi/2, where the fused `x - n * pi/2` keeps bits a separate product
 * loses). So every contracted operation here goes through `fma`, an exact emulation.
 *
 * Verified bit for bit against glibc 2.36's libm (FMA variants) on all 2^32 float32 inputs (NaN payloads
 * aside: results that are NaN compare as NaN). Arguments are float32 values; results are float32 values.
 * Nothing allocates.
 */

// Bit access (module-level views: no allocation per call).
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const F64 = new Float64Array(1);
const U64 = new Uint32Array(F64.buffer); // [lo, hi] on little-endian hosts
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/** A C hexadecimal floating literal ('-0x1.8p3') as a double (exact: at most 53 significant bits). */
function hex(s: string): number {
  const m = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const frac = m[3] ?? '';
  const v = parseInt(m[2]! + frac, 16) * 2 ** (Number(m[4]) - 4 * frac.length);
  return m[1] ? -v : v;
}

function floatBits(x: number): number {
  F32[0] = x;
  return U32[0]!;
}

function fromFloatBits(u: number): number {
  U32[0] = u >>> 0;
  return F32[0]!;
}

// ---------------------------------------------------------------------------------------------------------
// Fused multiply-add
// ---------------------------------------------------------------------------------------------------------

/** 2^27 + 1: Veltkamp's splitter for doubles. */
const SPLITTER = 134217729;

/**
 * fma(a, b, c) = a * b + c rounded once to the nearest double (ties to even), for finite arguments whose
 * product and sum neither overflow nor underflow (true for the polynomial and reduction steps here).
 *
 * Boldo & Melquiond's emulation ("Emulation of FMA and correctly rounded sums: proved algorithms using
 * rounding to odd", 2008): a * b = uh + ul exactly (Dekker's product over Veltkamp splits), c + uh = th + tl
 * exactly (TwoSum), v = tl + ul rounded to odd, and the result RN(th + v) is the correctly rounded a * b + c.
 * Rounding to odd: the nearest-rounded sum, moved one ulp toward the exact sum when inexact and even.
 */
export function fma(a: number, b: number, c: number): number {
  // Dekker: uh + ul = a * b.
  const uh = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const ul = ah * bh - uh + ah * bl + al * bh + al * bl;
  // TwoSum: th + tl = c + uh.
  const th = c + uh;
  let bb = th - c;
  const tl = c - (th - bb) + (uh - bb);
  // v = RO(tl + ul).
  let v = tl + ul;
  bb = v - tl;
  const err = tl - (v - bb) + (ul - bb);
  if (err !== 0) {
    F64[0] = v;
    const lo = U64[LO]!;
    if ((lo & 1) === 0) {
      // Move one ulp toward the exact value (away from zero when err has v's sign).
      if (err > 0 === v > 0) {
        U64[LO] = lo + 1; // lo even: no carry
      } else if (lo === 0) {
        U64[LO] = 0xffffffff;
        U64[HI] = U64[HI]! - 1;
      } else {
        U64[LO] = lo - 1;
      }
      v = F64[0]!;
    }
  }
  return th + v;
}

// ---------------------------------------------------------------------------------------------------------
// sinf / cosf (sysdeps/ieee754/flt-32/s_sinf.c, s_cosf.c, s_sincosf.h, s_sincosf_data.c)
// ---------------------------------------------------------------------------------------------------------

/** 2 / pi * 2^24 (x86-64 has no TOINT_INTRINSICS: the quadrant comes out in bits 24..31). */
const HPI_INV = hex('0x1.45F306DC9C883p+23');
/** pi / 2. */
const HPI = hex('0x1.921FB54442D18p0');
/** 2 pi * 2^-64. */
const PI63 = hex('0x1.921FB54442D18p-62');

/** Cosine polynomial c0..c4 (c0..c4 negated in the second table) and sine polynomial s1..s3. */
const C0 = 1;
const C1 = hex('-0x1.ffffffd0c621cp-2');
const C2 = hex('0x1.55553e1068f19p-5');
const C3 = hex('-0x1.6c087e89a359dp-10');
const C4 = hex('0x1.99343027bf8c3p-16');
const S1 = hex('-0x1.555545995a603p-3');
const S2 = hex('0x1.1107605230bc4p-7');
const S3 = hex('-0x1.994eb3774cf24p-13');

/** 4/pi to 192 bits, 8 new bits per entry (__inv_pio4). */
const INV_PIO4 = new Uint32Array([
  0xa2, 0xa2f9, 0xa2f983, 0xa2f9836e, 0xf9836e4e, 0x836e4e44, 0x6e4e4415, 0x4e441529, 0x441529fc, 0x1529fc27,
  0x29fc2757, 0xfc2757d1, 0x2757d1f5, 0x57d1f534, 0xd1f534dd, 0xf534ddc0, 0x34ddc0db, 0xddc0db62, 0xc0db6295,
  0xdb629599, 0x6295993c, 0x95993c43, 0x993c4390, 0x3c439041,
]);

/** abstop12 thresholds: float(pi/4), 0x1p-12f, 120.0f, INFINITY. (sinf's 0x1p-126f test only forces an underflow flag.) */
const TOP_PIO4 = 0x3f4;
const TOP_2M12 = 0x398;
const TOP_120 = 0x42f;
const TOP_INF = 0x7f8;

/**
 * sinf_poly: sin (n even) or cos (n odd) of the reduced x, with x2 = x * x; `neg` selects the second table
 * (cosine coefficients negated). Contracted as GCC does: every `a + b * c` is one fma.
 */
function sinfPoly(x: number, x2: number, neg: boolean, n: number): number {
  if ((n & 1) === 0) {
    const x3 = x * x2;
    const s1 = fma(x2, S3, S2);
    const x7 = x3 * x2;
    const s = fma(x3, S1, x);
    return Math.fround(fma(x7, s1, s));
  }
  const x4 = x2 * x2;
  const c2 = neg ? fma(x2, -C4, -C3) : fma(x2, C4, C3);
  const c1 = neg ? fma(x2, -C1, -C0) : fma(x2, C1, C0);
  const x6 = x4 * x2;
  const c = neg ? fma(x4, -C2, c1) : fma(x4, C2, c1);
  return Math.fround(fma(x6, c2, c));
}

/** Quadrant of the last reduction (reduce_fast / reduce_large's *np). */
let quadrant = 0;

/** reduce_fast: x mod pi/2 in [-pi/4, pi/4] for |x| < 120; quadrant in `quadrant`. */
function reduceFast(x: number): number {
  const r = x * HPI_INV;
  // (int32_t)r truncates; |r| < 2^31 for |x| < 120.
  const n = ((Math.trunc(r) | 0) + 0x800000) >> 24;
  quadrant = n;
  return fma(-n, HPI, x);
}

/** 64-bit scratch for reduceLarge: the product of two uint32 as hi/lo words. */
let mulHi = 0;
let mulLo = 0;

/** Exact 32 x 32 -> 64-bit unsigned product into mulHi/mulLo. */
function mul32(a: number, b: number): void {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lolo = aLo * bLo;
  const mid = aHi * bLo + aLo * bHi; // < 2^33, exact
  const hihi = aHi * bHi;
  // lo = lolo + (mid mod 2^16) * 2^16; hi = hihi + floor(mid / 2^16) + carry.
  const midLo = mid % 65536;
  const lo = lolo + midLo * 65536; // < 2^33
  mulLo = lo >>> 0;
  mulHi = (hihi + Math.floor(mid / 65536) + Math.floor(lo / 4294967296)) >>> 0;
}

/**
 * reduce_large: for |x| >= 120 (xi its float bits, sign ignored), x * 4/pi as a 2.62 fixed-point number from
 * a 32 x 96-bit product with the right 96 bits of 4/pi; the nearest multiple of 4 is the quadrant, the rest
 * (as int64 converted to double) times 2 pi * 2^-64 the reduced argument.
 */
function reduceLarge(xi: number): number {
  const base = (xi >>> 26) & 15;
  const shift = (xi >>> 23) & 7;
  const m = (((xi & 0xffffff) | 0x800000) << shift) >>> 0;
  // res0 = (uint32)(m * arr[0]) (a 32-bit product in C), res1 = m * arr[4], res2 = m * arr[8] (64-bit).
  const r0 = Math.imul(m, INV_PIO4[base]!) >>> 0;
  mul32(m, INV_PIO4[base + 8]!);
  const r2Hi = mulHi;
  mul32(m, INV_PIO4[base + 4]!);
  // res0 = (res2 >> 32) | (res0 << 32); res0 += res1 (mod 2^64).
  let lo = r2Hi + mulLo;
  const carry = lo >= 4294967296 ? 1 : 0;
  lo >>>= 0;
  let hi = (r0 + mulHi + carry) >>> 0;
  // n = (res0 + 2^61) >> 62; res0 -= n << 62.
  const n = ((hi + 0x20000000) >>> 0) >>> 30;
  hi = (hi - n * 0x40000000) | 0; // as int32: the int64's high word
  quadrant = n;
  // (double)(int64_t)res0: hi * 2^32 is exact, the addition rounds once.
  return (hi * 4294967296 + lo) * PI63;
}

/** glibc sinf (FMA build) of a float32 value. */
export function sinf(y: number): number {
  const bits = floatBits(y);
  const top = (bits >>> 20) & 0x7ff;
  const x = y;
  if (top < TOP_PIO4) {
    if (top < TOP_2M12) return y;
    return sinfPoly(x, x * x, false, 0);
  }
  if (top < TOP_120) {
    const r = reduceFast(x);
    const n = quadrant;
    const s = (n & 3) === 1 || (n & 3) === 2 ? -1 : 1;
    return sinfPoly(r * s, r * r, (n & 2) !== 0, n);
  }
  if (top < TOP_INF) {
    const sign = bits >>> 31;
    const r = reduceLarge(bits);
    const q = quadrant + sign;
    const s = (q & 3) === 1 || (q & 3) === 2 ? -1 : 1;
    return sinfPoly(r * s, r * r, (q & 2) !== 0, quadrant);
  }
  // Inf or NaN: __math_invalidf, (y - y) / (y - y).
  return (y - y) / (y - y);
}

/** glibc cosf (FMA build) of a float32 value. */
export function cosf(y: number): number {
  const bits = floatBits(y);
  const top = (bits >>> 20) & 0x7ff;
  const x = y;
  if (top < TOP_PIO4) {
    if (top < TOP_2M12) return 1;
    return sinfPoly(x, x * x, false, 1);
  }
  if (top < TOP_120) {
    const r = reduceFast(x);
    const n = quadrant;
    const s = (n & 3) === 1 || (n & 3) === 2 ? -1 : 1;
    return sinfPoly(r * s, r * r, (n & 2) !== 0, n ^ 1);
  }
  if (top < TOP_INF) {
    const sign = bits >>> 31;
    const r = reduceLarge(bits);
    const q = quadrant + sign;
    const s = (q & 3) === 1 || (q & 3) === 2 ? -1 : 1;
    return sinfPoly(r * s, r * r, (q & 2) !== 0, quadrant ^ 1);
  }
  return (y - y) / (y - y);
}

// ---------------------------------------------------------------------------------------------------------
// logf (sysdeps/ieee754/flt-32/e_logf.c, e_logf_data.c)
// ---------------------------------------------------------------------------------------------------------

/** 1/c and log(c) for the 16 subintervals of [OFF, 2 OFF). */
const LOGF_INVC = Float64Array.from(
  [
    '0x1.661ec79f8f3bep+0', '0x1.571ed4aaf883dp+0', '0x1.49539f0f010bp+0', '0x1.3c995b0b80385p+0', '0x1.30d190c8864a5p+0',
    '0x1.25e227b0b8eap+0', '0x1.1bb4a4a1a343fp+0', '0x1.12358f08ae5bap+0', '0x1.0953f419900a7p+0', '0x1p+0',
    '0x1.e608cfd9a47acp-1', '0x1.ca4b31f026aap-1', '0x1.b2036576afce6p-1', '0x1.9c2d163a1aa2dp-1', '0x1.886e6037841edp-1',
    '0x1.767dcf5534862p-1',
  ],
  hex,
);
const LOGF_LOGC = Float64Array.from(
  [
    '-0x1.57bf7808caadep-2', '-0x1.2bef0a7c06ddbp-2', '-0x1.01eae7f513a67p-2', '-0x1.b31d8a68224e9p-3',
    '-0x1.6574f0ac07758p-3', '-0x1.1aa2bc79c81p-3', '-0x1.a4e76ce8c0e5ep-4', '-0x1.1973c5a611cccp-4',
    '-0x1.252f438e10c1ep-5', '0x0p+0', '0x1.aa5aa5df25984p-5', '0x1.c5e53aa362eb4p-4', '0x1.526e57720db08p-3',
    '0x1.bc2860d22477p-3', '0x1.1058bc8a07ee1p-2', '0x1.4043057b6ee09p-2',
  ],
  hex,
);
const LN2 = hex('0x1.62e42fefa39efp-1');
const A0 = hex('-0x1.00ea348b88334p-2');
const A1 = hex('0x1.5575b0be00b6ap-2');
const A2 = hex('-0x1.ffffef20a4123p-2');
const OFF = 0x3f330000;

/** glibc logf (FMA build) of a float32 value. */
export function logf(x: number): number {
  let ix = floatBits(x);
  if (ix === 0x3f800000) return 0;
  if (((ix - 0x00800000) >>> 0) >= 0x7f800000 - 0x00800000) {
    // x < 0x1p-126 or inf or nan.
    if (((ix << 1) >>> 0) === 0) return -Infinity;
    if (ix === 0x7f800000) return x;
    if ((ix & 0x80000000) !== 0 || ((ix << 1) >>> 0) >= 0xff000000) return (x - x) / (x - x);
    // Subnormal: normalize (x * 2^23 is exact in float).
    ix = (floatBits(Math.fround(x * 8388608)) - (23 << 23)) >>> 0;
  }
  const tmp = (ix - OFF) >>> 0;
  const i = (tmp >>> 19) % 16;
  const k = (tmp | 0) >> 23;
  const iz = (ix - (tmp & 0xff800000)) >>> 0;
  const invc = LOGF_INVC[i]!;
  const logc = LOGF_LOGC[i]!;
  const z = fromFloatBits(iz);
  const r = fma(z, invc, -1);
  const y0 = fma(k, LN2, logc);
  const r2 = r * r;
  let y = fma(A1, r, A2);
  y = fma(A0, r2, y);
  y = fma(y, r2, y0 + r);
  return Math.fround(y);
}
