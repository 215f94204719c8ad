import { defineOp, type KernelContext, type OpDescriptor } from '../../runtime/kernel.js';
import { expOnNegativeValues } from '../internal/fixedpoint.js';
import { roundingDivideByPOT } from '../internal/quantization.js';
import { SOFTMAX, type SoftmaxOptions } from '../softmax.js';
import type { SimdBackend } from './backend.js';
import { addressOf, REFERENCE, UNRESOLVED } from './util.js';

type RefData = typeof SOFTMAX extends OpDescriptor<SoftmaxOptions, infer D> ? D : never;

/** UNRESOLVED until the first invoke, then READY (addresses cached) or REFERENCE. */
const READY = 2;

interface SimdSoftmax {
  mode: number;
  inPtr: number;
  outPtr: number;
}

/** The reference op data plus the int8 exp tables (null where the reference invoke runs). */
type Data = RefData & { simdTables?: Int32Array | null; simd: SimdSoftmax };

/**
 * SOFTMAX int8 → int8 and int8 → int16 in WebAssembly SIMD (asm/softmax.ts). The reference prepare runs as
 * is; this one then tabulates, with the reference's own functions, exp_on_negative_values of the rescaled
 * input difference d = max − x for the 256 possible d (and its Rescale<12> summand), 0 below diff_min. The
 * tables take the rounding mode from the reference's multiply (d.q.mul), so single rounding is exact too.
 * They live in the op data (2 KiB, no arena bytes) and are staged in the module's table region when another
 * op's tables are there (backend.stagedTables).
 * float32, int16 → int16 and tensors outside the backend's memory run the reference invoke.
 */
export function simdSoftmax(backend: SimdBackend): OpDescriptor<SoftmaxOptions, RefData> {
  const heap = new Int32Array(backend.buffer);
  const tables = backend.exports.softmax_tables();
  const softmaxI8 = backend.exports.softmax_i8;
  const ref = SOFTMAX;

  function resolve(ctx: KernelContext<SoftmaxOptions, RefData>, d: Data): number {
    const s = d.simd;
    s.inPtr = addressOf(backend, ctx.inputs[0]!);
    s.outPtr = addressOf(backend, ctx.outputs[0]!);
    s.mode = d.simdTables && s.inPtr >= 0 && s.outPtr >= 0 ? READY : REFERENCE;
    return s.mode;
  }

  return defineOp<SoftmaxOptions, RefData>({
    ...ref,
    prepare(ctx) {
      ref.prepare!(ctx);
      const d = ctx.data as Data;
      d.simd = { mode: UNRESOLVED, inPtr: 0, outPtr: 0 };
      backend.stagedTables = null;
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
      const s = d.simd;
      let mode = s.mode;
      if (mode === UNRESOLVED) mode = resolve(ctx, d);
      if (mode !== READY) return ref.invoke(ctx);
      const t = d.simdTables!;
      if (backend.stagedTables !== t) {
        heap.set(t, tables >> 2);
        backend.stagedTables = t;
      }
      // A failed TFLITE_CHECK on the sum's exponent: the reference invoke fails the same way.
      if (softmaxI8(s.inPtr, s.outPtr, d.outer, d.depth, tables, d.outputBits === 16) !== 0) ref.invoke(ctx);
    },
  });
}
