#!/usr/bin/env node
// `npm run size`: bundle each size probe (size/*.ts) with esbuild --bundle --minify, gzip it, and fail when a
// bundle is over its budget. Also checks tree-shaking: the hello_world bundle must hold no convolution code.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;
const probes = [
  { name: 'core runtime', entry: 'size/core.ts', budget: 10 * KB },
  { name: 'hello_world app (FULLY_CONNECTED)', entry: 'size/hello_world.ts', budget: 15 * KB, mustNotContain: ['filter output channels', 'groups'] },
  { name: 'person_detect app (reference kernels)', entry: 'size/person_detect.ts', budget: 40 * KB },
  { name: 'person_detect app (SIMD kernels, wasm included)', entry: 'size/person_detect_simd.ts', budget: 40 * KB + 30 * KB },
];

let failed = false;
const rows = [];
for (const p of probes) {
  const r = await build({
    entryPoints: [join(root, p.entry)],
    bundle: true, minify: true, format: 'esm', platform: 'neutral', write: false, treeShaking: true,
    keepNames: false, legalComments: 'none', logLevel: 'silent',
  });
  const code = r.outputFiles[0].contents;
  const text = new TextDecoder().decode(code);
  const gz = gzipSync(code, { level: 9 }).length;
  const over = gz > p.budget;
  const leaks = (p.mustNotContain ?? []).filter((s) => text.includes(s));
  if (over || leaks.length) failed = true;
  rows.push(`${p.name.padEnd(48)} ${String(code.length).padStart(8)} B min ${(gz / KB).toFixed(1).padStart(7)} KB gzip  budget ${(p.budget / KB).toFixed(0)} KB${over ? '  OVER BUDGET' : ''}${leaks.length ? `  contains ${leaks.join(', ')}` : ''}`);
}
console.log(rows.join('\n'));
console.log(failed ? 'size: FAILED' : 'size: all bundles within budget');
process.exitCode = failed ? 1 : 0;
