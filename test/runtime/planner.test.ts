import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GreedyMemoryPlanner } from '../../src/runtime/planner/greedy.js';
import { LinearMemoryPlanner } from '../../src/runtime/planner/linear.js';
import type { MemoryPlanner } from '../../src/runtime/planner/planner.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** No two buffers that are live at the same time may share a byte; all must fit in maxSize. */
function assertNoOverlap(p: MemoryPlanner, bufs: { size: number; first: number; last: number }[]): void {
  for (let i = 0; i < bufs.length; i++) {
    const a = bufs[i]!;
    const ao = p.offsetOf(i);
    assert.ok(ao >= 0 && ao + a.size <= p.maxSize, `buffer ${i} outside the plan`);
    for (let j = i + 1; j < bufs.length; j++) {
      const b = bufs[j]!;
      if (a.first > b.last || b.first > a.last) continue;
      const bo = p.offsetOf(j);
      const disjoint = ao + a.size <= bo || bo + b.size <= ao || a.size === 0 || b.size === 0;
      assert.ok(disjoint, `buffers ${i} [${ao},${ao + a.size}) and ${j} [${bo},${bo + b.size}) overlap while both live`);
    }
  }
}

describe('GreedyMemoryPlanner', () => {
  test('TFLM "TestGreedyMedium" layout', () => {
    const p = new GreedyMemoryPlanner();
    p.addBuffer(10, 0, 1);
    p.addBuffer(20, 1, 2);
    p.addBuffer(30, 2, 3);
    p.addBuffer(40, 3, 4);
    p.addBuffer(50, 0, 1);
    // Expected offsets are those of TFLM's own greedy_memory_planner_test.
    assert.deepEqual([0, 1, 2, 3, 4].map((i) => p.offsetOf(i)), [50, 70, 40, 0, 0]);
    assert.equal(p.maxSize, 90);
  });

  test('TFLM "TestOverlapCase" and "TestGreedyBasics"', () => {
    const p = new GreedyMemoryPlanner();
    p.addBuffer(100, 0, 1);
    p.addBuffer(50, 2, 3);
    p.addBuffer(20, 1, 2);
    assert.equal(p.maxSize, 120);
    const q = new GreedyMemoryPlanner();
    q.addBuffer(10, 0, 1);
    q.addBuffer(20, 2, 3);
    assert.equal(q.maxSize, 20);
    assert.deepEqual([q.offsetOf(0), q.offsetOf(1)], [0, 0]);
  });

  test('ties: later-added buffers are placed first, as TFLM', () => {
    const p = new GreedyMemoryPlanner();
    p.addBuffer(16, 0, 1);
    p.addBuffer(16, 0, 1);
    assert.equal(p.offsetOf(1), 0);
    assert.equal(p.offsetOf(0), 16);
  });

  test('non-overlapping lifetimes share memory', () => {
    const p = new GreedyMemoryPlanner();
    p.addBuffer(100, 0, 1);
    p.addBuffer(100, 2, 3);
    assert.equal(p.maxSize, 100);
  });

  test('offline offsets are kept and planned around', () => {
    const p = new GreedyMemoryPlanner();
    p.addBuffer(32, 0, 3, 64);
    p.addBuffer(32, 0, 3);
    p.addBuffer(48, 0, 3);
    assert.equal(p.offsetOf(0), 64);
    assert.equal(p.offsetOf(2), 0); // 48 fits below 64
    assert.equal(p.offsetOf(1), 96);
    assert.equal(p.maxSize, 128);
  });

  test('random lifetimes: no two live buffers overlap (500 plans)', () => {
    const rnd = lcg(7);
    for (let k = 0; k < 500; k++) {
      const n = 1 + Math.floor(rnd() * 40);
      const bufs = Array.from({ length: n }, () => {
        const first = Math.floor(rnd() * 30);
        return { size: Math.floor(rnd() * 8) * 16, first, last: first + Math.floor(rnd() * 10) };
      });
      const p = new GreedyMemoryPlanner();
      for (const b of bufs) p.addBuffer(b.size, b.first, b.last);
      assertNoOverlap(p, bufs);
      // Greedy never needs more than no reuse at all.
      assert.ok(p.maxSize <= bufs.reduce((s, b) => s + b.size, 0));
    }
  });
});

describe('LinearMemoryPlanner', () => {
  test('lays buffers end to end', () => {
    const p = new LinearMemoryPlanner();
    p.addBuffer(16, 0, 0);
    p.addBuffer(32, 1, 1);
    p.addBuffer(16, 2, 2);
    assert.deepEqual([0, 1, 2].map((i) => p.offsetOf(i)), [0, 16, 48]);
    assert.equal(p.maxSize, 64);
  });
});
