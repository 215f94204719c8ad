/**
 * TFLM's signal/src/circular_buffer.cc: an int16 ring of `capacity` elements stored twice (2 * capacity
 * slots, so a window can be read contiguously), with read/write indices and an `empty` flag that tells a
 * full buffer from an empty one. Both arrays live in the tensor arena (persistent allocations of the op);
 * the functions only move data, they allocate nothing.
 *
 * Preconditions that TFLM asserts (space to write, data to read) are guaranteed by the ops' prepare checks.
 */

/** Indices into a circular buffer's state array. */
const READ = 0;
const WRITE = 1;
const EMPTY = 2;

/** Int32 slots of state a circular buffer needs. */
export const CIRCULAR_BUFFER_STATE_SIZE = 3;

export interface CircularBuffer {
  readonly capacity: number;
  /** [read, write, empty] */
  readonly state: Int32Array;
  /** 2 * capacity elements. */
  readonly buffer: Int16Array;
}

/** A circular buffer over arena arrays (state: 3 int32, buffer: 2 * capacity int16). Starts reset. */
export function circularBufferInit(capacity: number, state: Int32Array, buffer: Int16Array): CircularBuffer {
  const cb = { capacity, state, buffer };
  circularBufferReset(cb);
  return cb;
}

export function circularBufferReset(cb: CircularBuffer): void {
  cb.state[READ] = 0;
  cb.state[WRITE] = 0;
  cb.state[EMPTY] = 1;
  cb.buffer.fill(0);
}

/** Elements ready to read. */
export function circularBufferAvailable(cb: CircularBuffer): number {
  const diff = (cb.state[WRITE]! - cb.state[READ]!) | 0;
  if (diff > 0) return diff;
  if (diff < 0) return cb.capacity + diff;
  return cb.state[EMPTY] === 1 ? 0 : cb.capacity;
}

/** Room left to write. */
export function circularBufferCanWrite(cb: CircularBuffer): number {
  return cb.capacity - circularBufferAvailable(cb);
}

/** Write `n` values from `src[srcOff..]` (which may be the ring's own buffer, as CircularBufferExtend does). */
export function circularBufferWrite(cb: CircularBuffer, src: Int16Array, srcOff: number, n: number): void {
  if (n <= 0) return;
  const buf = cb.buffer;
  const capacity = cb.capacity;
  let write = cb.state[WRITE]!;
  const end = write + n;
  for (let i = 0; i < n; i++) buf[write + i] = src[srcOff + i]!;
  if (end < capacity) {
    for (let i = 0; i < n; i++) buf[capacity + write + i] = src[srcOff + i]!;
    write += n;
  } else {
    const n1 = capacity - write;
    for (let i = 0; i < n1; i++) buf[capacity + write + i] = src[srcOff + i]!;
    const n2 = end - capacity;
    for (let i = 0; i < n2; i++) buf[i] = src[srcOff + n1 + i]!;
    write = n2;
  }
  cb.state[WRITE] = write;
  cb.state[EMPTY] = 0;
}

/** Write `n` zeros. */
export function circularBufferWriteZeros(cb: CircularBuffer, n: number): void {
  if (n <= 0) return;
  const buf = cb.buffer;
  const capacity = cb.capacity;
  let write = cb.state[WRITE]!;
  const end = write + n;
  buf.fill(0, write, end);
  if (end < capacity) {
    buf.fill(0, capacity + write, capacity + end);
    write += n;
  } else {
    buf.fill(0, capacity + write, 2 * capacity);
    const n2 = end - capacity;
    buf.fill(0, 0, n2);
    write = n2;
  }
  cb.state[WRITE] = write;
  cb.state[EMPTY] = 0;
}

/** Copy the last `count` written elements to the end of the buffer, `n` times (the Stacker's left padding). */
export function circularBufferExtend(cb: CircularBuffer, count: number, n: number): void {
  if (n <= 0 || count <= 0) return;
  const capacity = cb.capacity;
  const write = cb.state[WRITE]!;
  const start = count > write ? write + capacity - count : write - count;
  const end = start + count;
  if (end <= capacity) {
    for (let i = 0; i < n; ++i) circularBufferWrite(cb, cb.buffer, start, count);
  } else {
    for (let i = 0; i < n; ++i) {
      const n1 = capacity - start;
      const n2 = count - n1;
      circularBufferWrite(cb, cb.buffer, start, n1);
      circularBufferWrite(cb, cb.buffer, 0, n2);
    }
  }
}

/** Copy `n` values to `dst[dstOff..]` without consuming them. */
export function circularBufferGet(cb: CircularBuffer, n: number, dst: Int16Array, dstOff: number): void {
  const buf = cb.buffer;
  const read = cb.state[READ]!;
  const end = read + n;
  const capacity = cb.capacity;
  if (end <= capacity) {
    for (let i = 0; i < n; i++) dst[dstOff + i] = buf[read + i]!;
  } else {
    const n1 = capacity - read;
    const n2 = end - capacity;
    for (let i = 0; i < n1; i++) dst[dstOff + i] = buf[read + i]!;
    for (let i = 0; i < n2; i++) dst[dstOff + n1 + i] = buf[i]!;
  }
}

/** Consume `n` values. */
export function circularBufferDiscard(cb: CircularBuffer, n: number): void {
  let read = cb.state[READ]! + n;
  if (read >= cb.capacity) read -= cb.capacity;
  cb.state[READ] = read;
  if (read === cb.state[WRITE]) cb.state[EMPTY] = 1;
}
