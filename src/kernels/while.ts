import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp } from '../runtime/kernel.js';
import { checkCopyable, checkSubgraph, copyTensors } from './control_flow_common.js';

export interface WhileOptions {
  condSubgraph: number;
  bodySubgraph: number;
}

/**
 * WHILE, as TFLM: inputs → outputs and cond inputs; while cond's output 0 is true, run body on the outputs and
 * copy its results back. The trip count is data-dependent; `ctx.maxLoopIterations` bounds it so a hostile model
 * cannot loop forever.
 */
export const WHILE = defineOp<WhileOptions>({
  name: 'WHILE',
  code: BuiltinOperator.WHILE,
  parseOptions(t) {
    return { condSubgraph: t ? t.int32(0, 0) : 0, bodySubgraph: t ? t.int32(1, 0) : 0 };
  },
  prepare(ctx) {
    const { condSubgraph, bodySubgraph } = ctx.options;
    checkSubgraph(ctx, condSubgraph, 'cond');
    checkSubgraph(ctx, bodySubgraph, 'body');
    checkCopyable(ctx, ctx.inputs, ctx.outputs, 'inputs to outputs');
    checkCopyable(ctx, ctx.outputs, ctx.subgraphInputs(condSubgraph), 'cond inputs');
    checkCopyable(ctx, ctx.outputs, ctx.subgraphInputs(bodySubgraph), 'body inputs');
    checkCopyable(ctx, ctx.subgraphOutputs(bodySubgraph), ctx.outputs, 'body outputs');
    const c = ctx.subgraphOutputs(condSubgraph)[0];
    if (!c || c.type !== TensorType.BOOL || c.elementCount < 1) ctx.fail('cond subgraph must output a BOOL');
  },
  invoke(ctx) {
    const { condSubgraph, bodySubgraph } = ctx.options;
    const condIn = ctx.subgraphInputs(condSubgraph);
    const cond = ctx.subgraphOutputs(condSubgraph)[0]!.data as Uint8Array;
    const bodyIn = ctx.subgraphInputs(bodySubgraph);
    const bodyOut = ctx.subgraphOutputs(bodySubgraph);
    copyTensors(ctx.inputs, condIn);
    copyTensors(ctx.inputs, ctx.outputs);
    ctx.invokeSubgraph(condSubgraph);
    let n = 0;
    while (cond[0]) {
      if (++n > ctx.maxLoopIterations) ctx.fail(`loop ran more than ${ctx.maxLoopIterations} iterations (maxLoopIterations)`);
      copyTensors(ctx.outputs, bodyIn);
      ctx.invokeSubgraph(bodySubgraph);
      copyTensors(bodyOut, ctx.outputs);
      copyTensors(ctx.outputs, condIn);
      ctx.invokeSubgraph(condSubgraph);
    }
  },
});
