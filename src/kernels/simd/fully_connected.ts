import { TensorType } from '../../model/types.js';
import { defineOp, type OpDescriptor } from '../../runtime/kernel.js';
import { FULLY_CONNECTED, type FcData, type FullyConnectedOptions } from '../fully_connected.js';
import type { SimdBackend } from './backend.js';
import { constantInMemory } from './util.js';

interface SimdFc {
  /** Use the SIMD path (int8 input, everything addressable in the backend's memory). */
  on: boolean;
  /** float32 path (constant or not: filterPtr 0 means the filter tensor's own bytes). */
  float: boolean;
  filterPtr: number;
  multPtr: number;
  shiftPtr: number;
}

type Data = FcData & { simd: SimdFc };

/**
 * FULLY_CONNECTED with the int8 and float32 paths in WebAssembly SIMD (asm/fully_connected.ts, asm/float.ts).
 * Reuses the reference prepare and op data; invoke falls back to the reference for every other type (int16,
 * int4 and hybrid weights), single rounding, or when the arena is not in the backend's memory.
 */
export function simdFullyConnected(backend: SimdBackend): OpDescriptor<FullyConnectedOptions, FcData> {
  return defineOp<FullyConnectedOptions, FcData>({
    ...FULLY_CONNECTED,
    name: 'FULLY_CONNECTED',
    prepare(ctx) {
      FULLY_CONNECTED.prepare!(ctx);
      const d = ctx.data as Data;
      const simd: SimdFc = { on: false, float: false, filterPtr: 0, multPtr: 0, shiftPtr: 0 };
      d.simd = simd;
      const input = ctx.input(0);
      const filter = ctx.input(1);
      if (d.kind === 'float') {
        simd.float = true;
        simd.filterPtr = filter.isConstant ? constantInMemory(ctx, backend, filter.bytes).byteOffset : 0;
        simd.on = true;
        return;
      }
      // (single rounding: the SIMD kernel requantizes with TFLM's default double rounding only)
      if (d.kind !== 'int32acc' || input.type !== TensorType.INT8 || !filter.isConstant || d.q.singleRounding) return;
      // The kernel ignores the filter zero point: TFLM requires it to be 0 for int8 FC.
      const q = d.q;
      if (q.filterOffset !== 0) return;
      // Weights are read in place when the model was placed in the backend's memory, else copied once.
      let filterBytes = filter.bytes;
      if (!backend.owns(filterBytes)) {
        const copy = ctx.allocatePersistent(filterBytes.length);
        copy.set(filterBytes);
        filterBytes = copy;
      }
      simd.filterPtr = filterBytes.byteOffset;
      simd.multPtr = q.multipliers ? q.multipliers.byteOffset : 0;
      simd.shiftPtr = q.shifts ? q.shifts.byteOffset : 0;
      simd.on = !q.multipliers || (backend.owns(q.multipliers) && backend.owns(q.shifts!));
    },
    invoke(ctx) {
      const d = ctx.data as Data;
      const s = d.simd;
      const input = ctx.inputs[0]!.bytes;
      const output = ctx.outputs[0]!.bytes;
      if (!s.on || input.buffer !== backend.memory.buffer) return FULLY_CONNECTED.invoke(ctx);
      const bias = ctx.inputs[2];
      const q = d.q;
      if (s.float) {
        const filter = ctx.inputs[1]!.bytes;
        if (s.filterPtr === 0 && filter.buffer !== backend.memory.buffer) return FULLY_CONNECTED.invoke(ctx);
        backend.exports.fc_f32(
          input.byteOffset, s.filterPtr !== 0 ? s.filterPtr : filter.byteOffset, bias ? bias.bytes.byteOffset : 0,
          output.byteOffset, q.batches, q.units, q.depth, d.floatMin, d.floatMax,
        );
        return;
      }
      backend.exports.fc_int8(
        input.byteOffset, s.filterPtr, bias ? bias.bytes.byteOffset : 0, output.byteOffset,
        q.batches, q.units, q.depth, q.inputOffset, q.outputOffset,
        s.multPtr, s.shiftPtr, q.multiplier, q.shift, q.actMin, q.actMax,
      );
    },
  });
}
