/**
 * The tflm side of bench/tfjs-tflite.mjs, bundled (esbuild, IIFE) into a browser page next to tfjs-tflite so that
 * both run in the same engine, page and run: `tflmBench(bytes, kernels, budgetMs)` times `invoke()` in batches of
 * at least 2 ms (browsers coarsen `performance.now()` outside cross-origin isolation, and reading it costs more
 * than a tiny model's invoke) and returns the median and minimum per-invoke time in µs. Library code only: no DOM types.
 */
import { allOpsResolver } from '../src/all-ops.js';
import { optimizeResolver, SimdBackend } from '../src/kernels/simd/index.js';
import { Model } from '../src/model/reader.js';
import { Interpreter } from '../src/runtime/interpreter.js';

export interface BatchTiming {
  medianUs: number;
  minUs: number;
  batches: number;
}

/**
 * Median and minimum per-call time of `fn`, timed in batches of a fixed call count (calibrated to last >= 2 ms)
 * for about `budgetMs`: the clock is read once per batch, not per call, so sub-µs calls are not dominated by
 * the cost of `performance.now()`.
 */
export function timeBatches(fn: () => void, budgetMs: number): BatchTiming {
  for (let i = 0; i < 20; i++) fn();
  let n = 1;
  for (;;) {
    const a = performance.now();
    for (let i = 0; i < n; i++) fn();
    if (performance.now() - a >= 2 || n >= 1 << 24) break;
    n *= 2;
  }
  const per: number[] = [];
  const t0 = performance.now();
  while ((performance.now() - t0 < budgetMs || per.length < 30) && per.length < 5000) {
    const a = performance.now();
    for (let i = 0; i < n; i++) fn();
    const ms = performance.now() - a;
    // A calibration caught by a one-off slow call (JIT, GC) leaves batches too short for a coarse clock: grow
    // the batch and drop what was measured with the short one.
    if (ms < 1 && n < 1 << 24) {
      n *= 2;
      per.length = 0;
      continue;
    }
    per.push((ms / n) * 1000);
  }
  per.sort((x, y) => x - y);
  return { medianUs: per[per.length >> 1]!, minUs: per[0]!, batches: per.length };
}

export function tflmBench(bytes: Uint8Array, kernels: 'reference' | 'optimized', budgetMs: number): BatchTiming & { arenaUsedBytes: number } {
  let interp: Interpreter;
  if (kernels === 'optimized') {
    const backend = SimdBackend.create({ memoryBytes: 2 * bytes.length + (4 << 20) });
    interp = new Interpreter(Model.fromBytes(backend.place(bytes)), optimizeResolver(allOpsResolver(), backend), { arena: backend.arenaAllocator() });
  } else {
    interp = new Interpreter(Model.fromBytes(bytes), allOpsResolver());
  }
  interp.allocateTensors();
  for (const t of interp.inputs) for (let i = 0; i < t.bytes.length; i++) t.bytes[i] = (i * 37) % 101;
  return { ...timeBatches(() => interp.invoke(), budgetMs), arenaUsedBytes: interp.arenaUsedBytes };
}
