/**
 * Resource variables (VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE), as TFLM's MicroResourceVariables: a
 * variable is identified by (container, shared_name), created at first use, and its buffer lives in the
 * persistent arena, allocated by the first ASSIGN_VARIABLE's prepare. `reset()` refills every buffer with its
 * default (the int8 zero point of the tensor that created it, else 0).
 */
export interface ResourceVariable {
  readonly container: string;
  readonly sharedName: string;
  buffer: Uint8Array | null;
  defaultValue: number;
}

export class ResourceVariables {
  private readonly vars: ResourceVariable[] = [];

  /** The id of (container, sharedName), creating it if needed. An empty container matches any, as in TFLM. */
  idFor(container: string, sharedName: string): number {
    const i = this.vars.findIndex((v) => (container === '' || v.container === container) && v.sharedName === sharedName);
    if (i >= 0) return i;
    this.vars.push({ container, sharedName, buffer: null, defaultValue: 0 });
    return this.vars.length - 1;
  }

  get count(): number {
    return this.vars.length;
  }

  get(id: number): ResourceVariable | undefined {
    return this.vars[id];
  }

  /** Give variable `id` its buffer (first call only) from `allocate`, filled with `defaultValue`. */
  allocate(id: number, bytes: number, defaultValue: number, allocate: (bytes: number) => Uint8Array): ResourceVariable {
    const v = this.vars[id];
    if (!v) throw new RangeError(`resource variable ${id} does not exist`);
    if (!v.buffer) {
      v.buffer = allocate(bytes);
      v.defaultValue = defaultValue;
      v.buffer.fill(defaultValue);
    }
    return v;
  }

  /** Refill every buffer with its default (Interpreter.reset). */
  reset(): void {
    for (const v of this.vars) v.buffer?.fill(v.defaultValue);
  }
}
