import { TensorType } from '../../model/types.js';
import { defineOp, type KernelContext, type OpDescriptor, type Tensor } from '../../runtime/kernel.js';
import { ADD } from '../add.js';
import type { AddSubData } from '../add_sub_common.js';
import type { ArithmeticOptions } from '../arithmetic_common.js';
import { SUB } from '../sub.js';
import type { SimdBackend } from './backend.js';
import { addressOf, REFERENCE, UNRESOLVED } from './util.js';

const INT8 = 2;
const FLOAT = 3;

interface SimdAdd {
  /** UNRESOLVED until the first invoke, then `path` or REFERENCE. */
  mode: number;
  /** What prepare allows: INT8, FLOAT or REFERENCE. */
  path: number;
  aPtr: number;
  bPtr: number;
  outPtr: number;
  /** Elements. */
  count: number;
}

type Data = AddSubData & { simd: SimdAdd };

function sameShape(a: Tensor, b: Tensor): boolean {
  if (a.shape.length !== b.shape.length) return false;
  for (let i = 0; i < a.shape.length; i++) if (a.shape[i] !== b.shape[i]) return false;
  return true;
}

/**
 * ADD or SUB without broadcasting, int8 and float32, in WebAssembly SIMD (asm/add.ts). Reuses the reference
 * prepare and op data, including its int8 per-input tables (staged in the module's table region when another
 * op's tables are there: backend.stagedTables);
 * everything else (int16, int32, broadcasting) runs the reference invoke.
 */
function simdAddSub(backend: SimdBackend, ref: OpDescriptor<ArithmeticOptions, AddSubData>, sub: boolean): OpDescriptor<ArithmeticOptions, AddSubData> {
  const heap = new Int32Array(backend.buffer);
  const tables = backend.exports.add_tables() >> 2;
  const addInt8 = backend.exports.add_int8;
  const addF32 = backend.exports.add_f32;

  function resolve(ctx: KernelContext<ArithmeticOptions, AddSubData>, s: SimdAdd): number {
    let mode = s.path;
    if (mode !== REFERENCE) {
      s.aPtr = addressOf(backend, ctx.inputs[0]!);
      s.bPtr = addressOf(backend, ctx.inputs[1]!);
      s.outPtr = addressOf(backend, ctx.outputs[0]!);
      const bytes = ctx.outputs[0]!.bytes.length;
      s.count = mode === FLOAT ? bytes >> 2 : bytes;
      if (s.aPtr < 0 || s.bPtr < 0 || s.outPtr < 0) mode = REFERENCE;
    }
    s.mode = mode;
    return mode;
  }

  return defineOp<ArithmeticOptions, AddSubData>({
    ...ref,
    prepare(ctx) {
      ref.prepare!(ctx);
      const d = ctx.data as Data;
      const out = ctx.output(0);
      const s: SimdAdd = { mode: UNRESOLVED, path: REFERENCE, aPtr: 0, bPtr: 0, outPtr: 0, count: 0 };
      d.simd = s;
      backend.stagedTables = null;
      if (!sameShape(ctx.input(0), out) || !sameShape(ctx.input(1), out)) return;
      if (d.kind === TensorType.FLOAT32) s.path = FLOAT;
      // TFLM's default double rounding only (QuantizeMultiplierSmallerThanOneExp gives an output shift <= 0).
      else if (d.kind === TensorType.INT8 && ctx.rounding === 'double' && d.q.outputShift <= 0 && d.q.table1.length === 256) s.path = INT8;
    },
    invoke(ctx) {
      const d = ctx.data as Data;
      const s = d.simd;
      let mode = s.mode;
      if (mode === UNRESOLVED) mode = resolve(ctx, s);
      if (mode === FLOAT) addF32(s.aPtr, s.bPtr, s.outPtr, s.count, sub, d.clamp.min, d.clamp.max);
      else if (mode === INT8) {
        const q = d.q;
        if (backend.stagedTables !== q.table1) {
          heap.set(q.table1, tables);
          heap.set(q.table2, tables + 256);
          backend.stagedTables = q.table1;
        }
        addInt8(s.aPtr, s.bPtr, s.outPtr, s.count, tables << 2, q.outputMultiplier, q.outputShift, q.outputOffset, q.actMin, q.actMax);
      } else ref.invoke(ctx);
    },
  });
}

export function simdAdd(backend: SimdBackend): OpDescriptor<ArithmeticOptions, AddSubData> {
  return simdAddSub(backend, ADD, false);
}

export function simdSub(backend: SimdBackend): OpDescriptor<ArithmeticOptions, AddSubData> {
  return simdAddSub(backend, SUB, true);
}
