/**
 * Memory planners place the non-persistent buffers (activations and scratch) in the arena head.
 * A buffer is live from `firstUse` to `lastUse` inclusive (allocation scopes, see allocation-info.ts); two
 * buffers may share bytes only when their lifetimes do not overlap.
 */
export interface MemoryPlanner {
  /** Add a buffer; `offlineOffset` >= 0 pins it to that offset (offline plan), -1 lets the planner choose. */
  addBuffer(size: number, firstUse: number, lastUse: number, offlineOffset?: number): void;
  /** Offset of buffer `i` (in order of addBuffer) from the start of the head. */
  offsetOf(i: number): number;
  /** Bytes of head the plan needs. */
  readonly maxSize: number;
  readonly bufferCount: number;
}

export const ONLINE = -1;

export interface BufferRequirement {
  readonly size: number;
  readonly firstUse: number;
  readonly lastUse: number;
  readonly offlineOffset: number;
}

/** Whether two lifetimes overlap (inclusive ends). */
export function lifetimesOverlap(a: BufferRequirement, b: BufferRequirement): boolean {
  return !(a.firstUse > b.lastUse || b.firstUse > a.lastUse);
}
