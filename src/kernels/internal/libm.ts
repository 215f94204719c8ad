/**
 * float32 expf and tanhf exactly as the C++ reference's libm computes them (glibc on x86-64, the platform of
 * the golden outputs), so float kernels that call std::exp / std::tanh on floats (LSTM gates, LOGISTIC, TANH,
 * SOFTMAX, SVDF's TANH activation) can be bit-exact. `Math.fround(Math.exp(x))` and
 * `Math.fround(Math.tanh(x))` differ from glibc in the last bit for about 0.06% resp. 3% of inputs, and the
 * differences compound through recurrent models (trained_lstm's 28 LSTM steps: 10 of 40 output bytes).
 *
 *  - expf: glibc's table-based expf (Szabolcs Nagy / Arm optimized-routines, glibc >= 2.27): 2^(k/32) from a
 *    32-entry table times a cubic polynomial, evaluated in double and rounded once to float. On x86-64 CPUs
 *    with FMA glibc runs its FMA build (ifunc), where the reduction x * 32/ln2 = k + r is fused: k and r come
 *    from the exact product (see expf). The polynomial's contractions are not reproduced: they never change
 *    the float result.
 *  - tanhf: fdlibm's s_tanhf.c over fdlibm's s_expm1f.c, all in float32 (glibc before 2.41; later versions
 *    use the correctly rounded CORE-MATH tanhf, to which Math.fround(Math.tanh(x)) is nearly always equal).
 *
 * expf is verified bit for bit against glibc 2.36's expf (FMA variant, x86-64) on all 2^32 float32 inputs
 * (NaN results compare as NaN), tanhf on 2 million inputs in [-20, 20), both by trained_lstm's goldens. Arguments are
 * float32 values (callers pass tensor elements or fround results); results are float32 values. Nothing
 * allocates.
 */

const f = Math.fround;

// Bit access for float words (module-level views: no allocation per call).
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

function floatBits(x: number): number {
  F32[0] = x;
  return U32[0]!;
}

function fromFloatBits(u: number): number {
  U32[0] = u >>> 0;
  return F32[0]!;
}

// ---------------------------------------------------------------------------------------------------------
// expf
// ---------------------------------------------------------------------------------------------------------

/** 2^(i/32) as glibc's __exp2f_data.tab encodes it (tab[i] + (i << 47) read as a double). */
const EXP2_TABLE = new Float64Array([
  1.0, 1.0218971486541166, 1.0442737824274138, 1.0671404006768237, 1.0905077326652577, 1.1143867425958924,
  1.1387886347566916, 1.1637248587775775, 1.189207115002721, 1.215247359980469, 1.241857812073484,
  1.2690509571917332, 1.2968395546510096, 1.3252366431597413, 1.3542555469368927, 1.383909881963832,
  1.4142135623730951, 1.4451808069770467, 1.4768261459394993, 1.5091644275934228, 1.5422108254079407,
  1.5759808451078865, 1.6104903319492543, 1.645755478153965, 1.681792830507429, 1.718619298122478,
  1.7562521603732995, 1.7947090750031072, 1.8340080864093424, 1.8741676341103, 1.9152065613971474,
  1.9571441241754002,
]);
/** 2^q for the integer part of k / 32 (q in [-151, 128]): POW2[q + 160]. */
const POW2 = new Float64Array(300);
for (let i = 0; i < 300; i++) POW2[i] = 2 ** (i - 160);

const N = 32;
/** 0x1.8p52: adding and subtracting it rounds a double to an integer, ties to even. */
const SHIFT = 6755399441055744.0;
/** 0x1.71547652b82fep0 * 32. */
const INV_LN2_N = 1.4426950408889634 * N;
/** poly_scaled: 0x1.c6af84b912394p-5 / N^3, 0x1.ebfce50fac4f3p-3 / N^2, 0x1.62e42ff0c52d6p-1 / N. */
const C0 = 0.05550361559341535 / N / N / N;
const C1 = 0.2402284522445722 / N / N;
const C2 = 0.6931471806916203 / N;
/** 0x1.62e42ep6 (log of 2^128) and 0x1.9fe368p6 (-log of 2^-150). */
const EXP_OVERFLOW = 88.72283172607422;
const EXP_UNDERFLOW = -103.97207641601562;

/**
 * INV_LN2_N = AH + AL for exact products with a float32 x (24 significant bits): AH keeps the top 29 bits of
 * INV_LN2_N (a multiple of 2^-23 below 2^6), so AH * x needs at most 53 bits; AL = INV_LN2_N - AH is exact, a
 * multiple of 2^-47 below 2^-24 (at most 24 bits), so AL * x needs at most 48. Both products are exact doubles
 * (no underflow: |AL * x| >= 2^-47 * 2^-149).
 */
const AH = Math.round(INV_LN2_N * 2 ** 23) / 2 ** 23;
const AL = INV_LN2_N - AH;

/**
 * glibc expf for a float32 value, as its FMA build computes it: kd = fma(InvLn2N, x, SHIFT) - SHIFT and
 * r = fma(InvLn2N, x, -kd), i.e. kd is the exact product x * N / ln2 rounded to the nearest integer (ties to
 * even) and r the exact remainder rounded once. (Rounding the product first, as a build without FMA does,
 * changes the result for 2 of the 2^32 inputs: 0x4202422f and 0xc27c65d9.)
 */
export function expf(x: number): number {
  if (!(x >= -88 && x <= 88)) {
    // |x| >= 88 or NaN (glibc's abstop test).
    if (x !== x) return x;
    if (x > EXP_OVERFLOW) return Infinity;
    if (x < EXP_UNDERFLOW) return 0;
  }
  // x * N / ln2 = zh + zl exactly (|zl| <= 2^-17). kd: zh's nearest integer (ties to even, the shift trick),
  // then corrected when the exact fraction zh - kd + zl lies beyond +-1/2. d = zh - kd is exact (kd is an
  // integer within 1/2 of zh), so t = d + zl is the fraction rounded once: beyond +-1/2 iff t is (rounding is
  // monotonic), except when t rounds to exactly +-1/2; then d -+ 1/2 (exact) + zl gives the sign of
  // |fraction| - 1/2, and 0 (a true tie) goes to the even integer.
  const zh = AH * x;
  const zl = AL * x;
  let kd = zh + SHIFT - SHIFT;
  const d = zh - kd;
  const t = d + zl;
  if (t >= 0.5 || t <= -0.5) {
    const step = t > 0 ? 1 : -1;
    const e = d - 0.5 * step + zl;
    if (e * step > 0 || (e === 0 && (kd & 1) !== 0)) kd += step;
  }
  // r = x * N / ln2 - kd rounded once: zh - kd is exact (|zh - kd| <= 3/2, both multiples of ulp(zh)).
  const r = zh - kd + zl;
  const i = kd & 31;
  // s = 2^(k / N): table entry times 2^floor(k / N) (an exponent-field add in C; exact here).
  const s = EXP2_TABLE[i]! * POW2[((kd - i) / N) + 160]!;
  const p = C0 * r + C1;
  const r2 = r * r;
  let y = C2 * r + 1;
  y = p * r2 + y;
  return f(y * s);
}

// ---------------------------------------------------------------------------------------------------------
// expm1f and tanhf (fdlibm, float32)
// ---------------------------------------------------------------------------------------------------------

const O_THRESHOLD = f(8.8721679688e1);
const LN2_HI = f(6.9313812256e-1);
const LN2_LO = f(9.0580006145e-6);
const INV_LN2 = f(1.4426950216);
const Q1 = f(-3.3333335072e-2);
const Q2 = f(1.5873016091e-3);
const Q3 = f(-7.9365076090e-5);
const Q4 = f(4.0082177293e-6);
const Q5 = f(-2.0109921195e-7);
const TINY = f(1e-30);

/** fdlibm expm1f (glibc's s_expm1f.c), every operation rounded to float32. */
export function expm1f(x: number): number {
  let hx = floatBits(x);
  const negative = (hx & 0x80000000) !== 0;
  hx &= 0x7fffffff;

  // Huge and non-finite arguments.
  if (hx >= 0x4195b844) {
    // |x| >= 27 ln2
    if (hx >= 0x42b17218) {
      if (hx > 0x7f800000) return x; // NaN
      if (hx === 0x7f800000) return negative ? -1 : x;
      if (x > O_THRESHOLD) return Infinity;
    }
    if (negative) return f(TINY - 1);
  }

  let k: number;
  let c = 0;
  if (hx > 0x3eb17218) {
    // |x| > ln2 / 2: reduce.
    let hi: number;
    let lo: number;
    if (hx < 0x3f851592) {
      // and |x| < 1.5 ln2
      if (!negative) {
        hi = f(x - LN2_HI);
        lo = LN2_LO;
        k = 1;
      } else {
        hi = f(x + LN2_HI);
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = Math.trunc(f(f(INV_LN2 * x) + (negative ? -0.5 : 0.5)));
      const t = k;
      hi = f(x - f(t * LN2_HI)); // exact
      lo = f(t * LN2_LO);
    }
    x = f(hi - lo);
    c = f(f(hi - x) - lo);
  } else if (hx < 0x33000000) {
    // |x| < 2^-25
    return x;
  } else {
    k = 0;
  }

  // x is now in the primary range.
  const hfx = f(0.5 * x);
  const hxs = f(x * hfx);
  const r1 = f(1 + f(hxs * f(Q1 + f(hxs * f(Q2 + f(hxs * f(Q3 + f(hxs * f(Q4 + f(hxs * Q5))))))))));
  let t = f(3 - f(r1 * hfx));
  let e = f(hxs * f(f(r1 - t) / f(6 - f(x * t))));
  if (k === 0) return f(x - f(f(x * e) - hxs));
  e = f(f(x * f(e - c)) - c);
  e = f(e - hxs);
  if (k === -1) return f(f(0.5 * f(x - e)) - 0.5);
  if (k === 1) {
    if (x < -0.25) return f(-2 * f(e - f(x + 0.5)));
    return f(1 + f(2 * f(x - e)));
  }
  let y: number;
  if (k <= -2 || k > 56) {
    // exp(x) - 1 is exp(x) here: scale 1 - (e - x) by 2^k through the exponent field.
    y = f(1 - f(e - x));
    y = fromFloatBits(floatBits(y) + (k << 23));
    return f(y - 1);
  }
  if (k < 23) {
    t = fromFloatBits(0x3f800000 - (0x1000000 >> k)); // 1 - 2^-k
    y = f(t - f(e - x));
  } else {
    t = fromFloatBits((0x7f - k) << 23); // 2^-k
    y = f(x - f(e + t));
    y = f(y + 1);
  }
  return fromFloatBits(floatBits(y) + (k << 23));
}

/** fdlibm tanhf (glibc's s_tanhf.c before 2.41), every operation rounded to float32. */
export function tanhf(x: number): number {
  const jx = floatBits(x) | 0;
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7f800000) {
    // tanh(±inf) = ±1, tanh(NaN) = NaN
    return jx >= 0 ? f(1 / x + 1) : f(1 / x - 1);
  }
  let z: number;
  if (ix < 0x41b00000) {
    // |x| < 22
    if (ix === 0) return x;
    if (ix < 0x24000000) return f(x * f(1 + x)); // |x| < 2^-55
    if (ix >= 0x3f800000) {
      // |x| >= 1
      const t = expm1f(f(2 * Math.abs(x)));
      z = f(1 - f(2 / f(t + 2)));
    } else {
      const t = expm1f(f(-2 * Math.abs(x)));
      z = f(-t / f(t + 2));
    }
  } else {
    z = f(1 - TINY);
  }
  return jx >= 0 ? z : -z;
}
