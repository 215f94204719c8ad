import { TensorType } from '../../model/types.js';
import { defineOp, type OpDescriptor } from '../../runtime/kernel.js';
import { FULLY_CONNECTED, type FcData, type FullyConnectedOptions } from '../fully_connected.js';
import type { SimdBackend } from './backend.js';
import { newSimdConv, resolveConv, stageWeights, UNRESOLVED, type SimdConv } from './util.js';

const INT8 = 2;
const FLOAT = 3;

type Data = FcData & { simd: SimdConv };

/**
 * FULLY_CONNECTED with the int8 and float32 paths in WebAssembly SIMD (asm/fully_connected.ts, asm/float.ts).
 * Reuses the reference prepare and op data; invoke falls back to the reference for every other type (int16,
 * int4 and hybrid weights), single rounding, or when the arena is not in the backend's memory. The float32
 * path takes non-constant filters and biases too.
 */
export function simdFullyConnected(backend: SimdBackend): OpDescriptor<FullyConnectedOptions, FcData> {
  const fcInt8 = backend.exports.fc_int8;
  const fcF32 = backend.exports.fc_f32;
  return defineOp<FullyConnectedOptions, FcData>({
    ...FULLY_CONNECTED,
    name: 'FULLY_CONNECTED',
    prepare(ctx) {
      FULLY_CONNECTED.prepare!(ctx);
      const d = ctx.data as Data;
      const s = newSimdConv();
      d.simd = s;
      const input = ctx.input(0);
      const filter = ctx.input(1);
      if (d.kind === 'float') s.path = FLOAT;
      // (single rounding: the SIMD kernel requantizes with TFLM's default double rounding only)
      else if (d.kind !== 'int32acc' || input.type !== TensorType.INT8 || !filter.isConstant || d.q.singleRounding) return;
      // The kernel ignores the filter zero point: TFLM requires it to be 0 for int8 FC.
      else if (d.q.filterOffset !== 0) return;
      // A batch row is staged in the workspace as i16 (depths up to about half a million).
      else if (!backend.exports.fc_supported(d.q.depth)) return;
      else s.path = INT8;
      // Weights are read in place when the model was placed in the backend's memory, else copied once.
      stageWeights(ctx, backend, s, filter, ctx.optionalInput(2));
    },
    invoke(ctx) {
      const d = ctx.data as Data;
      const s = d.simd;
      const q = d.q;
      let mode = s.mode;
      if (mode === UNRESOLVED) mode = resolveConv(ctx, backend, s, q.multipliers, q.shifts, s.path === INT8);
      if (mode === INT8) {
        fcInt8(s.inPtr, s.filterPtr, s.biasPtr, s.outPtr, q.batches, q.units, q.depth, q.inputOffset, q.outputOffset,
          s.multPtr, s.shiftPtr, q.multiplier, q.shift, q.actMin, q.actMax);
      } else if (mode === FLOAT) {
        fcF32(s.inPtr, s.filterPtr, s.biasPtr, s.outPtr, q.batches, q.units, q.depth, d.floatMin, d.floatMax);
      } else FULLY_CONNECTED.invoke(ctx);
    },
  });
}
