/** Fuzz worker: regenerates each case from (corpus entry, seed) and reports its outcome or escape. */
import { parentPort, workerData } from 'node:worker_threads';
import { corpus } from './corpus.js';
import { mutate, rng } from './mutate.js';
import { runTarget } from './target.js';

export interface CaseMsg {
  i: number;
}
export interface ResultMsg {
  i: number;
  seed: string;
  how: string[];
  outcome?: string;
  escape?: { name: string; message: string; stack: string };
}

const seeds = corpus(workerData.maxBytes as number);
const base = workerData.seed as number;

export function makeCase(i: number): { bytes: Uint8Array; seed: string; how: string[] } {
  const r = rng(base * 1_000_003 + i);
  const s = seeds[i % seeds.length]!;
  const { bytes, how } = mutate(s.bytes, r);
  return { bytes, seed: s.name, how };
}

parentPort!.postMessage({ ready: true, seeds: seeds.length });
parentPort!.on('message', (m: CaseMsg) => {
  const c = makeCase(m.i);
  const res: ResultMsg = { i: m.i, seed: c.seed, how: c.how };
  try {
    res.outcome = runTarget(c.bytes);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    res.escape = { name: err.name, message: err.message, stack: err.stack ?? '' };
  }
  parentPort!.postMessage(res);
});
