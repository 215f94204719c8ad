import { ONLINE, type BufferRequirement, type MemoryPlanner } from './planner.js';

/**
 * TFLM's GreedyMemoryPlanner, with the same placement decisions (so arena sizes match the C++ runtime):
 *
 * 1. Offline-planned buffers keep their offsets and are placed first, in insertion order.
 * 2. Online buffers are listed in reverse insertion order, then stably sorted by size, largest first
 *    (TFLM fills its sort array from the tail and bubble-sorts it; ties therefore put later buffers first).
 * 3. Each buffer in that order goes to the lowest offset where it fits: walking the already-placed buffers
 *    in offset order, skipping those whose lifetime does not overlap its own, it takes the first gap at
 *    least its size (or the end of the last simultaneously active buffer).
 *
 * The result is O(n²) in the worst case, which is fine for the few hundred buffers of a micro model.
 */
export class GreedyMemoryPlanner implements MemoryPlanner {
  private readonly reqs: BufferRequirement[] = [];
  private offsets: Int32Array | null = null;
  private max = 0;

  addBuffer(size: number, firstUse: number, lastUse: number, offlineOffset = ONLINE): void {
    if (!(size >= 0) || !Number.isSafeInteger(size)) throw new RangeError(`buffer size ${size} is not a byte count`);
    this.reqs.push({ size, firstUse, lastUse, offlineOffset });
    this.offsets = null;
  }

  get bufferCount(): number {
    return this.reqs.length;
  }

  offsetOf(i: number): number {
    if (i < 0 || i >= this.reqs.length) throw new RangeError(`buffer ${i} out of range (${this.reqs.length} buffers)`);
    return this.plan()[i]!;
  }

  get maxSize(): number {
    this.plan();
    return this.max;
  }

  /** Requirements as added, for reports. */
  get requirements(): readonly BufferRequirement[] {
    return this.reqs;
  }

  private plan(): Int32Array {
    if (this.offsets) return this.offsets;
    const reqs = this.reqs;
    const n = reqs.length;
    const offsets = new Int32Array(n).fill(-1);
    // Placement order: offline buffers first (insertion order), then online buffers in reverse insertion
    // order, stably sorted by decreasing size.
    const order: number[] = [];
    const online: number[] = [];
    for (let i = 0; i < n; i++) {
      if (reqs[i]!.offlineOffset !== ONLINE) order.push(i);
      else online.push(i);
    }
    online.reverse();
    const rank = new Map<number, number>();
    online.forEach((id, k) => rank.set(id, k));
    online.sort((a, b) => reqs[b]!.size - reqs[a]!.size || rank.get(a)! - rank.get(b)!);
    order.push(...online);

    // Placed buffers, kept sorted by offset (ties: insertion after equal offsets, as TFLM's list does).
    const placed: number[] = [];
    for (let k = 0; k < order.length; k++) {
      const id = order[k]!;
      const want = reqs[id]!;
      let offset = 0;
      if (want.offlineOffset !== ONLINE) {
        offset = want.offlineOffset;
      } else if (k > 0) {
        for (let p = 0; p < placed.length; p++) {
          const other = placed[p]!;
          const o = reqs[other]!;
          if (o.firstUse > want.lastUse || want.firstUse > o.lastUse) continue; // not simultaneously active
          const gap = offsets[other]! - offset;
          if (gap >= want.size) break;
          const end = offsets[other]! + o.size;
          if (end > offset) offset = end;
        }
      }
      offsets[id] = offset;
      // Insert after every entry whose offset is <= this one (TFLM: new entry goes before the first entry with a
      // strictly greater offset; when it is below the first entry it becomes the head).
      let at = placed.length;
      for (let p = 0; p < placed.length; p++) {
        if (offsets[placed[p]!]! > offset) {
          at = p;
          break;
        }
      }
      placed.splice(at, 0, id);
    }
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, offsets[i]! + reqs[i]!.size);
    this.max = max;
    this.offsets = offsets;
    return offsets;
  }
}
