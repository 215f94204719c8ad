import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import { defineOp, type KernelContext, type ScratchBuffer } from '../runtime/kernel.js';
import { readInt64LE } from './internal/index_copy.js';
import { expectArity, expectType } from './util.js';

export interface MirrorPadOptions {
  /** 1 for REFLECT (borders excluded), 0 for SYMMETRIC or an unknown mode (TFLM's `offset`). */
  offset: number;
}

interface MirrorPadData {
  rank: number;
  elementBytes: number;
  /** Element strides of the input per dim (persistent). */
  inStrides: Int32Array;
  /** Per output dim, the source index of every output index, laid end to end (scratch, filled at invoke). */
  maps: ScratchBuffer | null;
  mapStart: Int32Array;
  counter: ScratchBuffer | null;
}

type Ctx = KernelContext<MirrorPadOptions, MirrorPadData>;

/**
 * Fill the per-dim source-index maps from the paddings (read at invoke, as TFLM does) with TFLM's
 * GetInputDimension. TFLM reads outside the input when a left padding exceeds dim - offset (or the input is
 * empty while the output is not); those fail here. Other inconsistent paddings map inside the input, as in TFLM.
 */
function buildMaps(ctx: Ctx, maps: Int32Array): void {
  const d = ctx.data;
  const input = ctx.inputs[0]!;
  const pads = ctx.inputs[1]!;
  const output = ctx.outputs[0]!;
  const offset = ctx.options.offset;
  const is64 = pads.type === TensorType.INT64;
  const nonEmpty = output.elementCount > 0;
  for (let i = 0; i < d.rank; i++) {
    const left = is64 ? readInt64LE(pads.bytes, 16 * i) : (pads.data as Int32Array)[2 * i]!;
    const size = input.shape[i]!;
    const outSize = output.shape[i]!;
    if (nonEmpty && (size === 0 || left > size - offset)) ctx.fail(`padding ${left} on dim ${i} of size ${size} reads outside the input`);
    const at = d.mapStart[i]!;
    for (let p = 0; p < outSize; p++) {
      let v: number;
      if (p < left) {
        const original = left + offset - 1;
        v = original - Math.min(p, original - offset);
      } else if (p - left >= size) {
        const original = size - (1 + offset);
        v = original - Math.min(p - left - size, original);
      } else {
        v = p - left;
      }
      maps[at + p] = v;
    }
  }
}

/**
 * MIRROR_PAD: float32 and int8 (TFLM's Eval), paddings an INT32 or INT64 [rank, 2] tensor read at invoke,
 * REFLECT or SYMMETRIC. The output's dims are the model's (TFLM does not resize it), each output element
 * taking the input element its per-dim mirrored indices give (TFLM's GetFlatIndex), moved as bytes.
 */
export const MIRROR_PAD = defineOp<MirrorPadOptions, MirrorPadData>({
  name: 'MIRROR_PAD',
  code: BuiltinOperator.MIRROR_PAD,
  parseOptions(t) {
    // MirrorPadOptions: mode (0): REFLECT = 0, SYMMETRIC = 1. Without options TFLM's mode is unknown: offset 0.
    return { offset: t && t.int8(0, 0) === 0 ? 1 : 0 };
  },
  init() {
    return { rank: 0, elementBytes: 0, inStrides: new Int32Array(0), maps: null, mapStart: new Int32Array(0), counter: null };
  },
  prepare(ctx) {
    expectArity(ctx, 2, 1);
    const input = ctx.input(0);
    const pads = ctx.input(1);
    const output = ctx.output(0);
    const rank = input.shape.length;
    if (pads.shape.length !== 2) ctx.fail(`paddings must have rank 2, has rank ${pads.shape.length}`);
    if (pads.shape[0] !== rank) ctx.fail(`paddings have ${pads.shape[0]} rows for rank ${rank}`);
    // TFLM reads paddings[i][0] and [i][1]; other types leave them 0 there, which no valid model relies on.
    expectType(ctx, pads, 'paddings', TensorType.INT32, TensorType.INT64);
    if (pads.shape[1]! < 2) ctx.fail(`paddings must be [rank, 2], are [${pads.shape.join(',')}]`);
    expectType(ctx, output, 'output', TensorType.FLOAT32, TensorType.INT8);
    if (input.type !== output.type) ctx.fail(`input type ${tensorTypeName(input.type)} != output type ${tensorTypeName(output.type)}`);
    if (output.shape.length !== rank) ctx.fail(`output rank ${output.shape.length} != input rank ${rank}`);
    const d = ctx.data;
    d.rank = rank;
    d.elementBytes = tensorTypeSize(input.type);
    d.inStrides = ctx.persistentInt32(Math.max(1, rank));
    d.mapStart = ctx.persistentInt32(Math.max(1, rank));
    let stride = 1;
    for (let i = rank - 1; i >= 0; i--) {
      d.inStrides[i] = stride;
      stride *= input.shape[i]!;
    }
    let total = 0;
    for (let i = 0; i < rank; i++) {
      d.mapStart[i] = total;
      total += output.shape[i]!;
    }
    d.maps = ctx.requestScratch(4 * Math.max(1, total));
    d.counter = ctx.requestScratch(4 * Math.max(1, rank));
    if (pads.isConstant) {
      // Validate now (the maps go to a scratch buffer, which only exists at invoke).
      buildMaps(ctx, new Int32Array(Math.max(1, total)));
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const maps = d.maps!.i32;
    buildMaps(ctx, maps);
    const output = ctx.outputs[0]!;
    const n = output.elementCount;
    if (n === 0) return;
    const rank = d.rank;
    const src = ctx.inputs[0]!.bytes;
    const dst = output.bytes;
    const es = d.elementBytes;
    if (rank === 0) {
      for (let b = 0; b < es; b++) dst[b] = src[b]!;
      return;
    }
    const shape = output.shape;
    const strides = d.inStrides;
    const starts = d.mapStart;
    const counter = d.counter!.i32;
    for (let i = 0; i < rank; i++) counter[i] = 0;
    const last = rank - 1;
    const lastSize = shape[last]!;
    const lastMap = starts[last]!;
    const lastStride = strides[last]!;
    let o = 0;
    for (;;) {
      // Source offset of the outer dims, then one pass over the last dim.
      let base = 0;
      for (let i = 0; i < last; i++) base += maps[starts[i]! + counter[i]!]! * strides[i]!;
      if (es === 1) {
        for (let p = 0; p < lastSize; p++, o++) dst[o] = src[base + maps[lastMap + p]! * lastStride]!;
      } else {
        for (let p = 0; p < lastSize; p++, o += 4) {
          const s = (base + maps[lastMap + p]! * lastStride) * 4;
          dst[o] = src[s]!;
          dst[o + 1] = src[s + 1]!;
          dst[o + 2] = src[s + 2]!;
          dst[o + 3] = src[s + 3]!;
        }
      }
      let k = last - 1;
      while (k >= 0) {
        counter[k]!++;
        if (counter[k]! < shape[k]!) break;
        counter[k] = 0;
        k--;
      }
      if (k < 0) break;
    }
  },
});
