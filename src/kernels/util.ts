/**
 * Helpers shared by kernel descriptors (prepare-time validation and options). Nothing here runs in invoke.
 */
import type { Table } from '../model/types.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import type { KernelContext, Tensor } from '../runtime/kernel.js';
import { calculateActivationRangeFloat, calculateActivationRangeQuantized } from './internal/quantization.js';
import { arenaViewsOver, type ArenaViews } from './internal/strided_copy.js';

/** TFLite ActivationFunctionType. */
export const Activation = {
  NONE: 0,
  RELU: 1,
  RELU_N1_TO_1: 2,
  RELU6: 3,
  TANH: 4,
  SIGN_BIT: 5,
} as const;

/** TFLite Padding. */
export const Padding = { SAME: 0, VALID: 1 } as const;

/** Integer range of a quantized type. */
export function typeRange(type: number): { min: number; max: number } {
  switch (type) {
    case TensorType.INT8:
      return { min: -128, max: 127 };
    case TensorType.UINT8:
      return { min: 0, max: 255 };
    case TensorType.INT16:
      return { min: -32768, max: 32767 };
    case TensorType.INT32:
      return { min: -2147483648, max: 2147483647 };
    case TensorType.INT4:
      return { min: -8, max: 7 };
    default:
      return { min: -Infinity, max: Infinity };
  }
}

/** Fail unless `t` has one of `types`. */
export function expectType(ctx: KernelContext<unknown, unknown>, t: Tensor, what: string, ...types: number[]): void {
  if (!types.includes(t.type))
    ctx.fail(`${what} has type ${tensorTypeName(t.type)}; expected ${types.map(tensorTypeName).join(' or ')}`);
}

export function expectSameType(ctx: KernelContext<unknown, unknown>, a: Tensor, b: Tensor, what: string): void {
  if (a.type !== b.type) ctx.fail(`${what}: type ${tensorTypeName(a.type)} != ${tensorTypeName(b.type)}`);
}

/** Fail unless the node has `inputs` inputs (a range when two numbers) and `outputs` outputs. */
export function expectArity(ctx: KernelContext<unknown, unknown>, inputs: number | [number, number], outputs: number): void {
  const [lo, hi] = typeof inputs === 'number' ? [inputs, inputs] : inputs;
  const n = ctx.inputs.length;
  if (n < lo || n > hi) ctx.fail(`expected ${lo === hi ? lo : `${lo} to ${hi}`} inputs, got ${n}`);
  if (ctx.outputs.length !== outputs) ctx.fail(`expected ${outputs} outputs, got ${ctx.outputs.length}`);
}

/** Per-tensor scale and zero point (the first entry for per-channel tensors). Fails when unquantized. */
export function quantParams(ctx: KernelContext<unknown, unknown>, t: Tensor, what: string): { scale: number; zeroPoint: number } {
  const q = t.quantization;
  if (!q || q.scale.length === 0) ctx.fail(`${what} (tensor ${t.index}) is not quantized`);
  return { scale: q.scale[0]!, zeroPoint: q.zeroPoint.length > 0 ? q.zeroPoint[0]! : 0 };
}

/** Scale and zero point, or {1, 0} for unquantized tensors (TFLM reads params that default to 0/0). */
export function quantOrDefault(t: Tensor): { scale: number; zeroPoint: number } {
  const q = t.quantization;
  if (!q || q.scale.length === 0) return { scale: 0, zeroPoint: 0 };
  return { scale: q.scale[0]!, zeroPoint: q.zeroPoint.length > 0 ? q.zeroPoint[0]! : 0 };
}

/** Quantized clamp range of a fused activation on `output` (int8/int16/uint8). */
export function activationRange(ctx: KernelContext<unknown, unknown>, activation: number, output: Tensor): { min: number; max: number } {
  const { scale, zeroPoint } = quantParams(ctx, output, 'output');
  const r = typeRange(output.type);
  return calculateActivationRangeQuantized(activation, scale, zeroPoint, r.min, r.max);
}

/** Float clamp range of a fused activation: ±FLT_MAX when none, as TFLM (an infinite input saturates). */
export function floatActivationRange(activation: number): { min: number; max: number } {
  return calculateActivationRangeFloat(activation);
}

/** Read a fused activation field, checking it is one TFLM supports in fused form. */
export function readActivation(t: Table | null, field: number): number {
  const a = t ? t.int8(field, 0) : 0;
  return a;
}

/** Product of dims, skipping dim `skip`. */
export function flatSizeSkipDim(shape: Int32Array, skip: number): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) if (i !== skip) n *= shape[i]!;
  return n;
}

/** Product of all dims. */
export function flatSize(shape: ArrayLike<number>): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Dim `i`, counting from the end when negative. */
export function dim(shape: Int32Array, i: number): number {
  return shape[i < 0 ? shape.length + i : i] ?? 0;
}

/** int64 data of a tensor as numbers (exact up to 2^53; larger magnitudes fail). For prepare-time conversion. */
export function int64ToNumbers(ctx: KernelContext<unknown, unknown>, data: BigInt64Array, what: string): Float64Array {
  const out = ctx.persistentFloat64(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v > 9007199254740991n || v < -9007199254740991n) ctx.fail(`${what}[${i}] = ${v} exceeds 2^53`);
    out[i] = Number(v);
  }
  return out;
}

/**
 * Values of a constant INT32 (or, when allowed, INT64) index tensor as numbers, for prepare-time use (shape,
 * axis, perm, paddings, begin/size tensors). Fails when the tensor is not constant, has another type, or holds
 * an int64 value outside int32.
 */
export function constantInts(ctx: KernelContext<unknown, unknown>, t: Tensor, what: string, allowInt64 = false): number[] {
  if (!t.isConstant) ctx.fail(`non-constant ${what} tensor is not supported`);
  const n = Math.min(t.elementCount, t.data.length);
  if (t.type === TensorType.INT32) return Array.from((t.data as Int32Array).subarray(0, n));
  if (t.type === TensorType.INT64 && allowInt64) {
    const out: number[] = [];
    const d = t.data as BigInt64Array;
    for (let i = 0; i < n; i++) {
      const v = d[i]!;
      if (v > 2147483647n || v < -2147483648n) ctx.fail(`${what}[${i}] = ${v} does not fit int32`);
      out.push(Number(v));
    }
    return out;
  }
  ctx.fail(`${what} has type ${tensorTypeName(t.type)}; expected INT32${allowInt64 ? ' or INT64' : ''}`);
}

/** Fail for types without a fixed element size (STRING, VARIANT, RESOURCE). */
export function expectSizedType(ctx: KernelContext<unknown, unknown>, t: Tensor): void {
  if (tensorTypeSize(t.type) === 0 || t.type === TensorType.RESOURCE) ctx.fail(`type ${tensorTypeName(t.type)} is not supported`);
}

/** ctx.setShape, only when `dims` differ from the tensor's current dims (models may store placeholder shapes). */
export function setShapeIfChanged(ctx: KernelContext<unknown, unknown>, t: Tensor, dims: ArrayLike<number>): void {
  let same = t.shape.length === dims.length;
  for (let i = 0; same && i < dims.length; i++) same = t.shape[i] === dims[i];
  if (!same) ctx.setShape(t, dims);
}

/**
 * Views of the whole buffer behind the tensor arena (prepare-time; costs no arena bytes). Planned and
 * persistent tensors are views on that buffer, so data-movement kernels can move runs between any two of
 * them through one view (see internal/strided_copy.ts); invoke still checks each tensor's `bytes.buffer`
 * against it (constant tensors live in the model bytes).
 */
export function arenaViews(ctx: KernelContext<unknown, unknown>): ArenaViews {
  return arenaViewsOver(ctx.allocatePersistent(0).buffer);
}
