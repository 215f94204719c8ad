/** CLI commands. Each takes its arguments and a context (file and console access) and returns an exit code. */
import { allOpsResolver } from '../all-ops.js';
import { describeMissingOps, TflmError, UnsupportedOpError } from '../errors.js';
import { Model } from '../model/reader.js';
import { BuiltinOperator, builtinOperatorName } from '../model/schema.js';
import { tensorTypeName } from '../model/types.js';
import { Interpreter, type ArenaBreakdown, type InterpreterOptions } from '../runtime/interpreter.js';
import type { Tensor } from '../runtime/kernel.js';
import { MicroProfiler, profilerNow } from '../runtime/profiler.js';
import { LinearMemoryPlanner } from '../runtime/planner/linear.js';
import { breakdownText, planSvg, planText, profileCsv, profileText, summarizeProfile } from '../runtime/report.js';
import { intValue, oneValue, parseArgs, UsageError, type ParsedArgs } from './args.js';
import { optimizeResolver, SimdBackend, simdSupported } from '../kernels/simd/index.js';

export interface CommandContext {
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array | string): void;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Path of the bundled default model. */
  defaultModel: string;
  isTTY: boolean;
}

export type Command = (argv: string[], ctx: CommandContext) => Promise<number> | number;

function loadModel(ctx: CommandContext, path: string): { model: Model; bytes: Uint8Array } {
  let bytes: Uint8Array;
  try {
    bytes = ctx.readFile(path);
  } catch (e) {
    throw new TflmError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { model: Model.fromBytes(bytes), bytes };
}

/** Plain JSON values of a tensor's data (int64 as numbers when exact, strings otherwise). */
export function tensorValues(t: Tensor, data = t.data): (number | string)[] {
  return Array.from(data as ArrayLike<number | bigint>, (v) =>
    typeof v === 'bigint' ? (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v.toString()) : v,
  );
}

function dequantized(t: Tensor, data = t.data): number[] | undefined {
  const q = t.quantization;
  if (!q || q.scale.length !== 1 || typeof data[0] === 'bigint') return undefined;
  const s = q.scale[0]!;
  const z = q.zeroPoint[0] ?? 0;
  return Array.from(data as ArrayLike<number>, (v) => Math.fround(s * (v - z)));
}

function describeTensor(t: { name: string; type: number; shape: ArrayLike<number>; quantization: Tensor['quantization'] }) {
  const q = t.quantization;
  return {
    name: t.name,
    type: tensorTypeName(t.type),
    shape: Array.from(t.shape),
    ...(q && q.scale.length > 0
      ? { quantization: q.scale.length === 1 ? { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0] ?? 0 } : { channels: q.scale.length, quantizedDimension: q.quantizedDimension } }
      : {}),
  };
}

function tensorLine(prefix: string, d: ReturnType<typeof describeTensor>): string {
  const q = d.quantization as { scale?: number; zeroPoint?: number; channels?: number; quantizedDimension?: number } | undefined;
  const qs = !q ? '' : q.scale !== undefined ? ` q(scale=${q.scale.toPrecision(9)}, zp=${q.zeroPoint})` : ` per-channel(${q.channels} along dim ${q.quantizedDimension})`;
  return `${prefix} ${JSON.stringify(d.name)} ${d.type} [${d.shape.join(',')}]${qs}`;
}

/** Ops no JavaScript runtime can run, and why. */
function unsupportedReason(custom: string | null): { reason?: string } {
  if (custom === 'ethos-u') return { reason: 'compiled for the Arm Ethos-U NPU (runs only on that accelerator; use the model before Vela compilation)' };
  return {};
}

function opNames(model: Model): { name: string; count: number; supported: boolean; versions: number[]; reason?: string }[] {
  const resolver = allOpsResolver();
  const m = new Map<string, { name: string; count: number; supported: boolean; versions: number[]; reason?: string }>();
  for (const sg of model.subgraphs)
    for (const op of sg.operators) {
      const c = model.operatorCodes[op.opcodeIndex]!;
      const name = c.builtinCode === BuiltinOperator.CUSTOM ? `CUSTOM:${c.customCode}` : builtinOperatorName(c.builtinCode);
      const e = m.get(name) ?? { name, count: 0, supported: Boolean(resolver.find(c.builtinCode, c.customCode)), versions: [], ...unsupportedReason(c.customCode) };
      e.count++;
      if (!e.versions.includes(c.version)) e.versions.push(c.version);
      m.set(name, e);
    }
  return [...m.values()];
}

const inspect: Command = (argv, ctx) => {
  const args = parseArgs(argv, { flags: ['json'] });
  const path = args.positionals[0];
  if (!path || args.positionals.length > 1) throw new UsageError('inspect takes one MODEL');
  const { model, bytes } = loadModel(ctx, path);
  const sg0 = model.subgraphs[0];
  const ops = opNames(model);
  let arena: { needed: number; head: number; persistent: number; breakdown: ArenaBreakdown } | { error: string };
  try {
    const interp = new Interpreter(model, allOpsResolver(), { arena: 'auto' });
    interp.allocateTensors();
    const b = interp.arenaBreakdown();
    arena = { needed: b.used, head: b.head, persistent: b.tail, breakdown: b };
  } catch (e) {
    if (!(e instanceof TflmError)) throw e;
    arena = { error: e instanceof UnsupportedOpError ? `not computed: ${describeMissingOps(e.ops, builtinOperatorName)}` : e.message };
  }
  const info = {
    model: path,
    bytes: bytes.length,
    version: model.version,
    description: model.description,
    subgraphs: model.subgraphs.length,
    tensors: model.subgraphs.reduce((n, s) => n + s.tensors.length, 0),
    operators: model.subgraphs.reduce((n, s) => n + s.operators.length, 0),
    inputs: sg0 ? Array.from(sg0.inputs, (i) => describeTensor(sg0.tensors[i]!)) : [],
    outputs: sg0 ? Array.from(sg0.outputs, (i) => describeTensor(sg0.tensors[i]!)) : [],
    ops,
    arena,
  };
  if (args.flags.has('json')) {
    ctx.stdout(JSON.stringify(info, null, 2) + '\n');
    return 0;
  }
  const lines = [
    `model: ${path} (${bytes.length} bytes, schema v${model.version}${model.description ? `, "${model.description}"` : ''})`,
    `subgraphs: ${info.subgraphs}, tensors: ${info.tensors}, operators: ${info.operators}`,
    'inputs:',
    ...info.inputs.map((d, i) => tensorLine(`  ${i}`, d)),
    'outputs:',
    ...info.outputs.map((d, i) => tensorLine(`  ${i}`, d)),
    'operators:',
    ...ops.map((o) => `  ${o.name.padEnd(28)} x${String(o.count).padEnd(4)} ${o.supported ? 'supported' : `NOT SUPPORTED${o.reason ? `: ${o.reason}` : ''}`}${o.versions.some((v) => v !== 1) ? ` (versions ${o.versions.join(',')})` : ''}`),
    'error' in arena
      ? `arena: ${arena.error}`
      : `arena: ${arena.needed} bytes needed (planned head ${arena.head}, persistent ${arena.persistent})\n${breakdownText(arena.breakdown).split('\n').slice(1).map((l) => `  ${l}`).join('\n')}`,
  ];
  ctx.stdout(lines.join('\n') + '\n');
  return 0;
};

const run: Command = (argv, ctx) => {
  const args = parseArgs(argv, { flags: ['json'], values: ['input', 'output', 'arena-size', 'kernels'] });
  if (args.positionals.length > 1) throw new UsageError('run takes at most one MODEL');
  const path = args.positionals[0] ?? ctx.defaultModel;
  const arenaSize = intValue(args, 'arena-size', 0);
  const outPath = oneValue(args, 'output');
  const interp = makeInterpreter(ctx, path, kernelChoice(args), { arena: arenaSize ?? 'auto' });

  // Inputs: one file per input tensor, each N records of that tensor's bytes (the same N for all).
  const files = args.values.get('input') ?? [];
  if (files.length > 0 && files.length !== interp.inputCount)
    throw new UsageError(`the model has ${interp.inputCount} input${interp.inputCount === 1 ? '' : 's'}, got ${files.length} --input file${files.length === 1 ? '' : 's'}`);
  const inputs = files.map((f, i) => {
    let data: Uint8Array;
    try {
      data = ctx.readFile(f);
    } catch (e) {
      throw new TflmError(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const size = interp.input(i).bytes.length;
    if (size === 0 ? data.length !== 0 : data.length === 0 || data.length % size !== 0)
      throw new TflmError(`input ${i} (${f}): ${data.length} bytes is not a whole number of records of ${size} bytes (expected ${size} × N)`);
    return { data, size, records: size === 0 ? 1 : data.length / size };
  });
  const records = inputs.length > 0 ? inputs[0]!.records : 1;
  inputs.forEach((x, i) => {
    if (x.records !== records) throw new TflmError(`input ${i} holds ${x.records} records, input 0 holds ${records}`);
  });

  const outRecords: Uint8Array[] = [];
  const perRecord: { values: (number | string)[]; dequantized?: number[] }[][] = [];
  let invokeMs = 0;
  for (let r = 0; r < records; r++) {
    inputs.forEach((x, i) => interp.input(i).bytes.set(x.data.subarray(r * x.size, (r + 1) * x.size)));
    if (inputs.length === 0) for (let i = 0; i < interp.inputCount; i++) interp.input(i).bytes.fill(0);
    const t0 = profilerNow();
    interp.invoke();
    invokeMs += profilerNow() - t0;
    for (const o of interp.outputs) outRecords.push(o.bytes.slice());
    perRecord.push(interp.outputs.map((o) => ({ values: tensorValues(o), dequantized: dequantized(o) })));
  }
  if (outPath) {
    const total = outRecords.reduce((n, b) => n + b.length, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const b of outRecords) {
      all.set(b, at);
      at += b.length;
    }
    ctx.writeFile(outPath, all);
  }
  const outputs = interp.outputs.map((o, k) => {
    const vals = perRecord.map((rec) => rec[k]!);
    const base = describeTensor(o);
    if (records === 1) return { ...base, values: vals[0]!.values, ...(vals[0]!.dequantized ? { dequantized: vals[0]!.dequantized } : {}) };
    return { ...base, values: vals.map((v) => v.values), ...(vals[0]!.dequantized ? { dequantized: vals.map((v) => v.dequantized!) } : {}) };
  });
  if (args.flags.has('json')) {
    ctx.stdout(JSON.stringify({ model: path, records, outputs, arenaUsedBytes: interp.arenaUsedBytes, invokeMs: invokeMs / records }) + '\n');
    return 0;
  }
  const show = (v: unknown[]) => (v.length > 16 ? `[${v.slice(0, 16).join(', ')}, … (${v.length} values)]` : `[${v.join(', ')}]`);
  const lines = [`model: ${path}${records > 1 ? ` (${records} records)` : ''}`];
  interp.inputs.forEach((t, i) => lines.push(`${tensorLine(`input ${i}`, describeTensor(t))}: ${inputs.length ? `from ${files[i]}` : 'zeros'}`));
  outputs.forEach((o, i) => {
    const last = records === 1 ? (o.values as unknown[]) : (o.values as unknown[][])[records - 1]!;
    lines.push(`${tensorLine(`output ${i}`, o)}: ${show(last)}`);
    const dq = records === 1 ? (o as { dequantized?: number[] }).dequantized : (o as { dequantized?: number[][] }).dequantized?.[records - 1];
    if (dq) lines.push(`  dequantized: ${show(dq.map((x) => +x.toPrecision(6)))}`);
  });
  lines.push(`arena: ${interp.arenaUsedBytes} bytes; invoke: ${(invokeMs / records).toFixed(3)} ms${records > 1 ? ' (mean)' : ''}`);
  ctx.stdout(lines.join('\n') + '\n');
  return 0;
};

/** `--kernels reference|optimized`; the default is optimized wherever the engine has WebAssembly SIMD. */
function kernelChoice(args: ParsedArgs): 'reference' | 'optimized' {
  const k = oneValue(args, 'kernels');
  if (k !== undefined && k !== 'reference' && k !== 'optimized') throw new UsageError(`--kernels must be reference or optimized, got '${k}'`);
  if (k === 'optimized' && !simdSupported()) throw new TflmError('--kernels optimized: this engine has no WebAssembly SIMD');
  return k ?? (simdSupported() ? 'optimized' : 'reference');
}

/**
 * An allocated interpreter for `path` with the chosen kernels. Optimized kernels need the model and arena in
 * WebAssembly memory: the memory is sized from a dry allocation (the exact arena bytes) plus room for the model.
 */
function makeInterpreter(ctx: CommandContext, path: string, kernels: 'reference' | 'optimized', options: InterpreterOptions = {}): Interpreter {
  const { model, bytes } = loadModel(ctx, path);
  if (kernels === 'reference') {
    const interp = new Interpreter(model, allOpsResolver(), options);
    interp.allocateTensors();
    return interp;
  }
  const probe = new Interpreter(model, allOpsResolver(), { ...options, arena: 'auto' });
  probe.allocateTensors();
  const arenaBytes = typeof options.arena === 'number' ? options.arena : 2 * probe.arenaUsedBytes + 4096;
  const backend = SimdBackend.create({ memoryBytes: bytes.length + arenaBytes + 64 });
  const placed = Model.fromBytes(backend.place(bytes));
  const arena = typeof options.arena === 'number' ? backend.arena(options.arena) : backend.arenaAllocator();
  const interp = new Interpreter(placed, optimizeResolver(allOpsResolver(), backend), { ...options, arena });
  interp.allocateTensors();
  return interp;
}

/** Load a model, allocate, and fill inputs from `--input` files (first record of each), else zeros. */
function prepared(ctx: CommandContext, path: string, inputFiles: string[], options: InterpreterOptions = {}, kernels: 'reference' | 'optimized' = 'reference'): Interpreter {
  const interp = makeInterpreter(ctx, path, kernels, options);
  if (inputFiles.length > 0 && inputFiles.length !== interp.inputCount)
    throw new UsageError(`the model has ${interp.inputCount} inputs, got ${inputFiles.length} --input files`);
  inputFiles.forEach((f, i) => {
    const data = ctx.readFile(f);
    const dst = interp.input(i).bytes;
    if (data.length < dst.length || (dst.length > 0 && data.length % dst.length !== 0))
      throw new TflmError(`input ${i} (${f}): ${data.length} bytes is not a whole number of records of ${dst.length} bytes`);
    dst.set(data.subarray(0, dst.length));
  });
  return interp;
}

function progress(ctx: CommandContext, done: number, total: number): void {
  if (!ctx.isTTY) return;
  const w = 30;
  const k = Math.round((done / total) * w);
  ctx.stderr(`\r[${'#'.repeat(k)}${' '.repeat(w - k)}] ${done}/${total}${done === total ? '\n' : ''}`);
}

const profile: Command = (argv, ctx) => {
  const args = parseArgs(argv, { flags: ['json', 'csv'], values: ['input', 'iterations', 'kernels'] });
  const path = args.positionals[0];
  if (!path || args.positionals.length > 1) throw new UsageError('profile takes one MODEL');
  if (args.flags.has('json') && args.flags.has('csv')) throw new UsageError('--json and --csv exclude each other');
  const iterations = intValue(args, 'iterations', 1) ?? 20;
  const profiler = new MicroProfiler(1 << 16);
  const kernels = kernelChoice(args);
  const interp = prepared(ctx, path, args.values.get('input') ?? [], {}, kernels);
  interp.invoke(); // warm-up, unprofiled
  interp.setProfiler(profiler);
  let invokeMs = 0;
  let events: ReturnType<MicroProfiler['events']> = [];
  for (let i = 0; i < iterations; i++) {
    profiler.clear();
    const t0 = profilerNow();
    interp.invoke();
    invokeMs += profilerNow() - t0;
    events = events.concat(profiler.events());
    progress(ctx, i + 1, iterations);
  }
  const summary = summarizeProfile(events, iterations);
  const meanInvoke = invokeMs / iterations;
  if (args.flags.has('json')) ctx.stdout(JSON.stringify({ model: path, kernels, iterations, invokeMs: meanInvoke, ...summary }, null, 2) + '\n');
  else if (args.flags.has('csv')) ctx.stdout(profileCsv(summary));
  else ctx.stdout(`model: ${path} (${kernels} kernels)\n${profileText(summary, meanInvoke)}\n`);
  return 0;
};

const plan: Command = (argv, ctx) => {
  const args = parseArgs(argv, { flags: ['json'], values: ['planner', 'svg'] });
  const path = args.positionals[0];
  if (!path || args.positionals.length > 1) throw new UsageError('plan takes one MODEL');
  const planner = oneValue(args, 'planner') ?? 'greedy';
  if (planner !== 'greedy' && planner !== 'linear') throw new UsageError(`--planner must be greedy or linear, got '${planner}'`);
  const interp = prepared(ctx, path, [], { planner: planner === 'linear' ? () => new LinearMemoryPlanner() : planner });
  const b = interp.arenaBreakdown();
  const buffers = interp.memoryPlan();
  const svg = oneValue(args, 'svg');
  if (svg) ctx.writeFile(svg, planSvg(buffers, b.head, `${path} (${planner})`));
  if (args.flags.has('json')) {
    ctx.stdout(JSON.stringify({ model: path, planner, arena: b, plan: buffers }, null, 2) + '\n');
    return 0;
  }
  ctx.stdout(`model: ${path} (planner: ${planner})\n${breakdownText(b)}\n\nmemory plan (head):\n${planText(buffers, b.head)}\n${svg ? `\nSVG written to ${svg}\n` : ''}`);
  return 0;
};

const bench: Command = (argv, ctx) => {
  const args = parseArgs(argv, { flags: ['json'], values: ['input', 'iterations', 'kernels'] });
  const path = args.positionals[0];
  if (!path || args.positionals.length > 1) throw new UsageError('bench takes one MODEL');
  const iterations = intValue(args, 'iterations', 1) ?? 100;
  const kernels = kernelChoice(args);
  const interp = prepared(ctx, path, args.values.get('input') ?? [], {}, kernels);
  for (let i = 0; i < Math.min(10, iterations); i++) interp.invoke(); // warm-up
  const times = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t0 = profilerNow();
    interp.invoke();
    times[i] = profilerNow() - t0;
    if (i % Math.max(1, iterations >> 5) === 0 || i === iterations - 1) progress(ctx, i + 1, iterations);
  }
  times.sort();
  // Per-op times from separate profiled invokes (the timed ones above run without a profiler).
  const profiler = new MicroProfiler(1 << 16);
  interp.setProfiler(profiler);
  const profiled = Math.min(iterations, 20);
  const events: ReturnType<MicroProfiler['events']> = [];
  for (let i = 0; i < profiled; i++) {
    profiler.clear();
    interp.invoke();
    events.push(...profiler.events());
  }
  interp.setProfiler(undefined);
  const summary = summarizeProfile(events, profiled);
  const r = {
    model: path,
    kernels,
    invokeUsMedian: times[iterations >> 1]! * 1000,
    invokeUsMin: times[0]! * 1000,
    invokeUsMax: times[iterations - 1]! * 1000,
    iterations,
    arenaUsedBytes: interp.arenaUsedBytes,
    ops: summary.ops.map((o) => ({ op: o.op, count: o.count, us: o.ms * 1000, percent: o.percent })),
  };
  if (args.flags.has('json')) ctx.stdout(JSON.stringify(r) + '\n');
  else
    ctx.stdout(`model: ${path} (${kernels} kernels)\ninvoke: median ${r.invokeUsMedian.toFixed(1)} µs, min ${r.invokeUsMin.toFixed(1)} µs, max ${r.invokeUsMax.toFixed(1)} µs over ${iterations} runs\narena: ${r.arenaUsedBytes} bytes\n` +
      r.ops.map((o) => `  ${o.op.padEnd(24)} x${String(o.count).padEnd(4)} ${o.us.toFixed(1).padStart(10)} µs  ${o.percent.toFixed(1).padStart(5)}%`).join('\n') + '\n');
  return 0;
};

export const commands: Record<string, Command> = { run, inspect, profile, plan, bench };
