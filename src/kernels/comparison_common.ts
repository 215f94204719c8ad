/**
 * The kernel shared by EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS and LESS_EQUAL (micro/kernels/
 * comparisons.cc): bool output, broadcasting inputs, raw comparison for bool/int32/int64/float32 and
 * rescaled comparison for int8 (and int16 for GREATER).
 */
import { TensorType, tensorTypeName } from '../model/types.js';
import type { KernelContext, OpKernel, Tensor } from '../runtime/kernel.js';
import { planBroadcast, type BroadcastPlan } from './internal/binary_broadcast.js';
import {
  compareInt16Scaled,
  compareInt8Tables,
  compareRaw,
  fillComparisonTable,
  type ComparisonQuantParams,
} from './internal/comparisons.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierSmallerThanOneExp } from './internal/quantization.js';
import { expectArity, flatSize, quantOrDefault } from './util.js';

export interface ComparisonData {
  type: number;
  plan: BroadcastPlan | null;
  q: ComparisonQuantParams;
  /** int8: rescaled value of each raw value of input 1 / input 2 (index value + 128). */
  table1: Int32Array;
  table2: Int32Array;
}

function shapeText(s: ArrayLike<number>): string {
  return `[${Array.from(s).join(',')}]`;
}

/**
 * Broadcast plan of a binary elementwise op as TFLM runs it: inputs of identical shapes run flat over their
 * element count (the output must have as many elements: TFLM only DCHECKs it); otherwise
 * BroadcastBinaryOpSimple broadcasts both inputs to the output's shape (rank <= 8; each input dim must be 1
 * or the output's dim).
 */
export function binaryPlan(ctx: KernelContext<unknown, unknown>, a: Tensor, b: Tensor, out: Tensor): BroadcastPlan {
  const same = a.shape.length === b.shape.length && a.shape.every((v, i) => v === b.shape[i]);
  let plan: BroadcastPlan | string;
  if (same) {
    const n = flatSize(a.shape);
    if (flatSize(out.shape) !== n)
      ctx.fail(`output shape ${shapeText(out.shape)} has ${flatSize(out.shape)} elements, inputs ${shapeText(a.shape)} have ${n}`);
    plan = planBroadcast([n], [n], [n]);
  } else {
    plan = planBroadcast(a.shape, b.shape, out.shape);
  }
  if (typeof plan === 'string') ctx.fail(plan);
  return plan;
}

/**
 * The prepare of FLOOR_DIV and FLOOR_MOD (float32 only): 2 inputs and 1 output; input2 and the output of
 * input1's type, as TFLM's Prepare checks; other types than float32 fail in TFLM's Eval, here in prepare
 * (naming `op`). Returns the broadcast plan.
 */
export function prepareFloatBinary(ctx: KernelContext<unknown, unknown>, op: string): BroadcastPlan {
  expectArity(ctx, 2, 1);
  const a = ctx.input(0);
  const b = ctx.input(1);
  const out = ctx.output(0);
  if (b.type !== a.type) ctx.fail(`input2 type ${tensorTypeName(b.type)} differs from input1 type ${tensorTypeName(a.type)}`);
  if (out.type !== a.type) ctx.fail(`output type ${tensorTypeName(out.type)} differs from input type ${tensorTypeName(a.type)}`);
  if (a.type !== TensorType.FLOAT32) ctx.fail(`Type '${tensorTypeName(a.type)}' is not supported by ${op} (FLOAT32 only)`);
  return binaryPlan(ctx, a, b, out);
}

/** ComparisonsPrepare's int8 parameters for one input: offset -zp, QuantizeMultiplierSmallerThanOneExp(scale). */
function inputScaling(ctx: KernelContext<unknown, unknown>, t: Tensor, what: string): { offset: number; multiplier: number; shift: number } {
  const q = quantOrDefault(t);
  const scale = Math.fround(q.scale);
  // TFLITE_CHECKs of QuantizeMultiplierSmallerThanOneExp: TFLM aborts otherwise (e.g. unquantized, scale 0).
  if (!(scale > 0 && scale < 1)) ctx.fail(`${what} scale ${q.scale} must be in (0, 1)`);
  const m = quantizeMultiplierSmallerThanOneExp(scale);
  return { offset: -q.zeroPoint, multiplier: m.multiplier, shift: m.shift };
}

/**
 * The kernel of comparison `op` (a Compare id) accepting input types `types`. TFLM's Prepare only computes
 * the int8 rescaling (QuantizeMultiplierSmallerThanOneExp aborts unless 0 < scale < 1: we fail); its Eval
 * switches on input 1's type. We also reject what Eval would misread: input 2 of another type, a non-BOOL
 * output, shapes that do not broadcast to the output.
 *
 * int16 (GREATER only): TFLM's Prepare leaves the rescaling parameters unset for int16 (Eval reads whatever
 * the persistent buffer holds; its own test passes because an int8 test with the same scales ran before in
 * the same arena). We compute them exactly as for int8, which is what that test expects.
 */
export function comparisonKernel(op: number, types: readonly number[]): OpKernel<undefined, ComparisonData> {
  return {
    init() {
      return {
        type: TensorType.FLOAT32,
        plan: null,
        q: { input1Offset: 0, input1Multiplier: 0, input1Shift: 0, input2Offset: 0, input2Multiplier: 0, input2Shift: 0, mbqm: multiplyByQuantizedMultiplier },
        table1: new Int32Array(0),
        table2: new Int32Array(0),
      };
    },
    prepare(ctx) {
      expectArity(ctx, 2, 1);
      const a = ctx.input(0);
      const b = ctx.input(1);
      const out = ctx.output(0);
      const d = ctx.data;
      if (!types.includes(a.type))
        ctx.fail(`input type ${tensorTypeName(a.type)} is not supported (${types.map(tensorTypeName).join(', ')})`);
      if (b.type !== a.type) ctx.fail(`input2 type ${tensorTypeName(b.type)} differs from input1 type ${tensorTypeName(a.type)}`);
      if (out.type !== TensorType.BOOL) ctx.fail(`output type ${tensorTypeName(out.type)} is not BOOL`);
      d.type = a.type;
      d.plan = binaryPlan(ctx, a, b, out);
      if (a.type !== TensorType.INT8 && a.type !== TensorType.INT16) return;
      const s1 = inputScaling(ctx, a, 'input1');
      const s2 = inputScaling(ctx, b, 'input2');
      const q = d.q;
      q.input1Offset = s1.offset;
      q.input1Multiplier = s1.multiplier;
      q.input1Shift = s1.shift;
      q.input2Offset = s2.offset;
      q.input2Multiplier = s2.multiplier;
      q.input2Shift = s2.shift;
      // MultiplyByQuantizedMultiplierSmallerThanOneExp: with TFLITE_SINGLE_ROUNDING the single-rounding
      // MultiplyByQuantizedMultiplier, else the double-rounding one (identical for shifts <= 0).
      q.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
      if (a.type === TensorType.INT8) {
        d.table1 = ctx.persistentInt32(256);
        d.table2 = ctx.persistentInt32(256);
        fillComparisonTable(q, 1, d.table1);
        fillComparisonTable(q, 2, d.table2);
      }
    },
    invoke(ctx) {
      const d = ctx.data;
      const a = ctx.inputs[0]!.data;
      const b = ctx.inputs[1]!.data;
      const out = ctx.outputs[0]!.data as Uint8Array;
      if (d.type === TensorType.INT8) compareInt8Tables(op, a as Int8Array, d.table1, b as Int8Array, d.table2, out, d.plan!);
      else if (d.type === TensorType.INT16) compareInt16Scaled(op, a as Int16Array, b as Int16Array, d.q, out, d.plan!);
      else compareRaw(op, a as ArrayLike<number>, b as ArrayLike<number>, out, d.plan!);
    },
  };
}
