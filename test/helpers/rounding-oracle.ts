/**
 * BigInt oracles of TFLite's requantization in both rounding modes, transcribed from the C definitions
 * (gemmlowp fixedpoint.h, common.cc MultiplyByQuantizedMultiplier, quantization_util.cc QuantizeMultiplier):
 * int64 arithmetic in BigInt, C's truncating division = BigInt division, int32 casts = BigInt.asIntN(32, ·).
 * The same definitions as test/kernels/quantization.test.ts, shared here for kernel tables of both modes.
 */
export type Mode = 'double' | 'single';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const i32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** gemmlowp::SaturatingRoundingDoublingHighMul<int32_t>. */
export function refSrdhm(a: number, b: number): number {
  const overflow = a === b && a === INT32_MIN;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  const high = i32((ab + nudge) / (1n << 31n));
  return overflow ? INT32_MAX : high;
}

/** gemmlowp::RoundingDivideByPOT<int32_t>. */
export function refRdbpot(x: number, exponent: number): number {
  const mask = BigInt.asIntN(32, (1n << BigInt(exponent)) - 1n);
  const X = BigInt(x);
  const remainder = X & mask;
  const threshold = (mask >> 1n) + (X < 0n ? 1n : 0n);
  return i32((X >> BigInt(exponent)) + (remainder > threshold ? 1n : 0n));
}

/** MultiplyByQuantizedMultiplier(int32_t x, ...), default (double rounding) build. */
export function refMbqmDouble(x: number, m: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  return refRdbpot(refSrdhm(i32(BigInt(x) * (1n << BigInt(left))), m), right);
}

/** MultiplyByQuantizedMultiplier(int32_t x, ...), TFLITE_SINGLE_ROUNDING build. */
export function refMbqmSingle(x: number, m: number, shift: number): number {
  const totalShift = BigInt(31 - shift);
  const round = 1n << (totalShift - 1n);
  return i32(i64(BigInt(x) * BigInt(m) + round) >> totalShift);
}

/** The int32 MultiplyByQuantizedMultiplier of a mode. */
export function refMbqm(mode: Mode, x: number, m: number, shift: number): number {
  return mode === 'single' ? refMbqmSingle(x, m, shift) : refMbqmDouble(x, m, shift);
}

/** MultiplyByQuantizedMultiplier(int64_t x, ...) (the same code in both builds); x an exact integer. */
export function refMbqm64(x: number | bigint, m: number, shift: number): number {
  const reduced = m < 0x7fff0000 ? (m + (1 << 15)) >> 16 : 0x7fff;
  const totalShift = BigInt(15 - shift);
  const v = i64(i64(BigInt(x) * BigInt(reduced)) + (1n << (totalShift - 1n)));
  return i32(v >> totalShift);
}

/** A finite double as sig * 2^exp exactly. */
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

function roundHalfAwayScaled(sig: bigint, k: number): bigint {
  if (k >= 0) return sig << BigInt(k);
  const neg = sig < 0n;
  const mag = ((neg ? -sig : sig) + (1n << BigInt(-k - 1))) >> BigInt(-k);
  return neg ? -mag : mag;
}

/** QuantizeMultiplier on the exact value of d (frexp and round in BigInt); `single` adds the shift > 30 clamp. */
export function refQuantizeMultiplier(d: number, mode: Mode): { multiplier: number; shift: number } {
  if (d === 0) return { multiplier: 0, shift: 0 };
  const { sig, exp } = decompose(d);
  let shift = bitLength(sig) + exp;
  let qFixed = roundHalfAwayScaled(sig, exp + 31 - shift);
  if (qFixed === 1n << 31n) {
    qFixed /= 2n;
    shift++;
  }
  if (shift < -31) {
    shift = 0;
    qFixed = 0n;
  }
  if (mode === 'single' && shift > 30) {
    shift = 30;
    qFixed = (1n << 31n) - 1n;
  }
  return { multiplier: Number(qFixed), shift };
}
