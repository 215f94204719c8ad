/**
 * Byte moves at computed offsets, for the ops whose reference kernels memcpy data-dependent runs (GATHER,
 * GATHER_ND, EMBEDDING_LOOKUP, DYNAMIC_UPDATE_SLICE, BATCH_TO_SPACE_ND, SPACE_TO_BATCH_ND,
 * RESIZE_NEAREST_NEIGHBOR, MIRROR_PAD). Moving bytes (never float values) keeps every bit, NaN payloads
 * included, exactly as memcpy does. Static permutations go through the copy plans of strided_copy.ts instead.
 */

/** Runs at least this long (bytes) between two tensors of the arena move with one native copyWithin. */
const NATIVE_BYTES = 32;

/**
 * Copy `n` bytes from `src[s..]` to `dst[d..]` (views that do not overlap in that range). `arena` is a byte
 * view of the whole tensor-arena buffer (arenaViews(ctx).u8, made in prepare) or null: when both views live
 * in it, long runs are one copyWithin (a memmove); otherwise a byte loop. Allocates nothing.
 */
export function moveBytes(arena: Uint8Array | null, src: Uint8Array, s: number, dst: Uint8Array, d: number, n: number): void {
  if (n >= NATIVE_BYTES && arena !== null && src.buffer === arena.buffer && dst.buffer === arena.buffer) {
    const from = src.byteOffset + s;
    arena.copyWithin(dst.byteOffset + d, from, from + n);
    return;
  }
  for (let i = 0; i < n; i++) dst[d + i] = src[s + i]!;
}

/** The little-endian int32 at byte `at` of `b` (the low half of an int64, as C's int64 -> int conversion keeps). */
export function readInt32LE(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}

/**
 * The little-endian int64 at byte `at` of `b` as a number: exact below 2^53 in magnitude, the nearest double
 * beyond (enough for clamping and sign tests). Reads bytes, so it allocates no BigInt.
 */
export function readInt64LE(b: Uint8Array, at: number): number {
  const lo = readInt32LE(b, at) >>> 0;
  const hi = readInt32LE(b, at + 4);
  return hi * 4294967296 + lo;
}

/** Store int32 `v` sign-extended as a little-endian int64 at byte `at` of `b`. */
export function writeInt64FromInt32LE(b: Uint8Array, at: number, v: number): void {
  b[at] = v;
  b[at + 1] = v >> 8;
  b[at + 2] = v >> 16;
  b[at + 3] = v >> 24;
  const s = v < 0 ? 255 : 0;
  b[at + 4] = s;
  b[at + 5] = s;
  b[at + 6] = s;
  b[at + 7] = s;
}
