/**
 * Debug validation, opt-in: `new Interpreter(model, resolver, { validate: validation })`. Kept out of the
 * interpreter so that apps which do not import it do not bundle it.
 *
 * It verifies the memory plan (every planned buffer inside the head, no two buffers live at the same time
 * sharing a byte), puts `GUARD_BYTES` canary bytes after every online-planned buffer, and checks them after
 * each op of subgraph 0, so a kernel writing outside its tensors fails with a KernelError naming it.
 * Costs memory (the guards) and time (the checks).
 */
import { InterpreterError, KernelError } from '../errors.js';
import type { PlannedBuffer } from './interpreter.js';

/** Bytes of guard after every online-planned buffer. */
const GUARD_BYTES = 16;
const CANARY = 0xa5;

/** What the interpreter needs from a validator (see `validation`). */
export interface Validation {
  /** Extra bytes the planner reserves after every buffer that is not pinned by an offline plan. */
  readonly guardBytes: number;
  /**
   * Called once the plan is committed. `pinned[i]` says whether plan[i] is offline-pinned (no guard),
   * `head` is the head's bytes, `nodeScopes[n]` the allocation scope node `n` of subgraph 0 runs in.
   * Throws InterpreterError when the plan is wrong; returns the checks run around each node of subgraph 0.
   */
  setup(plan: readonly PlannedBuffer[], pinned: readonly boolean[], head: Uint8Array, nodeScopes: Int32Array): ValidationHooks;
}

/** Checks around the nodes of subgraph 0 (node: its index, op name and subgraph for the error). */
export interface ValidationHooks {
  /** Before the first node of an invoke. */
  start(): void;
  before(node: number): void;
  after(node: { readonly opName: string; readonly nodeIndex: number; readonly subgraphIndex: number }): void;
}

/** Plan verification and canaries; pass as `InterpreterOptions.validate`. */
export const validation: Validation = {
  guardBytes: GUARD_BYTES,
  setup(plan, pinned, head, nodeScopes) {
    verifyPlan(plan, head.length);
    // A buffer's guard bytes are its own only while it is live: fill them when its lifetime starts (before the
    // node of its first scope runs) and check them after every node inside its lifetime. Checked for the nodes
    // of subgraph 0 (nodes of called subgraphs are covered by their caller's check).
    const guards = plan.filter((_, i) => !pinned[i]);
    const offsets = Int32Array.from(guards, (b) => b.offset + b.size);
    const nodes = nodeScopes.length;
    const fill: number[][] = Array.from({ length: nodes }, () => []);
    const check: number[][] = Array.from({ length: nodes }, () => []);
    const initial: number[] = [];
    guards.forEach((b, k) => {
      if (b.firstUse <= 0) initial.push(k);
      for (let n = 0; n < nodes; n++) {
        const s = nodeScopes[n]!;
        if (s === b.firstUse) fill[n]!.push(k);
        if (s >= b.firstUse && s <= b.lastUse) check[n]!.push(k);
      }
    });
    const fillGuards = (which: readonly number[]) => {
      for (const k of which) head.fill(CANARY, offsets[k]!, offsets[k]! + GUARD_BYTES);
    };
    return {
      start: () => fillGuards(initial),
      before: (n) => fillGuards(fill[n] ?? []),
      after(node) {
        for (const k of check[node.nodeIndex] ?? []) {
          const o = offsets[k]!;
          for (let i = o; i < o + GUARD_BYTES; i++)
            if (head[i] !== CANARY)
              throw new KernelError(node.opName, node.nodeIndex, node.subgraphIndex, `wrote outside its tensors: the guard bytes after ${guards[k]!.name} (head offset ${o}) changed`);
        }
      },
    };
  },
};

/** Every planned buffer inside the head, and no two simultaneously live buffers sharing a byte. */
function verifyPlan(plan: readonly PlannedBuffer[], head: number): void {
  for (const a of plan) {
    if (a.offset < 0 || a.offset + a.size > head) throw new InterpreterError(`memory plan: ${a.name} [${a.offset}, ${a.offset + a.size}) lies outside the ${head}-byte head`);
  }
  for (let i = 0; i < plan.length; i++) {
    const a = plan[i]!;
    for (let j = i + 1; j < plan.length; j++) {
      const b = plan[j]!;
      if (a.size === 0 || b.size === 0 || a.firstUse > b.lastUse || b.firstUse > a.lastUse) continue;
      if (a.offset < b.offset + b.size && b.offset < a.offset + a.size)
        throw new InterpreterError(`memory plan: ${a.name} and ${b.name} are live at the same time and overlap`);
    }
  }
}
