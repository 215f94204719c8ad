import { TensorType } from '../../model/types.js';
import { defineOp, type KernelContext, type OpDescriptor } from '../../runtime/kernel.js';
import { DEPTHWISE_CONV_2D, type DepthwiseConv2DOptions } from '../depthwise_conv_2d.js';
import type { ConvParams } from '../internal/conv.js';
import type { SimdBackend } from './backend.js';
import { newSimdConv, resolveConv, stageWeights, UNRESOLVED, type SimdConv } from './util.js';

const INT8 = 2;
const FLOAT = 3;

type Data = { p: ConvParams; simd: SimdConv; pre: number; preLeft: number };

/** The kernels' workspace (asm/workspace.ts WORK): free between calls, so prepare may pass arrays through it. */
const WORKSPACE = 16384;

/**
 * DEPTHWISE_CONV_2D with the int8 path (asm/depthwise.ts) and the float32 path with depth multiplier 1
 * (asm/float.ts) in WebAssembly SIMD. Reuses the reference prepare and op data; invoke falls back to the
 * reference for 16x8, int4 filters, float32 with a depth multiplier, single rounding, non-constant filters, or
 * when the arena is not in the backend's memory.
 */
export function simdDepthwiseConv2d(backend: SimdBackend): OpDescriptor<DepthwiseConv2DOptions, unknown> {
  type Ctx = Parameters<typeof DEPTHWISE_CONV_2D.invoke>[0];
  const dwInt8 = backend.exports.dw_int8;
  const dwF32 = backend.exports.dw_f32;
  /**
   * int8 with the model in the backend's memory: the channel constants and paired filters dw_int8 would stage
   * at every call are staged once, in the backend's prepared region (outside the arena), keyed by the filter's
   * address and the multipliers and shifts (the arena-sizing dry run and the real prepare share one region).
   * The bias is read at invoke (prepUniformAll's staged copy is unused by dw_int8). Region full: per call.
   */
  function prepareInt8(d: Data, s: SimdConv): void {
    const p = d.p;
    const outD = p.outputDepth;
    const taps = p.filterHeight * p.filterWidth;
    const mult = p.multipliers.subarray(0, outD);
    const shifts = p.shifts.subarray(0, outD);
    if (mult.length !== outD || shifts.length !== outD) return;
    const key = `dw_int8:${s.filterPtr}:${outD}:${taps}:${mult.join(',')}:${shifts.join(',')}`;
    const r = backend.prepared(key, backend.exports.dw_prepared_bytes(outD, taps));
    if (!r) return;
    if (r.fresh) {
      const ws = new Int32Array(backend.buffer, WORKSPACE, 2 * outD);
      ws.set(mult);
      ws.set(shifts, outD);
      backend.exports.dw_prepare(r.at, s.filterPtr, 0, WORKSPACE, WORKSPACE + 4 * outD, outD, taps);
    }
    d.pre = r.at;
    d.preLeft = shifts.some((v) => v > 0) ? 1 : 0;
  }
  return defineOp<DepthwiseConv2DOptions, unknown>({
    ...(DEPTHWISE_CONV_2D as OpDescriptor<DepthwiseConv2DOptions, unknown>),
    name: 'DEPTHWISE_CONV_2D',
    prepare(ctx) {
      DEPTHWISE_CONV_2D.prepare!(ctx as Ctx);
      const d = ctx.data as Data;
      const s = newSimdConv();
      d.simd = s;
      d.pre = 0;
      d.preLeft = 0;
      const p = d.p;
      const input = ctx.input(0);
      const filter = ctx.input(1);
      if (!filter.isConstant) return;
      if (input.type === TensorType.FLOAT32 && filter.type === TensorType.FLOAT32 && p.depthMultiplier === 1) s.path = FLOAT;
      else if (input.type === TensorType.INT8 && filter.type === TensorType.INT8 && !p.singleRounding
        && backend.exports.dw_supported(p.inputWidth, p.filterHeight, p.filterWidth, p.outputWidth, p.outputDepth, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padWidth)) s.path = INT8;
      else return;
      // Decided on types and shapes only (the arena is sized by a dry run on other memory, which must allocate
      // the same); the first invoke checks that the arena is in the backend's memory.
      stageWeights(ctx, backend, s, filter, ctx.optionalInput(2));
      if (s.path === INT8 && backend.owns(filter.bytes)) prepareInt8(d, s);
    },
    invoke(ctx) {
      const d = ctx.data as Data;
      const s = d.simd;
      const p = d.p;
      let mode = s.mode;
      if (mode === UNRESOLVED) mode = resolveConv(ctx as KernelContext<unknown, unknown>, backend, s, p.multipliers, p.shifts, s.path === INT8);
      if (mode === INT8) {
        dwInt8(
          s.inPtr, s.filterPtr, s.biasPtr, s.outPtr, s.multPtr, s.shiftPtr,
          p.batches, p.inputHeight, p.inputWidth, p.inputDepth, p.filterHeight, p.filterWidth,
          p.outputHeight, p.outputWidth, p.outputDepth, p.depthMultiplier,
          p.strideHeight, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padHeight, p.padWidth,
          p.inputOffset, p.outputOffset, p.actMin, p.actMax, d.pre, d.preLeft,
        );
      } else if (mode === FLOAT) {
        dwF32(
          s.inPtr, s.filterPtr, s.biasPtr, s.outPtr,
          p.batches, p.inputHeight, p.inputWidth, p.inputDepth, p.filterHeight, p.filterWidth, p.outputHeight, p.outputWidth,
          p.strideHeight, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padHeight, p.padWidth, p.actMin, p.actMax,
        );
      } else DEPTHWISE_CONV_2D.invoke(ctx as Ctx);
    },
  });
}
