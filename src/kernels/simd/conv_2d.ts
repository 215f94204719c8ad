import { TensorType } from '../../model/types.js';
import { defineOp, type KernelContext, type OpDescriptor } from '../../runtime/kernel.js';
import { CONV_2D, type Conv2DOptions } from '../conv_2d.js';
import type { ConvParams } from '../internal/conv.js';
import type { SimdBackend } from './backend.js';
import { newSimdConv, resolveConv, stageWeights, UNRESOLVED, type SimdConv } from './util.js';

const INT8 = 2;
const FLOAT = 3;

/** Whether every value is finite (the float32 kernel pads with zeros, exact only for finite filters). */
function allFinite(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

type Data = { p: ConvParams; simd: SimdConv; pre: number; preC: number; preLeft: number };

/** The kernels' workspace (asm/workspace.ts WORK): free between calls, so prepare may pass arrays through it. */
const WORKSPACE = 16384;

/**
 * CONV_2D with the int8 and float32 paths in WebAssembly SIMD (asm/conv.ts, asm/float.ts). Reuses the
 * reference prepare and op data; invoke falls back to the reference for 16x8, int4 filters, grouped
 * convolutions, single rounding, float32 filters with non-finite values, non-constant filters, or when the
 * arena is not in the backend's memory.
 */
export function simdConv2d(backend: SimdBackend): OpDescriptor<Conv2DOptions, unknown> {
  const convInt8 = backend.exports.conv_int8;
  const convF32 = backend.exports.conv_f32;
  type Ctx = KernelContext<Conv2DOptions, unknown>;
  const refInvoke = CONV_2D.invoke as (ctx: Ctx) => void;
  return defineOp<Conv2DOptions, unknown>({
    ...(CONV_2D as OpDescriptor<Conv2DOptions, unknown>),
    name: 'CONV_2D',
    prepare(ctx) {
      CONV_2D.prepare!(ctx as Parameters<NonNullable<typeof CONV_2D.prepare>>[0]);
      const d = ctx.data as Data;
      const s = newSimdConv();
      d.simd = s;
      d.pre = 0;
      d.preC = 0;
      d.preLeft = 0;
      const p = d.p;
      const input = ctx.input(0);
      const filter = ctx.input(1);
      if (!filter.isConstant || p.filterDepth !== p.inputDepth) return;
      if (input.type === TensorType.FLOAT32 && filter.type === TensorType.FLOAT32) {
        if (!backend.exports.conv_f32_supported(p.filterHeight * p.filterWidth * p.inputDepth)) return;
        if (!allFinite(filter.data as Float32Array)) return;
        s.path = FLOAT;
      } else if (input.type === TensorType.INT8 && filter.type === TensorType.INT8 && !p.singleRounding) {
        if (!backend.exports.conv_supported(p.filterHeight * p.filterWidth * p.inputDepth, p.outputDepth)) return;
        s.path = INT8;
      } else return;
      // Decided on types and shapes only (the interpreter sizes the arena with a dry run on other memory, which
      // must allocate the same); the first invoke checks that the arena is in the backend's memory.
      stageWeights(ctx, backend, s, filter, ctx.optionalInput(2));
      // int8 with the model in the backend's memory: the filter quads conv_int8 would stage at every call are
      // staged once in the backend's prepared region (outside the arena), keyed by the filter's address and
      // shape (the arena-sizing dry run and the real prepare share one region). Region full: per call.
      if (s.path === INT8 && backend.owns(filter.bytes) && s.filterPtr > 0) {
        const K = p.filterHeight * p.filterWidth * p.inputDepth;
        const r = backend.prepared(`conv_int8:${s.filterPtr}:${K}:${p.outputDepth}`, backend.exports.conv_prepared_bytes(K, p.outputDepth));
        if (r) {
          if (r.fresh) backend.exports.conv_prepare(r.at, s.filterPtr, K, p.outputDepth);
          d.pre = r.at;
        }
        // The channel constants (with the bias: absent, or constant in the model), keyed by their content.
        const bias = ctx.optionalInput(2);
        const outD = p.outputDepth;
        const mult = p.multipliers.subarray(0, outD);
        const shifts = p.shifts.subarray(0, outD);
        if ((!bias || (bias.isConstant && s.biasPtr > 0)) && mult.length === outD && shifts.length === outD) {
          const c = backend.prepared(`conv_int8 constants:${bias ? s.biasPtr : 0}:${outD}:${mult.join(',')}:${shifts.join(',')}`, outD * 32);
          if (c) {
            if (c.fresh) {
              const ws = new Int32Array(backend.buffer, WORKSPACE, 2 * outD);
              ws.set(mult);
              ws.set(shifts, outD);
              backend.exports.conv_prepare_constants(c.at, outD, WORKSPACE, WORKSPACE + 4 * outD, bias ? s.biasPtr : 0);
            }
            d.preC = c.at;
            d.preLeft = shifts.some((v) => v > 0) ? 1 : 0;
          }
        }
      }
    },
    invoke(ctx) {
      const d = ctx.data as Data;
      const s = d.simd;
      let mode = s.mode;
      if (mode === UNRESOLVED) mode = resolveConv(ctx, backend, s, d.p.multipliers, d.p.shifts, s.path === INT8);
      const p = d.p;
      if (mode === INT8) {
        convInt8(
          s.inPtr, s.filterPtr, s.biasPtr, s.outPtr, s.multPtr, s.shiftPtr,
          p.batches, p.inputHeight, p.inputWidth, p.inputDepth, p.filterHeight, p.filterWidth,
          p.outputHeight, p.outputWidth, p.outputDepth,
          p.strideHeight, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padHeight, p.padWidth,
          p.inputOffset, p.outputOffset, p.actMin, p.actMax, d.pre, d.preC, d.preLeft,
        );
      } else if (mode === FLOAT) {
        convF32(
          s.inPtr, s.filterPtr, s.biasPtr, s.outPtr,
          p.batches, p.inputHeight, p.inputWidth, p.inputDepth, p.filterHeight, p.filterWidth,
          p.outputHeight, p.outputWidth, p.outputDepth,
          p.strideHeight, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padHeight, p.padWidth, p.actMin, p.actMax,
        );
      } else refInvoke(ctx);
    },
  });
}
