/**
 * Typed errors. Every error the runtime throws on bad input is one of these, with the data a caller can act
 * on as fields; the message names the place (model path, op and node, bytes needed).
 */

/** Base class of every error tflm throws on purpose. */
export class TflmError extends Error {
  override name = 'TflmError';
}

/** The model bytes are malformed or inconsistent. `path` names the place, e.g. `subgraphs[0].operators[3].inputs[1]`. */
export class ModelError extends TflmError {
  override name = 'ModelError';
  readonly path: string;
  constructor(path: string, detail: string) {
    super(path ? `${path}: ${detail}` : detail);
    this.path = path;
  }
}

/** The tensor arena is too small. `needed` is the total the model needs, `given` what the arena has. */
export class ArenaError extends TflmError {
  override name = 'ArenaError';
  readonly needed: number;
  readonly given: number;
  constructor(needed: number, given: number, detail?: string) {
    super(
      detail ??
        `tensor arena too small: the model needs ${needed} bytes, the arena has ${given} (${needed - given} missing)`,
    );
    this.needed = needed;
    this.given = given;
  }
}

export interface MissingOp {
  /** `BuiltinOperator` code (`CUSTOM` for custom ops). */
  readonly builtinCode: number;
  /** The custom op's name (`SignalWindow`), null for builtin ops. */
  readonly customCode: string | null;
  readonly version: number;
}

/**
 * `SignalWindow (version 1)`; a builtin op by code (`builtin op 3 (version 1)`), or by name when given `names`
 * (`builtinOperatorName`: `CONV_2D (version 1)`). The core runtime bundles no op-name table, so its messages use
 * codes; tools that bundle the table (the CLI, the playground) name the ops.
 */
export function describeMissingOps(ops: readonly MissingOp[], names?: (builtinCode: number) => string): string {
  return `unsupported op${ops.length === 1 ? '' : 's'}: ${ops
    .map((o) => `${o.customCode ?? (names ? names(o.builtinCode) : `builtin op ${o.builtinCode}`)} (version ${o.version})`)
    .join(', ')}`;
}

/**
 * The resolver lacks ops the model needs. `ops` lists every missing one (each once). The message names builtin
 * ops by code (see `BuiltinOperator`, or `tflm inspect MODEL`); `describeMissingOps(e.ops, builtinOperatorName)`
 * names them.
 */
export class UnsupportedOpError extends TflmError {
  override name = 'UnsupportedOpError';
  readonly ops: readonly MissingOp[];
  constructor(ops: readonly MissingOp[], detail?: string) {
    super(detail ?? describeMissingOps(ops));
    this.ops = ops;
  }
}

/** A kernel rejected its node (types, shapes, options) in init/prepare, or failed at invoke. */
export class KernelError extends TflmError {
  override name = 'KernelError';
  readonly op: string;
  readonly node: number;
  readonly subgraph: number;
  constructor(op: string, node: number, subgraph: number, detail: string) {
    super(`${op} (subgraph ${subgraph}, node ${node}): ${detail}`);
    this.op = op;
    this.node = node;
    this.subgraph = subgraph;
  }
}

/** The interpreter was used out of order (invoke before allocateTensors, index out of range, …). */
export class InterpreterError extends TflmError {
  override name = 'InterpreterError';
}
