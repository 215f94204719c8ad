/**
 * Quantization math against a BigInt oracle written from the C definitions (gemmlowp fixedpoint.h, TFLite
 * common.h/common.cc, quantization_util.cc, kernel_util.cc): int64 arithmetic in BigInt, C's truncating
 * division = BigInt division, int32 casts = BigInt.asIntN(32, ·). Each function gets edge grids, exact rounding
 * ties and 100k+ seeded random inputs. Known values (TFLM's own quantization_util_test.cc, and values checked
 * against TFLM's C++ compiled on x86-64) pin the float/double subtleties.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  calculateActivationRangeFloat,
  calculateActivationRangeInt32,
  calculateActivationRangeQuantized,
  calculateInputRadius,
  countLeadingSignBits32,
  countLeadingZeros32,
  downScaleInt32ToInt16Multiplier,
  floorLog2,
  FLT_MAX,
  frexp,
  getInvSqrtQuantizedMultiplierExp,
  getQuantizedConvolutionMultiplier,
  INT32_MAX,
  INT32_MIN,
  multiplyByQuantizedMultiplier,
  multiplyByQuantizedMultiplierFor,
  multiplyByQuantizedMultiplierGreaterThanOne,
  multiplyByQuantizedMultiplierGreaterThanOneSingleRounding,
  multiplyByQuantizedMultiplierInt64,
  multiplyByQuantizedMultiplierInt64SingleRounding,
  multiplyByQuantizedMultiplierSingleRounding,
  multiplyByQuantizedMultiplierSmallerThanOneExp,
  multiplyByQuantizedMultiplierSmallerThanOneExpSingleRounding,
  perChannelMultipliers,
  populateConvolutionQuantizationParams,
  preprocessLogSoftmaxScalingExp,
  preprocessSoftmaxScaling,
  quantizeMultiplier,
  quantizeMultiplierFor,
  quantizeMultiplierGreaterThanOne,
  quantizeMultiplierGreaterThanOneSingleRounding,
  quantizeMultiplierSingleRounding,
  quantizeMultiplierSmallerThanOneExp,
  quantizeRound,
  roundingDivideByPOT,
  saturatingAddInt32,
  saturatingRoundingDoublingHighMul,
  saturatingRoundingMultiplyByPOTParam,
  saturatingSubInt16,
  saturatingSubInt32,
} from '../../src/kernels/internal/quantization.js';
import { TflmError } from '../../src/errors.js';

const RANDOM_CASES = 120_000;

// ---------------------------------------------------------------------------------------------------------
// Seeded PRNG and generators
// ---------------------------------------------------------------------------------------------------------

/** mulberry32: a small, well-mixed 32-bit PRNG; deterministic per seed. */
function prng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) | 0;
  };
}

/** Uniform integer in [0, n). */
function below(r: () => number, n: number): number {
  return (r() >>> 0) % n;
}

const INT32_EDGES = [
  INT32_MIN, INT32_MIN + 1, -(2 ** 30) - 1, -(2 ** 30), -65537, -65536, -32768, -3, -2, -1, 0, 1, 2, 3, 32767,
  32768, 65535, 65536, 2 ** 30 - 1, 2 ** 30, 2 ** 30 + 1, INT32_MAX - 1, INT32_MAX,
];
const MULTIPLIER_EDGES = [
  0, 1, 2, 32767, 32768, 65535, 65536, 2 ** 30 - 1, 2 ** 30, 2 ** 30 + 1, 1518500250, 0x7fff0000 - 1, 0x7fff0000,
  0x7fff7fff, 0x7fff8000, 0x7ffffffe, INT32_MAX,
];

/** int32 with a bias toward edges and small magnitudes, the rest uniform. */
function anyInt32(r: () => number): number {
  const k = below(r, 8);
  if (k === 0) return INT32_EDGES[below(r, INT32_EDGES.length)]!;
  if (k <= 2) return r() >> below(r, 32);
  return r();
}

/** Non-negative multiplier as QuantizeMultiplier produces ([2^30, 2^31)) mostly, edges and any value otherwise. */
function anyMultiplier(r: () => number): number {
  const k = below(r, 8);
  if (k === 0) return MULTIPLIER_EDGES[below(r, MULTIPLIER_EDGES.length)]!;
  if (k === 1) return r() >>> 1;
  return (r() >>> 2) + 2 ** 30;
}

/** x with odd * 2^pow (|x| fits int32): used to build exact rounding ties. */
function oddTimesPow2(r: () => number, pow: number): number {
  const maxOddBits = 31 - pow; // |odd| < 2^(31 - pow)
  const odd = ((r() >>> (32 - Math.max(1, maxOddBits - 1))) | 1) * (r() & 1 ? -1 : 1);
  return odd * 2 ** pow;
}

// ---------------------------------------------------------------------------------------------------------
// BigInt oracle, transcribed from the C
// ---------------------------------------------------------------------------------------------------------

const i32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** gemmlowp::SaturatingRoundingDoublingHighMul<int32_t>. */
function refSrdhm(a: number, b: number): number {
  const overflow = a === b && a === INT32_MIN;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  const high = i32((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, like C
  return overflow ? INT32_MAX : high;
}

/** gemmlowp::RoundingDivideByPOT<int32_t>. */
function refRdbpot(x: number, exponent: number): number {
  const mask = BigInt.asIntN(32, (1n << BigInt(exponent)) - 1n);
  const X = BigInt(x);
  const remainder = X & mask;
  const threshold = (mask >> 1n) + (X < 0n ? 1n : 0n);
  return i32((X >> BigInt(exponent)) + (remainder > threshold ? 1n : 0n));
}

/** MultiplyByQuantizedMultiplier(int32_t ...), default build. `x * (1 << left_shift)` wraps (as compiled). */
function refMbqm(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  return refRdbpot(refSrdhm(i32(BigInt(x) * (1n << BigInt(left))), m), right);
}

/** MultiplyByQuantizedMultiplier(int32_t ...), TFLITE_SINGLE_ROUNDING. */
function refMbqmSingle(x: number, m: number, shift: number): number {
  const totalShift = BigInt(31 - shift);
  const round = 1n << (totalShift - 1n);
  const result = i64(BigInt(x) * BigInt(m) + round) >> totalShift;
  return i32(result);
}

/** MultiplyByQuantizedMultiplier(int64_t ...) (same code in both builds). */
function refMbqm64(x: number, m: number, shift: number): number {
  const reduced = m < 0x7fff0000 ? (m + (1 << 15)) >> 16 : 0x7fff;
  const totalShift = BigInt(15 - shift);
  const v = i64(i64(BigInt(x) * BigInt(reduced)) + (1n << (totalShift - 1n)));
  return i32(v >> totalShift);
}

/** A finite double as sig * 2^exp exactly (sig an integer, possibly even). */
function decompose(d: number): { sig: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let sig = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    sig |= 1n << 52n;
    exp = biased - 1075;
  }
  return { sig: hi >>> 31 ? -sig : sig, exp };
}

const bitLength = (v: bigint): number => (v < 0n ? -v : v).toString(2).length;

/** x * 2^k (k may be negative) rounded to an integer, ties away from zero: C round() on an exact value. */
function roundHalfAwayScaled(sig: bigint, k: number): bigint {
  if (k >= 0) return sig << BigInt(k);
  const neg = sig < 0n;
  const mag = ((neg ? -sig : sig) + (1n << BigInt(-k - 1))) >> BigInt(-k);
  return neg ? -mag : mag;
}

/** QuantizeMultiplier from its definition on the exact value of d (frexp and round done in BigInt). */
function refQuantizeMultiplier(d: number, single: boolean): { multiplier: number; shift: number } {
  if (d === 0) return { multiplier: 0, shift: 0 };
  const { sig, exp } = decompose(d);
  let shift = bitLength(sig) + exp; // frexp exponent: d = q * 2^shift, 0.5 <= |q| < 1
  // q * 2^31 = d * 2^(31 - shift) = sig * 2^(exp + 31 - shift)
  let qFixed = roundHalfAwayScaled(sig, exp + 31 - shift);
  assert.ok(qFixed <= 1n << 31n); // TFLITE_CHECK
  if (qFixed === 1n << 31n) {
    qFixed /= 2n;
    shift++;
  }
  if (shift < -31) {
    shift = 0;
    qFixed = 0n;
  }
  if (single && shift > 30) {
    shift = 30;
    qFixed = (1n << 31n) - 1n;
  }
  return { multiplier: Number(qFixed), shift };
}

/** float32 division a / b, correctly rounded (ties to even), including subnormal and overflow results. */
function refFloatDiv(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || (a === 0 && b === 0)) return NaN;
  const negative = (x: number): boolean => x < 0 || Object.is(x, -0);
  const sign = negative(a) !== negative(b) ? -1 : 1;
  if (b === 0) return sign * Infinity;
  if (a === 0) return sign * 0;
  const A = decompose(Math.abs(a));
  const B = decompose(Math.abs(b));
  // |a / b| = (A.sig / B.sig) * 2^(A.exp - B.exp). Scale to an integer quotient with >= 26 significant bits.
  const extra = 64;
  const num = A.sig << BigInt(extra);
  let q = num / B.sig;
  const exact = q * B.sig === num;
  let e = A.exp - B.exp - extra; // |a / b| ≈ q * 2^e (q truncated, sticky = !exact)
  // Keep 24 significant bits, or fewer for subnormals (least unit 2^-149).
  const len = bitLength(q);
  let drop = len - 24;
  if (e + drop < -149) drop = -149 - e;
  const dropped = q & ((1n << BigInt(drop)) - 1n);
  q >>= BigInt(drop);
  e += drop;
  const half = 1n << BigInt(drop - 1);
  // Round to nearest; an exact half (nothing dropped below it and an exact quotient) goes to even.
  if (dropped > half || (dropped === half && (!exact || (q & 1n) === 1n))) q += 1n;
  const v = Number(q) * 2 ** e;
  return sign * (v > FLT_MAX ? Infinity : v);
}

/** kernel_util.cc Quantize() + CalculateActivationRangeQuantizedImpl, with the x86 int32 cast. */
function refActivationRange(act: number, scale: number, zp: number, qmin: number, qmax: number): { min: number; max: number } | 'error' {
  const quantize = (f: number): number | 'error' => {
    const quotient = refFloatDiv(f, scale);
    if (!Number.isFinite(quotient)) return 'error';
    const { sig, exp } = decompose(quotient);
    const tmp = roundHalfAwayScaled(sig, exp); // roundf on the exact float
    if (!(tmp >= -(1n << 31n) && tmp <= 1n << 31n)) return 'error';
    const cast = tmp === 1n << 31n ? INT32_MIN : Number(tmp); // cvttss2si: out of range → 0x80000000
    return i32(BigInt(zp) + BigInt(cast));
  };
  let min = qmin;
  let max = qmax;
  if (act === 1 || act === 2 || act === 3) {
    const lo = quantize(act === 2 ? -1 : 0);
    if (lo === 'error') return 'error';
    min = Math.max(qmin, lo);
    if (act !== 1) {
      const hi = quantize(act === 2 ? 1 : 6);
      if (hi === 'error') return 'error';
      max = Math.min(qmax, hi);
    }
  }
  return { min, max };
}

// ---------------------------------------------------------------------------------------------------------
// Drivers
// ---------------------------------------------------------------------------------------------------------

type Fn3 = (a: number, b: number, c: number) => number;

/** Compare on every case; report the first few mismatches with their inputs. */
function compareAll(name: string, cases: Iterable<readonly number[]>, actual: (...args: number[]) => number, expected: (...args: number[]) => number): void {
  const bad: string[] = [];
  let n = 0;
  for (const c of cases) {
    n++;
    const got = actual(...c);
    const want = expected(...c);
    if (!Object.is(got, want) && bad.length < 5) bad.push(`${name}(${c.join(', ')}) = ${got}, expected ${want}`);
  }
  assert.ok(n > 0);
  assert.deepEqual(bad, [], bad.join('\n'));
}

function* randomCases(seed: number, count: number, gen: (r: () => number) => number[]): Generator<number[]> {
  const r = prng(seed);
  for (let i = 0; i < count; i++) yield gen(r);
}

function* grid(...axes: readonly number[][]): Generator<number[]> {
  if (axes.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = axes;
  for (const v of first!) for (const tail of grid(...rest)) yield [v, ...tail];
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

describe('quantizeRound (C round)', () => {
  test('ties away from zero, -0 kept, non-integers, large values', () => {
    const cases: [number, number][] = [
      [0.5, 1], [-0.5, -1], [1.5, 2], [-1.5, -2], [2.5, 3], [-2.5, -3], [0.49999999999999994, 0],
      [-0.49999999999999994, -0], [2 ** 52 + 1, 2 ** 52 + 1], [-(2 ** 52) - 1, -(2 ** 52) - 1], [4503599627370495.5, 4503599627370496],
      [-4503599627370495.5, -4503599627370496], [0, 0], [-0, -0], [-0.3, -0], [1e300, 1e300], [Infinity, Infinity],
    ];
    for (const [x, want] of cases) assert.ok(Object.is(quantizeRound(x), want), `round(${x}) = ${quantizeRound(x)}, expected ${want}`);
    assert.ok(Number.isNaN(quantizeRound(NaN)));
  });
  test('random vs exact oracle', () => {
    compareAll('round', randomCases(1, RANDOM_CASES, (r) => {
      const k = below(r, 3);
      if (k === 0) return [(r() >> below(r, 32)) + 0.5]; // exact ties
      return [(r() / 2 ** below(r, 40)) * (k === 1 ? 1 : 1e6)];
    }), quantizeRound, (x) => {
      const { sig, exp } = decompose(x);
      const v = Number(roundHalfAwayScaled(sig, exp));
      return v === 0 && x < 0 ? -0 : v;
    });
  });
});

describe('frexp', () => {
  test('known values', () => {
    const cases: [number, number, number][] = [
      [1, 0.5, 1], [0.5, 0.5, 0], [0.25, 0.5, -1], [-1, -0.5, 1], [0.75, 0.75, 0], [3, 0.75, 2],
      [123.45, 123.45 / 128, 7], [Number.MAX_VALUE, Number.MAX_VALUE / 2 ** 1023 / 2, 1024],
      [Number.MIN_VALUE, 0.5, -1073], [-Number.MIN_VALUE, -0.5, -1073], [2 ** -1022, 0.5, -1021], [2 ** -1023 * 3, 0.75, -1021],
    ];
    for (const [x, m, e] of cases) assert.deepEqual(frexp(x), { mantissa: m, exponent: e }, `frexp(${x})`);
    assert.deepEqual(frexp(0), { mantissa: 0, exponent: 0 });
    assert.ok(Object.is(frexp(-0).mantissa, -0));
    assert.deepEqual(frexp(Infinity), { mantissa: Infinity, exponent: 0 });
    assert.deepEqual(frexp(-Infinity), { mantissa: -Infinity, exponent: 0 });
    assert.ok(Number.isNaN(frexp(NaN).mantissa));
  });
  test('random doubles (normal and subnormal): x = m * 2^e exactly, 0.5 <= |m| < 1', () => {
    const r = prng(2);
    const view = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < RANDOM_CASES; i++) {
      view.setUint32(0, i % 4 === 0 ? r() & 0x800fffff : r()); // every 4th one subnormal
      view.setUint32(4, r());
      const x = view.getFloat64(0);
      if (!Number.isFinite(x) || x === 0) continue;
      const { mantissa, exponent } = frexp(x);
      assert.ok(Math.abs(mantissa) >= 0.5 && Math.abs(mantissa) < 1, `frexp(${x}).mantissa = ${mantissa}`);
      const X = decompose(x);
      const M = decompose(mantissa);
      // Compare exact values sig * 2^exp: align exponents.
      const e1 = X.exp;
      const e2 = M.exp + exponent;
      const lhs = e1 >= e2 ? X.sig << BigInt(e1 - e2) : X.sig;
      const rhs = e2 >= e1 ? M.sig << BigInt(e2 - e1) : M.sig;
      assert.equal(lhs, rhs, `frexp(${x}) = ${mantissa} * 2^${exponent}`);
    }
  });
});

describe('quantizeMultiplier', () => {
  test('known values (TFLM quantization_util_test QuantizeMultiplierArray and hand-derived)', () => {
    const cases: [number, number, number][] = [
      [-4, -1073741824, 3], [-2, -1073741824, 2], [-1, -1073741824, 1], [-0.5, -1073741824, 0],
      [-0.25, -1073741824, -1], [-0.125, -1073741824, -2], [0, 0, 0], [0.125, 1073741824, -2],
      [0.25, 1073741824, -1], [0.5, 1073741824, 0], [1, 1073741824, 1], [2, 1073741824, 2], [4, 1073741824, 3],
      [0.75, 1610612736, 0], [-0, 0, 0],
      // Significand rounding up to 2^31 renormalizes: 1 - 2^-32 → q*2^31 = 2^31 - 0.5 (a tie, away from zero).
      [1 - 2 ** -32, 1073741824, 1], [1 - 2 ** -33, 1073741824, 1], [1 - 2 ** -31, 2147483647, 0],
      [(1 - 2 ** -32) * 2 ** -10, 1073741824, -9],
      // Negative side: rounding to -2^31 stays (fits int32), no renormalization.
      [-(1 - 2 ** -32), INT32_MIN, 0], [-(1 - 2 ** -31), -2147483647, 0],
      // Flush to zero below 2^-32; 2^-32 itself survives; so does a value that renormalizes to shift -31.
      // (1 - 2^-40) * 2^-32 has frexp exponent -32 but renormalizes to -31 first, so it is not flushed;
      // (1 - 2^-30) * 2^-32 does not round up and is flushed.
      [2 ** -32, 1073741824, -31], [2 ** -33, 0, 0], [(1 - 2 ** -40) * 2 ** -32, 1073741824, -31],
      [(1 - 2 ** -30) * 2 ** -32, 0, 0], [Number.MIN_VALUE, 0, 0], [2 ** -1030, 0, 0],
      // No shift clamp in the default build; MAX_VALUE's significand 1 - 2^-53 rounds up to 2^31.
      [2 ** 40, 1073741824, 41], [Number.MAX_VALUE, 1073741824, 1025],
    ];
    for (const [d, m, s] of cases) assert.deepEqual(quantizeMultiplier(d), { multiplier: m, shift: s }, `quantizeMultiplier(${d})`);
  });
  test('single rounding clamps shift > 30', () => {
    assert.deepEqual(quantizeMultiplierSingleRounding(2 ** 40), { multiplier: INT32_MAX, shift: 30 });
    assert.deepEqual(quantizeMultiplierSingleRounding(2 ** 29), { multiplier: 1073741824, shift: 30 });
    assert.deepEqual(quantizeMultiplierSingleRounding(2 ** 30), { multiplier: INT32_MAX, shift: 30 });
    assert.deepEqual(quantizeMultiplierSingleRounding(0.3), quantizeMultiplier(0.3));
    assert.deepEqual(quantizeMultiplierFor('single', 2 ** 31), { multiplier: INT32_MAX, shift: 30 });
    assert.deepEqual(quantizeMultiplierFor('double', 2 ** 31), { multiplier: 1073741824, shift: 32 });
  });
  test('non-finite multipliers throw', () => {
    for (const d of [NaN, Infinity, -Infinity]) assert.throws(() => quantizeMultiplier(d), TflmError);
  });
  test('random doubles vs oracle (both builds)', () => {
    const view = new DataView(new ArrayBuffer(8));
    const gen = (r: () => number): number[] => {
      const k = below(r, 5);
      if (k === 0) {
        // Any finite double, including subnormals and huge values.
        view.setUint32(0, r());
        view.setUint32(4, r());
        const d = view.getFloat64(0);
        return [Number.isFinite(d) ? d : 1.5];
      }
      if (k === 1) return [Math.fround(Math.exp(((r() >>> 0) / 2 ** 32 - 0.6) * 40))]; // realistic scale ratios
      if (k === 2) {
        // Significands within a few ulps of the 2^31 rounding boundary (and exact ties at 2^31 - 0.5).
        const q = (2 ** 31 - 0.5 + (below(r, 9) - 4) * 2 ** -21) / 2 ** 31;
        return [q * 2 ** (below(r, 90) - 60) * (r() & 1 ? -1 : 1)];
      }
      if (k === 3) return [(below(r, 2 ** 20) + 1) * 2 ** (below(r, 60) - 80)]; // around the flush threshold
      return [(r() / 2 ** 31) * 2 ** (below(r, 80) - 40)];
    };
    compareAll('quantizeMultiplier.m', randomCases(3, RANDOM_CASES, gen), (d) => quantizeMultiplier(d).multiplier, (d) => refQuantizeMultiplier(d, false).multiplier);
    compareAll('quantizeMultiplier.s', randomCases(3, RANDOM_CASES, gen), (d) => quantizeMultiplier(d).shift, (d) => refQuantizeMultiplier(d, false).shift);
    compareAll('quantizeMultiplierSingle.m', randomCases(4, RANDOM_CASES / 4, gen), (d) => quantizeMultiplierSingleRounding(d).multiplier, (d) => refQuantizeMultiplier(d, true).multiplier);
    compareAll('quantizeMultiplierSingle.s', randomCases(4, RANDOM_CASES / 4, gen), (d) => quantizeMultiplierSingleRounding(d).shift, (d) => refQuantizeMultiplier(d, true).shift);
  });
  test('SmallerThanOneExp / GreaterThanOne checks', () => {
    assert.deepEqual(quantizeMultiplierSmallerThanOneExp(0.25), { multiplier: 1073741824, shift: -1 });
    assert.deepEqual(quantizeMultiplierSmallerThanOneExp(0.75), { multiplier: 1610612736, shift: 0 });
    assert.deepEqual(quantizeMultiplierSmallerThanOneExp(2 ** -40), { multiplier: 0, shift: 0 });
    for (const d of [1, 1.5, 0, -0.5, NaN, 1 - 2 ** -40 /* rounds to shift 1 */]) {
      assert.throws(() => quantizeMultiplierSmallerThanOneExp(d), TflmError, `SmallerThanOneExp(${d})`);
    }
    assert.deepEqual(quantizeMultiplierGreaterThanOne(1.5), { multiplier: 1610612736, shift: 1 });
    assert.deepEqual(quantizeMultiplierGreaterThanOne(2 ** 40), { multiplier: 1073741824, shift: 41 });
    assert.deepEqual(quantizeMultiplierGreaterThanOneSingleRounding(2 ** 40), { multiplier: INT32_MAX, shift: 30 });
    for (const d of [1, 0.5, 0, -2, NaN]) assert.throws(() => quantizeMultiplierGreaterThanOne(d), TflmError);
  });
});

describe('saturatingRoundingDoublingHighMul', () => {
  test('known values', () => {
    assert.equal(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN), INT32_MAX);
    assert.equal(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX), -INT32_MAX);
    assert.equal(saturatingRoundingDoublingHighMul(INT32_MAX, INT32_MAX), INT32_MAX - 1);
    assert.equal(saturatingRoundingDoublingHighMul(2 ** 15, 2 ** 15), 1); // 2^30 / 2^31 = 0.5 → 1
    assert.equal(saturatingRoundingDoublingHighMul(-(2 ** 15), 2 ** 15), 0); // -0.5 → 0 (ties toward +inf)
    assert.equal(saturatingRoundingDoublingHighMul(3 * 2 ** 15, -(2 ** 15)), -1); // -1.5 → -1
    assert.ok(Object.is(saturatingRoundingDoublingHighMul(-5, 0), 0));
  });
  test('edge grid', () => {
    compareAll('srdhm', grid(INT32_EDGES, [...INT32_EDGES, ...MULTIPLIER_EDGES]), saturatingRoundingDoublingHighMul, refSrdhm);
  });
  test('exact ties (a * b an odd multiple of 2^30)', () => {
    compareAll('srdhm', randomCases(5, 20_000, (r) => {
      const i = below(r, 31);
      return [oddTimesPow2(r, i), oddTimesPow2(r, 30 - i)];
    }), saturatingRoundingDoublingHighMul, refSrdhm);
  });
  test('random', () => {
    compareAll('srdhm', randomCases(6, RANDOM_CASES, (r) => [anyInt32(r), below(r, 2) ? anyInt32(r) : anyMultiplier(r)]), saturatingRoundingDoublingHighMul, refSrdhm);
  });
});

describe('roundingDivideByPOT', () => {
  test('known values', () => {
    assert.equal(roundingDivideByPOT(5, 1), 3); // 2.5 → 3
    assert.equal(roundingDivideByPOT(-5, 1), -3); // -2.5 → -3 (away from zero)
    assert.equal(roundingDivideByPOT(-3, 1), -2);
    assert.equal(roundingDivideByPOT(INT32_MIN, 31), -1);
    assert.equal(roundingDivideByPOT(INT32_MAX, 31), 1);
    assert.equal(roundingDivideByPOT(2 ** 30, 31), 1); // 0.5 → 1
    assert.equal(roundingDivideByPOT(-(2 ** 30), 31), -1);
    assert.equal(roundingDivideByPOT(2 ** 30 - 1, 31), 0);
    assert.equal(roundingDivideByPOT(INT32_MIN, 0), INT32_MIN);
  });
  test('edge grid, all exponents', () => {
    compareAll('rdbpot', grid(INT32_EDGES, range(0, 31)), roundingDivideByPOT, refRdbpot);
  });
  test('exact ties (remainder exactly half)', () => {
    compareAll('rdbpot', randomCases(7, 20_000, (r) => {
      const e = 1 + below(r, 31);
      return [oddTimesPow2(r, e - 1), e];
    }), roundingDivideByPOT, refRdbpot);
  });
  test('random', () => {
    compareAll('rdbpot', randomCases(8, RANDOM_CASES, (r) => [anyInt32(r), below(r, 32)]), roundingDivideByPOT, refRdbpot);
  });
});

describe('multiplyByQuantizedMultiplier (double rounding)', () => {
  const shifts = range(-31, 30);
  test('edge grid: edge x × edge multipliers × shifts -31..30', () => {
    compareAll('mbqm', grid(INT32_EDGES, MULTIPLIER_EDGES, shifts), multiplyByQuantizedMultiplier, refMbqm);
  });
  test('SmallerThanOneExp / GreaterThanOne variants', () => {
    compareAll('smallerThanOneExp', grid(INT32_EDGES, MULTIPLIER_EDGES, range(-31, 0)), multiplyByQuantizedMultiplierSmallerThanOneExp, refMbqm);
    compareAll('greaterThanOne', grid(INT32_EDGES, MULTIPLIER_EDGES, range(0, 30)), multiplyByQuantizedMultiplierGreaterThanOne, refMbqm);
    compareAll('smallerThanOneExp', randomCases(9, RANDOM_CASES / 2, (r) => [anyInt32(r), anyMultiplier(r), -below(r, 32)]), multiplyByQuantizedMultiplierSmallerThanOneExp, refMbqm);
    compareAll('greaterThanOne', randomCases(10, RANDOM_CASES / 2, (r) => [anyInt32(r), anyMultiplier(r), below(r, 31)]), multiplyByQuantizedMultiplierGreaterThanOne, refMbqm);
  });
  test('ties in the divide step', () => {
    // Multiplier 2^30 is 0.5: SRDHM(x, 2^30) = round(x / 2), then the divide sees odd multiples of 2^(e-1).
    compareAll('mbqm', randomCases(11, 20_000, (r) => {
      const e = 1 + below(r, 30);
      return [oddTimesPow2(r, e), 2 ** 30, -e];
    }), multiplyByQuantizedMultiplier, refMbqm);
  });
  test('random (including left shifts that wrap, as C does)', () => {
    compareAll('mbqm', randomCases(12, RANDOM_CASES, (r) => [anyInt32(r), anyMultiplier(r), below(r, 62) - 31]), multiplyByQuantizedMultiplier, refMbqm);
  });
  test('rounding-mode selector', () => {
    assert.equal(multiplyByQuantizedMultiplierFor('double'), multiplyByQuantizedMultiplier);
    assert.equal(multiplyByQuantizedMultiplierFor('single'), multiplyByQuantizedMultiplierSingleRounding);
  });
});

describe('multiplyByQuantizedMultiplierSingleRounding', () => {
  test('edge grid: shifts -31..30', () => {
    compareAll('mbqmSingle', grid(INT32_EDGES, MULTIPLIER_EDGES, range(-31, 30)), multiplyByQuantizedMultiplierSingleRounding, refMbqmSingle);
  });
  test('known single vs double rounding difference', () => {
    // 3 * 0.5 * 2^-2 = 0.375. Double rounding: SRDHM(3, 2^30) = round(1.5) = 2, then 2 / 4 = 0.5 → 1.
    // Single rounding: round(0.375) = 0.
    assert.equal(multiplyByQuantizedMultiplier(3, 2 ** 30, -2), 1);
    assert.equal(multiplyByQuantizedMultiplierSingleRounding(3, 2 ** 30, -2), 0);
    assert.equal(multiplyByQuantizedMultiplierSmallerThanOneExpSingleRounding(3, 2 ** 30, -2), 0);
    assert.equal(multiplyByQuantizedMultiplierGreaterThanOneSingleRounding(3, 2 ** 30, 2), 6);
  });
  test('exact ties (x * m an odd multiple of 2^(30 - shift))', () => {
    compareAll('mbqmSingle', randomCases(13, 20_000, (r) => {
      const shift = below(r, 61) - 30; // tie bit t = 30 - shift in [0, 60]: split as 2^i in x, 2^j in m
      const t = 30 - shift;
      const i = Math.max(0, t - 30) + below(r, Math.min(30, t) - Math.max(0, t - 30) + 1);
      return [oddTimesPow2(r, i), Math.abs(oddTimesPow2(r, t - i)), shift];
    }), multiplyByQuantizedMultiplierSingleRounding, refMbqmSingle);
  });
  test('random', () => {
    compareAll('mbqmSingle', randomCases(14, RANDOM_CASES, (r) => [anyInt32(r), anyMultiplier(r), below(r, 62) - 31]), multiplyByQuantizedMultiplierSingleRounding, refMbqmSingle);
  });
});

describe('multiplyByQuantizedMultiplierInt64', () => {
  const X64_EDGES = [
    0, 1, -1, 2, -2, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 32, -(2 ** 32), 2 ** 32 - 1, 2 ** 47 - 1, -(2 ** 47),
    2 ** 40 + 12345, -(2 ** 40) - 12345, 2 ** 48 - 1, -(2 ** 48) + 1, 32768, -32768, 2 ** 53 / 64 - 1,
  ];
  /** |x| < 2^48 so that x * reduced (< 2^63) cannot overflow int64 (TFLM's contract is |x| < 2^47). */
  const anyX64 = (r: () => number): number => {
    if (below(r, 8) === 0) return X64_EDGES[below(r, X64_EDGES.length)]!;
    const bits = below(r, 49);
    const v = Math.floor(((r() >>> 0) * 2 ** 16 + (r() >>> 16)) / 2 ** (48 - bits));
    return r() & 1 ? -v : v;
  };
  test('edge grid: shifts -31..14', () => {
    compareAll('mbqm64', grid(X64_EDGES, MULTIPLIER_EDGES, range(-31, 14)), multiplyByQuantizedMultiplierInt64, refMbqm64);
  });
  test('exact ties (x * reduced an odd multiple of 2^(14 - shift))', () => {
    compareAll('mbqm64', randomCases(15, 20_000, (r) => {
      const shift = below(r, 39) - 31; // [-31, 7]
      const total = 15 - shift; // [8, 46]
      const j = below(r, 15); // reduced = odd * 2^j <= 2^15 - 1
      const reducedOdd = ((r() >>> (32 - (15 - j))) | 1);
      const m = (reducedOdd * 2 ** j) * 65536; // (m + 2^15) >> 16 == reducedOdd * 2^j
      const i = total - 1 - j; // x carries the remaining power of two
      if (i < 0 || m >= 0x7fff0000) return [0, 2 ** 30, shift];
      const x = ((r() >>> 12) | 1) * 2 ** i * (r() & 1 ? -1 : 1);
      return [Math.abs(x) < 2 ** 48 ? x : 2 ** i, m, shift];
    }), multiplyByQuantizedMultiplierInt64, refMbqm64);
  });
  test('random (results that overflow int32 wrap like the C cast)', () => {
    compareAll('mbqm64', randomCases(16, RANDOM_CASES, (r) => [anyX64(r), anyMultiplier(r), below(r, 46) - 31]), multiplyByQuantizedMultiplierInt64, refMbqm64);
  });
  test('single-rounding build uses the same code', () => {
    assert.equal(multiplyByQuantizedMultiplierInt64SingleRounding, multiplyByQuantizedMultiplierInt64);
  });
});

describe('activation ranges', () => {
  test('known values (checked against TFLM C++ on x86-64)', () => {
    // RELU6 on scale 0.4f: 6 / 0.4f = 15 in float (14.99999977... in double).
    assert.deepEqual(calculateActivationRangeQuantized(3, Math.fround(0.4), 0, -128, 127), { min: 0, max: 15 });
    // RELU_N1_TO_1 on 0.4f: 1 / 0.4f rounds to 2.5f in float, roundf → 3 (double math would give 2).
    assert.deepEqual(calculateActivationRangeQuantized(2, Math.fround(0.4), 0, -128, 127), { min: -3, max: 3 });
    assert.deepEqual(calculateActivationRangeQuantized(2, Math.fround(2 / 3), 3, -128, 127), { min: 1, max: 5 });
    assert.deepEqual(calculateActivationRangeQuantized(3, Math.fround(0.1), -128, -128, 127), { min: -128, max: -68 });
    assert.deepEqual(calculateActivationRangeQuantized(1, -1, 5, -128, 127), { min: 5, max: 127 });
    assert.deepEqual(calculateActivationRangeQuantized(1, 0.05, -200, -128, 127), { min: -128, max: 127 });
    for (const act of [0, 4, 5, 6]) assert.deepEqual(calculateActivationRangeQuantized(act, 0.1, 7, -32768, 32767), { min: -32768, max: 32767 });
    // Scale 0 fails like TF_LITE_ENSURE (0/0 is NaN); NONE does not look at the scale.
    assert.throws(() => calculateActivationRangeQuantized(1, 0, 0, -128, 127), TflmError);
    assert.deepEqual(calculateActivationRangeQuantized(0, 0, 0, -128, 127), { min: -128, max: 127 });
    // 6 / 2^-29 = 1.5 * 2^31 overflows; 1 / 2^-31 = 2^31 exactly passes and casts to INT32_MIN (x86).
    assert.throws(() => calculateActivationRangeQuantized(3, 2 ** -29, 0, -128, 127), TflmError);
    assert.deepEqual(calculateActivationRangeQuantized(2, 2 ** -31, 64, 0, 255), { min: 0, max: INT32_MIN + 64 });
  });
  test('random scales and zero points vs float32 oracle', () => {
    const types = [[-128, 127], [-32768, 32767], [0, 255]] as const;
    const bad: string[] = [];
    const r = prng(17);
    for (let i = 0; i < RANDOM_CASES; i++) {
      const k = below(r, 4);
      const scale = Math.fround(
        k === 0 ? (below(r, 7) + 1) * 2 ** (below(r, 50) - 40) / 4 // halves and ties
          : k === 1 ? 2 / (below(r, 200) + 1) // quotients near .5
            : Math.exp(((r() >>> 0) / 2 ** 32 - 0.7) * 30) * (below(r, 50) === 0 ? -1 : 1),
      );
      const [qmin, qmax] = types[below(r, 3)]!;
      const zp = below(r, 4) === 0 ? anyInt32(r) : below(r, 400) - 200;
      const act = below(r, 7);
      let got: { min: number; max: number } | 'error';
      try {
        got = calculateActivationRangeQuantized(act, scale, zp, qmin, qmax);
      } catch (e) {
        assert.ok(e instanceof TflmError);
        got = 'error';
      }
      const want = refActivationRange(act, scale, zp, qmin, qmax);
      if (JSON.stringify(got) !== JSON.stringify(want) && bad.length < 5) bad.push(`(${act}, ${scale}, ${zp}, ${qmin}, ${qmax}): ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
    }
    assert.deepEqual(bad, []);
  });
  test('float and int32 ranges', () => {
    assert.deepEqual(calculateActivationRangeFloat(0), { min: -FLT_MAX, max: FLT_MAX });
    assert.deepEqual(calculateActivationRangeFloat(1), { min: 0, max: FLT_MAX });
    assert.deepEqual(calculateActivationRangeFloat(2), { min: -1, max: 1 });
    assert.deepEqual(calculateActivationRangeFloat(3), { min: 0, max: 6 });
    assert.deepEqual(calculateActivationRangeFloat(4), { min: -FLT_MAX, max: FLT_MAX });
    assert.equal(FLT_MAX, Math.fround(FLT_MAX));
    assert.equal(Math.fround(FLT_MAX * (1 + 2 ** -24)), Infinity);
    assert.deepEqual(calculateActivationRangeInt32(1), { min: 0, max: INT32_MAX });
    assert.deepEqual(calculateActivationRangeInt32(3), { min: 0, max: 6 });
    assert.deepEqual(calculateActivationRangeInt32(0), { min: INT32_MIN, max: INT32_MAX });
  });
});

describe('convolution multipliers', () => {
  // Scales where TFLM's two conventions give different multipliers (checked against TFLM C++).
  const inS = Math.fround(0.09407670050859451);
  const fS = Math.fround(0.004547543358057737);
  const outS = Math.fround(0.0313122533261776);
  test('per-tensor GetQuantizedConvolutionMultipler rounds input*filter to float32', () => {
    const real = getQuantizedConvolutionMultiplier(inS, fS, outS);
    assert.equal(real, 0.013662953705266868);
    assert.deepEqual(quantizeMultiplier(real), { multiplier: 1877822059, shift: -6 });
    assert.equal(getQuantizedConvolutionMultiplier(inS, fS, outS, inS * fS * 1.01), real);
    assert.throws(() => getQuantizedConvolutionMultiplier(inS, fS, outS, inS * fS + 0.03 * outS), TflmError);
    assert.throws(() => getQuantizedConvolutionMultiplier(-inS, fS, outS), TflmError);
  });
  test('per-channel effective scale is computed in double', () => {
    const out = { multipliers: new Int32Array(3), shifts: new Int32Array(3) };
    perChannelMultipliers(inS, new Float32Array([fS, 0, fS * 2]), outS, out);
    assert.deepEqual([...out.multipliers], [1877822089, 0, 1877822089]);
    assert.deepEqual([...out.shifts], [-6, 0, -5]);
    // A single scale broadcasts; a count mismatch fails.
    const one = { multipliers: new Int32Array(2), shifts: new Int32Array(2) };
    perChannelMultipliers(inS, new Float32Array([fS]), outS, one);
    assert.deepEqual([...one.multipliers], [1877822089, 1877822089]);
    assert.throws(() => perChannelMultipliers(inS, new Float32Array([fS, fS, fS]), outS, one), TflmError);
    // Single-rounding mode clamps large shifts.
    perChannelMultipliers(1, new Float32Array([2 ** 20, 1]), 2 ** -20, one, 'single');
    assert.deepEqual([...one.multipliers, ...one.shifts], [INT32_MAX, 1073741824, 30, 21]);
  });
  test('random per-channel scales vs composition of the double formula', () => {
    const r = prng(18);
    const n = 64;
    const scales = new Float32Array(n);
    const out = { multipliers: new Int32Array(n), shifts: new Int32Array(n) };
    for (let i = 0; i < 2000; i++) {
      const a = Math.fround(Math.exp(((r() >>> 0) / 2 ** 32 - 0.8) * 20));
      const c = Math.fround(Math.exp(((r() >>> 0) / 2 ** 32 - 0.8) * 20));
      for (let j = 0; j < n; j++) scales[j] = Math.exp(((r() >>> 0) / 2 ** 32 - 0.9) * 25);
      perChannelMultipliers(a, scales, c, out);
      for (let j = 0; j < n; j++) {
        const want = refQuantizeMultiplier((a * scales[j]!) / c, false);
        assert.equal(out.multipliers[j], want.multiplier);
        assert.equal(out.shifts[j], want.shift);
      }
    }
  });
  test('populateConvolutionQuantizationParams', () => {
    const multipliers = new Int32Array(1);
    const shifts = new Int32Array(1);
    const r = populateConvolutionQuantizationParams({
      inputScale: inS, filterScales: [fS], outputScale: Math.fround(0.4), outputZeroPoint: 0, activation: 2,
      qmin: -128, qmax: 127, multipliers, shifts,
    });
    assert.deepEqual(r, { actMin: -3, actMax: 3 });
    assert.equal(multipliers[0], quantizeMultiplier((inS * fS) / Math.fround(0.4)).multiplier);
  });
});

describe('small helpers', () => {
  test('countLeadingZeros32 / countLeadingSignBits32 / floorLog2', () => {
    const naiveClrsb = (x: number): number => {
      let n = 0;
      for (let bit = 30; bit >= 0 && ((x >> bit) & 1) === ((x >> 31) & 1); bit--) n++;
      return n;
    };
    compareAll('clrsb', randomCases(19, 20_000, (r) => [anyInt32(r)]), countLeadingSignBits32, naiveClrsb);
    compareAll('clrsb', INT32_EDGES.map((x) => [x]), countLeadingSignBits32, naiveClrsb);
    assert.equal(countLeadingZeros32(0), 32);
    assert.equal(countLeadingZeros32(1), 31);
    assert.equal(countLeadingZeros32(INT32_MIN), 0);
    assert.equal(floorLog2(1), 0);
    assert.equal(floorLog2(INT32_MAX), 30);
    assert.equal(floorLog2(1024), 10);
    assert.equal(floorLog2(1023), 9);
  });
  test('saturatingRoundingMultiplyByPOTParam', () => {
    const ref = (x: number, e: number): number => {
      if (e === 0) return x;
      const v = BigInt(x) << BigInt(e);
      const threshold = (1n << BigInt(31 - e)) - 1n;
      if (BigInt(x) > threshold) return INT32_MAX;
      if (BigInt(x) < -threshold) return INT32_MIN;
      return i32(v);
    };
    compareAll('srmbpot', grid(INT32_EDGES, range(0, 31)), saturatingRoundingMultiplyByPOTParam, ref);
    compareAll('srmbpot', randomCases(20, 20_000, (r) => [anyInt32(r), below(r, 32)]), saturatingRoundingMultiplyByPOTParam, ref);
  });
  test('saturating add/sub, downscale to int16', () => {
    assert.equal(saturatingAddInt32(INT32_MAX, 1), INT32_MAX);
    assert.equal(saturatingAddInt32(INT32_MIN, -1), INT32_MIN);
    assert.equal(saturatingAddInt32(5, -7), -2);
    assert.equal(saturatingSubInt32(INT32_MIN, 1), INT32_MIN);
    assert.equal(saturatingSubInt32(0, INT32_MIN), INT32_MAX);
    assert.equal(saturatingSubInt16(-32768, 1), -32768);
    assert.equal(saturatingSubInt16(32767, -1), 32767);
    assert.equal(downScaleInt32ToInt16Multiplier(INT32_MAX), 32767);
    assert.equal(downScaleInt32ToInt16Multiplier(INT32_MAX - 32768), 32767);
    assert.equal(downScaleInt32ToInt16Multiplier(INT32_MAX - 32769), 32767); // (2^31 - 1 - 32769 + 32768) >> 16
    assert.equal(downScaleInt32ToInt16Multiplier(2 ** 30), 16384);
    assert.equal(downScaleInt32ToInt16Multiplier(2 ** 30 + 32767), 16384);
    assert.equal(downScaleInt32ToInt16Multiplier(2 ** 30 + 32768), 16385);
  });
  test('softmax preprocessing (TFLM quantization_util_test values)', () => {
    assert.deepEqual(preprocessSoftmaxScaling(1, 16, 4), { multiplier: 2147483647, shift: 31 });
    assert.deepEqual(preprocessSoftmaxScaling(1, 8, 4), { multiplier: 1073741824, shift: 31 });
    assert.deepEqual(preprocessSoftmaxScaling(2, 16, 5), { multiplier: 2147483647, shift: 31 });
    assert.deepEqual(preprocessSoftmaxScaling(2, 8, 5), { multiplier: 1073741824, shift: 31 });
    // Single rounding: max 2^30 - 1 and shift clamp.
    // Single rounding caps the real multiplier at 2^30 - 1 = (1 - 2^-30) * 2^30.
    assert.deepEqual(preprocessSoftmaxScaling(1, 16, 4, 'single'), { multiplier: 2147483646, shift: 30 });
    assert.equal(calculateInputRadius(4, 27), 15);
    assert.equal(calculateInputRadius(3, 27), 14);
    assert.equal(calculateInputRadius(3, 28), 7);
    assert.equal(calculateInputRadius(4, 2), 503316480);
    const l = preprocessLogSoftmaxScalingExp(1, Math.fround(0.1), 5);
    const m = preprocessSoftmaxScaling(1, Math.fround(0.1), 5);
    assert.deepEqual([l.multiplier, l.shift], [m.multiplier, m.shift]);
    assert.deepEqual(
      [l.reverseScalingDivisor, l.reverseScalingLeftShift],
      Object.values(quantizeMultiplierSmallerThanOneExp(2 ** (31 - m.shift) / m.multiplier)),
    );
  });
});

describe('getInvSqrtQuantizedMultiplierExp', () => {
  test('values from TFLM C++ (common.h, g++ x86-64)', () => {
    const inputs = [0, 1, 2, 3, 4, 5, 7, 100, 12345, 65536, 1000000, 134217727, 134217728, 536870911, 536870912, 1073741824, 2147483647, 98765432, 3141592, 271828];
    const cpp = [
      2147483647, 0, 2147483647, 0, 1518498372, 0, 1239850284, 0, 1073741828, 0, 960383900, 0, 811672556, 0, 214748363, 0,
      309246148, -4, 268435457, -5, 274877901, -7, 189812531, -10, 379624593, -11, 189812531, -11, 379624593, -12,
      268435457, -12, 189812531, -12, 221272442, -10, 310166535, -8, 263610528, -6,
    ];
    inputs.forEach((x, i) => {
      assert.deepEqual(getInvSqrtQuantizedMultiplierExp(x, -1), { multiplier: cpp[2 * i]!, shift: cpp[2 * i + 1]! }, `invSqrt(${x})`);
    });
    assert.deepEqual(getInvSqrtQuantizedMultiplierExp(12345, 1), { multiplier: 309246148, shift: 4 });
  });
  test('20000 inputs: FNV-1a of (multiplier, shift) equals the C++ outputs hash', () => {
    let h = 0x811c9dc5;
    const mix = (w: number): void => {
      for (let i = 0; i < 4; i++) {
        h ^= (w >>> (8 * i)) & 255;
        h = Math.imul(h, 16777619);
      }
    };
    for (let k = 0; k < 20000; k++) {
      const x = (Math.imul(k, 2654435761 | 0) >>> 1) >>> (k % 31);
      const r = getInvSqrtQuantizedMultiplierExp(x, -1);
      mix(r.multiplier);
      mix(r.shift);
      // Sanity: within 1e-5 relative of 1 / sqrt(x).
      if (x > 1) {
        const approx = (r.multiplier / 2 ** 31) * 2 ** r.shift;
        assert.ok(Math.abs(approx * Math.sqrt(x) - 1) < 1e-5, `invSqrt(${x}) = ${approx}`);
      }
    }
    assert.equal((h >>> 0).toString(16), 'ae2ee1f0');
  });
});

/** Type-level check that the exported multiply functions share one signature. */
const _fns: Fn3[] = [multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierInt64, multiplyByQuantizedMultiplierSingleRounding];
void _fns;
