/**
 * Shared by the signal ops (not an op): reading their FlexBuffer custom options and small shape helpers.
 * TFLM reads these options by position in the sorted key list (FlexbufferWrapper); reading them by name gives
 * the same values for every model the TFLM generators write, and fails clearly on anything else.
 */
import { ModelError } from '../../errors.js';
import { parseFlexMap, type FlexMap } from '../../model/flexbuffers.js';
import type { KernelContext, OptionsSource, Tensor } from '../../runtime/kernel.js';
import { TensorType } from '../../model/types.js';

/** The op's custom options as a FlexBuffer map; ModelError (naming `...custom_options`) when absent or malformed. */
export function signalOptions(custom: Uint8Array | null, node: OptionsSource): FlexMap {
  const path = node.path.replace(/builtin_options$/, 'custom_options');
  if (!custom || custom.length === 0) throw new ModelError(path, 'missing: this signal op needs FlexBuffer custom options');
  return parseFlexMap(custom, path);
}

/** An int32 option that must lie in [min, max]. */
export function intOption(m: FlexMap, key: string, min: number, max: number): number {
  const v = m.int32(key);
  if (v < min || v > max) throw new ModelError(`${m.path}.${key}`, `${v} is outside [${min}, ${max}]`);
  return v;
}

/** The `T` option (a TensorType code) of the typed signal ops. */
export function typeOption(m: FlexMap): number {
  return m.int32('T');
}

/** Innermost dimension (1 for scalars). */
export function innermost(t: Tensor): number {
  return t.shape.length > 0 ? t.shape[t.shape.length - 1]! : 1;
}

/** Fail unless the node has exactly `inputs` inputs and `outputs` outputs, none omitted. */
export function expectSignalArity(ctx: KernelContext<unknown, unknown>, inputs: number, outputs: number): void {
  if (ctx.inputs.length !== inputs) ctx.fail(`expected ${inputs} inputs, got ${ctx.inputs.length}`);
  if (ctx.outputs.length !== outputs) ctx.fail(`expected ${outputs} outputs, got ${ctx.outputs.length}`);
  for (let i = 0; i < inputs; i++) ctx.input(i);
}

/** Fail unless tensor `t` has rank `rank`. */
export function expectRank(ctx: KernelContext<unknown, unknown>, t: Tensor, what: string, rank: number): void {
  if (t.shape.length !== rank) ctx.fail(`${what} must have rank ${rank}, has ${t.shape.length} ([${t.shape.join(',')}])`);
}

export const INT16 = TensorType.INT16;
export const INT32 = TensorType.INT32;
export const UINT32 = TensorType.UINT32;
export const UINT64 = TensorType.UINT64;
export const FLOAT32 = TensorType.FLOAT32;
export const BOOL = TensorType.BOOL;
