/**
 * The kernel API: one descriptor per op, with TFLM's lifecycle.
 *
 *  - `init`    reserves the op's persistent data (called once per node, at allocateTensors).
 *  - `prepare` validates types and shapes, sets output shapes, precomputes everything invoke needs
 *              (multipliers, shifts, per-channel arrays, lookup tables) and requests scratch buffers.
 *  - `invoke`  runs blindly: reads `tensor.data` views, does the math, allocates nothing.
 *  - `reset`   clears op state (stateful ops) when the interpreter is reset.
 *  - `free`    releases anything held outside the arena (rarely needed).
 *
 * Nothing registers itself: an app imports the descriptors it needs and adds them to an `OpResolver`.
 */
import type { Quantization, Table, TensorType } from '../model/types.js';

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * A tensor as the runtime holds it. `data` is a typed-array view (Int8Array for INT8, Float32Array for
 * FLOAT32, Uint8Array for BOOL/UINT8, BigInt64Array for INT64, …) on the tensor arena, or on the model bytes
 * for constant tensors. Views are created once at allocateTensors and stay valid until the interpreter is
 * released; the bytes of non-persistent tensors are shared with other tensors whose lifetimes do not overlap.
 */
export interface Tensor {
  readonly index: number;
  readonly subgraph: number;
  readonly name: string;
  readonly type: TensorType;
  /** Current dims. Kernels may change an output's dims in prepare via `ctx.setShape`. */
  readonly shape: Int32Array;
  readonly quantization: Quantization | null;
  readonly isConstant: boolean;
  readonly isVariable: boolean;
  /** Element view. Empty until allocateTensors has planned the tensor. */
  readonly data: TypedArray;
  /** Byte view of the same memory. */
  readonly bytes: Uint8Array;
  /** Product of dims. */
  readonly elementCount: number;
}

/** A scratch buffer requested in prepare; its views are filled in when the memory plan is committed. */
export interface ScratchBuffer {
  readonly size: number;
  /** Valid at invoke only (the region is shared with tensors of other nodes). 16-byte aligned. */
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
}

/** The rounding TFLM uses when requantizing: its default "double rounding", or TFLITE_SINGLE_ROUNDING. */
export type RoundingMode = 'double' | 'single';

/**
 * What a kernel sees of its node, in every lifecycle call. Methods that are only legal in some phases
 * (persistent allocation in init/prepare, scratch requests and setShape in prepare) throw KernelError
 * elsewhere.
 */
export interface KernelContext<O = unknown, D = unknown> {
  readonly opName: string;
  readonly nodeIndex: number;
  readonly subgraphIndex: number;
  /** Parsed builtin options (from the descriptor's `parseOptions`). */
  readonly options: O;
  /** The op's data, as returned by `init` (undefined when the kernel has no init). */
  readonly data: D;
  /** Input tensors; null for an omitted optional input (index -1). */
  readonly inputs: readonly (Tensor | null)[];
  readonly outputs: readonly Tensor[];
  readonly intermediates: readonly (Tensor | null)[];
  readonly rounding: RoundingMode;
  /** Input `i`; throws KernelError when it is missing. */
  input(i: number): Tensor;
  /** Input `i` or null when omitted / out of range. */
  optionalInput(i: number): Tensor | null;
  output(i: number): Tensor;
  /** Persistent bytes in the arena tail, zero-filled, 16-byte aligned (init/prepare only). */
  allocatePersistent(bytes: number): Uint8Array;
  persistentInt32(count: number): Int32Array;
  persistentFloat32(count: number): Float32Array;
  persistentFloat64(count: number): Float64Array;
  persistentInt16(count: number): Int16Array;
  persistentInt8(count: number): Int8Array;
  /** Request scratch memory live only during this node's invoke (prepare only). */
  requestScratch(bytes: number): ScratchBuffer;
  /**
   * Give a non-constant tensor its own persistent bytes instead of planned ones, so its data is readable from
   * prepare on and survives invokes (as TFLM's VAR_HANDLE points its output at op data). Prepare only.
   */
  bindPersistent(tensor: Tensor): void;
  /** Set the dims of a non-constant output tensor (prepare only). */
  setShape(tensor: Tensor, shape: ArrayLike<number>): void;
  /** Throw a KernelError naming this op and node. */
  fail(message: string): never;
  /**
   * State shared by the ops of one interpreter (e.g. `ResourceVariables` for VAR_HANDLE and friends): one
   * instance per class, created with `new State()` at first use. `Interpreter.reset()` calls its `reset()`.
   */
  shared<T extends object>(State: new () => T): T;
  /** Most iterations a loop op (WHILE) may run per invoke before failing (guards against endless loops). */
  readonly maxLoopIterations: number;
  /** Number of subgraphs in the model. */
  readonly subgraphCount: number;
  /** Run another subgraph (control-flow ops). Its inputs must have been copied in by the caller. */
  invokeSubgraph(index: number): void;
  /** Tensors of another subgraph (control-flow ops). */
  subgraphInputs(index: number): readonly Tensor[];
  subgraphOutputs(index: number): readonly Tensor[];
}

export interface OpKernel<O = unknown, D = unknown> {
  init?(ctx: KernelContext<O, undefined>): D;
  prepare?(ctx: KernelContext<O, D>): void;
  invoke(ctx: KernelContext<O, D>): void;
  reset?(ctx: KernelContext<O, D>): void;
  free?(ctx: KernelContext<O, D>): void;
}

/**
 * One op: how to recognize it in a model, how to read its options, and its kernel.
 * `code` is the BuiltinOperator code (BuiltinOperator.CUSTOM = 32 for custom ops, with `custom` the
 * model's custom code string).
 */
export interface OpDescriptor<O = unknown, D = unknown> extends OpKernel<O, D> {
  readonly name: string;
  readonly code: number;
  readonly custom?: string;
  /** Parse the node's options. `builtin` is the builtin_options table (null when absent), `custom` the
   * raw custom_options bytes. Throw ModelError for malformed options. Default: undefined options. */
  parseOptions?(builtin: Table | null, custom: Uint8Array | null, node: OptionsSource): O;
}

/** Extra information handed to parseOptions. */
export interface OptionsSource {
  readonly path: string;
  readonly builtinOptionsType: number;
  readonly builtinOptions2: Table | null;
  readonly version: number;
}

/** Widen a descriptor's type for storage in a resolver (safe: the runtime passes each descriptor its own options and data). */
export function defineOp<O = undefined, D = undefined>(d: OpDescriptor<O, D>): OpDescriptor<O, D> {
  return d;
}
