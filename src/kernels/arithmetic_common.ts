/**
 * Prepare-time helpers shared by the broadcasting binary ops ADD, SUB, MUL and PRELU: option parsing, shape
 * validation and the broadcast plan; the common prepare of ADD, SUB and MUL. (A TflmError thrown by the quantization math becomes a KernelError naming
 * the op and node in the interpreter: asKernelError in src/runtime/context.ts.)
 */
import type { Table } from '../model/types.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import type { KernelContext, OptionsSource, Tensor } from '../runtime/kernel.js';
import type { ClampParams } from './internal/arithmetic.js';
import { broadcastShape, MAX_BROADCAST_RANK, planBroadcast, sameExtendedShape, type BroadcastPlan } from './internal/broadcast.js';
import { calculateActivationRangeFloat, calculateActivationRangeInt32 } from './internal/quantization.js';
import { expectArity, readActivation } from './util.js';

export interface ArithmeticOptions {
  /** Fused activation (ActivationFunctionType). */
  activation: number;
}

/** The op data fields ADD, SUB and MUL share. */
export interface ArithmeticData {
  /** Tensor type of the node (all three tensors share it). */
  kind: number;
  plan: BroadcastPlan;
  /** float32 and int32 clamp range. */
  clamp: ClampParams;
}

/** The tensors of a binary op node. */
export interface BinaryTensors {
  a: Tensor;
  b: Tensor;
  out: Tensor;
}

const ARITHMETIC_TYPES: readonly number[] = [TensorType.FLOAT32, TensorType.INT32, TensorType.INT8, TensorType.INT16];

/**
 * Options of ADD / SUB / MUL: fused_activation_function is field 0 of AddOptions, SubOptions and MulOptions.
 * (pot_scale_int16, field 1 of Add/SubOptions, is ignored by TFLM micro, which always takes the general-scale
 * int16 path.) Options of another table type are ignored, as TFLM's builtin_options_as_XOptions() returns null.
 */
export function arithmeticOptionsParser(optionsType: number) {
  return (t: Table | null, _custom: Uint8Array | null, node: OptionsSource): ArithmeticOptions => ({
    activation: readActivation(t && node.builtinOptionsType === optionsType ? t : null, 0),
  });
}

function shapeText(s: ArrayLike<number>): string {
  return `[${Array.from(s).join(',')}]`;
}

/**
 * Validate the shapes of a broadcasting binary op and fill `plan`: ranks at most 6 (TFLM's RuntimeShape),
 * inputs broadcast-compatible, and the output's shape equal to the broadcast shape (leading 1s aside: TFLM
 * extends every shape to the largest rank). TFLM micro never resizes these outputs, so a model whose output
 * shape differs would make it read or write out of bounds: we reject it.
 */
export function prepareBroadcast(
  ctx: KernelContext<unknown, unknown>,
  a: Tensor,
  b: Tensor,
  out: Tensor,
  plan: BroadcastPlan,
  names: [string, string] = ['input1', 'input2'],
): void {
  for (const [t, what] of [[a, names[0]], [b, names[1]], [out, 'output']] as const) {
    if (t.shape.length > MAX_BROADCAST_RANK) ctx.fail(`${what} has rank ${t.shape.length}; at most ${MAX_BROADCAST_RANK} is supported`);
  }
  const bs = broadcastShape(a.shape, b.shape);
  if (!bs) ctx.fail(`${names[0]} ${shapeText(a.shape)} and ${names[1]} ${shapeText(b.shape)} do not broadcast`);
  if (!sameExtendedShape(bs, out.shape))
    ctx.fail(`output shape ${shapeText(out.shape)} is not the broadcast shape ${shapeText(bs)} of ${shapeText(a.shape)} and ${shapeText(b.shape)}`);
  planBroadcast(a.shape, b.shape, out.shape, plan);
}

/** Fail unless input1, input2 and output all have the same type, one of `types`. */
export function expectSameTypes(ctx: KernelContext<unknown, unknown>, tensors: readonly [Tensor, string][], types: readonly number[]): number {
  const type = tensors[0]![0].type;
  if (!types.includes(type))
    ctx.fail(`${tensors[0]![1]} has type ${tensorTypeName(type)}; expected ${types.map(tensorTypeName).join(', ')}`);
  for (const [t, what] of tensors) {
    if (t.type !== type) ctx.fail(`${what} has type ${tensorTypeName(t.type)}; expected ${tensorTypeName(type)} like ${tensors[0]![1]}`);
  }
  return type;
}

/** True when the tensor carries quantization parameters (TFLM: kTfLiteAffineQuantization, i.e. a non-empty scale). */
export function isQuantized(t: Tensor): boolean {
  return t.quantization !== null && t.quantization.scale.length > 0;
}

/**
 * The prepare steps ADD, SUB and MUL share: 2 inputs and 1 output, all of one type (float32, int32, int8 or
 * int16), checked against the output's first (`outputFirst`: ADD, SUB) or input1's (MUL), into d.kind; the
 * broadcast plan; the fused activation's clamp range for float32 and int32 (CalculateActivationRange). What
 * else int32 and the quantized types need is left to the op.
 */
export function prepareArithmetic(ctx: KernelContext<ArithmeticOptions, ArithmeticData>, outputFirst: boolean): BinaryTensors {
  expectArity(ctx, 2, 1);
  const a = ctx.input(0);
  const b = ctx.input(1);
  const out = ctx.output(0);
  const d = ctx.data;
  const tensors: [Tensor, string][] = outputFirst
    ? [[out, 'output'], [a, 'input1'], [b, 'input2']]
    : [[a, 'input1'], [b, 'input2'], [out, 'output']];
  d.kind = expectSameTypes(ctx, tensors, ARITHMETIC_TYPES);
  prepareBroadcast(ctx, a, b, out, d.plan);
  if (d.kind === TensorType.FLOAT32 || d.kind === TensorType.INT32) {
    const activation = ctx.options.activation;
    const r = d.kind === TensorType.FLOAT32 ? calculateActivationRangeFloat(activation) : calculateActivationRangeInt32(activation);
    d.clamp.min = r.min;
    d.clamp.max = r.max;
  }
  return { a, b, out };
}
