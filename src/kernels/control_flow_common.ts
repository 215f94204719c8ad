/** Shared by IF, WHILE and CALL_ONCE: checking and copying tensors across subgraph boundaries. */
import { tensorTypeName } from '../model/types.js';
import type { KernelContext, Tensor } from '../runtime/kernel.js';

/** Fail unless `index` names a subgraph. */
export function checkSubgraph(ctx: KernelContext<unknown, unknown>, index: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= ctx.subgraphCount)
    ctx.fail(`${what} subgraph ${index} out of range (${ctx.subgraphCount} subgraphs)`);
  if (index === ctx.subgraphIndex) ctx.fail(`${what} subgraph ${index} is the subgraph this op is in`);
}

/** Prepare-time check that `from[i]` can be copied into `to[i]` byte for byte (same type and size). */
export function checkCopyable(ctx: KernelContext<unknown, unknown>, from: readonly (Tensor | null)[], to: readonly Tensor[], what: string): void {
  if (from.length !== to.length) ctx.fail(`${what}: ${from.length} tensors for ${to.length}`);
  for (let i = 0; i < from.length; i++) {
    const a = from[i];
    const b = to[i]!;
    if (!a) ctx.fail(`${what}: tensor ${i} is omitted`);
    if (a.type !== b.type) ctx.fail(`${what}: tensor ${i} is ${tensorTypeName(a.type)}, expected ${tensorTypeName(b.type)}`);
    if (a.elementCount !== b.elementCount) ctx.fail(`${what}: tensor ${i} has ${a.elementCount} elements, expected ${b.elementCount}`);
  }
}

/** Copy bytes of `from[i]` into `to[i]` (invoke: sizes were checked in prepare). */
export function copyTensors(from: readonly (Tensor | null)[], to: readonly Tensor[], fromStart = 0): void {
  for (let i = 0; i < to.length; i++) {
    const src = from[i + fromStart]!;
    const dst = to[i]!;
    if (src.bytes !== dst.bytes && (src.bytes.buffer !== dst.bytes.buffer || src.bytes.byteOffset !== dst.bytes.byteOffset))
      dst.bytes.set(src.bytes);
  }
}
