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
  /** Builtin op name (`CONV_2D`) or custom code (`SignalWindow`). */
  readonly name: string;
  readonly version: number;
  readonly builtinCode: number;
}

/** The resolver lacks ops the model needs. `ops` lists every missing one (each name once). */
export class UnsupportedOpError extends TflmError {
  override name = 'UnsupportedOpError';
  readonly ops: readonly MissingOp[];
  constructor(ops: readonly MissingOp[], detail?: string) {
    super(detail ?? `unsupported op${ops.length === 1 ? '' : 's'}: ${ops.map((o) => `${o.name} (version ${o.version})`).join(', ')}`);
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
