/**
 * `npm run bench` (not a test): per model, the median invoke() time over many runs after warm-up, and the ratio
 * to the C++ TFLM reference time recorded in ../shared/golden/<stem>/meta.json (measured on this kind of
 * machine). Models come from ../shared; with `BENCH=stem1,stem2` only those run.
 *
 * Also counts garbage collections during the timed invokes (PerformanceObserver 'gc'): the steady state of
 * invoke() allocates nothing, so the figure should be 0.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { allOpsResolver } from '../src/all-ops.js';
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

async function benchModel(stem: string, budgetMs = 1500): Promise<BenchResult | string> {
  const meta = goldenMeta(stem);
  const model = Model.fromBytes(sharedModel(meta.model));
  const resolver = allOpsResolver();
  const interp = new Interpreter(model, resolver);
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
  console.log('model                                   iters    median µs       min µs   C++ µs   ×C++   GCs    arena');
  for (const stem of stems) {
    if (!known.has(stem)) {
      console.log(`${stem.padEnd(38)} unknown model`);
      continue;
    }
    await new Promise((r) => setTimeout(r, 100));
    const r = await benchModel(stem);
    if (typeof r === 'string') {
      console.log(`${stem.padEnd(38)} skipped: ${r.split('\n')[0]}`);
      continue;
    }
    console.log(
      `${stem.padEnd(38)} ${String(r.iterations).padStart(6)} ${r.medianUs.toFixed(1).padStart(12)} ${r.minUs.toFixed(1).padStart(12)} ${r.cppUs.toFixed(1).padStart(8)} ${(r.medianUs / r.cppUs).toFixed(2).padStart(6)} ${String(r.gcCount).padStart(5)} ${String(r.arenaUsedBytes).padStart(8)}`,
    );
  }
}

await main();
