/**
 * The playground's inference worker: every model is loaded, verified, planned and run here, so the page stays
 * responsive. Models run on the WebAssembly SIMD kernels when the browser has SIMD (reference kernels for the
 * ops without a SIMD kernel, and for everything when SIMD is missing or its setup fails).
 */
import { decodeImage, resizeGray, type GrayImage } from '../../examples/person_detection/image.js';
import { NOT_A_PERSON, PERSON } from '../../examples/person_detection/detect.js';
import { LABELS, MicroSpeech, type MicroSpeechStream, type Recognition } from '../../examples/micro_speech/micro_speech.js';
import { allOpsResolver } from '../../src/all-ops.js';
import { describeMissingOps, TflmError, UnsupportedOpError } from '../../src/errors.js';
import { optimizedOps, optimizeResolver, SimdBackend, simdSupported } from '../../src/kernels/simd/index.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOperator, builtinOperatorName } from '../../src/model/schema.js';
import { TensorType, tensorTypeName, tensorTypeSize, type TensorInfo } from '../../src/model/types.js';
import { alignUp } from '../../src/runtime/arena.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import type { Tensor } from '../../src/runtime/kernel.js';
import { MicroProfiler, profilerNow } from '../../src/runtime/profiler.js';
import { breakdownText, planSvg, summarizeProfile } from '../../src/runtime/report.js';
import type { Api, GraphNode, InputSource, Method, ModelSummary, OpSummary, OutputValues, PersonResult, Request, Response, RunResult, SpeechScores, TensorSummary } from './protocol.js';

interface Runner {
  interp: Interpreter;
  kernels: 'simd' | 'reference';
  note: string;
}

/**
 * An interpreter for `bytes` with every op registered. The reference interpreter is built first: it sizes the
 * arena exactly (the SIMD backend's fixed memory is sized from it) and is the fallback.
 */
function createRunner(bytes: Uint8Array): Runner {
  const ref = new Interpreter(Model.fromBytes(bytes), allOpsResolver());
  ref.allocateTensors();
  if (!simdSupported()) return { interp: ref, kernels: 'reference', note: 'this browser has no WebAssembly SIMD: reference kernels' };
  try {
    const needed = ref.arenaUsedBytes;
    const simd = SimdBackend.create({ memoryBytes: alignUp(bytes.length) + 2 * needed + (1 << 20) });
    const interp = new Interpreter(Model.fromBytes(simd.place(bytes)), optimizeResolver(allOpsResolver(), simd), { arena: simd.arenaAllocator() });
    interp.allocateTensors();
    ref.dispose();
    const names = optimizedOps(simd).map((o) => o.name).join(', ');
    return { interp, kernels: 'simd', note: `WebAssembly SIMD kernels for ${names}; reference kernels for the other ops` };
  } catch (e) {
    return { interp: ref, kernels: 'reference', note: `SIMD setup failed (${messageOf(e)}): reference kernels` };
  }
}

function messageOf(e: unknown): string {
  if (e instanceof UnsupportedOpError) return `${e.name}: ${describeMissingOps(e.ops, builtinOperatorName)}`;
  if (e instanceof Error) return e instanceof TflmError || e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

function describe(t: { name: string; type: number; shape: ArrayLike<number>; quantization: TensorInfo['quantization'] }, index: number, bytes: number): TensorSummary {
  const q = t.quantization;
  return {
    index,
    name: t.name,
    type: tensorTypeName(t.type),
    shape: Array.from(t.shape),
    bytes,
    ...(q && q.scale.length > 0
      ? { quantization: q.scale.length === 1 ? { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0] ?? 0 } : { channels: q.scale.length, quantizedDimension: q.quantizedDimension } }
      : {}),
  };
}

function infoSummary(info: TensorInfo, index: number): TensorSummary {
  let n = 1;
  for (const d of info.shape) n *= d;
  return describe(info, index, n * tensorTypeSize(info.type));
}

/** Values as the CLI prints them (`tflm run --json`): int64 as numbers when exact, dequantized as float32. */
function outputValues(t: Tensor, index: number): OutputValues {
  const values = Array.from(t.data as ArrayLike<number | bigint>, (v) =>
    typeof v === 'bigint' ? (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v.toString()) : v,
  );
  const q = t.quantization;
  const out: OutputValues = { ...describe(t, index, t.bytes.length), values };
  if (q && q.scale.length === 1 && typeof t.data[0] !== 'bigint') {
    const s = q.scale[0]!;
    const z = q.zeroPoint[0] ?? 0;
    out.dequantized = Array.from(t.data as ArrayLike<number>, (v) => Math.fround(s * (v - z)));
  }
  return out;
}

function summarize(model: Model, name: string, bytes: number): Omit<ModelSummary, 'arena' | 'kernels' | 'kernelsNote'> {
  const resolver = allOpsResolver();
  const ops = new Map<string, OpSummary>();
  const graph: GraphNode[] = [];
  model.subgraphs.forEach((sg, sgi) => {
    sg.operators.forEach((op, ni) => {
      const c = model.operatorCodes[op.opcodeIndex]!;
      const opName = c.builtinCode === BuiltinOperator.CUSTOM ? `CUSTOM:${c.customCode}` : builtinOperatorName(c.builtinCode);
      const e = ops.get(opName) ?? { name: opName, count: 0, supported: Boolean(resolver.find(c.builtinCode, c.customCode)), versions: [] };
      e.count++;
      if (!e.versions.includes(c.version)) e.versions.push(c.version);
      ops.set(opName, e);
      graph.push({
        subgraph: sgi,
        index: ni,
        op: opName,
        inputs: Array.from(op.inputs, (k) => (k < 0 ? null : infoSummary(sg.tensors[k]!, k))),
        outputs: Array.from(op.outputs, (k) => infoSummary(sg.tensors[k]!, k)),
      });
    });
  });
  const sg0 = model.subgraphs[0]!;
  return {
    name,
    bytes,
    description: model.description,
    subgraphs: model.subgraphs.length,
    tensors: model.subgraphs.reduce((n, s) => n + s.tensors.length, 0),
    operators: model.subgraphs.reduce((n, s) => n + s.operators.length, 0),
    inputs: Array.from(sg0.inputs, (k) => infoSummary(sg0.tensors[k]!, k)),
    outputs: Array.from(sg0.outputs, (k) => infoSummary(sg0.tensors[k]!, k)),
    ops: [...ops.values()],
    graph,
  };
}

// ---- the playground model ----

let playground: { runner: Runner | null; name: string; error: string } | null = null;

function load({ bytes, name }: Api['load']['args']): ModelSummary {
  playground = null;
  const u8 = new Uint8Array(bytes);
  const model = Model.fromBytes(u8); // ModelError: the file is not a valid model
  const summary = summarize(model, name, u8.length);
  try {
    const runner = createRunner(u8);
    const b = runner.interp.arenaBreakdown();
    playground = { runner, name, error: '' };
    return { ...summary, arena: { used: b.used, head: b.head, tail: b.tail }, kernels: runner.kernels, kernelsNote: runner.note };
  } catch (e) {
    if (!(e instanceof TflmError)) throw e;
    playground = { runner: null, name, error: messageOf(e) };
    return { ...summary, arena: { error: messageOf(e) }, kernels: 'reference', kernelsNote: 'not runnable' };
  }
}

function fillRandom(t: Tensor): void {
  crypto.getRandomValues(t.bytes);
  const d = t.data;
  if (d instanceof Float32Array || d instanceof Float64Array) for (let i = 0; i < d.length; i++) d[i] = Math.random() * 2 - 1;
  else if (t.type === TensorType.BOOL) for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) & 1;
}

function fillInputs(interp: Interpreter, source: InputSource): void {
  if (source.kind === 'files') {
    if (source.buffers.length !== interp.inputCount)
      throw new TflmError(`the model has ${interp.inputCount} input${interp.inputCount === 1 ? '' : 's'}, got ${source.buffers.length} file${source.buffers.length === 1 ? '' : 's'}`);
    source.buffers.forEach((b, i) => {
      const t = interp.input(i);
      if (b.byteLength !== t.bytes.length)
        throw new TflmError(`input ${i} (${tensorTypeName(t.type)} [${Array.from(t.shape).join(', ')}]) needs exactly ${t.bytes.length} bytes, the file has ${b.byteLength}`);
      t.bytes.set(new Uint8Array(b));
    });
    return;
  }
  for (const t of interp.inputs) {
    if (source.kind === 'zero') t.bytes.fill(0);
    else fillRandom(t);
  }
}

function run({ source, profileRuns }: Api['run']['args']): RunResult {
  if (!playground) throw new TflmError('load a model first');
  const runner = playground.runner;
  if (!runner) throw new TflmError(`this model cannot run: ${playground.error}`);
  const interp = runner.interp;
  interp.reset(); // as a fresh interpreter (the CLI's), whatever ran before
  fillInputs(interp, source);
  const inputs = interp.inputs.map((t) => t.bytes.slice().buffer);
  const t0 = profilerNow();
  interp.invoke();
  const invokeMs = profilerNow() - t0;
  const outputs = interp.outputs.map((t, i) => outputValues(t, i));

  // Warm up (the JIT), time `runs` invokes as one batch (timers in browsers are coarse: a mean over a batch
  // resolves fast models), then profile `runs` more.
  const runs = Math.max(1, Math.min(1000, Math.floor(profileRuns)));
  for (let r = 0; r < Math.min(3, runs); r++) interp.invoke();
  const t1 = profilerNow();
  for (let r = 0; r < runs; r++) interp.invoke();
  const meanMs = (profilerNow() - t1) / runs;
  const profiler = new MicroProfiler(1 << 16);
  const times: number[] = [];
  interp.setProfiler(profiler);
  try {
    for (let r = 0; r < runs; r++) {
      const t = profilerNow();
      interp.invoke();
      times.push(profilerNow() - t);
    }
  } finally {
    interp.setProfiler(undefined);
  }
  times.sort((a, b) => a - b);
  const p = summarizeProfile(profiler.events(), runs);
  const plan = interp.memoryPlan();
  const b = interp.arenaBreakdown();
  return {
    outputs,
    inputs,
    invokeMs,
    meanMs,
    medianMs: times[times.length >> 1]!,
    profileRuns: runs,
    profile: {
      ops: p.ops.map((o) => ({ op: o.op, count: o.count, ms: o.ms, percent: o.percent })),
      totalMs: p.totalMs,
      nodes: p.nodes.slice(0, 15).map((n) => ({ node: n.node, subgraph: n.subgraph, op: n.op, ms: n.ms })),
    },
    planSvg: planSvg(plan, b.head, `${playground.name} memory plan`),
    planBuffers: plan.length,
    planHead: b.head,
    breakdown: breakdownText(b),
  };
}

// ---- person detection ----

let person: Runner | null = null;

function personLoad({ bytes }: Api['personLoad']['args']): Api['personLoad']['result'] {
  person = null;
  const runner = createRunner(new Uint8Array(bytes));
  const i = runner.interp.input(0);
  const o = runner.interp.output(0);
  const s = Array.from(i.shape);
  if (i.type !== TensorType.INT8 || s.length !== 4 || s[0] !== 1 || s[3] !== 1 || o.elementCount !== 2)
    throw new TflmError(`not a person detection model: expected an INT8 [1, H, W, 1] input and 2 scores, got ${tensorTypeName(i.type)} [${s.join(', ')}] → ${tensorTypeName(o.type)} [${Array.from(o.shape).join(', ')}]`);
  person = runner;
  return { kernels: runner.kernels, width: s[2]!, height: s[1]! };
}

/** As PersonDetector.detectGray: the gray bytes go into the int8 input unchanged (TFLM's test copies them). */
function detect(img: GrayImage): PersonResult {
  if (!person) throw new TflmError('load the person detection model first');
  const interp = person.interp;
  const input = interp.input(0);
  const [height, width] = [input.shape[1]!, input.shape[2]!];
  const g = resizeGray(img, width, height);
  input.bytes.set(g.pixels.subarray(0, input.bytes.length));
  const t0 = profilerNow();
  interp.invoke();
  const ms = profilerNow() - t0;
  const out = interp.output(0);
  const scores = out.data as Int8Array;
  const q = out.quantization;
  const p = scores[PERSON]!;
  const n = scores[NOT_A_PERSON]!;
  return { person: p, noPerson: n, personProbability: q ? (p - q.zeroPoint[0]!) * q.scale[0]! : p, isPerson: p > n, ms, pixels: g.pixels.slice(), width, height };
}

// ---- micro_speech ----

let speech: { ms: MicroSpeech; stream: MicroSpeechStream } | null = null;

function speechLoad({ models }: Api['speechLoad']['args']): Api['speechLoad']['result'] {
  speech = null;
  if (models.length !== 2) throw new TflmError(`pick both micro_speech models (audio_preprocessor_int8.tflite and micro_speech_quantized.tflite), got ${models.length} file${models.length === 1 ? '' : 's'}`);
  const [a, b] = [models[0]!, models[1]!].map((m) => ({ name: m.name, u8: new Uint8Array(m.bytes) })) as [{ name: string; u8: Uint8Array }, { name: string; u8: Uint8Array }];
  let ms: MicroSpeech;
  let order: [string, string];
  try {
    ms = new MicroSpeech(a.u8, b.u8);
    order = [a.name, b.name];
  } catch (first) {
    try {
      ms = new MicroSpeech(b.u8, a.u8);
      order = [b.name, a.name];
    } catch {
      throw first;
    }
  }
  speech = { ms, stream: ms.stream() };
  return { preprocessor: order[0], classifier: order[1] };
}

function scoresOf(r: Recognition): SpeechScores {
  const scores: Record<string, number> = {};
  for (const l of LABELS) scores[l] = r.scores[l];
  return { label: r.label, scores };
}

function speechClip({ samples }: Api['speechClip']['args']): Api['speechClip']['result'] {
  if (!speech) throw new TflmError('load the micro_speech models first');
  const t0 = profilerNow();
  const { features, windows } = speech.ms.frontend.clipFeatures(samples);
  const r = speech.ms.classifier.classify(features);
  const ms = profilerNow() - t0;
  speech.stream.reset(); // the clip reset the shared preprocessor state
  return { ...scoresOf(r), windows, ms };
}

function speechStream({ samples, reset }: Api['speechStream']['args']): Api['speechStream']['result'] {
  if (!speech) throw new TflmError('load the micro_speech models first');
  if (reset) speech.stream.reset();
  const results = speech.stream.push(samples);
  const last = results[results.length - 1];
  return {
    last: last ? { ...scoresOf(last.recognition), timeMs: last.timeMs } : null,
    detections: results.flatMap((r) => (r.detection ? [{ label: r.detection.label, score: r.detection.score, timeMs: r.detection.timeMs }] : [])),
  };
}

// ---- dispatch ----

const handlers: { [M in Method]: (args: Api[M]['args']) => Api[M]['result'] } = {
  info: () => ({ simd: simdSupported() }),
  load,
  run,
  personLoad,
  personImage: ({ bytes }) => detect(decodeImage(new Uint8Array(bytes))),
  personGray: ({ pixels, width, height }) => detect({ pixels, width, height }),
  speechLoad,
  speechClip,
  speechStream,
};

const scope = self as unknown as {
  postMessage(message: Response, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<Request>) => void): void;
};

scope.addEventListener('message', (e) => {
  const { id, method, args } = e.data;
  let response: Response;
  try {
    const handler = handlers[method] as (a: unknown) => unknown;
    if (!handler) throw new Error(`unknown request ${String(method)}`);
    response = { id, ok: true, result: handler(args) };
  } catch (err) {
    response = { id, ok: false, error: messageOf(err) };
  }
  scope.postMessage(response);
});
