import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type KernelContext } from '../runtime/kernel.js';
import {
  COPY_PLAN_SIZE,
  copyKindOf,
  copyTensor,
  MAX_COPY_AXES,
  PLAN_DST_BASE,
  PLAN_DST_STEPS,
  PLAN_SRC_BASE,
  PLAN_SRC_STEPS,
  type ArenaViews,
} from './internal/strided_copy.js';
import { arenaViews, expectArity, expectType } from './util.js';

/** RuntimeShape::kMaxSmallSize: TFLM's REVERSE_V2 accepts inputs of rank <= 6. */
const MAX_DIMS = 6;

interface ReverseData {
  plan: Int32Array;
  kind: number;
  unit: number;
  arena: ArenaViews | null;
  /** Resolved, sorted axes (invoke-time scratch; at most MAX_DIMS). */
  axes: Int32Array;
  /** Up to 4 loop axes (upper, middle, lower, element bytes) before they go into the plan. */
  counts: Int32Array;
  steps: Int32Array;
  dstSteps: Int32Array;
}

type Ctx = KernelContext<undefined, ReverseData>;

/**
 * Resolve the axis tensor as ReverseV2Eval does (negatives + rank, each in range, sorted, contiguous) and write
 * the copy plan: the input as [upper, middle, lower] around the reversed axes, the middle walked backwards in
 * the output (reference_ops::Reverse: reverse_copy of the flattened middle, or memcpy of lower-size rows).
 * Allocates nothing.
 */
function plan(ctx: Ctx): void {
  const d = ctx.data;
  const input = ctx.inputs[0]!;
  const axisData = ctx.inputs[1]!.data as Int32Array;
  const n = ctx.inputs[1]!.elementCount;
  const rank = input.shape.length;
  const axes = d.axes;
  for (let i = 0; i < n; i++) {
    let a = axisData[i]!;
    if (a < 0) a += rank;
    if (a < 0 || a >= rank) ctx.fail(`axis ${axisData[i]} out of range for rank ${rank}`);
    // Insertion sort (std::qsort in TFLM; n <= 6).
    let j = i;
    while (j > 0 && axes[j - 1]! > a) {
      axes[j] = axes[j - 1]!;
      j--;
    }
    axes[j] = a;
  }
  for (let i = 1; i < n; i++) if (axes[i - 1]! + 1 !== axes[i]) ctx.fail('non-contiguous axes are not supported');
  // No axes: a copy (TFLM reads axes[-1] there).
  const minDim = n > 0 ? axes[0]! : rank;
  const maxDim = n > 0 ? axes[n - 1]! : rank - 1;
  let upper = 1;
  let middle = 1;
  let lower = 1;
  for (let i = 0; i < rank; i++) {
    const s = input.shape[i]!;
    if (i < minDim) upper *= s;
    else if (i > maxDim) lower *= s;
    else middle *= s;
  }
  const u = d.unit;
  const c = d.counts;
  const s = d.steps;
  const t = d.dstSteps;
  c[0] = upper; s[0] = middle * lower * u; t[0] = middle * lower * u;
  c[1] = middle; s[1] = lower * u; t[1] = -lower * u;
  c[2] = lower; s[2] = u; t[2] = u;
  c[3] = u; s[3] = 1; t[3] = 1;
  // Right-align the axes of more than one iteration in the plan (at least one axis).
  const p = d.plan;
  let k = MAX_COPY_AXES;
  for (let i = 3; i >= 0; i--) {
    if (c[i] === 1 && !(i === 0 && k === MAX_COPY_AXES)) continue;
    k--;
    p[k] = c[i]!;
    p[PLAN_SRC_STEPS + k] = s[i]!;
    p[PLAN_DST_STEPS + k] = t[i]!;
  }
  for (let i = 0; i < k; i++) {
    p[i] = 1;
    p[PLAN_SRC_STEPS + i] = 0;
    p[PLAN_DST_STEPS + i] = 0;
  }
  p[PLAN_SRC_BASE] = 0;
  p[PLAN_DST_BASE] = (middle - 1) * lower * u;
}

/**
 * REVERSE_V2: int32, float32, uint8, int8, int16, int64, bool (TFLM's set), rank <= 6, INT32 axes (read at
 * invoke; they must resolve to contiguous dims, as TFLM requires). One strided copy per invoke.
 */
export const REVERSE_V2 = defineOp<undefined, ReverseData>({
  name: 'REVERSE_V2',
  code: BuiltinOperator.REVERSE_V2,
  init() {
    return {
      plan: new Int32Array(COPY_PLAN_SIZE), kind: 0, unit: 1, arena: null,
      axes: new Int32Array(MAX_DIMS), counts: new Int32Array(4), steps: new Int32Array(4), dstSteps: new Int32Array(4),
    };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const input = ctx.input(0);
    const axis = ctx.input(1);
    const output = ctx.output(0);
    if (axis.shape.length !== 1) ctx.fail(`axis must be a vector, has rank ${axis.shape.length}`);
    if (input.shape.length > MAX_DIMS) ctx.fail(`input rank ${input.shape.length} exceeds ${MAX_DIMS}`);
    if (axis.elementCount > input.shape.length) ctx.fail(`${axis.elementCount} axes for rank ${input.shape.length}`);
    expectType(ctx, input, 'input', TensorType.INT32, TensorType.FLOAT32, TensorType.UINT8, TensorType.INT8, TensorType.INT16, TensorType.INT64, TensorType.BOOL);
    expectType(ctx, axis, 'axis', TensorType.INT32);
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    if (output.elementCount !== input.elementCount) ctx.fail(`output [${output.shape.join(',')}] does not hold the input [${input.shape.join(',')}]`);
    const { kind, unit } = copyKindOf(input.type);
    ctx.data.kind = kind;
    ctx.data.unit = unit;
    ctx.data.arena = arenaViews(ctx);
    if (axis.isConstant) plan(ctx);
  },
  invoke(ctx) {
    plan(ctx);
    copyTensor(ctx.data.kind, ctx.inputs[0]!, ctx.outputs[0]!, ctx.data.plan, 0, ctx.data.arena);
  },
});
