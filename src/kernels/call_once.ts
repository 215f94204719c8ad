import { BuiltinOperator } from '../model/schema.js';
import { defineOp } from '../runtime/kernel.js';
import { checkSubgraph } from './control_flow_common.js';

export interface CallOnceOptions {
  initSubgraph: number;
}

/** CALL_ONCE: run the init subgraph (no inputs or outputs) on the first invoke only; `reset` re-arms it. */
export const CALL_ONCE = defineOp<CallOnceOptions, { done: boolean }>({
  name: 'CALL_ONCE',
  code: BuiltinOperator.CALL_ONCE,
  parseOptions(t) {
    return { initSubgraph: t ? t.int32(0, 0) : 0 };
  },
  init() {
    return { done: false };
  },
  prepare(ctx) {
    if (ctx.inputs.length !== 0 || ctx.outputs.length !== 0) ctx.fail('CALL_ONCE takes no inputs or outputs');
    checkSubgraph(ctx, ctx.options.initSubgraph, 'init');
    if (ctx.subgraphInputs(ctx.options.initSubgraph).length !== 0 || ctx.subgraphOutputs(ctx.options.initSubgraph).length !== 0)
      ctx.fail('the init subgraph must have no inputs or outputs');
  },
  invoke(ctx) {
    if (ctx.data.done) return;
    ctx.invokeSubgraph(ctx.options.initSubgraph);
    ctx.data.done = true;
  },
  reset(ctx) {
    ctx.data.done = false;
  },
});
