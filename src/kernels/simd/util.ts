import type { KernelContext } from '../../runtime/kernel.js';
import type { SimdBackend } from './backend.js';

/**
 * Constant bytes (weights) addressable by the kernels: the bytes themselves when the model was placed in the
 * backend's memory, else a copy made once into the arena's persistent area (counted as arena bytes).
 */
export function constantInMemory(ctx: KernelContext<unknown, unknown>, backend: SimdBackend, bytes: Uint8Array): Uint8Array {
  if (backend.owns(bytes)) return bytes;
  const copy = ctx.allocatePersistent(bytes.length);
  copy.set(bytes);
  return copy;
}
