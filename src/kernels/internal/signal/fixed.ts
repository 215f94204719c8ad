/**
 * Integer helpers of TFLM's signal library (signal/src/msb*.cc, square_root*.cc, log.cc) and the unsigned
 * 64-bit arithmetic its kernels need, without BigInt (nothing here allocates).
 *
 * uint32 values are JS numbers in [0, 2^32). A uint64 is a (hi, lo) pair of uint32 numbers.
 */

const TWO32 = 4294967296;

/**
 * MostSignificantBit32 as TFLM builds it with GCC/Clang (`__builtin_clz`): 32 - clz(x), and 32 for x = 0
 * (the portable fallback would return 0; the reference build, x86-64 g++, takes the __GNUC__ branch).
 */
export function msb32(x: number): number {
  return x === 0 ? 32 : 32 - Math.clz32(x);
}

/** MostSignificantBit64 (GNUC branch): 64 - clzll(x), 64 for x = 0. */
export function msb64(hi: number, lo: number): number {
  if (hi !== 0) return 64 - Math.clz32(hi);
  return lo === 0 ? 64 : 32 - Math.clz32(lo);
}

/**
 * Sqrt32: TFLM's digit-by-digit square root of a uint32, which yields floor(sqrt(num)) and the remainder
 * num - floor^2, then adds one when the remainder exceeds the root (unless the root is 0xFFFF). The same
 * result from Math.sqrt: for num < 2^32 the double square root is within 2^-20 of the true one, so its floor
 * is exact (checked against the remainder anyway).
 */
export function sqrt32(num: number): number {
  let r = Math.floor(Math.sqrt(num));
  let rem = num - r * r;
  if (rem < 0) {
    r--;
    rem = num - r * r;
  } else if (rem > 2 * r) {
    r++;
    rem = num - r * r;
  }
  if (rem > r && r !== 0xffff) ++r;
  return r;
}

/**
 * Sqrt64 of the uint64 (hi, lo): Sqrt32 of the low word when hi = 0 (TFLM's shortcut), else the digit-by-digit
 * result — floor(sqrt(x)) plus one when the remainder exceeds it, unless it is 0xFFFFFFFF. Computed here as an
 * exact integer square root: a double estimate corrected with exact remainders (|remainder| < 2^35, so the
 * (hi, lo) difference is exact in a double).
 */
export function sqrt64(hi: number, lo: number): number {
  if (hi === 0) return sqrt32(lo);
  let r = Math.floor(Math.sqrt(hi * TWO32 + lo));
  if (r > 0xffffffff) r = 0xffffffff;
  let rem = 0;
  for (;;) {
    // rem = x - r^2, with r^2 = rh^2 * 2^32 + 2 rh rl * 2^16 + rl^2 split into (sqHi, sqLo).
    const rl = r % 65536;
    const rh = (r - rl) / 65536;
    const mid = 2 * rh * rl;
    const midLo = mid % 65536;
    let sqLo = rl * rl + midLo * 65536;
    let sqHi = rh * rh + (mid - midLo) / 65536;
    const carry = Math.floor(sqLo / TWO32);
    sqLo -= carry * TWO32;
    sqHi += carry;
    rem = (hi - sqHi) * TWO32 + (lo - sqLo);
    if (rem < 0) r--;
    else if (rem > 2 * r) r++;
    else break;
  }
  if (rem > r && r !== 0xffffffff) ++r;
  return r;
}

const LOG_LUT = new Uint16Array([
  0, 224, 442, 654, 861, 1063, 1259, 1450, 1636, 1817, 1992, 2163, 2329, 2490, 2646, 2797, 2944, 3087, 3224, 3358,
  3487, 3611, 3732, 3848, 3960, 4068, 4172, 4272, 4368, 4460, 4549, 4633, 4714, 4791, 4864, 4934, 5001, 5063, 5123,
  5178, 5231, 5280, 5326, 5368, 5408, 5444, 5477, 5507, 5533, 5557, 5578, 5595, 5610, 5622, 5631, 5637, 5640, 5641,
  5638, 5633, 5626, 5615, 5602, 5586, 5568, 5547, 5524, 5498, 5470, 5439, 5406, 5370, 5332, 5291, 5249, 5203, 5156,
  5106, 5054, 5000, 4944, 4885, 4825, 4762, 4697, 4630, 4561, 4490, 4416, 4341, 4264, 4184, 4103, 4020, 3935, 3848,
  3759, 3668, 3575, 3481, 3384, 3286, 3186, 3084, 2981, 2875, 2768, 2659, 2549, 2437, 2323, 2207, 2090, 1971, 1851,
  1729, 1605, 1480, 1353, 1224, 1094, 963, 830, 695, 559, 421, 282, 142, 0, 0,
]);

/**
 * Log32(x, out_scale): natural log of a uint32 x (> 0) times out_scale, in TFLM's fixed point (16 fractional
 * bits of log2 from a 128-segment table, times 45426/2^16 = ln 2, rounded). The final `out_scale * loge` is
 * uint32 arithmetic in C (wraps): Math.imul reproduces it.
 */
export function log32(x: number, outScale: number): number {
  const integer = msb32(x) - 1;
  // Log2FractionPart32: frac = x - 2^integer, normalized to 16 bits.
  let frac = (x - 2 ** integer) | 0;
  if (integer < 16) frac <<= 16 - integer;
  else frac >>= integer - 16;
  const baseSeg = frac >>> 9;
  const c0 = LOG_LUT[baseSeg]!;
  const c1 = LOG_LUT[baseSeg + 1]!;
  const segBase = 512 * baseSeg;
  const relPos = Math.imul(c1 - c0, frac - segBase) >> 16;
  const fraction = (frac + c0 + relPos) >>> 0;
  const log2 = ((integer << 16) + fraction) >>> 0;
  // loge = (45426 * log2 + 2^15) >> 16 in uint64: 45426 * log2 < 2^37, exact.
  const loge = Math.floor((45426 * log2 + 32768) / 65536) >>> 0;
  return ((Math.imul(outScale, loge) + 32768) >>> 0) >>> 16;
}

/**
 * ((uint64)a * b + (uint64)c * d) >> shift, truncated to uint32, for uint32 a, b, c, d (the sum wraps mod
 * 2^64, the shift count is taken mod 64 as x86 does). Each product is split so that every partial value stays
 * below 2^50.
 */
export function mulAddShr64(a: number, b: number, c: number, d: number, shift: number): number {
  // a * b = ah * b * 2^16 + al * b, both partial products < 2^48.
  const al = a & 0xffff;
  const x1 = al * b;
  const y1 = ((a - al) / 65536) * b;
  const y1lo = y1 % 65536;
  let lo = x1 + y1lo * 65536;
  let hi = (y1 - y1lo) / 65536;
  const cl = c & 0xffff;
  const x2 = cl * d;
  const y2 = ((c - cl) / 65536) * d;
  const y2lo = y2 % 65536;
  lo += x2 + y2lo * 65536;
  hi += (y2 - y2lo) / 65536;
  const carry = Math.floor(lo / TWO32);
  lo -= carry * TWO32;
  hi = (hi + carry) % TWO32;
  return shr64(hi, lo, shift);
}

/** (hi:lo) >> shift (mod 64), low 32 bits. */
export function shr64(hi: number, lo: number, shift: number): number {
  const s = shift & 63;
  if (s === 0) return lo >>> 0;
  if (s < 32) return ((hi << (32 - s)) | (lo >>> s)) >>> 0;
  return hi >>> (s - 32);
}
