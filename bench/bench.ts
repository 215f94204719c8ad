/**
 * `npm run bench` (not a test): per model, the median invoke() time over many runs after warm-up, with the
 * reference kernels and with the WebAssembly SIMD kernels (model placed in the backend's memory, resolver
 * from optimizeResolver, arena from arenaAllocator), and the ratios to the C++ TFLM reference time recorded in
 * ../shared/golden/<stem>/meta.json (measured on this kind of machine). Models come from ../shared; with
 * `BENCH=stem1,stem2` only those run; `KERNELS=reference` or `KERNELS=optimized` times one kernel set. Columns:
 * medians (µs), the SIMD minimum (less sensitive to other load on the machine), speedups, C++ ratios (> 1:
 * faster than C++), GC count during the timed invokes, arena bytes.
 *
 * Also counts garbage collections during the timed invokes (PerformanceObserver 'gc'): the steady state of
 * invoke() allocates nothing, so the figure should be 0.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { allOpsResolver } from '../src/all-ops.js';
import { optimizeResolver, SimdBackend, simdSupported } from '../src/kernels/simd/index.js';
import { Model } from '../src/model/reader.js';
import { Interpreter } from '../src/runtime/interpreter.js';
import { goldenFile, goldenHas, goldenIndex, goldenMeta, HAVE_SHARED, SHARED_DIR, sharedModel } from '../test/helpers/shared.js';

const DEFAULT = ['hello_world_int8', 'person_detect', 'vww_96_int8', 'kws_ref_model', 'pretrainedResnet_quant', 'micro_speech_quantized', 'ad01_int8', 'keyword_scrambled', 'mobilenet_v2_quantized_1x3x224x224'];

export interface BenchResult {
  stem: string;
  iterations: number;
  medianUs: number;
  minUs: number;
  cppUs: number;
  gcCount: number;
  arenaUsedBytes: number;
}

let gcCount = 0;
new PerformanceObserver((list) => {
  gcCount += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });

async function benchModel(stem: string, simd: boolean, budgetMs = 1500): Promise<BenchResult | string> {
  const meta = goldenMeta(stem);
  const bytes = sharedModel(meta.model);
  let interp: Interpreter;
  if (simd) {
    const backend = SimdBackend.create({ memoryBytes: bytes.length + 2 * meta.arena_used_bytes + (1 << 20) });
    const model = Model.fromBytes(backend.place(bytes));
    interp = new Interpreter(model, optimizeResolver(allOpsResolver(), backend), { arena: backend.arenaAllocator() });
  } else {
    interp = new Interpreter(Model.fromBytes(bytes), allOpsResolver());
  }
  try {
    interp.allocateTensors();
  } catch (e) {
    return (e as Error).message;
  }
  const c = meta.cases[0];
  if (c && goldenHas(stem, `${c.name}.input.bin`)) {
    const input = goldenFile(stem, `${c.name}.input.bin`);
    let at = 0;
    meta.inputs.forEach((t, k) => {
      interp.input(k).bytes.set(input.subarray(at, at + t.bytes));
      at += t.bytes;
    });
  }
  // Warm up (JIT), then time until the budget is spent (at least 5, at most 10,000 runs).
  const w0 = performance.now();
  let warm = 0;
  while (warm < 3 || (performance.now() - w0 < budgetMs / 5 && warm < 200)) {
    interp.invoke();
    warm++;
  }
  const times: number[] = [];
  await new Promise((r) => setTimeout(r, 100));
  const gc0 = gcCount;
  const t0 = performance.now();
  while (times.length < 5 || (performance.now() - t0 < budgetMs && times.length < 10000)) {
    const s = performance.now();
    interp.invoke();
    times.push(performance.now() - s);
  }
  // GC entries are delivered asynchronously: let them arrive before counting.
  await new Promise((r) => setTimeout(r, 100));
  const gc = gcCount - gc0;
  times.sort((a, b) => a - b);
  return {
    stem,
    iterations: times.length,
    medianUs: times[times.length >> 1]! * 1000,
    minUs: times[0]! * 1000,
    cppUs: meta.invoke_us_median,
    gcCount: gc,
    arenaUsedBytes: interp.arenaUsedBytes,
  };
}

async function main(): Promise<void> {
  if (!HAVE_SHARED) {
    console.log(`bench: ../shared not found at ${SHARED_DIR}; nothing to benchmark`);
    return;
  }
  const stems = process.env.BENCH ? process.env.BENCH.split(',') : DEFAULT;
  const known = new Set(goldenIndex().map((e) => e.stem));
  const kernels = process.env.KERNELS;
  const runRef = kernels !== 'optimized';
  const runSimd = kernels !== 'reference' && simdSupported();
  if (!simdSupported()) console.log('(no WebAssembly SIMD in this engine: reference kernels only)');
  console.log('model                                      ref µs     simd µs  simd min  ref/simd    C++ µs  C++/simd  C++/ref  GCs  arena ref/simd');
  const cell = (v: number | null, w: number, d = 1) => (v === null ? '-' : v.toFixed(d)).padStart(w);
  for (const stem of stems) {
    if (!known.has(stem)) {
      console.log(`${stem.padEnd(38)} unknown model`);
      continue;
    }
    const results: (BenchResult | null)[] = [];
    let skipped = '';
    for (const simd of [false, true]) {
      if (simd ? !runSimd : !runRef) {
        results.push(null);
        continue;
      }
      await new Promise((r) => setTimeout(r, 100));
      const r = await benchModel(stem, simd);
      if (typeof r === 'string') {
        skipped = r.split('\n')[0]!;
        results.push(null);
      } else results.push(r);
    }
    const [ref, opt] = results as [BenchResult | null, BenchResult | null];
    if (!ref && !opt) {
      console.log(`${stem.padEnd(38)} skipped: ${skipped}`);
      continue;
    }
    const cpp = (ref ?? opt)!.cppUs;
    console.log(
      `${stem.padEnd(38)} ${cell(ref ? ref.medianUs : null, 11)} ${cell(opt ? opt.medianUs : null, 11)} ${cell(opt ? opt.minUs : null, 9)} ${cell(ref && opt ? ref.medianUs / opt.medianUs : null, 9, 2)} ${cell(cpp, 9)} ${cell(opt ? cpp / opt.medianUs : null, 9, 2)} ${cell(ref ? cpp / ref.medianUs : null, 8, 2)} ${String((ref?.gcCount ?? 0) + (opt?.gcCount ?? 0)).padStart(4)}  ${ref ? ref.arenaUsedBytes : '-'}/${opt ? opt.arenaUsedBytes : '-'}`,
    );
  }
}

await main();
