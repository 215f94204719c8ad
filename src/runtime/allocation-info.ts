import { ModelError } from '../errors.js';
import { BuiltinOperator } from '../model/schema.js';
import type { OperatorCode, SubgraphInfo } from '../model/types.js';

/**
 * Buffer lifetimes in "allocation scopes", computed exactly as TFLM's AllocationInfoBuilder does, so that the
 * greedy planner makes the same decisions as the C++ runtime:
 *
 * - the walk starts at subgraph 0 with scope 0; its inputs are created and used at scope 0;
 * - each operator opens a new scope: its outputs are created there; if it is a control-flow op (IF, WHILE,
 *   CALL_ONCE), the subgraphs it calls are walked right away, each in new scopes (so their tensors live
 *   inside the caller's node); then the op's inputs and outputs are used until the current scope;
 * - a scratch buffer lives from its node's scope to the end of any subgraphs that node called;
 * - subgraph outputs are used until the scope count at the end of that subgraph.
 *
 * Tensors never reached keep lifetime [-1, -1].
 */
export interface Lifetimes {
  /** Per subgraph, per tensor: first and last scope (-1 when never reached). */
  readonly first: Int32Array[];
  readonly last: Int32Array[];
  /** Per scratch request, in request order. */
  readonly scratchFirst: Int32Array;
  readonly scratchLast: Int32Array;
  /** Per subgraph, per node: the scope its op runs in (first visit; -1 when never reached). */
  readonly nodeScope: Int32Array[];
}

export interface ScratchOwner {
  readonly subgraph: number;
  readonly node: number;
}

/** The subgraphs a control-flow operator calls, in TFLM's order; [] for other ops. */
export function calledSubgraphs(code: OperatorCode, op: SubgraphInfo['operators'][number], path: string): number[] {
  const c = code.builtinCode;
  // IfOptions (then, else), WhileOptions (cond, body), CallOnceOptions (init): subgraph indices in fields 0, 1.
  const n = c === BuiltinOperator.IF || c === BuiltinOperator.WHILE ? 2 : c === BuiltinOperator.CALL_ONCE ? 1 : 0;
  const t = op.builtinOptions;
  if (n > 0 && !t) throw new ModelError(path, 'control-flow op without its builtin_options');
  return n === 0 ? [] : n === 1 ? [t!.int32(0, 0)] : [t!.int32(0, 0), t!.int32(1, 0)];
}

/** Lifetimes of every tensor and scratch buffer. Call after checkCallGraph (it relies on an acyclic call graph). */
export function computeLifetimes(
  subgraphs: readonly SubgraphInfo[],
  operatorCodes: readonly OperatorCode[],
  scratch: readonly ScratchOwner[],
): Lifetimes {
  const first = subgraphs.map((s) => new Int32Array(s.tensors.length).fill(-1));
  const last = subgraphs.map((s) => new Int32Array(s.tensors.length).fill(-1));
  const scratchFirst = new Int32Array(scratch.length).fill(-1);
  const scratchLast = new Int32Array(scratch.length).fill(-1);
  const nodeScope = subgraphs.map((s) => new Int32Array(s.operators.length).fill(-1));
  let scope = 0;
  // A subgraph called from several places is walked once per call site, as in TFLM; a hostile model could make
  // that exponential (each subgraph calling the next twice), so the total walk is bounded.
  let budget = 1_000_000;

  const create = (sg: number, t: number) => {
    if (first[sg]![t] === -1) first[sg]![t] = scope;
  };
  const use = (sg: number, t: number) => {
    last[sg]![t] = scope;
  };

  // checkCallGraph ran first: every callee exists and no subgraph calls itself, so the walk ends.
  const walk = (sg: number, path: string): void => {
    const s = subgraphs[sg]!;
    for (const t of s.inputs) {
      create(sg, t);
      use(sg, t);
    }
    budget -= s.operators.length + 1;
    if (budget < 0) throw new ModelError(path, 'control flow visits over 1,000,000 operators');
    for (let i = 0; i < s.operators.length; i++) {
      scope++;
      const op = s.operators[i]!;
      for (const t of op.outputs) create(sg, t);
      const startScope = scope;
      if (nodeScope[sg]![i] === -1) nodeScope[sg]![i] = scope;
      const opPath = `subgraphs[${sg}].operators[${i}]`;
      for (const callee of calledSubgraphs(operatorCodes[op.opcodeIndex]!, op, opPath)) {
        scope++;
        walk(callee, `${opPath}.builtin_options`);
      }
      for (const t of op.inputs) if (t >= 0) use(sg, t);
      for (const t of op.outputs) use(sg, t);
      for (let k = 0; k < scratch.length; k++) {
        const r = scratch[k]!;
        if (r.subgraph === sg && r.node === i) {
          if (scratchFirst[k] === -1) scratchFirst[k] = startScope;
          scratchLast[k] = scope;
        }
      }
    }
    for (const t of s.outputs) {
      create(sg, t);
      use(sg, t);
    }
  };

  if (subgraphs.length > 0) walk(0, 'subgraphs[0]');
  return { first, last, scratchFirst, scratchLast, nodeScope };
}

/**
 * Reject models whose control flow is recursive (a subgraph calling itself, directly or through others) or
 * names a subgraph that does not exist. Runs before any kernel is prepared, in time linear in the model.
 */
export function checkCallGraph(subgraphs: readonly SubgraphInfo[], operatorCodes: readonly OperatorCode[]): void {
  const state = new Uint8Array(subgraphs.length); // 0 new, 1 on the stack, 2 done
  const stack: number[] = [];
  const visit = (sg: number, path: string): void => {
    if (sg < 0 || sg >= subgraphs.length) throw new ModelError(path, `subgraph ${sg} out of range (${subgraphs.length} subgraphs)`);
    if (state[sg] === 2) return;
    if (state[sg] === 1) throw new ModelError(path, `subgraph ${sg} calls itself (call chain ${[...stack, sg].join(' -> ')})`);
    state[sg] = 1;
    stack.push(sg);
    subgraphs[sg]!.operators.forEach((op, i) => {
      const opPath = `subgraphs[${sg}].operators[${i}]`;
      for (const callee of calledSubgraphs(operatorCodes[op.opcodeIndex]!, op, opPath)) visit(callee, `${opPath}.builtin_options`);
    });
    stack.pop();
    state[sg] = 2;
  };
  for (let i = 0; i < subgraphs.length; i++) visit(i, `subgraphs[${i}]`);
}
