/**
 * TFLM signal/src/energy.cc: out[i] = re^2 + im^2 for complex int16 bins start..end-1 (other outputs are not
 * written). The C sum is int32 (it wraps to -2^31 only for re = im = -32768) stored in a uint32: `>>> 0` of
 * the exact sum gives the same bits.
 */
export function spectrumToEnergy(input: Int16Array, start: number, end: number, out: Uint32Array): void {
  for (let i = start; i < end; i++) {
    const re = input[2 * i]!;
    const im = input[2 * i + 1]!;
    out[i] = (re * re + im * im) >>> 0;
  }
}
