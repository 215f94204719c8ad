/**
 * `npm run fuzz -- [--cases N] [--seed S] [--timeout MS] [--jobs J] [--max-bytes B]`: mutate seed models and run
 * each through load → allocateTensors → invoke in worker threads. An escape (an error that is not a TflmError)
 * or a case slower than the timeout is a failure: its bytes go to .fuzz-out/ for a regression fixture.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { corpus } from './corpus.js';
import { mutate, rng } from './mutate.js';
import type { ResultMsg } from './worker.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const CASES = arg('cases', 100_000);
const SEED = arg('seed', 1);
const TIMEOUT = arg('timeout', 1000);
const JOBS = arg('jobs', 2);
const MAX_BYTES = arg('max-bytes', 400_000);

const outcomes = new Map<string, number>();
const failures: { i: number; kind: string; detail: string; seed: string; how: string[] }[] = [];
let next = 0;
let done = 0;
const t0 = Date.now();

function record(r: ResultMsg) {
  if (r.escape) {
    failures.push({ i: r.i, kind: `escape ${r.escape.name}`, detail: r.escape.stack.split('\n').slice(0, 4).join(' | '), seed: r.seed, how: r.how });
    outcomes.set('ESCAPE', (outcomes.get('ESCAPE') ?? 0) + 1);
  } else outcomes.set(r.outcome!, (outcomes.get(r.outcome!) ?? 0) + 1);
}

function saveFailure(i: number, kind: string) {
  mkdirSync('.fuzz-out', { recursive: true });
  const seeds = corpus(MAX_BYTES);
  const s = seeds[i % seeds.length]!;
  const { bytes } = mutate(s.bytes, rng(SEED * 1_000_003 + i));
  writeFileSync(`.fuzz-out/case-${i}.tflite`, bytes);
  writeFileSync(`.fuzz-out/case-${i}.txt`, `${kind}\nseed model: ${s.name}\nfuzz seed ${SEED}, case ${i}\n`);
}

function startWorker(): Promise<void> {
  return new Promise((resolveAll) => {
    const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { seed: SEED, maxBytes: MAX_BYTES }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    let current = -1;
    let timer: NodeJS.Timeout | undefined;
    const feed = () => {
      if (next >= CASES) {
        void w.terminate();
        resolveAll();
        return;
      }
      current = next++;
      timer = setTimeout(() => {
        failures.push({ i: current, kind: 'hang', detail: `over ${TIMEOUT} ms`, seed: '', how: [] });
        outcomes.set('HANG', (outcomes.get('HANG') ?? 0) + 1);
        done++;
        void w.terminate().then(() => startWorker().then(resolveAll));
      }, TIMEOUT);
      w.postMessage({ i: current });
    };
    w.on('message', (m: ResultMsg & { ready?: boolean }) => {
      if (m.ready) return feed();
      clearTimeout(timer);
      record(m);
      done++;
      if (done % 5000 === 0) console.log(`${done}/${CASES} cases, ${((Date.now() - t0) / 1000).toFixed(0)} s, ${failures.length} failures`);
      feed();
    });
    w.on('error', (e) => {
      clearTimeout(timer);
      failures.push({ i: current, kind: `worker crash ${e.name}`, detail: e.message, seed: '', how: [] });
      outcomes.set('CRASH', (outcomes.get('CRASH') ?? 0) + 1);
      done++;
      void startWorker().then(resolveAll);
    });
  });
}

console.log(`fuzz: ${CASES} cases, seed ${SEED}, ${JOBS} workers, timeout ${TIMEOUT} ms, corpus ${corpus(MAX_BYTES).length} models`);
await Promise.all(Array.from({ length: JOBS }, () => startWorker()));
for (const f of failures) saveFailure(f.i, `${f.kind}: ${f.detail}`);
console.log(`\n${done} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log([...outcomes.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `  ${k}: ${v}`).join('\n'));
for (const f of failures.slice(0, 20)) console.log(`FAIL case ${f.i} (${f.seed}; ${f.how.join('+')}): ${f.kind}: ${f.detail}`);
console.log(failures.length === 0 ? 'no escapes, no hangs' : `${failures.length} failures; cases saved in .fuzz-out/`);
process.exitCode = failures.length === 0 ? 0 : 1;
