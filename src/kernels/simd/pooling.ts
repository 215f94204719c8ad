import { TensorType } from '../../model/types.js';
import { defineOp, type KernelContext, type OpDescriptor } from '../../runtime/kernel.js';
import { AVERAGE_POOL_2D } from '../average_pool_2d.js';
import { MAX_POOL_2D } from '../max_pool_2d.js';
import type { PoolData, PoolOptions } from '../pooling_common.js';
import type { SimdBackend, SimdExports } from './backend.js';

type PoolFn = SimdExports['avgpool_i8'];

/**
 * AVERAGE_POOL_2D or MAX_POOL_2D with the int8 and float32 paths in WebAssembly SIMD (asm/pool.ts); int16 and
 * an arena outside the backend's memory run the reference invoke.
 */
function simdPool(backend: SimdBackend, ref: OpDescriptor<PoolOptions, PoolData>, int8: PoolFn, float: PoolFn): OpDescriptor<PoolOptions, PoolData> {
  return defineOp<PoolOptions, PoolData>({
    ...ref,
    invoke(ctx: KernelContext<PoolOptions, PoolData>) {
      const d = ctx.data;
      const input = ctx.inputs[0]!.bytes;
      const output = ctx.outputs[0]!.bytes;
      const fn = d.type === TensorType.INT8 ? int8 : d.type === TensorType.FLOAT32 ? float : null;
      if (fn === null || input.buffer !== backend.memory.buffer || output.buffer !== backend.memory.buffer) return ref.invoke(ctx);
      const p = d.params;
      fn(input.byteOffset, output.byteOffset, p.batches, p.inputHeight, p.inputWidth, p.depth, p.outputHeight, p.outputWidth,
        p.strideHeight, p.strideWidth, p.filterHeight, p.filterWidth, p.padHeight, p.padWidth, p.actMin, p.actMax);
    },
  });
}

export function simdAveragePool2d(backend: SimdBackend): OpDescriptor<PoolOptions, PoolData> {
  const e = backend.exports;
  return simdPool(backend, AVERAGE_POOL_2D, e.avgpool_i8.bind(e), e.avgpool_f32.bind(e));
}

export function simdMaxPool2d(backend: SimdBackend): OpDescriptor<PoolOptions, PoolData> {
  const e = backend.exports;
  return simdPool(backend, MAX_POOL_2D, e.maxpool_i8.bind(e), e.maxpool_f32.bind(e));
}
