import { BuiltinOperator } from '../../model/schema.js';
import { defineOp } from '../../runtime/kernel.js';
import { filterbankSqrt } from '../internal/signal/filter_bank.js';
import { expectType } from '../util.js';
import { expectRank, expectSignalArity, INT32, UINT32, UINT64 } from './options.js';

interface SquareRootData {
  numChannels: number;
  /** (hi, lo) scratch for reading uint64 values without allocating. */
  hl: Float64Array;
}

/**
 * SignalFilterBankSquareRoot: rounded square root of each uint64 channel, shifted right by the int32 scalar
 * input 1 (TFLM's Sqrt64, including its 32-bit shortcut). No options.
 */
export const SIGNAL_FILTER_BANK_SQUARE_ROOT = defineOp<undefined, SquareRootData>({
  name: 'SignalFilterBankSquareRoot',
  code: BuiltinOperator.CUSTOM,
  custom: 'SignalFilterBankSquareRoot',
  init() {
    return { numChannels: 0, hl: new Float64Array(2) };
  },
  prepare(ctx) {
    expectSignalArity(ctx, 2, 1);
    const input = ctx.input(0);
    const scaleBits = ctx.input(1);
    const output = ctx.output(0);
    expectRank(ctx, input, 'input', 1);
    expectRank(ctx, scaleBits, 'scale_bits', 0);
    expectRank(ctx, output, 'output', 1);
    expectType(ctx, input, 'input', UINT64);
    expectType(ctx, scaleBits, 'scale_bits', INT32);
    expectType(ctx, output, 'output', UINT32);
    if (output.shape[0]! < input.shape[0]!) ctx.fail(`output length ${output.shape[0]} < input length ${input.shape[0]}`);
    ctx.data.numChannels = input.shape[0]!;
  },
  invoke(ctx) {
    const d = ctx.data;
    const scale = (ctx.inputs[1]!.data as Int32Array)[0]!;
    filterbankSqrt(ctx.inputs[0]!.bytes, d.numChannels, scale, ctx.outputs[0]!.data as Uint32Array, d.hl);
  },
});
