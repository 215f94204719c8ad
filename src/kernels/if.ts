import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { checkCopyable, checkSubgraph, copyTensors } from './control_flow_common.js';

export interface IfOptions {
  thenSubgraph: number;
  elseSubgraph: number;
}

/** IF: run the then- or else-subgraph on inputs 1..n, by the boolean input 0; copy its outputs out. */
export const IF = defineOp<IfOptions>({
  name: 'IF',
  code: BuiltinOperator.IF,
  parseOptions(t) {
    return { thenSubgraph: t ? t.int32(0, 0) : 0, elseSubgraph: t ? t.int32(1, 0) : 0 };
  },
  prepare(ctx) {
    const cond = ctx.input(0);
    if (cond.type !== TensorType.BOOL || cond.elementCount !== 1) ctx.fail('condition must be a single BOOL');
    const { thenSubgraph, elseSubgraph } = ctx.options;
    checkSubgraph(ctx, thenSubgraph, 'then');
    checkSubgraph(ctx, elseSubgraph, 'else');
    for (const [sg, what] of [[thenSubgraph, 'then'], [elseSubgraph, 'else']] as const) {
      checkCopyable(ctx, ctx.inputs.slice(1), ctx.subgraphInputs(sg), `${what} inputs`);
      const outs = ctx.subgraphOutputs(sg);
      if (outs.length > 0) checkCopyable(ctx, outs, ctx.outputs, `${what} outputs`);
    }
  },
  invoke(ctx) {
    const sg = (ctx.inputs[0]!.data as Uint8Array)[0] ? ctx.options.thenSubgraph : ctx.options.elseSubgraph;
    copyTensors(ctx.inputs, ctx.subgraphInputs(sg), 1);
    ctx.invokeSubgraph(sg);
    const outs = ctx.subgraphOutputs(sg);
    if (outs.length > 0) copyTensors(outs, ctx.outputs);
  },
});
