import { ArenaError } from '../errors.js';

/** Every arena allocation is aligned to this many bytes, as in TFLM (MicroArenaBufferAlignment). */
export const ARENA_ALIGNMENT = 16;

export function alignUp(n: number, alignment = ARENA_ALIGNMENT): number {
  return Math.ceil(n / alignment) * alignment;
}

/**
 * Largest total the arena accounting accepts (2 GiB - 1: the largest ArrayBuffer engines reliably create). A model
 * needing more fails with an ArenaError at once instead of exhausting memory.
 */
export const MAX_ARENA_BYTES = 0x7fffffff;

/** A region of memory to use as tensor arena. */
export interface ArenaRegion {
  readonly buffer: ArrayBufferLike;
  readonly byteOffset?: number;
  readonly byteLength?: number;
}

/** What the arena holds, by kind, for reports. */
export interface ArenaUsage {
  /** Bytes of the region (after alignment). */
  readonly capacity: number;
  /** Planned non-persistent head: tensors and scratch buffers, the largest plan of the models sharing it. */
  readonly head: number;
  /** Persistent tail: tensor dims, op data, variable tensors, persistent buffers, copied weights. */
  readonly tail: number;
  /** head + tail: the bytes a model (or the models sharing this arena) need. */
  readonly used: number;
}

/**
 * The tensor arena: one caller-sized buffer, split like TFLM's SingleArenaBufferAllocator.
 *
 * ```
 *   base                                                                 base + capacity
 *   | head: planned tensors + scratch | temp (prepare only) -> |   free   | <- persistent tail |
 *   0 ............................ headSize                          tailStart ......... capacity
 * ```
 *
 * Persistent allocations grow down from the end and are never freed (until the arena is reset). The head is
 * sized by the memory plan; several interpreters may share one arena, and the head is then as large as the
 * largest of their plans (each interpreter's non-persistent tensors are only valid during and right after
 * its own invoke). Temporary allocations sit above the head during one op's prepare and are released after it.
 *
 * When head and tail would meet, the arena keeps counting instead of failing at once: allocations that do not
 * fit are served from throw-away memory, and `check()` at the end of allocateTensors throws an ArenaError
 * that names the total the model needs, not only the one request that failed.
 */
export class TensorArena {
  readonly buffer: ArrayBufferLike;
  /** Absolute byte offset of the (aligned) start of the arena in `buffer`. */
  readonly base: number;
  readonly capacity: number;
  private tailUsed = 0;
  private headSize = 0;
  private tempUsed = 0;
  private tempHigh = 0;
  /** Demand beyond capacity seen since the last `check`. */
  private overflowed = false;

  constructor(region: ArrayBufferLike | ArenaRegion | number) {
    let buffer: ArrayBufferLike;
    let start = 0;
    let length: number;
    if (typeof region === 'number') {
      if (!Number.isSafeInteger(region) || region < 0) throw new ArenaError(0, 0, `arena size ${region} is not a byte count`);
      buffer = new ArrayBuffer(alignUp(region));
      length = buffer.byteLength;
    } else if (isRegion(region)) {
      buffer = region.buffer;
      start = region.byteOffset ?? 0;
      length = region.byteLength ?? buffer.byteLength - start;
      if (start < 0 || length < 0 || start + length > buffer.byteLength)
        throw new ArenaError(0, 0, `arena region [${start}, ${start + length}) lies outside its buffer (${buffer.byteLength} bytes)`);
    } else {
      buffer = region;
      length = buffer.byteLength;
    }
    this.buffer = buffer;
    this.base = alignUp(start);
    const end = Math.floor((start + length) / ARENA_ALIGNMENT) * ARENA_ALIGNMENT;
    this.capacity = Math.max(0, end - this.base);
  }

  get usage(): ArenaUsage {
    const head = Math.max(this.headSize, this.tempHigh);
    return { capacity: this.capacity, head, tail: this.tailUsed, used: head + this.tailUsed };
  }

  /** Bytes in use (head + tail), as TFLM's arena_used_bytes. */
  get usedBytes(): number {
    return this.usage.used;
  }

  get persistentBytes(): number {
    return this.tailUsed;
  }

  /** Mark for rolling back a failed allocation of one model. */
  mark(): { tail: number; head: number; tempHigh: number } {
    return { tail: this.tailUsed, head: this.headSize, tempHigh: this.tempHigh };
  }

  rollback(m: { tail: number; head: number; tempHigh: number }): void {
    this.tailUsed = m.tail;
    this.headSize = m.head;
    this.tempHigh = m.tempHigh;
    this.tempUsed = 0;
    this.overflowed = false;
  }

  /** Allocate zero-filled persistent bytes at the tail. Returns a byte view. */
  allocatePersistent(bytes: number): Uint8Array {
    const size = alignUp(bytes);
    this.tailUsed += size;
    this.checkLimit();
    if (!this.fits()) {
      this.overflowed = true;
      return new Uint8Array(size).subarray(0, bytes);
    }
    const offset = this.base + this.capacity - this.tailUsed;
    const view = new Uint8Array(this.buffer, offset, bytes);
    view.fill(0);
    return view;
  }

  /** Allocate temporary bytes above the head, valid until `resetTemp` (after each op's prepare). */
  allocateTemp(bytes: number): Uint8Array {
    const offset = alignUp(this.headSize) + this.tempUsed;
    this.tempUsed += alignUp(bytes);
    this.checkLimit();
    this.tempHigh = Math.max(this.tempHigh, this.headSize + this.tempUsed);
    if (!this.fits()) {
      this.overflowed = true;
      return new Uint8Array(bytes);
    }
    return new Uint8Array(this.buffer, this.base + offset, bytes);
  }

  resetTemp(): void {
    this.tempUsed = 0;
  }

  /** Make the head at least `size` bytes (the memory plan's size). Returns whether it fits. */
  reserveHead(size: number): boolean {
    this.headSize = Math.max(this.headSize, alignUp(size));
    this.checkLimit();
    if (!this.fits()) this.overflowed = true;
    return !this.overflowed;
  }

  /** A byte view of the head at `offset` (valid only if the plan fits; check() first). */
  headView(offset: number, bytes: number): Uint8Array {
    return new Uint8Array(this.buffer, this.base + offset, bytes);
  }

  /** Throw ArenaError (naming the total needed) if anything did not fit since construction or the last rollback. */
  check(): void {
    if (this.overflowed || !this.fits()) throw new ArenaError(this.usedBytes, this.capacity);
  }

  /** Demand beyond any possible arena: fail now, before allocating throw-away memory for it. */
  private checkLimit(): void {
    const total = Math.max(this.headSize, this.headSize + this.tempUsed, this.tempHigh) + this.tailUsed;
    if (total > MAX_ARENA_BYTES || !Number.isFinite(total))
      throw new ArenaError(total, this.capacity, `the model needs ${total} bytes of tensor arena, more than any arena can hold`);
  }

  private fits(): boolean {
    return Math.max(this.headSize, this.tempHigh) + this.tailUsed <= this.capacity;
  }
}

/** A region (or typed array) has a `buffer`; an ArrayBuffer or SharedArrayBuffer has none. */
function isRegion(x: ArrayBufferLike | ArenaRegion): x is ArenaRegion {
  return (x as Partial<ArenaRegion>).buffer != null;
}
