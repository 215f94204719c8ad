import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type KernelContext, type Tensor } from '../runtime/kernel.js';
import {
  COPY_PLAN_SIZE,
  copyKindOf,
  copyTensor,
  MAX_COPY_AXES,
  PLAN_DST_BASE,
  PLAN_DST_STEPS,
  PLAN_SRC_BASE,
  PLAN_SRC_STEPS,
  rowMajorStrides,
  writeCopyPlan,
  type CopyAxis,
  type ArenaViews,
} from './internal/strided_copy.js';
import { arenaViews, constantInts, expectArity, expectType, setShapeIfChanged } from './util.js';

/** TFLM's kMaxDim. */
const SLICE_MAX_DIMS = 5;

interface SliceData {
  plan: Int32Array;
  kind: number;
  arena: ArenaViews | null;
  /** begin/size are computed at runtime: rebuild the plan each invoke. */
  dynamic: boolean;
  /** Input strides (dynamic case), padded to MAX_COPY_AXES with the outer dims first. */
  inStrides: Int32Array;
}

/**
 * SLICE: float32, int8, int16, int32, bool (TFLM's list); begin and size INT32 or INT64 vectors, size -1
 * meaning "to the end"; input rank <= 5. With constant begin/size the output shape is computed and checked
 * in prepare; otherwise (TFLM reads them at every eval) the model's output shape is used and each invoke
 * checks the values against it.
 */
export const SLICE = defineOp<undefined, SliceData>({
  name: 'SLICE',
  code: BuiltinOperator.SLICE,
  init() {
    return { plan: new Int32Array(COPY_PLAN_SIZE), kind: 0, arena: null, dynamic: false, inStrides: new Int32Array(MAX_COPY_AXES) };
  },
  prepare(ctx) {
    expectArity(ctx, 3, 1);
    const input = ctx.input(0);
    const beginT = ctx.input(1);
    const sizeT = ctx.input(2);
    const output = ctx.output(0);
    const d = ctx.data;
    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.BOOL);
    if (output.type !== input.type) ctx.fail(`output type ${tensorTypeName(output.type)} != input type ${tensorTypeName(input.type)}`);
    expectType(ctx, beginT, 'begin', TensorType.INT32, TensorType.INT64);
    if (sizeT.type !== beginT.type) ctx.fail(`size type ${tensorTypeName(sizeT.type)} != begin type ${tensorTypeName(beginT.type)}`);
    if (beginT.shape.length !== 1 || sizeT.shape.length !== 1) ctx.fail('begin and size must be vectors');
    const rank = input.shape.length;
    if (rank > SLICE_MAX_DIMS) ctx.fail(`input rank ${rank} exceeds ${SLICE_MAX_DIMS}`);
    if (beginT.elementCount !== rank || sizeT.elementCount !== rank)
      ctx.fail(`begin and size must have ${rank} entries, have ${beginT.elementCount} and ${sizeT.elementCount}`);
    const inStrides = rowMajorStrides(input.shape);
    // Every SLICE type moves in units of one element (the dynamic plan below relies on it).
    d.kind = copyKindOf(input.type).kind;
    d.arena = arenaViews(ctx);
    d.dynamic = !(beginT.isConstant && sizeT.isConstant);
    if (d.dynamic) {
      d.inStrides.fill(0);
      for (let i = 0; i < rank; i++) d.inStrides[MAX_COPY_AXES - rank + i] = inStrides[i]!;
      if (output.shape.length !== rank) ctx.fail(`output rank ${output.shape.length} != input rank ${rank}`);
      return;
    }
    const begin = constantInts(ctx, beginT, 'begin', true);
    const size = constantInts(ctx, sizeT, 'size', true);
    const outShape: number[] = [];
    const axes: CopyAxis[] = [];
    let srcBase = 0;
    for (let i = 0; i < rank; i++) {
      const n = sliceExtent(input.shape[i]!, begin[i]!, size[i]!);
      if (n < 0) ctx.fail(`begin ${begin[i]} / size ${size[i]} out of range for dim ${i} of size ${input.shape[i]}`);
      outShape.push(n);
      axes.push({ count: n, src: inStrides[i]!, dst: 0 });
      srcBase += begin[i]! * inStrides[i]!;
    }
    let step = 1;
    for (let i = rank - 1; i >= 0; i--) {
      axes[i]!.dst = step;
      step *= axes[i]!.count;
    }
    setShapeIfChanged(ctx, output, outShape);
    if (!writeCopyPlan(d.plan, 0, axes, srcBase, 0)) ctx.fail('copy plan has too many axes');
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    if (d.dynamic) dynamicPlan(ctx, d, input, ctx.inputs[1]!, ctx.inputs[2]!, output);
    copyTensor(d.kind, input, output, d.plan, 0, d.arena);
  },
});

/** Elements taken from a dim of `dim` elements, or -1 when begin/size fall outside it. */
function sliceExtent(dim: number, begin: number, size: number): number {
  const n = size === -1 ? dim - begin : size;
  if (begin < 0 || n < 0 || begin + n > dim) return -1;
  return n;
}

/** Read element `i` of an INT32 or INT64 index tensor without creating a BigInt (int64 read as two words). */
function indexAt(t: Tensor, i: number): number {
  if (t.type === TensorType.INT32) return (t.data as Int32Array)[i]!;
  const b = t.bytes;
  const o = i * 8;
  const lo = (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  const hi = b[o + 4]! | (b[o + 5]! << 8) | (b[o + 6]! << 16) | (b[o + 7]! << 24);
  return hi * 4294967296 + lo;
}

/**
 * Fill the plan from runtime begin/size values (no simplification: one axis per padded dim). Fails when
 * they fall outside the input or disagree with the output shape.
 */
function dynamicPlan(ctx: KernelContext<undefined, SliceData>, d: SliceData, input: Tensor, beginT: Tensor, sizeT: Tensor, output: Tensor): void {
  const rank = input.shape.length;
  const plan = d.plan;
  const pad = MAX_COPY_AXES - rank;
  let srcBase = 0;
  let step = 1;
  for (let k = MAX_COPY_AXES - 1; k >= 0; k--) {
    let n = 1;
    if (k >= pad) {
      const i = k - pad;
      const begin = indexAt(beginT, i);
      n = sliceExtent(input.shape[i]!, begin, indexAt(sizeT, i));
      if (n < 0 || n !== output.shape[i]) ctx.fail(`begin/size do not fit dim ${i} of the input or the output shape`);
      srcBase += begin * d.inStrides[k]!;
    }
    plan[k] = n;
    plan[PLAN_SRC_STEPS + k] = d.inStrides[k]!;
    plan[PLAN_DST_STEPS + k] = step;
    step *= n;
  }
  plan[PLAN_SRC_BASE] = srcBase;
  plan[PLAN_DST_BASE] = 0;
}
