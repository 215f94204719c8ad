/**
 * Optimized kernels (WebAssembly SIMD). Like TFLM's OPTIMIZED_KERNEL_DIR, but chosen at run time: they replace
 * the reference descriptors registered in a resolver, reuse their prepare and op data, and fall back to the
 * reference invoke for what they do not handle. Results are bit-identical.
 */
import type { OpDescriptor } from '../../runtime/kernel.js';
import type { OpResolver } from '../../runtime/resolver.js';
import type { SimdBackend } from './backend.js';
import { simdAdd, simdSub } from './add.js';
import { simdConv2d } from './conv_2d.js';
import { simdDepthwiseConv2d } from './depthwise_conv_2d.js';
import { simdFullyConnected } from './fully_connected.js';
import { simdAveragePool2d, simdMaxPool2d } from './pooling.js';

export { SimdBackend, simdSupported } from './backend.js';
export type { SimdBackendOptions } from './backend.js';

/** Every SIMD descriptor for `backend`. */
export function optimizedOps(backend: SimdBackend): OpDescriptor[] {
  return [simdFullyConnected(backend), simdConv2d(backend), simdDepthwiseConv2d(backend), simdAdd(backend), simdSub(backend),
    simdAveragePool2d(backend), simdMaxPool2d(backend)] as OpDescriptor[];
}

/** Replace, in `resolver`, every registered op that has a SIMD kernel. Returns the resolver. */
export function optimizeResolver(resolver: OpResolver, backend: SimdBackend): OpResolver {
  for (const op of optimizedOps(backend)) if (resolver.find(op.code, op.custom ?? null)) resolver.replace(op);
  return resolver;
}
