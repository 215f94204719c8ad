/**
 * Optimized kernels (WebAssembly SIMD). Like TFLM's OPTIMIZED_KERNEL_DIR, but chosen at run time: they replace
 * the reference descriptors registered in a resolver, reuse their prepare and op data, and fall back to the
 * reference invoke for what they do not handle. Results are bit-identical (float32 included: same operations
 * in the same order per output).
 *
 * | op | SIMD paths | falls back for |
 * |---|---|---|
 * | CONV_2D | int8 (im2col GEMM), float32 (finite filters) | 16x8, int4 filters, groups, single rounding |
 * | DEPTHWISE_CONV_2D | int8, float32 (depth multiplier 1) | 16x8, int4, float32 depth multiplier > 1 |
 * | FULLY_CONNECTED | int8, float32 | int16, int4, hybrid, single rounding, int8 depths beyond the workspace (~500K) |
 * | ADD, SUB | int8, float32 without broadcasting | broadcasting, int16, int32, single rounding (int8) |
 * | AVERAGE_POOL_2D, MAX_POOL_2D | int8, float32 | int16 |
 * | SOFTMAX | int8 → int8, int8 → int16 (both rounding modes: exp tables built by the reference functions) | float32, int16 → int16 |
 *
 * The kernels add no arena bytes when the model is placed in the backend's memory (weights are read in place;
 * otherwise constant filters and biases are copied into the arena once); they stage per-invoke
 * data in a workspace outside the arena, and ADD's and SOFTMAX's lookup tables in a table region there, restaged
 * only when another op's tables were staged last (see backend.ts, asm/workspace.ts); CONV_2D and
 * DEPTHWISE_CONV_2D int8 rearrange their filters (and depthwise its channel constants) once at prepare into the
 * backend's prepared region (also outside the arena) when the model is placed and the region has room. Each kernel resolves its
 * tensors' addresses at its first invoke (tensors never move after allocateTensors) and calls WebAssembly
 * directly from then on; tensors outside the backend's memory run the reference invoke.
 */
import type { OpDescriptor } from '../../runtime/kernel.js';
import type { OpResolver } from '../../runtime/resolver.js';
import type { SimdBackend } from './backend.js';
import { simdAdd, simdSub } from './add.js';
import { simdConv2d } from './conv_2d.js';
import { simdDepthwiseConv2d } from './depthwise_conv_2d.js';
import { simdFullyConnected } from './fully_connected.js';
import { simdAveragePool2d, simdMaxPool2d } from './pooling.js';
import { simdSoftmax } from './softmax.js';

export { SimdBackend, simdSupported } from './backend.js';
export type { SimdBackendOptions } from './backend.js';

/** Every SIMD descriptor for `backend`. */
export function optimizedOps(backend: SimdBackend): OpDescriptor[] {
  return [simdFullyConnected(backend), simdConv2d(backend), simdDepthwiseConv2d(backend), simdAdd(backend), simdSub(backend),
    simdAveragePool2d(backend), simdMaxPool2d(backend), simdSoftmax(backend)] as OpDescriptor[];
}

/** Replace, in `resolver`, every registered op that has a SIMD kernel. Returns the resolver. */
export function optimizeResolver(resolver: OpResolver, backend: SimdBackend): OpResolver {
  for (const op of optimizedOps(backend)) if (resolver.find(op.code, op.custom ?? null)) resolver.replace(op);
  return resolver;
}
