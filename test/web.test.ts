// The playground (web/) end to end in headless Chromium: build it, serve web/dist from a static server on
// 127.0.0.1, load models through the page's file pickers, run them in the worker, and check that the outputs
// equal the CLI's (`tflm run MODEL --input FILE --json`), that the profile and the arena plan render, and that a
// corrupted file gives a readable message. Uses the system Chromium (Debian package) through playwright-core;
// skips when /usr/bin/chromium is absent. TFLM_WEB_SCREENSHOT=DIR saves screenshots of the page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { decodeImage, resizeGray } from '../examples/person_detection/image.js';
import { REPO_ROOT, SHARED_DIR } from './helpers/shared.js';
import { unsupportedOpModel } from './helpers/unsupported-model.js';

// The page's DOM, as far as the callbacks evaluated in the page use it (this file is compiled without the DOM lib).
interface PageElement {
  hidden: boolean;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
}
declare const document: { getElementById(id: string): PageElement | null };

const CHROMIUM = '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found (apt-get install -y chromium): playground browser test skipped`;
const DIST = join(REPO_ROOT, 'web', 'dist');
const CLI = join(REPO_ROOT, 'build', 'src', 'cli', 'bin.js');
const HELLO = join(REPO_ROOT, 'examples', 'hello_world', 'hello_world_int8.tflite');
const PERSON_MODEL = join(SHARED_DIR, 'models', 'tflm', 'person_detection', 'person_detect.tflite');
const PERSON_BMP = join(SHARED_DIR, 'models', 'tflm', 'person_detection', 'testdata', 'person.bmp');
const SKIP_PERSON = existsSync(PERSON_MODEL) && existsSync(PERSON_BMP) ? false : `${PERSON_MODEL} not found (../shared is not part of the repo)`;
const SPEECH_DIR = join(SHARED_DIR, 'models', 'tflm', 'micro_speech');
const SKIP_SPEECH = existsSync(join(SPEECH_DIR, 'micro_speech_quantized.tflite')) ? false : `${SPEECH_DIR} not found (../shared is not part of the repo)`;
const SCREENSHOTS = process.env.TFLM_WEB_SCREENSHOT;

interface CliOutput {
  name: string;
  type: string;
  shape: number[];
  values: (number | string)[];
  dequantized?: number[];
}

const work = mkdtempSync(join(tmpdir(), 'tflm-web-'));

function cliRun(model: string, inputs: Uint8Array[]): CliOutput[] {
  const args = [CLI, 'run', model, '--json'];
  inputs.forEach((b, i) => {
    const f = join(work, `cli-input-${i}.bin`);
    writeFileSync(f, b);
    args.push('--input', f);
  });
  return (JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as { outputs: CliOutput[] }).outputs;
}

function cliPlan(model: string): { head: number; buffers: number } {
  const r = JSON.parse(execFileSync(process.execPath, [CLI, 'plan', model, '--json'], { encoding: 'utf8' })) as { arena: { head: number }; plan: unknown[] };
  return { head: r.arena.head, buffers: r.plan.length };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.map': 'application/json' };

/** web/dist over http://127.0.0.1 (GET only, no directory listing, nothing outside dist). */
function serve(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^([/\\])+/, '');
    const file = join(DIST, path === '' ? 'index.html' : path);
    if (req.method !== 'GET' || !(file + sep).startsWith(DIST + sep) || !existsSync(file) || file === DIST) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

describe('playground (web/) in headless Chromium', { skip: SKIP }, () => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-web.mjs')], { stdio: 'pipe' });
    const s = await serve();
    server = s.server;
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(s.base);
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await context?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    rmSync(work, { recursive: true, force: true });
  });

  async function shot(name: string): Promise<void> {
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async function loadModel(path: string, name = path.split(sep).pop()!): Promise<void> {
    await page.evaluate(() => {
      document.getElementById('summary')!.hidden = true;
      document.getElementById('model-error')!.hidden = true;
    });
    await page.setInputFiles('#model-file', { name, mimeType: 'application/octet-stream', buffer: readFileSync(path) });
    await page.locator('#summary:not([hidden]), #model-error:not([hidden])').first().waitFor();
    const err = await page.locator('#model-error:not([hidden])').count();
    if (err) assert.fail(`model error shown: ${await page.textContent('#model-error')}`);
  }

  async function run(source: 'zero' | 'random' | 'files', files: Uint8Array[] = []): Promise<{ values: (number | string)[]; dequantized?: number[] }[]> {
    await page.check(`input[name=source][value=${source}]`);
    if (source === 'files') {
      const pickers = page.locator('#input-files input.input-file');
      assert.equal(await pickers.count(), files.length);
      for (const [i, b] of files.entries()) await pickers.nth(i).setInputFiles({ name: `input${i}.bin`, mimeType: 'application/octet-stream', buffer: Buffer.from(b) });
    }
    await page.fill('#profile-runs', '5');
    await page.evaluate(() => {
      document.getElementById('results')!.hidden = true;
      document.getElementById('run-error')!.hidden = true;
    });
    await page.click('#run');
    await page.locator('#results:not([hidden]), #run-error:not([hidden])').first().waitFor();
    if (await page.locator('#run-error:not([hidden])').count()) assert.fail(`run error shown: ${await page.textContent('#run-error')}`);
    return page.$$eval('#outputs table.output', (tables) =>
      tables.map((t) => {
        const d = (t as unknown as PageElement).dataset;
        return { values: JSON.parse(d.values!) as (number | string)[], ...(d.dequantized ? { dequantized: JSON.parse(d.dequantized) as number[] } : {}) };
      }),
    );
  }

  function sameAsCli(page: { values: (number | string)[]; dequantized?: number[] }[], cli: CliOutput[]): void {
    assert.equal(page.length, cli.length);
    cli.forEach((c, i) => {
      assert.deepEqual(page[i]!.values, c.values, `output ${i} values`);
      assert.deepEqual(page[i]!.dequantized, c.dequantized, `output ${i} dequantized`);
    });
  }

  test('the page loads, the worker answers, and reports WebAssembly SIMD', async () => {
    await page.locator('#kernels-badge.simd, #kernels-badge.reference').waitFor();
    assert.match((await page.textContent('#kernels-badge'))!, /WebAssembly SIMD kernels/);
    assert.equal(await page.locator('#global-error:not([hidden])').count(), 0);
  });

  test('hello_world: summary lists inputs, outputs, ops (supported) and the graph', async () => {
    await loadModel(HELLO);
    const facts = (await page.textContent('#summary-facts'))!;
    assert.match(facts, /hello_world_int8\.tflite/);
    assert.match(facts, /WebAssembly SIMD/);
    assert.match((await page.textContent('#summary-inputs'))!, /INT8\s*\[1, 1\]/);
    assert.match((await page.textContent('#summary-outputs'))!, /INT8\s*\[1, 1\]/);
    assert.match((await page.textContent('#summary-ops'))!, /FULLY_CONNECTED\s*3\s*1\s*yes/);
    assert.equal(await page.locator('#graph li').count(), 3);
    assert.match((await page.textContent('#graph li >> nth=0'))!, /FULLY_CONNECTED.*INT8 \[1, 1\].*→/);
  });

  test('a file dropped on the page loads too', async () => {
    await page.evaluate(() => {
      document.getElementById('summary')!.hidden = true;
    });
    const bytes = Array.from(readFileSync(HELLO));
    await page.evaluate((b) => {
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: unknown[], name: string) => unknown; DragEvent: new (type: string, init: object) => unknown };
      const dt = new g.DataTransfer();
      dt.items.add(new g.File([new Uint8Array(b)], 'dropped.tflite'));
      (document.getElementById('drop') as unknown as { dispatchEvent(e: unknown): void }).dispatchEvent(new g.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.locator('#summary:not([hidden])').waitFor();
    assert.match((await page.textContent('#summary-facts'))!, /dropped\.tflite/);
  });

  test('hello_world on zeros: outputs equal the CLI', async () => {
    sameAsCli(await run('zero'), cliRun(HELLO, [new Uint8Array(1)]));
  });

  test('hello_world on uploaded inputs: outputs equal the CLI, value by value', async () => {
    for (const x of [0x40, 0x80, 0x7f, 0x13]) {
      const input = Uint8Array.of(x);
      sameAsCli(await run('files', [input]), cliRun(HELLO, [input]));
    }
  });

  test('hello_world on random input: the page offers the bytes it used, and the CLI agrees on them', async () => {
    const out = await run('random');
    const href = await page.getAttribute('#input-downloads a.input-download', 'href');
    const bytes = await page.evaluate(async (u) => Array.from(new Uint8Array(await (await fetch(u!)).arrayBuffer())), href);
    assert.equal(bytes.length, 1);
    sameAsCli(out, cliRun(HELLO, [Uint8Array.from(bytes)]));
  });

  test('the per-op profile and the arena plan render; the plan is the CLI\'s', async () => {
    assert.equal(await page.locator('#profile svg g.op-bar').count(), 1);
    assert.equal(await page.getAttribute('#profile svg g.op-bar', 'data-op'), 'FULLY_CONNECTED');
    assert.match((await page.textContent('#profile svg'))!, /FULLY_CONNECTED ×3.*ms/);
    const plan = cliPlan(HELLO);
    assert.equal(Number(await page.getAttribute('#plan', 'data-head')), plan.head);
    assert.equal(Number(await page.getAttribute('#plan', 'data-buffers')), plan.buffers);
    assert.equal(await page.locator('#plan svg rect').count(), plan.buffers + 1); // + the background
    assert.match((await page.textContent('#plan svg'))!, new RegExp(`${plan.buffers} buffers, head ${plan.head} bytes`));
    assert.match((await page.textContent('#breakdown'))!, /arena: \d+ bytes used/);
    assert.match((await page.textContent('#timing'))!, /invoke [\d.]+ ms/);
    await shot('hello_world');
  });

  test('a corrupted or foreign file shows a readable error on the page (and the page keeps working)', async () => {
    const good = readFileSync(HELLO);
    const cases: [string, Uint8Array, RegExp][] = [
      ['truncated.tflite', good.subarray(0, 100), /Could not load truncated\.tflite: ModelError: .*(outside|overruns)/],
      ['not-a-model.tflite', new TextEncoder().encode('hello, this is a text file and not a model at all'), /Could not load not-a-model\.tflite: ModelError: file identifier is "o, t", expected "TFL3" \(not a \.tflite model\)/],
      ['empty.tflite', new Uint8Array(0), /Could not load empty\.tflite: ModelError: model too small: 0 bytes/],
    ];
    const flipped = Uint8Array.from(good);
    flipped[0] = 0xff;
    flipped[1] = 0xff;
    cases.push(['flipped.tflite', flipped, /Could not load flipped\.tflite: ModelError: root table at byte 65535 \(\+4\) is outside the \d+-byte buffer/]);
    for (const [name, bytes, message] of cases) {
      await page.setInputFiles('#model-file', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
      await page.locator('#model-error:not([hidden])').waitFor();
      assert.match((await page.textContent('#model-error'))!, message);
      assert.ok(await page.locator('#summary').isHidden());
      assert.ok(await page.locator('#run-section').isHidden());
    }
    await shot('error');
    assert.deepEqual(pageErrors, []);
    await loadModel(HELLO); // recovers
    assert.ok(await page.locator('#model-error').isHidden());
  });

  test('a model with an unsupported op: its summary marks the op, the page says why it cannot run', async () => {
    await page.setInputFiles('#model-file', { name: 'lsh.tflite', mimeType: 'application/octet-stream', buffer: Buffer.from(unsupportedOpModel()) });
    await page.locator('#model-error:not([hidden])').waitFor();
    assert.match((await page.textContent('#model-error'))!, /This model cannot run here: UnsupportedOpError: unsupported op: LSH_PROJECTION \(version 1\)/);
    assert.match((await page.textContent('#summary-ops'))!, /LSH_PROJECTION\s*1\s*1\s*NOT SUPPORTED/);
    assert.ok(await page.locator('#run-section').isHidden());
  });

  test('an input file of the wrong size gives a readable run error', async () => {
    await loadModel(HELLO);
    await page.check('input[name=source][value=files]');
    await page.locator('#input-files input.input-file').first().setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(3) });
    await page.click('#run');
    await page.locator('#run-error:not([hidden])').waitFor();
    assert.match((await page.textContent('#run-error'))!, /Run failed: TflmError: input 0 \(INT8 \[1, 1\]\) needs exactly 1 bytes, the file has 3/);
  });

  describe('person_detect', { skip: SKIP_PERSON }, () => {
    const gray = () => resizeGray(decodeImage(new Uint8Array(readFileSync(PERSON_BMP))), 96, 96).pixels;

    test('summary, a run on person.bmp\'s pixels equal to the CLI, profile and plan', async () => {
      await loadModel(PERSON_MODEL);
      assert.match((await page.textContent('#summary-ops'))!, /CONV_2D\s*\d+\s*\d+\s*yes/);
      assert.match((await page.textContent('#summary-ops'))!, /DEPTHWISE_CONV_2D/);
      assert.match((await page.textContent('#summary-inputs'))!, /INT8\s*\[1, 96, 96, 1\]/);
      const pixels = gray();
      sameAsCli(await run('files', [pixels]), cliRun(PERSON_MODEL, [pixels]));
      sameAsCli(await run('zero'), cliRun(PERSON_MODEL, [new Uint8Array(96 * 96)]));
      assert.ok((await page.locator('#profile svg g.op-bar').count()) >= 4);
      const plan = cliPlan(PERSON_MODEL);
      assert.equal(Number(await page.getAttribute('#plan', 'data-head')), plan.head);
      await shot('person_detect');
    });

    test('the page stays responsive while the worker runs (1000 profiled invokes)', async () => {
      await page.check('input[name=source][value=zero]');
      await page.fill('#profile-runs', '1000');
      await page.evaluate(() => {
        document.getElementById('results')!.hidden = true;
      });
      await page.click('#run');
      await page.locator('#busy:not([hidden])').waitFor();
      // A timer on the page's main thread fires on time while the model runs in the worker.
      const lags: number[] = [];
      while (await page.locator('#busy:not([hidden])').count()) {
        lags.push(await page.evaluate(() => new Promise<number>((r) => { const t = performance.now(); setTimeout(() => r(performance.now() - t), 0); })));
      }
      await page.locator('#results:not([hidden])').waitFor();
      assert.ok(lags.length >= 3, `only ${lags.length} samples while busy`);
      assert.ok(Math.max(...lags) < 250, `main thread blocked: timer lags ${lags.map((l) => l.toFixed(0)).join(', ')} ms`);
    });

    test('the person detection demo: person.bmp (decoded by examples/person_detection/image.ts) scores as the CLI', async () => {
      await page.setInputFiles('#person-model', { name: 'person_detect.tflite', mimeType: 'application/octet-stream', buffer: readFileSync(PERSON_MODEL) });
      await page.locator('#person-image:not([disabled])').waitFor();
      await page.setInputFiles('#person-image', { name: 'person.bmp', mimeType: 'image/bmp', buffer: readFileSync(PERSON_BMP) });
      await page.locator('#person-result[data-person]').waitFor();
      const cli = cliRun(PERSON_MODEL, [gray()])[0]!.values as number[];
      assert.equal(Number(await page.getAttribute('#person-result', 'data-person')), cli[1]);
      assert.equal(Number(await page.getAttribute('#person-result', 'data-no-person')), cli[0]);
      assert.match((await page.textContent('#person-result .label'))!, /^person$/);
      assert.ok(await page.locator('#person-error').isHidden());
      await shot('person_demo');
    });

    test('the person detection demo rejects a model that is not one, and a file that is not an image', async () => {
      await page.setInputFiles('#person-image', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
      await page.locator('#person-error:not([hidden])').waitFor();
      assert.match((await page.textContent('#person-error'))!, /Could not classify notes\.txt: .*not an image/);
      await page.setInputFiles('#person-model', { name: 'hello.tflite', mimeType: 'application/octet-stream', buffer: readFileSync(HELLO) });
      await page.waitForFunction(() => /not a person detection model/.test(document.getElementById('person-error')!.textContent ?? ''));
    });
  });

  describe('micro_speech', { skip: SKIP_SPEECH }, () => {
    test('the micro_speech demo classifies TFLM\'s yes / no test clips', async () => {
      const models = ['audio_preprocessor_int8.tflite', 'micro_speech_quantized.tflite'].map((f) => ({ name: f, mimeType: 'application/octet-stream', buffer: readFileSync(join(SPEECH_DIR, f)) }));
      await page.setInputFiles('#speech-models', models.reverse()); // either order
      await page.locator('#speech-wav:not([disabled])').waitFor();
      for (const [file, label] of [['yes_1000ms.wav', 'yes'], ['no_1000ms.wav', 'no']] as const) {
        await page.evaluate(() => delete document.getElementById('speech-result')!.dataset.label);
        await page.setInputFiles('#speech-wav', { name: file, mimeType: 'audio/wav', buffer: readFileSync(join(SPEECH_DIR, 'testdata', file)) });
        await page.locator('#speech-result[data-label], #speech-error:not([hidden])').first().waitFor();
        assert.ok(await page.locator('#speech-error').isHidden(), (await page.textContent('#speech-error')) ?? '');
        assert.equal(await page.getAttribute('#speech-result', 'data-label'), label);
      }
      await shot('speech_demo');
    });
  });

  test('no uncaught errors on the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
