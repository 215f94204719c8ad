import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { COPY_PLAN_SIZE, copyKindOf, copyTensor, writeCopyPlan, type ArenaViews } from './internal/strided_copy.js';
import { Activation, arenaViews, expectType, quantOrDefault, readActivation, setShapeIfChanged } from './util.js';

export interface ConcatenationOptions {
  axis: number;
  activation: number;
}

interface ConcatData {
  /** One copy plan per input (COPY_PLAN_SIZE slots each). */
  plans: Int32Array;
  kind: number;
  arena: ArenaViews | null;
}

/** TFLM's kMaxInputNum. */
const MAX_INPUTS = 10;
/** RuntimeShape::kMaxSmallSize. */
const MAX_DIMS = 6;

/**
 * CONCATENATION: float32, int8, int16, int32, int64, bool (TFLM's list). The fused activation must be NONE;
 * int8 inputs must share the output's scale and zero point and int16 ones have zero point 0 (no requantizing,
 * as TFLM). The axis may be negative; the output shape is computed from the inputs.
 */
export const CONCATENATION = defineOp<ConcatenationOptions, ConcatData>({
  name: 'CONCATENATION',
  code: BuiltinOperator.CONCATENATION,
  parseOptions(t) {
    return { axis: t ? t.int32(0, 0) : 0, activation: readActivation(t, 1) };
  },
  init() {
    return { plans: new Int32Array(0), kind: 0, arena: null };
  },
  prepare(ctx) {
    const n = ctx.inputs.length;
    if (n < 1) ctx.fail('expected at least 1 input');
    if (ctx.outputs.length !== 1) ctx.fail(`expected 1 output, got ${ctx.outputs.length}`);
    if (n > MAX_INPUTS) ctx.fail(`${n} inputs exceed the maximum of ${MAX_INPUTS}`);
    const output = ctx.output(0);
    const first = ctx.input(0);
    if (ctx.options.activation !== Activation.NONE) ctx.fail(`fused activation ${ctx.options.activation} is not supported (must be NONE)`);
    const type = first.type;
    expectType(ctx, first, 'input 0', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.INT64, TensorType.BOOL);
    if (output.type !== type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(type)}`);
    const outQ = quantOrDefault(output);
    const rank = first.shape.length;
    for (let i = 0; i < n; i++) {
      const t = ctx.input(i);
      if (t.type !== type) ctx.fail(`input ${i} type ${tensorTypeName(t.type)} != ${tensorTypeName(type)}`);
      if (t.shape.length > MAX_DIMS) ctx.fail(`input ${i} rank ${t.shape.length} exceeds ${MAX_DIMS}`);
      const q = quantOrDefault(t);
      if (type === TensorType.INT8) {
        if (q.scale !== outQ.scale) ctx.fail(`input ${i} scale ${q.scale} != output scale ${outQ.scale} (no rescaling for int8)`);
        if (q.zeroPoint !== outQ.zeroPoint) ctx.fail(`input ${i} zero point ${q.zeroPoint} != output zero point ${outQ.zeroPoint}`);
      } else if (type === TensorType.INT16 && q.zeroPoint !== 0) ctx.fail(`input ${i} zero point ${q.zeroPoint} != 0`);
    }
    if (type === TensorType.INT16 && outQ.zeroPoint !== 0) ctx.fail(`output zero point ${outQ.zeroPoint} != 0`);

    let axis = ctx.options.axis;
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank) ctx.fail(`axis ${ctx.options.axis} out of range for rank ${rank}`);
    const outShape = Array.from(first.shape);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = ctx.input(i).shape;
      if (s.length !== rank) ctx.fail(`input ${i} rank ${s.length} != ${rank}`);
      for (let j = 0; j < rank; j++)
        if (j !== axis && s[j] !== outShape[j]) ctx.fail(`input ${i} shape [${s.join(',')}] does not match [${outShape.join(',')}] off axis ${axis}`);
      total += s[axis]!;
    }
    outShape[axis] = total;
    setShapeIfChanged(ctx, output, outShape);

    let outer = 1;
    for (let j = 0; j < axis; j++) outer *= outShape[j]!;
    let inner = 1;
    for (let j = axis + 1; j < rank; j++) inner *= outShape[j]!;
    const d = ctx.data;
    d.plans = new Int32Array(n * COPY_PLAN_SIZE);
    const { kind, unit } = copyKindOf(type);
    d.kind = kind;
    d.arena = arenaViews(ctx);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const run = ctx.input(i).shape[axis]! * inner;
      // Input i fills columns [at, at + run) of every one of the `outer` output rows of total * inner elements.
      const axes = [{ count: outer, src: run, dst: total * inner }, { count: run, src: 1, dst: 1 }];
      if (!writeCopyPlan(d.plans, i * COPY_PLAN_SIZE, axes, 0, at, unit)) ctx.fail('copy plan has too many axes');
      at += run;
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const inputs = ctx.inputs;
    const out = ctx.outputs[0]!;
    for (let i = 0; i < inputs.length; i++) copyTensor(d.kind, inputs[i]!, out, d.plans, i * COPY_PLAN_SIZE, d.arena);
  },
});
