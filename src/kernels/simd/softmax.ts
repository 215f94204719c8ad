import { defineOp, type OpDescriptor } from '../../runtime/kernel.js';
import { expOnNegativeValues } from '../internal/fixedpoint.js';
import { roundingDivideByPOT } from '../internal/quantization.js';
import { SOFTMAX, type SoftmaxOptions } from '../softmax.js';
import type { SimdBackend } from './backend.js';

type RefData = typeof SOFTMAX extends OpDescriptor<SoftmaxOptions, infer D> ? D : never;
/** The reference op data plus the int8 exp tables (null where the reference invoke runs). */
type Data = RefData & { simdTables?: Int32Array | null };

/**
 * SOFTMAX int8 → int8 and int8 → int16 in WebAssembly SIMD (asm/softmax.ts). The reference prepare runs as
 * is; this one then tabulates, with the reference's own functions, exp_on_negative_values of the rescaled
 * input difference d = max − x for the 256 possible d (and its Rescale<12> summand), 0 below diff_min. The
 * tables take the rounding mode from the reference's multiply (d.q.mul), so single rounding is exact too.
 * They live in the op data (2 KiB, no arena bytes) and are staged in the workspace at each invoke.
 * float32, int16 → int16 and tensors outside the backend's memory run the reference invoke.
 */
export function simdSoftmax(backend: SimdBackend): OpDescriptor<SoftmaxOptions, RefData> {
  const heap = new Int32Array(backend.memory.buffer);
  const tables = backend.exports.softmax_tables();
  const ref = SOFTMAX;
  return defineOp<SoftmaxOptions, RefData>({
    ...ref,
    prepare(ctx) {
      ref.prepare!(ctx);
      const d = ctx.data as Data;
      if (d.kind !== 'int8') {
        d.simdTables = null;
        return;
      }
      const t = d.simdTables ?? new Int32Array(512);
      const { inputMultiplier, inputLeftShift, diffMin, mul } = d.q;
      for (let k = 0; k < 256; k++) {
        // The reference's exp of input_diff = −k (softmaxInt8), and its Rescale<12> term of the sum.
        const e = -k >= diffMin ? expOnNegativeValues(mul(-k, inputMultiplier, inputLeftShift), 5) : 0;
        t[k] = e;
        t[256 + k] = -k >= diffMin ? roundingDivideByPOT(e, 12) : 0;
      }
      d.simdTables = t;
    },
    invoke(ctx) {
      const d = ctx.data as Data;
      const input = ctx.inputs[0]!.bytes;
      const output = ctx.outputs[0]!.bytes;
      const t = d.simdTables;
      if (!t || input.buffer !== backend.memory.buffer || output.buffer !== backend.memory.buffer) return ref.invoke(ctx);
      heap.set(t, tables >> 2);
      // A failed TFLITE_CHECK on the sum's exponent: the reference invoke fails the same way.
      if (backend.exports.softmax_i8(input.byteOffset, output.byteOffset, d.outer, d.depth, tables, d.outputBits === 16) !== 0) ref.invoke(ctx);
    },
  });
}
