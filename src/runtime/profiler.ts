/**
 * Profiler interface, as TFLM's MicroProfilerInterface: the interpreter calls `begin` before and `end` after
 * each op's invoke. When no profiler is given the interpreter makes no calls at all.
 */
export interface Profiler {
  /** Start an event; returns a handle for `end`. `node` and `subgraph` say which node runs. */
  begin(tag: string, node: number, subgraph: number): number;
  end(handle: number): void;
}

export interface ProfileEvent {
  readonly tag: string;
  readonly node: number;
  readonly subgraph: number;
  /** Milliseconds. */
  readonly start: number;
  readonly end: number;
}

const now: () => number =
  typeof globalThis.performance?.now === 'function' ? () => globalThis.performance.now() : () => Date.now();

/**
 * Records per-op times with performance.now() into preallocated arrays (no allocation per event).
 * Call `clear()` before an invoke to keep only that invoke's events.
 */
export class MicroProfiler implements Profiler {
  private readonly tags: string[];
  private readonly nodes: Int32Array;
  private readonly subgraphs: Int32Array;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private count = 0;
  readonly capacity: number;

  constructor(capacity = 4096) {
    this.capacity = capacity;
    this.tags = new Array<string>(capacity).fill('');
    this.nodes = new Int32Array(capacity);
    this.subgraphs = new Int32Array(capacity);
    this.starts = new Float64Array(capacity);
    this.ends = new Float64Array(capacity);
  }

  begin(tag: string, node: number, subgraph: number): number {
    const i = this.count;
    if (i >= this.capacity) return -1;
    this.count = i + 1;
    this.tags[i] = tag;
    this.nodes[i] = node;
    this.subgraphs[i] = subgraph;
    this.starts[i] = now();
    return i;
  }

  end(handle: number): void {
    if (handle >= 0) this.ends[handle] = now();
  }

  clear(): void {
    this.count = 0;
  }

  get eventCount(): number {
    return this.count;
  }

  events(): ProfileEvent[] {
    const out: ProfileEvent[] = [];
    for (let i = 0; i < this.count; i++)
      out.push({ tag: this.tags[i]!, node: this.nodes[i]!, subgraph: this.subgraphs[i]!, start: this.starts[i]!, end: this.ends[i]! });
    return out;
  }

  /** Sum of all event durations in milliseconds. */
  totalMs(): number {
    let t = 0;
    for (let i = 0; i < this.count; i++) t += this.ends[i]! - this.starts[i]!;
    return t;
  }
}

export { now as profilerNow };
