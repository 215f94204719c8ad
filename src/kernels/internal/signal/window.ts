/** TFLM signal/src/window.cc: out = clamp_int16((int32(in) * window) >> shift), one window per frame. */
export function applyWindow(
  input: Int16Array,
  inOff: number,
  window: Int16Array,
  size: number,
  shift: number,
  out: Int16Array,
  outOff: number,
): void {
  // The product of two int16 is below 2^30 in magnitude: exact; `>>` masks the count like x86.
  for (let i = 0; i < size; ++i) {
    const raw = (input[inOff + i]! * window[i]!) >> shift;
    out[outOff + i] = raw < -32768 ? -32768 : raw > 32767 ? 32767 : raw;
  }
}
