#!/usr/bin/env node
// `npm run size`: bundle each size probe (size/*.ts) as an app would (esbuild --bundle --minify, ESM), gzip it,
// and compare with its budget. Also checks tree-shaking from the bundles' metafiles and unminified names: the
// core bundles no kernel at all, and the hello_world app (FULLY_CONNECTED only) no convolution code.
//
// Each probe has a `target` (the budget tflm aims at) and a `limit` (the ceiling CI enforces, so that no change
// grows a bundle unnoticed). Where a target is not met yet, the limit is the current size plus a small margin and
// the report says by how much the target is missed. Exit status 1 when a bundle is over its limit or a
// tree-shaking check fails. `--json` prints the measurements as JSON.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;

/** Modules that implement convolutions (the descriptors and their shared prepare code). */
const CONV_MODULES = ['src/kernels/conv_2d.ts', 'src/kernels/depthwise_conv_2d.ts', 'src/kernels/transpose_conv.ts', 'src/kernels/conv_common.ts', 'src/kernels/simd/conv_2d.ts', 'src/kernels/simd/depthwise_conv_2d.ts'];
/** Convolution functions and descriptors, by their source names (checked in an unminified bundle). */
const CONV_NAMES = /\b(?:function\s+(?:conv|depthwiseConv|transposeConv)\w*\s*\(|var\s+(?:CONV_2D|DEPTHWISE_CONV_2D|TRANSPOSE_CONV)\b)/g;

export const probes = [
  { name: 'core runtime (reader, interpreter, planner)', entry: 'size/core.ts', target: 10 * KB, limit: 12.6 * KB, noKernels: true },
  { name: 'hello_world app (FULLY_CONNECTED)', entry: 'size/hello_world.ts', target: 15 * KB, limit: 17.1 * KB, noConv: true },
  { name: 'person_detect app (reference kernels)', entry: 'size/person_detect.ts', target: 40 * KB, limit: 40 * KB },
  { name: 'person_detect app (SIMD kernels + wasm)', entry: 'size/person_detect_simd.ts', target: 70 * KB, limit: 70 * KB },
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

/** What a bundle holds that it must not: kernel modules (core) or convolution code (hello_world). */
export async function leaks(probe) {
  const found = [];
  if (!probe.noKernels && !probe.noConv) return found;
  const { modules } = await bundle(probe.entry, true);
  if (probe.noKernels) found.push(...modules.filter((m) => m.startsWith('src/kernels/')));
  if (probe.noConv) {
    found.push(...modules.filter((m) => CONV_MODULES.includes(m)));
    const { text } = await bundle(probe.entry, false);
    found.push(...[...text.matchAll(CONV_NAMES)].map((m) => m[0].replace(/\s+/g, ' ').replace(/\s*\($/, '')));
  }
  return [...new Set(found)];
}

export async function measure(probe) {
  const { code, modules } = await bundle(probe.entry, true);
  return { name: probe.name, entry: probe.entry, minified: code.length, gzip: gzipSync(code, { level: 9 }).length, target: probe.target, limit: probe.limit, modules: modules.length, leaks: await leaks(probe) };
}

async function main() {
  const rows = [];
  for (const p of probes) rows.push(await measure(p));
  const failed = rows.some((r) => r.gzip > r.limit || r.leaks.length > 0);
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else {
    const kb = (n) => `${(n / KB).toFixed(1)} KB`;
    for (const r of rows) {
      const status = r.gzip > r.limit ? `OVER LIMIT ${kb(r.limit)}` : r.gzip > r.target ? `target ${kb(r.target)} not met (+${kb(r.gzip - r.target)}; limit ${kb(r.limit)})` : `within target ${kb(r.target)}`;
      console.log(`${r.name.padEnd(44)} ${String(r.minified).padStart(7)} B min ${kb(r.gzip).padStart(8)} gzip  ${status}${r.leaks.length ? `  BUNDLES ${r.leaks.join(', ')}` : ''}`);
    }
    console.log(failed ? 'size: FAILED' : 'size: every bundle within its limit; tree-shaking checks pass');
  }
  process.exitCode = failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
