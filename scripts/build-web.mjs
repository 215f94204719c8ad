#!/usr/bin/env node
// `npm run web:build`: the playground (web/) as static files in web/dist/: index.html, style.css, app.js (the
// page) and worker.js (inference, with the library and its WebAssembly SIMD kernels). No server code: serve
// web/dist from any static file server. Type-checks web/ first. `--dev`: no minification.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
const dev = process.argv.includes('--dev');

// The worker bundles the SIMD kernels, embedded by build-wasm (a no-op when up to date); esbuild does not
// type-check, tsc does (web/tsconfig.json: the DOM lib).
execFileSync(process.execPath, [join(root, 'scripts', 'build-wasm.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', web], { stdio: 'inherit' });

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const result = await build({
  entryPoints: { app: join(web, 'src', 'main.ts'), worker: join(web, 'src', 'worker.ts') },
  outdir: dist,
  bundle: true,
  format: 'iife',
  target: ['es2022'],
  platform: 'browser',
  minify: !dev,
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
for (const f of ['index.html', 'style.css']) copyFileSync(join(web, f), join(dist, f));

const size = (f) => `${(statSync(join(dist, f)).size / 1024).toFixed(1)} KB`;
console.log(`web/dist: app.js ${size('app.js')}, worker.js ${size('worker.js')} (${Object.keys(result.metafile.inputs).length} modules)`);
