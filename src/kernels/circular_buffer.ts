import { BuiltinOperator } from '../model/schema.js';
import { parseFlexbuffer } from '../model/flexbuffers.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { expectArity } from './util.js';

export interface CircularBufferOptions {
  /** `cycles_max` (element 0 of the FlexBuffer options), 0 when absent. */
  cyclesMax: number;
}

interface CircularBufferData {
  cyclesMax: number;
  cyclesUntilRun: number;
  slots: number;
  depth: number;
}

/**
 * TFLM's process-wide `cb_prepare_count` (circular_buffer_common.cc): its period heuristic for option-less
 * buffers counts prepares across every node and interpreter, as the C++ static does.
 */
let prepareCount = 0;

/**
 * CIRCULAR_BUFFER (custom op, TFLM's strided streaming): int8 input [1, 1, W, D] appended to an output
 * [1, slots, W, D] (a variable tensor in TFLM's models), oldest slot dropped. Every invoke shifts the buffer;
 * the op runs the rest of the graph only every `cycles_max` invokes. TFLM signals the other invokes by
 * returning kTfLiteAbort from Interpreter::Invoke; here those invokes end with a KernelError naming the
 * abort (the buffer has been updated, the remaining ops are skipped, the next invoke continues). Without
 * `cycles_max`, TFLM's heuristic picks 1 (outputs of 5, 13 or 25 slots, or the fifth such buffer of width 2 x 96)
 * or 2.
 */
export const CIRCULAR_BUFFER = defineOp<CircularBufferOptions, CircularBufferData>({
  name: 'CIRCULAR_BUFFER',
  code: BuiltinOperator.CUSTOM,
  custom: 'CIRCULAR_BUFFER',
  parseOptions(_b, custom, node) {
    if (!custom || custom.length === 0) return { cyclesMax: 0 };
    const root = parseFlexbuffer(custom, node.path.replace(/builtin_options$/, 'custom_options'));
    // FlexbufferWrapper::ElementAsInt32(0): the root as a vector (a map's values in key order).
    return { cyclesMax: root.asVector().at(0).asInt32() };
  },
  init(ctx) {
    return { cyclesMax: ctx.options.cyclesMax, cyclesUntilRun: 0, slots: 0, depth: 0 };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    if (input.shape.length !== 4 || output.shape.length !== 4)
      ctx.fail(`input [${input.shape.join(',')}] and output [${output.shape.join(',')}] must have rank 4`);
    if (input.shape[0] !== output.shape[0]) ctx.fail(`input batch ${input.shape[0]} != output batch ${output.shape[0]}`);
    if (input.shape[1] !== 1) ctx.fail(`input dim 1 is ${input.shape[1]}, expected 1`);
    if (input.shape[2] !== output.shape[2]) ctx.fail(`input dim 2 (${input.shape[2]}) != output dim 2 (${output.shape[2]})`);
    if (output.shape[3] !== input.shape[3]) ctx.fail(`input dim 3 (${input.shape[3]}) != output dim 3 (${output.shape[3]})`);
    if (input.type !== output.type) ctx.fail(`input type ${tensorTypeName(input.type)} != output type ${tensorTypeName(output.type)}`);
    if (input.type !== TensorType.INT8) ctx.fail(`type ${tensorTypeName(input.type)} not supported; only INT8`);
    const d = ctx.data;
    if (d.cyclesMax <= 0) {
      prepareCount++;
      const s = output.shape;
      if (s[1] === 5 || s[1] === 13 || s[1] === 25 || (prepareCount === 5 && s[2] === 2 && s[3] === 96)) {
        d.cyclesMax = 1;
        prepareCount = 0;
      } else {
        d.cyclesMax = 2;
      }
    }
    d.cyclesUntilRun = d.cyclesMax;
    d.slots = output.shape[1]!;
    d.depth = output.shape[2]! * output.shape[3]!;
  },
  invoke(ctx) {
    const d = ctx.data;
    const out = ctx.outputs[0]!.bytes;
    const input = ctx.inputs[0]!.bytes;
    const depth = d.depth;
    const tail = (d.slots - 1) * depth;
    out.copyWithin(0, depth, depth + tail);
    for (let i = 0; i < depth; i++) out[tail + i] = input[i]!;
    if (--d.cyclesUntilRun !== 0) ctx.fail(`kTfLiteAbort: buffer updated, the rest of the graph runs every ${d.cyclesMax} invokes`);
    d.cyclesUntilRun = d.cyclesMax;
  },
  reset(ctx) {
    ctx.data.cyclesUntilRun = ctx.data.cyclesMax;
  },
});
