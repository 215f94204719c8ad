import { TflmError } from '../errors.js';
import { BuiltinOperator } from '../model/schema.js';
import type { OpDescriptor } from './kernel.js';

/**
 * Opt-in op registration, like TFLM's MicroMutableOpResolver: an app adds the descriptors it uses, so a bundler
 * keeps only those kernels. Builtin ops are keyed by code, custom ops by their custom code string.
 */
export class OpResolver {
  private readonly builtins = new Map<number, OpDescriptor>();
  private readonly customs = new Map<string, OpDescriptor>();

  constructor(ops: Iterable<OpDescriptor> = []) {
    for (const op of ops) this.add(op);
  }

  /** Register ops; registering the same builtin code or custom name twice is an error. */
  add(...ops: OpDescriptor[]): this {
    for (const op of ops) {
      if (this.find(op.code, op.custom ?? null)) throw new TflmError(`op ${op.name} is already registered`);
      this.put(op);
    }
    return this;
  }

  /** Register ops in place of any already registered for the same code (how optimized kernels take over). */
  replace(...ops: OpDescriptor[]): this {
    for (const op of ops) this.put(op);
    return this;
  }

  find(code: number, custom: string | null): OpDescriptor | undefined {
    if (code === BuiltinOperator.CUSTOM) return custom === null ? undefined : this.customs.get(custom);
    return this.builtins.get(code);
  }

  /** Every registered descriptor. */
  list(): OpDescriptor[] {
    return [...this.builtins.values(), ...this.customs.values()];
  }

  get size(): number {
    return this.builtins.size + this.customs.size;
  }

  private put(op: OpDescriptor): void {
    if (op.code === BuiltinOperator.CUSTOM) {
      if (!op.custom) throw new TflmError(`op ${op.name}: CUSTOM without a custom name`);
      this.customs.set(op.custom, op);
    } else {
      this.builtins.set(op.code, op);
    }
  }
}
