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
/** A case over TIMEOUT is re-run alone with this budget: finishing makes it "slow" (reported), not a hang. */
const HANG_TIMEOUT = arg('hang-timeout', 20000);
const slow: { i: number; ms: number }[] = [];
const JOBS = arg('jobs', 2);
const MAX_BYTES = arg('max-bytes', 400_000);

const outcomes = new Map<string, number>();
const failures: { i: number; kind: string; detail: string; seed: string; how: string[] }[] = [];
let next = 0;
let done = 0;
const t0 = Date.now();

function fail(f: (typeof failures)[number]) {
  failures.push(f);
  console.log(`FAIL case ${f.i} (${f.seed || '?'}; ${f.how.join('+')}): ${f.kind}: ${f.detail}`);
}

function record(r: ResultMsg) {
  if (r.escape) {
    fail({ i: r.i, kind: `escape ${r.escape.name}`, detail: r.escape.stack.split('\n').slice(0, 4).join(' | '), seed: r.seed, how: r.how });
    outcomes.set('ESCAPE', (outcomes.get('ESCAPE') ?? 0) + 1);
  } else outcomes.set(r.outcome!, (outcomes.get(r.outcome!) ?? 0) + 1);
}

function saveFailure(i: number, kind: string) {
  mkdirSync('.fuzz-out', { recursive: true });
  const seeds = corpus(MAX_BYTES);
  const s = seeds[i % seeds.length];
  if (i < 0 || !s) {
    writeFileSync(`.fuzz-out/failure-${failures.length}.txt`, `${kind}\n(no case: the worker failed before running one)\n`);
    return;
  }
  const { bytes } = mutate(s.bytes, rng(SEED * 1_000_003 + i));
  writeFileSync(`.fuzz-out/case-${i}.tflite`, bytes);
  writeFileSync(`.fuzz-out/case-${i}.txt`, `${kind}\nseed model: ${s.name}\nfuzz seed ${SEED}, case ${i}\n`);
}

/** Run case `i` alone in a fresh worker; its time in ms, or -1 when it does not finish within HANG_TIMEOUT. */
function recheck(i: number): Promise<number> {
  return new Promise((resolve) => {
    const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { seed: SEED, maxBytes: MAX_BYTES }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    let t0 = 0;
    const timer = setTimeout(() => void w.terminate().then(() => resolve(-1)), HANG_TIMEOUT);
    w.on('message', (m: ResultMsg & { ready?: boolean }) => {
      if (m.ready) {
        t0 = Date.now();
        w.postMessage({ i });
        return;
      }
      clearTimeout(timer);
      if (m.escape) fail({ i, kind: `escape ${m.escape.name}`, detail: m.escape.stack.split('\n').slice(0, 4).join(' | '), seed: m.seed, how: m.how });
      void w.terminate().then(() => resolve(Date.now() - t0));
    });
    w.on('error', () => {
      clearTimeout(timer);
      resolve(-1);
    });
  });
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
        const i = current;
        void w.terminate().then(async () => {
          const ms = await recheck(i);
          if (ms >= 0) {
            slow.push({ i, ms });
            outcomes.set('SLOW', (outcomes.get('SLOW') ?? 0) + 1);
          } else {
            fail({ i, kind: 'hang', detail: `no result within ${HANG_TIMEOUT} ms`, seed: '', how: [] });
            outcomes.set('HANG', (outcomes.get('HANG') ?? 0) + 1);
          }
          done++;
          await startWorker();
          resolveAll();
        });
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
      fail({ i: current, kind: `worker crash ${e.name}`, detail: e.message, seed: '', how: [] });
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
if (slow.length) console.log(`slow (over ${TIMEOUT} ms, finished alone): ${slow.map((x) => `case ${x.i} ${x.ms} ms`).join(', ')}`);
console.log(failures.length === 0 ? 'no escapes, no hangs' : `${failures.length} failures; cases saved in .fuzz-out/`);
process.exitCode = failures.length === 0 ? 0 : 1;
