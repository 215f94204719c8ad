#!/usr/bin/env node
// `npm run size`: bundle each size probe (size/*.ts, as compiled by `npm run build` into build/size/, importing
// the library's published JavaScript in build/src) as an app would (esbuild --bundle --minify, ESM), gzip it,
// and compare with its budget. Also checks tree-shaking from the bundles' metafiles and unminified names: the
// core bundles no kernel at all, and the hello_world app (FULLY_CONNECTED only) no convolution code.
//
// Budgets (issue #9): core runtime 10 KB, hello_world app 15 KB, person_detect app 40 KB gzip; the optimized
// kernels add their wasm, so the SIMD person_detect app may be 40 KB plus the gzip size of the embedded wasm
// (its base64 literal, as it sits in the bundle). Exit status 1 when a bundle is over its budget or a
// tree-shaking check fails. `--json` prints the measurements as JSON.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;

/** Modules that implement convolutions (the descriptors and their shared prepare code). */
const CONV_MODULES = ['conv_2d', 'depthwise_conv_2d', 'transpose_conv', 'conv_common', 'simd/conv_2d', 'simd/depthwise_conv_2d'].map((m) => `build/src/kernels/${m}.js`);
/** Convolution functions and descriptors, by their source names (checked in an unminified bundle). */
const CONV_NAMES = /\b(?:function\s+(?:conv|depthwiseConv|transposeConv)\w*\s*\(|var\s+(?:CONV_2D|DEPTHWISE_CONV_2D|TRANSPOSE_CONV)\b)/g;

/** Gzip bytes of the embedded wasm as it sits in a bundle (the base64 literal of the generated module). */
export function wasmGzipBytes() {
  const src = readFileSync(join(root, 'src', 'kernels', 'simd', 'wasm-binary.ts'), 'utf8');
  const literal = /'([A-Za-z0-9+/=]+)'/.exec(src);
  if (!literal) throw new Error('src/kernels/simd/wasm-binary.ts holds no base64 literal (run scripts/build-wasm.mjs)');
  return gzipSync(literal[1], { level: 9 }).length;
}

export const probes = [
  { name: 'core runtime (reader, interpreter, planner)', entry: 'build/size/core.js', budget: () => 10 * KB, noKernels: true },
  { name: 'hello_world app (FULLY_CONNECTED)', entry: 'build/size/hello_world.js', budget: () => 15 * KB, noConv: true },
  { name: 'person_detect app (reference kernels)', entry: 'build/size/person_detect.js', budget: () => 40 * KB },
  { name: 'person_detect app (SIMD kernels + wasm)', entry: 'build/size/person_detect_simd.js', budget: () => 40 * KB + wasmGzipBytes(), wasm: true },
];

async function bundle(entry, minify) {
  const r = await build({
    entryPoints: [join(root, entry)],
    bundle: true, minify, format: 'esm', platform: 'neutral', write: false, treeShaking: true, metafile: true,
    keepNames: false, legalComments: 'none', logLevel: 'silent',
  });
  const out = Object.values(r.metafile.outputs)[0];
  // Modules that put code in the bundle (a module whose every export was dropped contributes 0 bytes).
  const modules = Object.entries(out.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => relative(root, join(root, k)).split('\\').join('/'));
  return { code: r.outputFiles[0].contents, text: r.outputFiles[0].text, modules };
}

/**
 * The schema's enum tables as TypeScript emits them (`e[e.AVERAGE_POOL_2D=1]="AVERAGE_POOL_2D"`): BuiltinOperator,
 * TensorType, BuiltinOptions. Apps read members, which the build inlines; a table in a bundle means it did not.
 */
export const ENUM_TABLES = /\b(?:AVERAGE_POOL_2D|COMPLEX128|Conv2DOptions)"?\]?\s*=\s*\d/g;

/** What a bundle holds that it must not: kernel modules (core), convolution code (hello_world), enum tables (both). */
export async function leaks(probe) {
  const found = [];
  if (!probe.noKernels && !probe.noConv) return found;
  const { modules, text: minified } = await bundle(probe.entry, true);
  found.push(...[...minified.matchAll(ENUM_TABLES)].map((m) => `enum table (${m[0]}: was build/ made by npm run build, not plain tsc?)`));
  if (probe.noKernels) found.push(...modules.filter((m) => m.startsWith('build/src/kernels/')));
  if (probe.noConv) {
    found.push(...modules.filter((m) => CONV_MODULES.includes(m)));
    const { text } = await bundle(probe.entry, false);
    found.push(...[...text.matchAll(CONV_NAMES)].map((m) => m[0].replace(/\s+/g, ' ').replace(/\s*\($/, '')));
  }
  return [...new Set(found)];
}

export async function measure(probe) {
  const { code, modules } = await bundle(probe.entry, true);
  return { name: probe.name, entry: probe.entry, minified: code.length, gzip: gzipSync(code, { level: 9 }).length, budget: probe.budget(), wasmGzip: probe.wasm ? wasmGzipBytes() : 0, modules: modules.length, leaks: await leaks(probe) };
}

async function main() {
  const rows = [];
  for (const p of probes) rows.push(await measure(p));
  const failed = rows.some((r) => r.gzip > r.budget || r.leaks.length > 0);
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else {
    const kb = (n) => `${(n / KB).toFixed(1)} KB`;
    for (const r of rows) {
      const budget = r.wasmGzip ? `${kb(r.budget)} (40 KB + ${kb(r.wasmGzip)} wasm)` : kb(r.budget);
      const status = r.gzip > r.budget ? `OVER BUDGET ${budget} by ${r.gzip - r.budget} B` : `within budget ${budget} (${r.budget - r.gzip} B to spare)`;
      console.log(`${r.name.padEnd(44)} ${String(r.minified).padStart(7)} B min ${kb(r.gzip).padStart(8)} gzip  ${status}${r.leaks.length ? `  BUNDLES ${r.leaks.join(', ')}` : ''}`);
    }
    console.log(failed ? 'size: FAILED' : 'size: every bundle within its budget; tree-shaking checks pass');
  }
  process.exitCode = failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
