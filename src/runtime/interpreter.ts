import { ArenaError, InterpreterError, TflmError, UnsupportedOpError, type MissingOp } from '../errors.js';
import type { Model } from '../model/reader.js';
import { TensorType, type Table } from '../model/types.js';
import { checkCallGraph, computeLifetimes, type Lifetimes } from './allocation-info.js';
import { alignUp, TensorArena, type ArenaRegion } from './arena.js';
import { asKernelError, NodeContext, ScratchRequest, type NodeHost, type Phase } from './context.js';
import type { OpDescriptor, RoundingMode, ScratchBuffer, Tensor } from './kernel.js';
import { GreedyMemoryPlanner } from './planner/greedy.js';
import { ONLINE, type MemoryPlanner } from './planner/planner.js';
import type { Profiler } from './profiler.js';
import type { OpResolver } from './resolver.js';
import { RuntimeTensor, viewElementSize } from './tensor.js';
import type { Validation, ValidationHooks } from './validate.js';

/**
 * 'greedy' (TFLM's GreedyMemoryPlanner, the default) or a factory, e.g. `() => new LinearMemoryPlanner()` (no
 * reuse: every intermediate tensor stays readable after invoke). A factory keeps other planners out of bundles
 * that do not use them.
 */
export type PlannerChoice = 'greedy' | (() => MemoryPlanner);

/** Sizes the arena exactly like 'auto', but lets the caller provide the memory (e.g. in a WebAssembly.Memory). */
export type ArenaAllocator = (bytes: number) => ArrayBufferLike | ArenaRegion;

export interface InterpreterOptions {
  /**
   * The tensor arena: a byte count, `'auto'` (sized exactly to what the model needs; the default), an
   * ArrayBuffer, a region of one (e.g. a WebAssembly.Memory's buffer), or a `TensorArena` shared with other
   * interpreters. The interpreter never allocates tensor memory outside it.
   */
  arena?: number | 'auto' | ArrayBufferLike | ArenaRegion | TensorArena | ArenaAllocator;
  /** Memory planner for the non-persistent head (default 'greedy', like TFLM). */
  planner?: PlannerChoice;
  /** Use the model's OfflineMemoryAllocation metadata when present (default true; planners may ignore it, as the linear one does). */
  useOfflinePlan?: boolean;
  /** Called around every op's invoke. */
  profiler?: Profiler;
  /** Requantization rounding: TFLM's default 'double', or 'single' (TFLITE_SINGLE_ROUNDING). */
  rounding?: RoundingMode;
  /**
   * Debug validation: `validation` (import it from 'tflm'; apps that do not bundle nothing of it). Verifies the
   * memory plan (every planned buffer inside the arena, no two live at once overlapping), puts 16-byte canaries
   * after every planned buffer, and checks them after each op's invoke, so a kernel writing outside its
   * tensors fails with a KernelError naming it. Costs memory and time.
   */
  validate?: Validation;
  /** Most iterations a WHILE loop may run per invoke (default 1,000,000); past it the invoke fails. */
  maxLoopIterations?: number;
  /** With `arena: 'auto'`, the most bytes the interpreter may allocate for the arena (default 256 MiB). */
  maxAutoArenaBytes?: number;
}

/** One planned buffer of the memory plan, for reports. */
export interface PlannedBuffer {
  readonly kind: 'tensor' | 'scratch';
  readonly subgraph: number;
  /** Tensor index, or the node index for scratch buffers. */
  readonly index: number;
  readonly name: string;
  readonly size: number;
  readonly firstUse: number;
  readonly lastUse: number;
  readonly offset: number;
}

/** Bytes of the arena by kind, for reports. */
export interface ArenaBreakdown {
  readonly capacity: number;
  readonly used: number;
  readonly head: number;
  readonly tail: number;
  readonly plannedTensorBytes: number;
  readonly plannedTensorCount: number;
  readonly scratchBytes: number;
  readonly scratchCount: number;
  readonly tensorMetadataBytes: number;
  readonly variableTensorBytes: number;
  readonly variableTensorCount: number;
  readonly opDataBytes: number;
  readonly copiedWeightBytes: number;
  readonly copiedWeightCount: number;
}

interface Graph {
  readonly index: number;
  readonly tensors: RuntimeTensor[];
  readonly nodes: NodeContext[];
  readonly inputs: RuntimeTensor[];
  readonly outputs: RuntimeTensor[];
}

interface Allocation {
  readonly arena: TensorArena;
  readonly graphs: Graph[];
  readonly scratch: ScratchRequest[];
  readonly plan: PlannedBuffer[];
  readonly breakdown: Omit<ArenaBreakdown, 'capacity' | 'used' | 'head' | 'tail'>;
}

/**
 * Runs a model: `new Interpreter(model, resolver, options)`, `allocateTensors()`, fill `input(i).data`,
 * `invoke()`, read `output(i).data`. All tensor memory lives in the arena; after allocateTensors, invoke
 * allocates nothing.
 */
export class Interpreter {
  readonly model: Model;
  readonly resolver: OpResolver;
  private readonly options: InterpreterOptions;
  private alloc: Allocation | null = null;
  private host: Host | null = null;
  private profiler: Profiler | undefined;

  constructor(model: Model, resolver: OpResolver, options: InterpreterOptions = {}) {
    this.model = model;
    this.resolver = resolver;
    this.options = options;
    this.profiler = options.profiler;
  }

  /** Plan and allocate every tensor, run every op's init and prepare. Call once before invoke. */
  allocateTensors(): void {
    if (this.alloc) throw new InterpreterError('allocateTensors() was already called');
    this.checkOps();
    const spec = this.options.arena ?? 'auto';
    if (spec === 'auto' || typeof spec === 'function') {
      // Dry run on an empty arena: it fails with the exact byte count, then the real run uses exactly that.
      try {
        this.allocateOn(new TensorArena(0));
      } catch (e) {
        if (!(e instanceof ArenaError)) throw e;
        const limit = this.options.maxAutoArenaBytes ?? 256 * 1024 * 1024;
        if (e.needed > limit)
          throw new ArenaError(e.needed, limit, `the model needs ${e.needed} bytes of tensor arena, more than maxAutoArenaBytes (${limit})`);
        this.allocateOn(new TensorArena(typeof spec === 'function' ? spec(e.needed) : e.needed));
      }
    } else {
      this.allocateOn(spec instanceof TensorArena ? spec : new TensorArena(spec));
    }
  }

  /** Bytes of the arena in use (head + tail) after allocateTensors, as TFLM's arena_used_bytes(). */
  get arenaUsedBytes(): number {
    return this.allocated().arena.usedBytes;
  }

  get arena(): TensorArena {
    return this.allocated().arena;
  }

  /** What the arena holds, by kind. */
  arenaBreakdown(): ArenaBreakdown {
    const a = this.allocated();
    const u = a.arena.usage;
    return { capacity: u.capacity, used: u.used, head: u.head, tail: u.tail, ...a.breakdown };
  }

  /** The committed memory plan: one entry per planned tensor or scratch buffer. */
  memoryPlan(): readonly PlannedBuffer[] {
    return this.allocated().plan;
  }

  get inputCount(): number {
    return this.model.subgraphs[0]?.inputs.length ?? 0;
  }

  get outputCount(): number {
    return this.model.subgraphs[0]?.outputs.length ?? 0;
  }

  input(i: number): Tensor {
    return at(this.graph(0).inputs, i, 'input');
  }

  output(i: number): Tensor {
    return at(this.graph(0).outputs, i, 'output');
  }

  get inputs(): readonly Tensor[] {
    return this.graph(0).inputs;
  }

  get outputs(): readonly Tensor[] {
    return this.graph(0).outputs;
  }

  /** Tensor `index` of `subgraph`. Non-persistent tensors share memory: read them right after invoke. */
  tensor(index: number, subgraph = 0): Tensor {
    return at(this.graph(subgraph).tensors, index, 'tensor');
  }

  /** Number of nodes (operators) in a subgraph. */
  nodeCount(subgraph = 0): number {
    return this.graph(subgraph).nodes.length;
  }

  /** Op name of a node (`CONV_2D`, or a custom op's name). */
  nodeOpName(node: number, subgraph = 0): string {
    return at(this.graph(subgraph).nodes, node, 'node').opName;
  }

  setProfiler(profiler: Profiler | undefined): void {
    this.profiler = profiler;
    if (this.host) this.host.profiler = profiler;
  }

  /** Run the model once on the current input data. */
  invoke(): void {
    const host = this.host;
    if (!host) throw notAllocated();
    host.runSubgraph(0);
  }

  /** Clear variable tensors (int8 ones to their zero point, others to 0) and every op's state. */
  reset(): void {
    const a = this.allocated();
    for (const g of a.graphs) {
      for (const t of g.tensors) if (t.isVariable && t.storage !== 'none') clearVariable(t);
      for (const n of g.nodes) n.kernel.reset?.(n);
    }
    for (const s of this.host!.state.values()) (s as { reset?(): void }).reset?.();
  }

  /** Release kernel resources held outside the arena (calls every op's free). */
  dispose(): void {
    const a = this.alloc;
    if (!a) return;
    for (const g of a.graphs) for (const n of g.nodes) n.kernel.free?.(n);
    this.alloc = null;
    this.host = null;
  }

  private allocated(): Allocation {
    if (!this.alloc) throw notAllocated();
    return this.alloc;
  }

  private graph(i: number): Graph {
    return at(this.allocated().graphs, i, 'subgraph');
  }

  /** Every op the model uses must be registered: list all that are not, in one error. */
  private checkOps(): void {
    const missing = new Map<string, MissingOp>();
    const m = this.model;
    m.subgraphs.forEach((sg) => {
      for (const op of sg.operators) {
        const { builtinCode, customCode, version } = m.operatorCodes[op.opcodeIndex]!;
        if (this.resolver.find(builtinCode, customCode)) continue;
        const key = `${builtinCode}:${customCode}@${version}`;
        if (!missing.has(key)) missing.set(key, { builtinCode, customCode, version });
      }
    });
    if (missing.size > 0) throw new UnsupportedOpError([...missing.values()]);
  }

  private allocateOn(arena: TensorArena): void {
    const mark = arena.mark();
    try {
      const host = new Host(this.options.rounding ?? 'double', arena, this.profiler, this.options.maxLoopIterations ?? 1_000_000);
      const alloc = this.build(arena, host);
      this.alloc = alloc;
      this.host = host;
    } catch (e) {
      arena.rollback(mark);
      throw e;
    }
  }

  private build(arena: TensorArena, host: Host): Allocation {
    const model = this.model;
    checkCallGraph(model.subgraphs, model.operatorCodes);
    let copiedWeightBytes = 0;
    let copiedWeightCount = 0;
    let variableTensorBytes = 0;
    let variableTensorCount = 0;
    const offline = this.options.useOfflinePlan === false ? null : model.offlinePlan();
    // The offline plan lists the tensors of all subgraphs in order: `pinned(t)` is t's offset or ONLINE.
    const firstTensor: number[] = [];
    let tensorCount = 0;
    for (const sg of model.subgraphs) {
      firstTensor.push(tensorCount);
      tensorCount += sg.tensors.length;
    }
    const pinned = (t: RuntimeTensor): number => (offline ? offline.offsets[firstTensor[t.subgraph]! + t.index] ?? ONLINE : ONLINE);

    // 1. Tensors: dims in one persistent block per subgraph; constants in place (copied only when misaligned).
    let tensorMetadataBytes = 0;
    const graphs: Graph[] = model.subgraphs.map((sg, sgi) => {
      let rankSum = 0;
      for (const t of sg.tensors) rankSum += t.shape.length;
      const dims = rankSum > 0 ? arena.allocatePersistent(rankSum * 4) : new Uint8Array(0);
      tensorMetadataBytes += alignUp(rankSum * 4);
      const dims32 = new Int32Array(dims.buffer, dims.byteOffset, rankSum);
      let at = 0;
      const tensors = sg.tensors.map((info, ti) => {
        const shape = dims32.subarray(at, at + info.shape.length);
        shape.set(info.shape);
        at += info.shape.length;
        const t = new RuntimeTensor(info, ti, sgi, shape);
        if (info.data) {
          if (info.data.byteOffset % viewElementSize(info.type) === 0) t.bind(info.data, 'model');
          else {
            const copy = arena.allocatePersistent(info.data.byteLength);
            copy.set(info.data);
            copiedWeightBytes += alignUp(info.data.byteLength);
            copiedWeightCount++;
            t.bind(copy, 'copied');
          }
        }
        return t;
      });
      // Model.fromBytes verified every tensor index (subgraph and operator inputs, outputs, intermediates).
      const pick = (idx: Int32Array) => Array.from(idx, (k) => tensors[k]!);
      return { index: sgi, tensors, nodes: [], inputs: pick(sg.inputs), outputs: pick(sg.outputs) };
    });
    host.graphs = graphs;
    host.subgraphCount = graphs.length;

    // 2. Variable tensors: persistent, unless the offline plan places them.
    for (const g of graphs) {
      for (const t of g.tensors) {
        if (!t.isVariable || t.isConstant || pinned(t) !== ONLINE) continue;
        const bytes = arena.allocatePersistent(t.byteLength);
        variableTensorBytes += alignUp(t.byteLength);
        variableTensorCount++;
        t.bind(bytes, 'persistent');
        clearVariable(t);
      }
    }

    // 3. Nodes: parse options, init.
    const persistentBeforeOps = arena.persistentBytes;
    host.phase = 'init';
    graphs.forEach((g, sgi) => {
      model.subgraphs[sgi]!.operators.forEach((op, ni) => {
        const code = model.operatorCodes[op.opcodeIndex]!;
        const kernel = this.resolver.find(code.builtinCode, code.customCode) as OpDescriptor;
        const path = `subgraphs[${sgi}].operators[${ni}]`;
        // Indices are verified (only optional inputs may be -1).
        const ref = (k: number) => (k < 0 ? null : g.tensors[k]!);
        const inputs = Array.from(op.inputs, ref);
        const outputs = Array.from(op.outputs, (k) => g.tensors[k]!);
        const intermediates = Array.from(op.intermediates, ref);
        const opName = kernel.name;
        let options: unknown;
        try {
          options = kernel.parseOptions
            ? kernel.parseOptions(op.builtinOptions as Table | null, op.customOptions, {
                path: `${path}.builtin_options`,
                builtinOptionsType: op.builtinOptionsType,
                builtinOptions2: op.builtinOptions2,
                version: code.version,
              })
            : undefined;
        } catch (e) {
          throw asKernelError(e, { opName, nodeIndex: ni, subgraphIndex: sgi });
        }
        const node = new NodeContext(host, kernel, opName, ni, sgi, options, inputs, outputs, intermediates);
        try {
          if (kernel.init) node.data = kernel.init(node as NodeContext<unknown, undefined>);
        } catch (e) {
          throw asKernelError(e, node);
        }
        g.nodes.push(node);
      });
    });

    // 4. Prepare, node by node; temporary allocations are released after each.
    host.phase = 'prepare';
    for (const g of graphs) {
      for (const node of g.nodes) {
        try {
          node.kernel.prepare?.(node);
        } catch (e) {
          throw asKernelError(e, node);
        } finally {
          arena.resetTemp();
        }
      }
    }
    host.phase = 'idle';
    const opDataBytes = arena.persistentBytes - persistentBeforeOps;

    // 5. Plan the head: every non-constant, non-variable tensor with bytes, and every scratch buffer.
    const scratch = host.scratch;
    const life: Lifetimes = computeLifetimes(model.subgraphs, model.operatorCodes, scratch);
    const planner = makePlanner(this.options.planner);
    const validate = this.options.validate;
    const canary = validate ? validate.guardBytes : 0;
    const plan: { -readonly [K in keyof PlannedBuffer]: PlannedBuffer[K] }[] = [];
    const targets: (RuntimeTensor | ScratchRequest)[] = [];
    /** Per planned buffer: pinned by the offline plan (validation puts no canary after those). */
    const pins: boolean[] = [];
    const add = (t: RuntimeTensor | ScratchRequest, kind: PlannedBuffer['kind'], index: number, name: string, bytes: number, first: number, last: number, off: number) => {
      const size = alignUp(bytes);
      // Offline-pinned buffers get no canary: their neighbours' offsets are fixed by the model.
      planner.addBuffer(size + (off === ONLINE ? canary : 0), first, last, off);
      plan.push({ kind, subgraph: t.subgraph, index, name, size, firstUse: first, lastUse: last, offset: 0 });
      targets.push(t);
      pins.push(off !== ONLINE);
    };
    graphs.forEach((g, sgi) => {
      for (const t of g.tensors) {
        // Constants live in the model; variables (unless offline-planned) and tensors a kernel bound
        // persistent already have their bytes.
        if (!t.isConstant && t.storage !== 'persistent' && t.byteLength > 0)
          add(t, 'tensor', t.index, t.name, t.byteLength, life.first[sgi]![t.index]!, life.last[sgi]![t.index]!, pinned(t));
      }
    });
    scratch.forEach((s, k) => add(s, 'scratch', s.node, `scratch(${s.subgraph}:${s.node})`, s.size, life.scratchFirst[k]!, life.scratchLast[k]!, ONLINE));
    arena.reserveHead(planner.maxSize);
    arena.check();

    // 6. Commit the plan: bind views.
    let plannedTensorBytes = 0;
    let plannedTensorCount = 0;
    let scratchBytes = 0;
    plan.forEach((p, i) => {
      const offset = (p.offset = planner.offsetOf(i));
      const t = targets[i]!;
      t.headOffset = offset;
      if (t instanceof RuntimeTensor) {
        t.bind(arena.headView(offset, t.byteLength), 'planned');
        plannedTensorBytes += p.size;
        plannedTensorCount++;
        if (t.isVariable) clearVariable(t);
      } else {
        t.bind(arena.headView(offset, t.size));
        scratchBytes += p.size;
      }
    });
    if (validate)
      host.guards = validate.setup(plan, pins, arena.headView(0, planner.maxSize), life.nodeScope[0] ?? new Int32Array(0));

    return {
      arena,
      graphs,
      scratch,
      plan,
      breakdown: {
        plannedTensorBytes,
        plannedTensorCount,
        scratchBytes,
        scratchCount: scratch.length,
        tensorMetadataBytes,
        variableTensorBytes,
        variableTensorCount,
        opDataBytes,
        copiedWeightBytes,
        copiedWeightCount,
      },
    };
  }
}

/** `list[i]`, or an InterpreterError naming what is out of range. */
function at<T>(list: readonly T[], i: number, what: string): T {
  const x = list[i];
  if (x === undefined) throw new InterpreterError(`${what} ${i} out of range (${list.length} in all)`);
  return x;
}

function notAllocated(): InterpreterError {
  return new InterpreterError('allocateTensors() has not been called');
}

function makePlanner(choice: PlannerChoice | undefined): MemoryPlanner {
  if (choice === undefined || choice === 'greedy') return new GreedyMemoryPlanner();
  if (typeof choice === 'function') return choice();
  throw new TflmError(`unknown planner ${String(choice)}`);
}

/** Variable tensors start at their zero point (int8) or 0 (everything else), as in TFLM. */
function clearVariable(t: RuntimeTensor): void {
  if (t.type === TensorType.INT8 && t.quantization && t.quantization.zeroPoint.length > 0)
    (t.data as Int8Array).fill(t.quantization.zeroPoint[0]!);
  else t.bytes.fill(0);
}

/** The interpreter's side of node contexts: phases, arena access, subgraph execution. */
class Host implements NodeHost {
  phase: Phase = 'idle';
  graphs: Graph[] = [];
  subgraphCount = 0;
  readonly scratch: ScratchRequest[] = [];
  readonly state = new Map<unknown, object>();
  /** Validation mode: the checks run around the nodes of subgraph 0. */
  guards: ValidationHooks | undefined;
  private depth = 0;

  constructor(
    readonly rounding: RoundingMode,
    private readonly arena: TensorArena,
    public profiler: Profiler | undefined,
    readonly maxLoopIterations: number,
  ) {}

  allocatePersistent(bytes: number): Uint8Array {
    return this.arena.allocatePersistent(bytes);
  }

  requestScratch(node: NodeContext, bytes: number): ScratchBuffer {
    const r = new ScratchRequest(bytes, node.subgraphIndex, node.nodeIndex);
    this.scratch.push(r);
    node.scratch.push(r);
    return r;
  }

  subgraphInputs(index: number): readonly Tensor[] {
    return this.graphAt(index).inputs;
  }

  subgraphOutputs(index: number): readonly Tensor[] {
    return this.graphAt(index).outputs;
  }

  invokeSubgraph(index: number): void {
    this.runSubgraph(index);
  }

  runSubgraph(index: number): void {
    const g = this.graphAt(index);
    const nodes = g.nodes;
    const profiler = this.profiler;
    if (this.depth > 64) throw new InterpreterError(`subgraph calls nested deeper than 64`);
    this.depth++;
    const prevPhase = this.phase;
    this.phase = 'invoke';
    let i = 0;
    try {
      // Validation mode checks the nodes of subgraph 0.
      const guards = index === 0 ? this.guards : undefined;
      if (profiler || guards) {
        guards?.start();
        for (; i < nodes.length; i++) {
          const n = nodes[i]!;
          guards?.before(i);
          const h = profiler?.begin(n.opName, i, index);
          n.kernel.invoke(n);
          if (profiler) profiler.end(h!);
          guards?.after(n);
        }
      } else {
        for (; i < nodes.length; i++) {
          const n = nodes[i]!;
          n.kernel.invoke(n);
        }
      }
    } catch (e) {
      const n = nodes[i];
      throw n ? asKernelError(e, n) : e;
    } finally {
      this.depth--;
      this.phase = prevPhase;
    }
  }

  private graphAt(index: number): Graph {
    return at(this.graphs, index, 'subgraph');
  }
}
