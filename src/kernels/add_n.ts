import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { addNFloat, addNInt8, type AddNQuantParams } from './internal/add_n.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierSmallerThanOneExp } from './internal/quantization.js';
import { expectSameShape } from './unary_common.js';
import { quantOrDefault, typeRange } from './util.js';

interface AddNData {
  type: number;
  /** The inputs' data views, refreshed at each invoke (no allocation: the array is sized in prepare). */
  inputs: (Float32Array | Int8Array)[];
  q: AddNQuantParams;
}

/** add_n.cc's kAddNIntegerShift. */
const LEFT_SHIFT = 20;

/**
 * ADD_N (add_n.cc): elementwise sum of two or more inputs of one shape and type; float32 and int8 (every
 * input with the first input's scale and zero point, as TFLM checks). See internal/add_n.ts for the int8
 * arithmetic, including TFLM's accumulator that starts at the rescaled raw zero.
 */
export const ADD_N = defineOp<undefined, AddNData>({
  name: 'ADD_N',
  code: BuiltinOperator.ADD_N,
  init() {
    return {
      type: TensorType.FLOAT32,
      inputs: [],
      q: { table: new Int32Array(0), outputMultiplier: 0, outputShift: 0, outputOffset: 0, min: -128, max: 127, mbqm: multiplyByQuantizedMultiplier },
    };
  },
  prepare(ctx) {
    const count = ctx.inputs.length;
    if (count < 2) ctx.fail(`expected at least 2 inputs, got ${count}`);
    if (ctx.outputs.length !== 1) ctx.fail(`expected 1 output, got ${ctx.outputs.length}`);
    const first = ctx.input(0);
    const out = ctx.output(0);
    const d = ctx.data;
    if (out.type !== first.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(first.type)}`);
    const q0 = quantOrDefault(first);
    for (let i = 1; i < count; i++) {
      const t = ctx.input(i);
      if (t.shape.length !== first.shape.length || t.shape.some((v, k) => v !== first.shape[k]))
        ctx.fail(`input ${i} shape [${Array.from(t.shape).join(',')}] differs from input 0 shape [${Array.from(first.shape).join(',')}]`);
      if (t.type !== first.type) ctx.fail(`input ${i} type ${tensorTypeName(t.type)} differs from input 0 type ${tensorTypeName(first.type)}`);
      if (first.type === TensorType.INT8) {
        const qi = quantOrDefault(t);
        if (qi.zeroPoint !== q0.zeroPoint) ctx.fail(`input ${i} zero point ${qi.zeroPoint} differs from input 0's ${q0.zeroPoint}`);
        if (Math.fround(qi.scale) !== Math.fround(q0.scale)) ctx.fail(`input ${i} scale ${qi.scale} differs from input 0's ${q0.scale}`);
      }
    }
    if (first.type !== TensorType.FLOAT32 && first.type !== TensorType.INT8)
      ctx.fail(`ADD_N only supports FLOAT32 and INT8, got ${tensorTypeName(first.type)}`);
    expectSameShape(ctx, first, out, 'count');
    d.type = first.type;
    d.inputs = new Array(count).fill(null);
    if (first.type === TensorType.FLOAT32) return;
    const qo = quantOrDefault(out);
    const si = Math.fround(q0.scale);
    const twiceMaxInputScale = 2 * si;
    const realInput = si / twiceMaxInputScale;
    const realOutput = twiceMaxInputScale / ((1 << LEFT_SHIFT) * Math.fround(qo.scale));
    const mi = quantizeMultiplierSmallerThanOneExp(realInput);
    const mo = quantizeMultiplierSmallerThanOneExp(realOutput);
    // CalculateActivationRangeQuantized(kTfLiteActNone): the whole int8 range.
    const range = typeRange(TensorType.INT8);
    const q = d.q;
    q.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    q.outputMultiplier = mo.multiplier;
    q.outputShift = mo.shift;
    q.outputOffset = qo.zeroPoint;
    q.min = range.min;
    q.max = range.max;
    q.table = ctx.persistentInt32(256);
    const inputOffset = -q0.zeroPoint;
    for (let v = -128; v <= 127; v++) q.table[v + 128] = q.mbqm(((inputOffset + v) * (1 << LEFT_SHIFT)) | 0, mi.multiplier, mi.shift);
  },
  invoke(ctx) {
    const d = ctx.data;
    const count = d.inputs.length;
    for (let j = 0; j < count; j++) d.inputs[j] = ctx.inputs[j]!.data as Float32Array;
    const out = ctx.outputs[0]!;
    const n = out.elementCount;
    if (d.type === TensorType.FLOAT32) addNFloat(d.inputs as Float32Array[], count, out.data as Float32Array, n);
    else addNInt8(d.q, d.inputs as Int8Array[], count, out.data as Int8Array, n);
  },
});
