#!/usr/bin/env node
// Optional benchmark (not run by CI or `npm run bench`): tflm against tfjs-tflite (TFLite + XNNPACK compiled to
// WebAssembly SIMD) in the same headless Chromium page, same run, same timing method (batches of >= 2 ms,
// median per call). tfjs-tflite is not a dependency of tflm; install it somewhere and point TFJS_DIR at that
// node_modules:
//
//   mkdir /tmp/tfjs && (cd /tmp/tfjs && npm i @tensorflow/tfjs-tflite@0.0.1-alpha.10 @tensorflow/tfjs-core @tensorflow/tfjs-backend-cpu)
//   npm run build && TFJS_DIR=/tmp/tfjs/node_modules node bench/tfjs-tflite.mjs [model.tflite ...]
//
// Columns: tflm reference and SIMD kernels (invoke()), tfjs-tflite's raw `infer()` (its model runner, inputs
// already in place: the fairest engine-to-engine figure) and `predict()` (its public API: tensors in, copies
// in and out, dataSync), then ratios (> 1: tflm faster). Models default to ../shared/models (the issue's eight).
// Needs /usr/bin/chromium (or CHROMIUM=path) and playwright-core (a devDependency).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared', 'models');
const tfjsDir = resolve(process.env.TFJS_DIR ?? join(root, 'node_modules'));
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const budgetMs = Number(process.env.BUDGET_MS ?? 3000);
const DEFAULT = [
  'tflm/hello_world/hello_world_int8.tflite', 'tflm/micro_speech/micro_speech_quantized.tflite', 'mlperf_tiny/anomaly_detection/ad01_int8.tflite',
  'tflm/person_detection/person_detect.tflite', 'mlperf_tiny/visual_wake_words/vww_96_int8.tflite', 'mlperf_tiny/keyword_spotting/kws_ref_model.tflite',
  'mlperf_tiny/image_classification/pretrainedResnet_quant.tflite', 'tflm/xtensa/mobilenet_v2_quantized_1x3x224x224.tflite',
];

const need = [
  [existsSync(chromiumPath), `no Chromium at ${chromiumPath} (set CHROMIUM)`],
  [existsSync(join(tfjsDir, '@tensorflow', 'tfjs-tflite', 'wasm')), `no @tensorflow/tfjs-tflite in ${tfjsDir} (see the comment at the top of this file)`],
];
for (const [ok, why] of need) if (!ok) { console.log(`tfjs-tflite bench skipped: ${why}`); process.exit(0); }
const models = process.argv.length > 2 ? process.argv.slice(2).map((m) => resolve(m)) : DEFAULT.map((m) => join(shared, m)).filter(existsSync);
if (models.length === 0) { console.log(`tfjs-tflite bench skipped: no models (../shared/models missing; pass .tflite paths)`); process.exit(0); }

const tflm = await build({
  entryPoints: [join(root, 'bench', 'browser-entry.ts')], bundle: true, format: 'iife', globalName: 'tflm', platform: 'browser',
  target: ['es2022'], write: false, logLevel: 'warning',
});
const page = `<!doctype html><meta charset="utf-8"><body>
<script src="/nm/@tensorflow/tfjs-core/dist/tf-core.min.js"></script>
<script src="/nm/@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.min.js"></script>
<script src="/nm/@tensorflow/tfjs-tflite/dist/tf-tflite.min.js"></script>
<script src="/tflm.js"></script>
<script>
tflite.setWasmPath('/nm/@tensorflow/tfjs-tflite/wasm/');
console.warn = () => {};
window.run = async (url, budgetMs) => {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const out = { reference: tflm.tflmBench(bytes, 'reference', budgetMs), optimized: tflm.tflmBench(bytes, 'optimized', budgetMs) };
  try {
    const model = await tflite.loadTFLiteModel(url, { numThreads: 1 });
    const runner = model.modelRunner;
    for (const t of runner.getInputs()) { const d = t.data(); for (let i = 0; i < d.length; i++) d[i] = (i * 37) % 101; }
    out.infer = tflm.timeBatches(() => runner.infer(), budgetMs);
    const inputs = model.inputs.map((i) => tf.zeros(i.shape, i.dtype));
    out.predict = tflm.timeBatches(() => {
      const r = model.predict(inputs.length === 1 ? inputs[0] : inputs);
      for (const o of r instanceof tf.Tensor ? [r] : Object.values(r)) { o.dataSync(); o.dispose(); }
    }, budgetMs);
  } catch (e) { out.tfjsError = String(e && e.message || e).split('\\n')[0]; }
  return out;
};
</script>`;

const types = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
  let body = null;
  if (url === '/' ) body = page;
  else if (url === '/tflm.js') body = tflm.outputFiles[0].contents;
  else if (url.startsWith('/nm/')) body = readIf(join(tfjsDir, url.slice(4)), tfjsDir);
  else if (url.startsWith('/model/')) body = readIf(models[Number(url.slice(7))] ?? '', '/');
  if (body === null) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': url === '/' ? 'text/html' : types[extname(url)] ?? 'application/octet-stream' });
  res.end(body);
}).listen(0, '127.0.0.1');
function readIf(path, under) {
  return path.startsWith(under) && existsSync(path) ? readFileSync(path) : null;
}
await new Promise((r) => server.once('listening', r));
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  const cell = (v, w = 10, d) => (v === undefined || v === null ? '-' : v.toFixed(d ?? (v < 10 ? 3 : v < 100 ? 2 : 1))).padStart(w);
  console.log(`tflm vs tfjs-tflite in ${await browser.version()}, median µs per call (batches >= 2 ms, ~${budgetMs} ms each)`);
  console.log(`${'model'.padEnd(36)} ${'tflm ref'.padStart(10)} ${'tflm simd'.padStart(10)} ${'tfjs infer'.padStart(10)} ${'predict'.padStart(10)} ${'infer/simd'.padStart(10)} ${'pred/simd'.padStart(10)}`);
  for (let i = 0; i < models.length; i++) {
    const r = await tab.evaluate(([u, b]) => window.run(u, b), [`/model/${i}`, budgetMs]);
    const simd = r.optimized.medianUs;
    const name = models[i].split('/').pop().replace(/\.tflite$/, '');
    console.log(`${name.padEnd(36)} ${cell(r.reference.medianUs)} ${cell(simd)} ${cell(r.infer?.medianUs)} ${cell(r.predict?.medianUs)} ${cell(r.infer && r.infer.medianUs / simd, 10, 2)} ${cell(r.predict && r.predict.medianUs / simd, 10, 2)}${r.tfjsError ? `  tfjs-tflite: ${r.tfjsError}` : ''}`);
  }
} finally {
  await browser.close();
  server.close();
}
