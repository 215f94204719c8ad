import { TensorType } from '../../model/types.js';
import { defineOp, type OpDescriptor } from '../../runtime/kernel.js';
import { DEPTHWISE_CONV_2D, type DepthwiseConv2DOptions } from '../depthwise_conv_2d.js';
import type { ConvParams } from '../internal/conv.js';
import type { SimdBackend } from './backend.js';
import { constantInMemory } from './util.js';

interface SimdDepthwise {
  /** Use the SIMD path (int8 with double rounding, or float32 with depth multiplier 1). */
  on: boolean;
  float: boolean;
  filterPtr: number;
}

type Data = { p: ConvParams; simd: SimdDepthwise };

/**
 * DEPTHWISE_CONV_2D with the int8 path (asm/depthwise.ts) and the float32 path with depth multiplier 1
 * (asm/float.ts) in WebAssembly SIMD. Reuses the reference prepare and op data; invoke falls back to the
 * reference for 16x8, int4 filters, float32 with a depth multiplier, single rounding, non-constant filters, or
 * when the arena is not in the backend's memory.
 */
export function simdDepthwiseConv2d(backend: SimdBackend): OpDescriptor<DepthwiseConv2DOptions, unknown> {
  type Ctx = Parameters<typeof DEPTHWISE_CONV_2D.invoke>[0];
  return defineOp<DepthwiseConv2DOptions, unknown>({
    ...(DEPTHWISE_CONV_2D as OpDescriptor<DepthwiseConv2DOptions, unknown>),
    name: 'DEPTHWISE_CONV_2D',
    prepare(ctx) {
      DEPTHWISE_CONV_2D.prepare!(ctx as Ctx);
      const d = ctx.data as Data;
      const simd: SimdDepthwise = { on: false, float: false, filterPtr: 0 };
      d.simd = simd;
      const p = d.p;
      const input = ctx.input(0);
      const filter = ctx.input(1);
      if (input.type === TensorType.FLOAT32 && filter.type === TensorType.FLOAT32 && filter.isConstant && p.depthMultiplier === 1) {
        simd.filterPtr = constantInMemory(ctx, backend, filter.bytes).byteOffset;
        simd.float = true;
        simd.on = true;
        return;
      }
      if (input.type !== TensorType.INT8 || filter.type !== TensorType.INT8 || !filter.isConstant || p.singleRounding) return;
      if (!backend.exports.dw_supported(p.inputWidth, p.filterHeight, p.filterWidth, p.outputWidth, p.outputDepth, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padWidth)) return;
      // Decided on types only (the arena is sized by a dry run on other memory, which must allocate the same).
      simd.filterPtr = constantInMemory(ctx, backend, filter.bytes).byteOffset;
      simd.on = true;
    },
    invoke(ctx) {
      const d = ctx.data as Data;
      const s = d.simd;
      const input = ctx.inputs[0]!.bytes;
      const output = ctx.outputs[0]!.bytes;
      if (!s.on || input.buffer !== backend.memory.buffer) return DEPTHWISE_CONV_2D.invoke(ctx as Ctx);
      const bias = ctx.inputs[2];
      const p = d.p;
      if (s.float) {
        backend.exports.dw_f32(
          input.byteOffset, s.filterPtr, bias ? bias.bytes.byteOffset : 0, output.byteOffset,
          p.batches, p.inputHeight, p.inputWidth, p.inputDepth, p.filterHeight, p.filterWidth, p.outputHeight, p.outputWidth,
          p.strideHeight, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padHeight, p.padWidth, p.actMin, p.actMax,
        );
        return;
      }
      backend.exports.dw_int8(
        input.byteOffset, s.filterPtr, bias ? bias.bytes.byteOffset : 0, output.byteOffset,
        p.multipliers.byteOffset, p.shifts.byteOffset,
        p.batches, p.inputHeight, p.inputWidth, p.inputDepth, p.filterHeight, p.filterWidth,
        p.outputHeight, p.outputWidth, p.outputDepth, p.depthMultiplier,
        p.strideHeight, p.strideWidth, p.dilationHeight, p.dilationWidth, p.padHeight, p.padWidth,
        p.inputOffset, p.outputOffset, p.actMin, p.actMax,
      );
    },
  });
}
