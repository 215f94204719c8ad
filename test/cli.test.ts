import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CommandContext } from '../src/cli/commands.js';
import { main } from '../src/cli/main.js';
import { goldenFile, REPO_ROOT, SHARED_DIR, SKIP_SHARED } from './helpers/shared.js';
import { unsupportedOpModel } from './helpers/unsupported-model.js';

const BIN = join(REPO_ROOT, 'build', 'src', 'cli', 'bin.js');
const DEFAULT_MODEL = join(REPO_ROOT, 'examples', 'hello_world', 'hello_world_int8.tflite');

/** Run the CLI in-process with an in-memory file system. */
async function cli(argv: string[], files: Record<string, Uint8Array> = {}) {
  let out = '';
  let err = '';
  const written: Record<string, Uint8Array | string> = {};
  const ctx: CommandContext = {
    readFile: (p) => {
      const f = files[p];
      if (f) return f;
      return new Uint8Array(readFileSync(p));
    },
    writeFile: (p, d) => void (written[p] = d),
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    defaultModel: DEFAULT_MODEL,
    isTTY: false,
  };
  const code = await main(argv, ctx);
  return { code, out, err, written };
}

describe('tflm CLI', () => {
  test('run without MODEL runs the bundled default model', async () => {
    const r = await cli(['run', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.outputs.length, 1);
    assert.ok(j.arenaUsedBytes > 0);
    assert.equal(typeof j.invokeMs, 'number');
    assert.ok(Array.isArray(j.outputs[0].dequantized));
  });

  test('inspect lists ops, tensors and the exact arena', async () => {
    const r = await cli(['inspect', DEFAULT_MODEL, '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(j.ops.map((o: { name: string }) => o.name), ['FULLY_CONNECTED']);
    assert.ok(j.ops[0].supported);
    assert.ok(j.arena.needed > 0);
    const text = await cli(['inspect', DEFAULT_MODEL]);
    assert.match(text.out, /FULLY_CONNECTED\s+x3\s+supported/);
    assert.match(text.out, /arena: \d+ bytes needed/);
  });

  test('an unsupported op: exit code 4 and the op named (the core message has only its code)', async () => {
    const model = unsupportedOpModel();
    const r = await cli(['run', 'lsh.tflite'], { 'lsh.tflite': model });
    assert.equal(r.code, 4);
    assert.equal(r.err, 'tflm: unsupported op: LSH_PROJECTION (version 1)\n');
    const i = await cli(['inspect', 'lsh.tflite', '--json'], { 'lsh.tflite': model });
    assert.equal(JSON.parse(i.out).arena.error, 'not computed: unsupported op: LSH_PROJECTION (version 1)');
  });

  test('records: N records in → N invokes → N output records', async () => {
    const r = await cli(['run', DEFAULT_MODEL, '--input', 'in.bin', '--output', 'out.bin', '--json'], { 'in.bin': Uint8Array.of(128, 0, 50) });
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).records, 3);
    assert.equal((r.written['out.bin'] as Uint8Array).length, 3);
  });

  test('an input of the wrong size is a clear error naming the expected size', async () => {
    const m = await cli(['run', join(REPO_ROOT, 'examples', 'hello_world', 'hello_world_float.tflite'), '--input', 'in.bin'], { 'in.bin': new Uint8Array(6) });
    assert.equal(m.code, 1);
    assert.match(m.err, /^tflm: input 0 \(in\.bin\): 6 bytes is not a whole number of records of 4 bytes/);
    assert.equal(m.err.trim().split('\n').length, 1);
  });

  test('corrupted and truncated models give one-line ModelErrors (exit 3)', async () => {
    const good = new Uint8Array(readFileSync(DEFAULT_MODEL));
    for (const bad of [good.subarray(0, 100), good.subarray(0, 7), Uint8Array.from(good).fill(0xff, 20, 60)]) {
      const r = await cli(['run', 'bad.tflite'], { 'bad.tflite': bad });
      assert.equal(r.code, 3, r.err);
      assert.match(r.err, /^tflm: /);
      assert.equal(r.err.trim().split('\n').length, 1);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
  });

  test('arena too small names the bytes needed (exit 5)', async () => {
    const r = await cli(['run', DEFAULT_MODEL, '--arena-size', '32']);
    assert.equal(r.code, 5);
    assert.match(r.err, /needs \d+ bytes, the arena has 32/);
  });

  test('usage errors exit 2', async () => {
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli(['run', '--bogus'])).code, 2);
    assert.equal((await cli(['inspect'])).code, 2);
  });

  test('profile, plan and bench', async () => {
    const p = await cli(['profile', DEFAULT_MODEL, '--iterations', '5', '--json']);
    assert.equal(p.code, 0, p.err);
    const pj = JSON.parse(p.out);
    assert.equal(pj.ops[0].op, 'FULLY_CONNECTED');
    assert.equal(pj.nodes.length, 3);
    const plan = await cli(['plan', DEFAULT_MODEL, '--svg', 'plan.svg']);
    assert.equal(plan.code, 0, plan.err);
    assert.match(plan.out, /memory plan/);
    const svg = plan.written['plan.svg'] as string;
    assert.match(svg, /^<\?xml[^]*<svg [^]*<\/svg>\n$/);
    assert.equal((svg.match(/<rect /g) ?? []).length, 1 + (plan.out.match(/^[0-9a-zA-Z]: /gm) ?? []).length);
    const b = await cli(['bench', DEFAULT_MODEL, '--iterations', '20', '--json']);
    const bj = JSON.parse(b.out);
    for (const k of ['invokeUsMedian', 'invokeUsMin', 'invokeUsMax', 'iterations', 'arenaUsedBytes']) assert.ok(k in bj, k);
    assert.ok(bj.invokeUsMin <= bj.invokeUsMedian && bj.invokeUsMedian <= bj.invokeUsMax);
  });

  test('--kernels reference and optimized give identical outputs; bench --json has per-op times', async () => {
    const input = { 'in.bin': Uint8Array.from({ length: 16 }, (_, i) => i * 16) };
    const ref = await cli(['run', DEFAULT_MODEL, '--input', 'in.bin', '--output', 'r.bin', '--kernels', 'reference'], input);
    assert.equal(ref.code, 0, ref.err);
    const def = await cli(['run', DEFAULT_MODEL, '--input', 'in.bin', '--output', 'o.bin'], input);
    assert.equal(def.code, 0, def.err);
    assert.deepEqual(def.written['o.bin'], ref.written['r.bin']);
    const b = await cli(['bench', DEFAULT_MODEL, '--iterations', '10', '--json', '--kernels', 'reference']);
    const j = JSON.parse(b.out);
    assert.equal(j.kernels, 'reference');
    assert.deepEqual(j.ops.map((o: { op: string }) => o.op), ['FULLY_CONNECTED']);
    assert.equal((await cli(['run', DEFAULT_MODEL, '--kernels', 'fast'])).code, 2);
  });

  test('the bin prints one line and exits non-zero on a missing file', () => {
    const r = spawnSync(process.execPath, [BIN, 'run', '/nonexistent/model.tflite'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'tflm: cannot read /nonexistent/model.tflite: ENOENT\n');
  });
});

describe('tflm run on TFLM hello_world reproduces the C++ golden output', { skip: SKIP_SHARED }, () => {
  test('hello_world_int8 rand1, byte for byte, through the real bin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tflm-'));
    const input = join(dir, 'in.bin');
    const output = join(dir, 'out.bin');
    writeFileSync(input, goldenFile('hello_world_int8', 'rand1.input.bin'));
    execFileSync(process.execPath, [BIN, 'run', join(SHARED_DIR, 'models/tflm/hello_world/hello_world_int8.tflite'), '--input', input, '--output', output]);
    assert.deepEqual(new Uint8Array(readFileSync(output)), goldenFile('hello_world_int8', 'rand1.output.bin'));
  });
});
