import { ONLINE, type BufferRequirement, type MemoryPlanner } from './planner.js';

/**
 * No reuse: every buffer gets its own bytes, in insertion order. Use it to debug a model (every intermediate
 * tensor stays readable after invoke) or to check a kernel for aliasing bugs. Offline offsets are ignored.
 */
export class LinearMemoryPlanner implements MemoryPlanner {
  private readonly reqs: BufferRequirement[] = [];
  private readonly offsets: number[] = [];
  private next = 0;

  addBuffer(size: number, firstUse: number, lastUse: number, _offlineOffset = ONLINE): void {
    if (!(size >= 0) || !Number.isSafeInteger(size)) throw new RangeError(`buffer size ${size} is not a byte count`);
    this.reqs.push({ size, firstUse, lastUse, offlineOffset: ONLINE });
    this.offsets.push(this.next);
    this.next += size;
  }

  get bufferCount(): number {
    return this.reqs.length;
  }

  offsetOf(i: number): number {
    const o = this.offsets[i];
    if (o === undefined) throw new RangeError(`buffer ${i} out of range (${this.reqs.length} buffers)`);
    return o;
  }

  get maxSize(): number {
    return this.next;
  }

  get requirements(): readonly BufferRequirement[] {
    return this.reqs;
  }
}
