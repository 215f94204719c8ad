import { TensorType } from '../../model/types.js';
import { defineOp, type OpDescriptor } from '../../runtime/kernel.js';
import { CONV_2D, type Conv2DOptions } from '../conv_2d.js';
import type { ConvParams } from '../internal/conv.js';
import type { SimdBackend } from './backend.js';
import { constantInMemory } from './util.js';

interface SimdConv {
  /** Use the SIMD path (int8 or float32, one group; int8: double rounding). */
  on: boolean;
  float: boolean;
  filterPtr: number;
}

/** Whether every value is finite (the float32 kernel pads with zeros, exact only for finite filters). */
function allFinite(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

type Data = { p: ConvParams; simd: SimdConv };

/**
 * CONV_2D with the int8 and float32 paths in WebAssembly SIMD (asm/conv.ts, asm/float.ts). Reuses the
 * reference prepare and op data; invoke falls back to the reference for 16x8, int4 filters, grouped
 * convolutions, single rounding, float32 filters with non-finite values, non-constant filters, or when the
 * arena is not in the backend's memory.
 */
export function simdConv2d(backend: SimdBackend): OpDescriptor<Conv2DOptions, unknown> {
  return defineOp<Conv2DOptions, unknown>({
    ...(CONV_2D as OpDescriptor<Conv2DOptions, unknown>),
    name: 'CONV_2D',
    prepare(ctx) {
      CONV_2D.prepare!(ctx as Parameters<NonNullable<typeof CONV_2D.prepare>>[0]);
      const d = ctx.data as Data;
      const simd: SimdConv = { on: false, float: false, filterPtr: 0 };
      d.simd = simd;
      const p = d.p;
      const input = ctx.input(0);
      const filter = ctx.input(1);
      if (!filter.isConstant || p.filterDepth !== p.inputDepth) return;
      if (input.type === TensorType.FLOAT32 && filter.type === TensorType.FLOAT32) {
        if (!backend.exports.conv_f32_supported(p.filterHeight * p.filterWidth * p.inputDepth)) return;
        if (!allFinite(filter.data as Float32Array)) return;
        simd.filterPtr = constantInMemory(ctx, backend, filter.bytes).byteOffset;
        simd.float = true;
        simd.on = true;
        return;
      }
      if (input.type !== TensorType.INT8 || filter.type !== TensorType.INT8 || p.singleRounding) return;
      if (!backend.exports.conv_supported(p.filterHeight * p.filterWidth * p.inputDepth, p.outputDepth)) return;
      // Decided on types and shapes only (the interpreter sizes the arena with a dry run on other memory, which
      // must allocate the same); invoke checks that the arena is in the backend's memory.
      simd.filterPtr = constantInMemory(ctx, backend, filter.bytes).byteOffset;
      simd.on = true;
    },
    invoke(ctx) {
      const d = ctx.data as Data;
      const s = d.simd;
      const input = ctx.inputs[0]!.bytes;
      const output = ctx.outputs[0]!.bytes;
      if (!s.on || input.buffer !== backend.memory.buffer) return CONV_2D.invoke(ctx as Parameters<typeof CONV_2D.invoke>[0]);
      const bias = ctx.inputs[2];
      const p = d.p;
      if (s.float) {
        backend.exports.conv_f32(
          input.byteOffset, s.filterPtr, bias ? bias.bytes.byteOffset : 0, output.byteOffset,
          p.batches, p.inputHeight, p.inputWidth, p.inputDepth, p.filterHeight, p.filterWidth,
          p.outputHeight, p.outputWidth, p.outputDepth,
          p.strideHeight, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padHeight, p.padWidth, p.actMin, p.actMax,
        );
        return;
      }
      backend.exports.conv_int8(
        input.byteOffset, s.filterPtr, bias ? bias.bytes.byteOffset : 0, output.byteOffset,
        p.multipliers.byteOffset, p.shifts.byteOffset,
        p.batches, p.inputHeight, p.inputWidth, p.inputDepth, p.filterHeight, p.filterWidth,
        p.outputHeight, p.outputWidth, p.outputDepth,
        p.strideHeight, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padHeight, p.padWidth,
        p.inputOffset, p.outputOffset, p.actMin, p.actMax,
      );
    },
  });
}
