/**
 * A short, deterministic fuzz run inside the test suite (the long one is `npm run fuzz`): every mutated model
 * must load and run, or fail with a typed TflmError. An escape fails the test with the case's recipe.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpus } from '../fuzz/corpus.js';
import { mutate, rng } from '../fuzz/mutate.js';
import { runTarget } from '../fuzz/target.js';

test('fuzz: 1,500 mutated models give only typed errors', { timeout: 120_000 }, () => {
  const seeds = corpus(120_000);
  const counts = new Map<string, number>();
  for (let i = 0; i < 1500; i++) {
    const s = seeds[i % seeds.length]!;
    const { bytes, how } = mutate(s.bytes, rng(7_000_003 + i));
    let outcome: string;
    try {
      outcome = runTarget(bytes);
    } catch (e) {
      assert.fail(`case ${i} (${s.name}, ${how.join('+')}): ${(e as Error).name} escaped: ${(e as Error).stack}`);
    }
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  assert.ok((counts.get('ModelError') ?? 0) > 0);
});
