/**
 * TFLM signal/src/overlap_add.cc: add a frame into the running buffer (saturating for int16, float32 adds
 * for float), emit its first `step` samples, shift the buffer left by `step` and zero the tail.
 */
export function overlapAddInt16(input: Int16Array, inOff: number, buffer: Int16Array, size: number, out: Int16Array, outOff: number, step: number): void {
  for (let i = 0; i < size; ++i) {
    const s = input[inOff + i]! + buffer[i]!;
    buffer[i] = s < -32768 ? -32768 : s > 32767 ? 32767 : s;
  }
  for (let i = 0; i < step; i++) out[outOff + i] = buffer[i]!;
  buffer.copyWithin(0, step, size);
  buffer.fill(0, size - step, size);
}

export function overlapAddFloat(input: Float32Array, inOff: number, buffer: Float32Array, size: number, out: Float32Array, outOff: number, step: number): void {
  // buffer[i] += input[i]: a float32 add (the store rounds the exact double sum once: correctly rounded).
  for (let i = 0; i < size; ++i) buffer[i] = buffer[i]! + input[inOff + i]!;
  for (let i = 0; i < step; i++) out[outOff + i] = buffer[i]!;
  buffer.copyWithin(0, step, size);
  buffer.fill(0, size - step, size);
}
