import { TensorType } from '../../model/types.js';
import { defineOp, type OpDescriptor, type Tensor } from '../../runtime/kernel.js';
import { ADD } from '../add.js';
import type { AddSubData } from '../add_sub_common.js';
import type { ArithmeticOptions } from '../arithmetic_common.js';
import { SUB } from '../sub.js';
import type { SimdBackend } from './backend.js';

type Data = AddSubData & { simd: 'int8' | 'float' | null };

function sameShape(a: Tensor, b: Tensor): boolean {
  if (a.shape.length !== b.shape.length) return false;
  for (let i = 0; i < a.shape.length; i++) if (a.shape[i] !== b.shape[i]) return false;
  return true;
}

/**
 * ADD or SUB without broadcasting, int8 and float32, in WebAssembly SIMD (asm/add.ts). Reuses the reference
 * prepare and op data, including its int8 per-input tables (staged in the workspace at each invoke);
 * everything else (int16, int32, broadcasting) runs the reference invoke.
 */
function simdAddSub(backend: SimdBackend, ref: OpDescriptor<ArithmeticOptions, AddSubData>, sub: boolean): OpDescriptor<ArithmeticOptions, AddSubData> {
  const heap = new Int32Array(backend.memory.buffer);
  const tables = backend.exports.add_tables() >> 2;
  return defineOp<ArithmeticOptions, AddSubData>({
    ...ref,
    prepare(ctx) {
      ref.prepare!(ctx);
      const d = ctx.data as Data;
      const out = ctx.output(0);
      d.simd = null;
      if (!sameShape(ctx.input(0), out) || !sameShape(ctx.input(1), out)) return;
      if (d.kind === TensorType.FLOAT32) d.simd = 'float';
      // TFLM's default double rounding only (QuantizeMultiplierSmallerThanOneExp gives an output shift <= 0).
      else if (d.kind === TensorType.INT8 && ctx.rounding === 'double' && d.q.outputShift <= 0 && d.q.table1.length === 256) d.simd = 'int8';
    },
    invoke(ctx) {
      const d = ctx.data as Data;
      const a = ctx.inputs[0]!.bytes;
      const b = ctx.inputs[1]!.bytes;
      const o = ctx.outputs[0]!.bytes;
      if (d.simd === null || o.buffer !== backend.memory.buffer || a.buffer !== o.buffer || b.buffer !== o.buffer) return ref.invoke(ctx);
      if (d.simd === 'float') {
        backend.exports.add_f32(a.byteOffset, b.byteOffset, o.byteOffset, o.length >> 2, sub, d.clamp.min, d.clamp.max);
        return;
      }
      const q = d.q;
      heap.set(q.table1, tables);
      heap.set(q.table2, tables + 256);
      backend.exports.add_int8(a.byteOffset, b.byteOffset, o.byteOffset, o.length, tables << 2, q.outputMultiplier, q.outputShift, q.outputOffset, q.actMin, q.actMax);
    },
  });
}

export function simdAdd(backend: SimdBackend): OpDescriptor<ArithmeticOptions, AddSubData> {
  return simdAddSub(backend, ADD, false);
}

export function simdSub(backend: SimdBackend): OpDescriptor<ArithmeticOptions, AddSubData> {
  return simdAddSub(backend, SUB, true);
}
