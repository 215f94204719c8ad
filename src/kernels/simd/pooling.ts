import { TensorType } from '../../model/types.js';
import { defineOp, type KernelContext, type OpDescriptor } from '../../runtime/kernel.js';
import { AVERAGE_POOL_2D } from '../average_pool_2d.js';
import { MAX_POOL_2D } from '../max_pool_2d.js';
import type { PoolData, PoolOptions } from '../pooling_common.js';
import type { SimdBackend, SimdExports } from './backend.js';
import { addressOf, REFERENCE, UNRESOLVED } from './util.js';

type PoolFn = SimdExports['avgpool_i8'];

/** UNRESOLVED until the first invoke, then READY (addresses cached) or REFERENCE. */
const READY = 2;

interface SimdPool {
  mode: number;
  inPtr: number;
  outPtr: number;
}

type Data = PoolData & { simd: SimdPool };

/**
 * AVERAGE_POOL_2D or MAX_POOL_2D with the int8 and float32 paths in WebAssembly SIMD (asm/pool.ts); int16 and
 * an arena outside the backend's memory run the reference invoke.
 */
function simdPool(backend: SimdBackend, ref: OpDescriptor<PoolOptions, PoolData>, int8: PoolFn, float: PoolFn): OpDescriptor<PoolOptions, PoolData> {
  function resolve(ctx: KernelContext<PoolOptions, PoolData>, s: SimdPool): number {
    const t = ctx.data.type;
    const inPtr = addressOf(backend, ctx.inputs[0]!);
    const outPtr = addressOf(backend, ctx.outputs[0]!);
    s.inPtr = inPtr;
    s.outPtr = outPtr;
    s.mode = (t === TensorType.INT8 || t === TensorType.FLOAT32) && inPtr >= 0 && outPtr >= 0 ? READY : REFERENCE;
    return s.mode;
  }
  return defineOp<PoolOptions, PoolData>({
    ...ref,
    prepare(ctx) {
      ref.prepare!(ctx);
      (ctx.data as Data).simd = { mode: UNRESOLVED, inPtr: 0, outPtr: 0 };
    },
    invoke(ctx: KernelContext<PoolOptions, PoolData>) {
      const d = ctx.data as Data;
      const s = d.simd;
      let mode = s.mode;
      if (mode === UNRESOLVED) mode = resolve(ctx, s);
      if (mode !== READY) return ref.invoke(ctx);
      const p = d.params;
      (d.type === TensorType.INT8 ? int8 : float)(s.inPtr, s.outPtr, p.batches, p.inputHeight, p.inputWidth, p.depth,
        p.outputHeight, p.outputWidth, p.strideHeight, p.strideWidth, p.filterHeight, p.filterWidth, p.padHeight, p.padWidth,
        p.actMin, p.actMax);
    },
  });
}

export function simdAveragePool2d(backend: SimdBackend): OpDescriptor<PoolOptions, PoolData> {
  const e = backend.exports;
  return simdPool(backend, AVERAGE_POOL_2D, e.avgpool_i8, e.avgpool_f32);
}

export function simdMaxPool2d(backend: SimdBackend): OpDescriptor<PoolOptions, PoolData> {
  const e = backend.exports;
  return simdPool(backend, MAX_POOL_2D, e.maxpool_i8, e.maxpool_f32);
}
