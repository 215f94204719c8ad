import { KernelError, TflmError } from '../errors.js';
import type { KernelContext, OpDescriptor, RoundingMode, ScratchBuffer, Tensor } from './kernel.js';
import { shapeProduct, type RuntimeTensor } from './tensor.js';

/** Lifecycle phase of the interpreter, deciding which context methods are legal. */
export type Phase = 'init' | 'prepare' | 'invoke' | 'idle';

/** Services the interpreter provides to node contexts. */
export interface NodeHost {
  phase: Phase;
  readonly rounding: RoundingMode;
  /** Per-interpreter state objects, by class (see KernelContext.shared). */
  readonly state: Map<unknown, object>;
  readonly maxLoopIterations: number;
  readonly subgraphCount: number;
  allocatePersistent(bytes: number): Uint8Array;
  requestScratch(node: NodeContext, bytes: number): ScratchBuffer;
  invokeSubgraph(index: number): void;
  subgraphInputs(index: number): readonly Tensor[];
  subgraphOutputs(index: number): readonly Tensor[];
}

const EMPTY = new Uint8Array(0);

/** A scratch request; views are bound when the memory plan is committed. */
export class ScratchRequest implements ScratchBuffer {
  u8: Uint8Array = EMPTY;
  i8: Int8Array = new Int8Array(0);
  i16: Int16Array = new Int16Array(0);
  i32: Int32Array = new Int32Array(0);
  f32: Float32Array = new Float32Array(0);
  headOffset = -1;
  constructor(
    readonly size: number,
    readonly subgraph: number,
    readonly node: number,
  ) {}

  bind(bytes: Uint8Array): void {
    const { buffer, byteOffset, byteLength } = bytes;
    this.u8 = bytes;
    this.i8 = new Int8Array(buffer, byteOffset, byteLength);
    this.i16 = new Int16Array(buffer, byteOffset, byteLength >> 1);
    this.i32 = new Int32Array(buffer, byteOffset, byteLength >> 2);
    this.f32 = new Float32Array(buffer, byteOffset, byteLength >> 2);
  }
}

/** One node of a subgraph, as its kernel sees it through every lifecycle call. */
export class NodeContext<O = unknown, D = unknown> implements KernelContext<O, D> {
  data: D = undefined as D;
  readonly scratch: ScratchRequest[] = [];

  constructor(
    private readonly host: NodeHost,
    readonly kernel: OpDescriptor<O, D>,
    readonly opName: string,
    readonly nodeIndex: number,
    readonly subgraphIndex: number,
    readonly options: O,
    readonly inputs: readonly (RuntimeTensor | null)[],
    readonly outputs: readonly RuntimeTensor[],
    readonly intermediates: readonly (RuntimeTensor | null)[],
  ) {}

  get rounding(): RoundingMode {
    return this.host.rounding;
  }

  shared<T extends object>(State: new () => T): T {
    let s = this.host.state.get(State);
    if (!s) this.host.state.set(State, (s = new State()));
    return s as T;
  }

  get maxLoopIterations(): number {
    return this.host.maxLoopIterations;
  }

  get subgraphCount(): number {
    return this.host.subgraphCount;
  }

  input(i: number): RuntimeTensor {
    const t = this.inputs[i];
    if (!t) this.fail(i < this.inputs.length ? `input ${i} is required but omitted` : `input ${i} missing (node has ${this.inputs.length} inputs)`);
    return t;
  }

  optionalInput(i: number): RuntimeTensor | null {
    return this.inputs[i] ?? null;
  }

  output(i: number): RuntimeTensor {
    const t = this.outputs[i];
    if (!t) this.fail(`output ${i} missing (node has ${this.outputs.length} outputs)`);
    return t;
  }

  allocatePersistent(bytes: number): Uint8Array {
    this.requirePhase('allocatePersistent', 'init', 'prepare');
    if (!Number.isSafeInteger(bytes) || bytes < 0) this.fail(`persistent allocation of ${bytes} bytes`);
    return this.host.allocatePersistent(bytes);
  }

  persistentInt32(count: number): Int32Array {
    const b = this.allocatePersistent(count * 4);
    return new Int32Array(b.buffer, b.byteOffset, count);
  }

  persistentFloat32(count: number): Float32Array {
    const b = this.allocatePersistent(count * 4);
    return new Float32Array(b.buffer, b.byteOffset, count);
  }

  persistentFloat64(count: number): Float64Array {
    const b = this.allocatePersistent(count * 8);
    return new Float64Array(b.buffer, b.byteOffset, count);
  }

  persistentInt16(count: number): Int16Array {
    const b = this.allocatePersistent(count * 2);
    return new Int16Array(b.buffer, b.byteOffset, count);
  }

  persistentInt8(count: number): Int8Array {
    const b = this.allocatePersistent(count);
    return new Int8Array(b.buffer, b.byteOffset, count);
  }

  requestScratch(bytes: number): ScratchBuffer {
    this.requirePhase('requestScratch', 'prepare');
    if (!Number.isSafeInteger(bytes) || bytes < 0) this.fail(`scratch request of ${bytes} bytes`);
    return this.host.requestScratch(this, bytes);
  }

  bindPersistent(tensor: Tensor): void {
    this.requirePhase('bindPersistent', 'prepare');
    const t = tensor as RuntimeTensor;
    if (t.isConstant) this.fail(`tensor ${t.index} is constant`);
    if (t.storage === 'persistent') return;
    t.bind(this.host.allocatePersistent(t.byteLength), 'persistent');
  }

  setShape(tensor: Tensor, shape: ArrayLike<number>): void {
    this.requirePhase('setShape', 'prepare');
    const t = tensor as RuntimeTensor;
    if (t.isConstant) this.fail(`cannot reshape constant tensor ${t.index} (${t.name})`);
    if (t.storage === 'persistent' && shapeProduct(shape) !== t.elementCount) this.fail(`cannot resize persistent tensor ${t.index}`);
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      if (!Number.isInteger(d) || d < 0 || d > 0x7fffffff) this.fail(`invalid dimension ${d} for tensor ${t.index}`);
    }
    const elements = shapeProduct(shape);
    if (elements > 0x7fffffff) this.fail(`tensor ${t.index} would have ${elements} elements`);
    if (t.shape.length === shape.length) t.shape.set(shape);
    else {
      const dims = this.persistentInt32(shape.length);
      dims.set(shape);
      t.shape = dims;
    }
    t.elementCount = elements;
  }

  fail(message: string): never {
    throw new KernelError(this.opName, this.nodeIndex, this.subgraphIndex, message);
  }

  invokeSubgraph(index: number): void {
    this.host.invokeSubgraph(index);
  }

  subgraphInputs(index: number): readonly Tensor[] {
    return this.host.subgraphInputs(index);
  }

  subgraphOutputs(index: number): readonly Tensor[] {
    return this.host.subgraphOutputs(index);
  }

  private requirePhase(what: string, ...phases: Phase[]): void {
    if (!phases.includes(this.host.phase)) this.fail(`${what} is only allowed in ${phases.join('/')} (now: ${this.host.phase})`);
  }
}

/**
 * Wrap an exception from a kernel as a KernelError naming the node. Typed errors pass through, except a bare
 * TflmError (shared helpers such as the quantization math throw it, as TFLM's TFLITE_CHECKs fail): it becomes a
 * KernelError with the same message, so the caller learns which op and node rejected the model.
 */
export function asKernelError(e: unknown, node: { opName: string; nodeIndex: number; subgraphIndex: number }): Error {
  if (e instanceof TflmError && e.constructor === TflmError) return new KernelError(node.opName, node.nodeIndex, node.subgraphIndex, e.message);
  if (e instanceof TflmError) return e;
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new KernelError(node.opName, node.nodeIndex, node.subgraphIndex, `internal error: ${msg}`);
}
