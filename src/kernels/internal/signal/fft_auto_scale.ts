import { msb32 } from './fixed.js';

/**
 * TFLM MaxAbs16 (portable branch), including its int16 quirk: `max = -value` for value = -32768 stores
 * -32768 (so any later positive value replaces it).
 */
export function maxAbs16(input: Int16Array, size: number): number {
  let max = 0;
  for (let i = 0; i < size; i++) {
    const value = input[i]!;
    if (value > max) max = value;
    else if (-value > max) max = ((-value) << 16) >> 16;
  }
  return max;
}

/**
 * TFLM FftAutoScale: shift the frame left so its largest magnitude uses 15 bits; returns the shift.
 * scale_bits = 16 - MostSignificantBit32((uint32)max) - 1, floored at 0 (msb32(0) = 32 as TFLM's GCC build).
 */
export function fftAutoScale(input: Int16Array, size: number, out: Int16Array): number {
  const max = maxAbs16(input, size);
  let scaleBits = 16 - msb32(max >>> 0) - 1;
  if (scaleBits <= 0) scaleBits = 0;
  const mul = 1 << scaleBits;
  for (let i = 0; i < size; i++) out[i] = input[i]! * mul;
  return scaleBits;
}
