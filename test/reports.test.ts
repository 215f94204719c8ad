import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { allOpsResolver } from '../src/all-ops.js';
import type { CommandContext } from '../src/cli/commands.js';
import { main } from '../src/cli/main.js';
import { Model } from '../src/model/reader.js';
import { Interpreter } from '../src/runtime/interpreter.js';
import { MicroProfiler, profilerNow } from '../src/runtime/profiler.js';
import { planSvg, summarizeProfile } from '../src/runtime/report.js';
import { REPO_ROOT, SHARED_DIR, SKIP_SHARED, HAVE_SHARED } from './helpers/shared.js';
import { readdirSync, statSync } from 'node:fs';

const HELLO = join(REPO_ROOT, 'examples', 'hello_world', 'hello_world_int8.tflite');

function load(path: string): Interpreter {
  const interp = new Interpreter(Model.fromBytes(new Uint8Array(readFileSync(path))), allOpsResolver());
  interp.allocateTensors();
  return interp;
}

describe('reports', () => {
  test('the arena breakdown adds up to arenaUsedBytes, and the plan fits the head', () => {
    for (const path of [HELLO, ...(HAVE_SHARED ? [join(SHARED_DIR, 'models/tflm/person_detection/person_detect.tflite'), join(SHARED_DIR, 'models/tflm/keyword_benchmark/keyword_scrambled.tflite')] : [])]) {
      const interp = load(path);
      const b = interp.arenaBreakdown();
      assert.equal(b.head + b.tail, interp.arenaUsedBytes, path);
      assert.equal(b.tensorMetadataBytes + b.opDataBytes + b.variableTensorBytes + b.copiedWeightBytes, b.tail, `${path}: tail by kind`);
      const planEnd = Math.max(0, ...interp.memoryPlan().map((p) => p.offset + p.size));
      assert.equal(planEnd, b.head, `${path}: the plan spans the head exactly`);
      assert.equal(interp.memoryPlan().filter((p) => p.kind === 'tensor').reduce((n, p) => n + p.size, 0), b.plannedTensorBytes);
    }
  });

  test('per-op profile times sum to the invoke time within 5%', { skip: SKIP_SHARED }, () => {
    const interp = load(join(SHARED_DIR, 'models/tflm/person_detection/person_detect.tflite'));
    for (let i = 0; i < 20; i++) interp.invoke();
    const profiler = new MicroProfiler();
    interp.setProfiler(profiler);
    let invokeMs = 0;
    const events = [];
    for (let i = 0; i < 10; i++) {
      profiler.clear();
      const t0 = profilerNow();
      interp.invoke();
      invokeMs += profilerNow() - t0;
      events.push(...profiler.events());
    }
    const s = summarizeProfile(events, 10);
    assert.equal(s.nodes.length, interp.nodeCount());
    const mean = invokeMs / 10;
    assert.ok(Math.abs(mean - s.totalMs) <= 0.05 * mean, `ops ${s.totalMs} ms vs invoke ${mean} ms`);
    assert.ok(Math.abs(s.ops.reduce((n, o) => n + o.percent, 0) - 100) < 1e-6);
  });

  test('the plan SVG is well-formed: one rect per buffer, balanced tags, escaped names', () => {
    const interp = load(HELLO);
    const b = interp.arenaBreakdown();
    const svg = planSvg([...interp.memoryPlan(), { kind: 'tensor', subgraph: 0, index: 99, name: 'a<b>&"c"', size: 16, firstUse: 0, lastUse: 1, offset: 0 }], b.head);
    const opens = (svg.match(/<(rect|text|title|svg)\b/g) ?? []).length;
    const closes = (svg.match(/<\/(rect|text|title|svg)>|\/>/g) ?? []).length;
    assert.equal(opens, closes);
    assert.equal((svg.match(/<rect /g) ?? []).length, interp.memoryPlan().length + 2);
    assert.match(svg, /a&lt;b&gt;&amp;&quot;c&quot;/);
  });
});

describe('every op of every shared model is supported', { skip: SKIP_SHARED }, () => {
  test('tflm inspect reports all ops supported (the Ethos-U NPU op excepted, with its reason)', async () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (e.endsWith('.tflite')) files.push(p);
      }
    };
    walk(join(SHARED_DIR, 'models'));
    const unsupported: string[] = [];
    for (const f of files) {
      let out = '';
      const ctx: CommandContext = { readFile: (p) => new Uint8Array(readFileSync(p)), writeFile: () => {}, stdout: (s) => void (out += s), stderr: () => {}, defaultModel: HELLO, isTTY: false };
      assert.equal(await main(['inspect', f, '--json'], ctx), 0, f);
      for (const o of JSON.parse(out).ops as { name: string; supported: boolean; reason?: string }[]) {
        if (o.supported) continue;
        if (o.name === 'CUSTOM:ethos-u') assert.match(o.reason ?? '', /Ethos-U NPU/);
        else unsupported.push(`${f}: ${o.name}`);
      }
    }
    assert.deepEqual(unsupported, []);
  });
});
