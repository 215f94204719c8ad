/**
 * Prepare-time helpers shared by the broadcasting binary ops ADD, SUB, MUL and PRELU: option parsing, shape
 * validation and the broadcast plan. (A TflmError thrown by the quantization math becomes a KernelError naming
 * the op and node in the interpreter: asKernelError in src/runtime/context.ts.)
 */
import type { Table } from '../model/types.js';
import { tensorTypeName } from '../model/types.js';
import type { KernelContext, OptionsSource, Tensor } from '../runtime/kernel.js';
import { broadcastShape, MAX_BROADCAST_RANK, planBroadcast, sameExtendedShape, type BroadcastPlan } from './internal/broadcast.js';
import { readActivation } from './util.js';

export interface ArithmeticOptions {
  /** Fused activation (ActivationFunctionType). */
  activation: number;
}

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
