// "Everywhere JS runs": the library (src/ minus src/cli) uses no Node or DOM API, has no top-level await, and a
// bundled app runs unchanged in QuickJS (an engine with no Node, DOM, TextDecoder or WebAssembly) with the
// same outputs as in Node.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import { getQuickJS } from 'quickjs-emscripten';
import { REPO_ROOT } from './helpers/shared.js';

const SRC = join(REPO_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return p === join(SRC, 'cli') || e.name === 'asm' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Code without comments and (unless `keepStrings`) without the text of string literals (template expressions are kept). */
function codeOnly(text: string, keepStrings = false): string {
  let out = '';
  let i = 0;
  const templates: number[] = []; // brace depth at which each open template's ${ started
  let depth = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'" || c === '"') {
      i++;
      const start = i - 1;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      out += keepStrings ? text.slice(start, i) : `${c}${c}`;
    } else if (c === '`' || (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth)) {
      // Template text up to the closing backtick or the next `${`.
      if (c === '}') templates.pop();
      else depth++;
      i++;
      while (i < text.length && text[i] !== '`' && !(text[i] === '$' && text[i + 1] === '{')) i += text[i] === '\\' ? 2 : 1;
      if (text[i] === '`') {
        depth--;
        i++;
        out += '``';
      } else {
        templates.push(++depth);
        i += 2;
        out += '`${';
      }
    } else {
      if (c === '{') depth++;
      if (c === '}') depth--;
      out += c;
      i++;
    }
  }
  return out;
}

const FORBIDDEN: [RegExp, string][] = [
  [/(?<![.\w$])process\s*\./, 'process.'],
  [/(?<![.\w$])Buffer\b/, 'Buffer'],
  [/(?<![.\w$])require\s*\(/, 'require('],
  [/(?<![.\w$])(document|window)\s*\./, 'document/window'],
  [/typeof\s+(document|window)\b/, 'document/window'],
  [/(?<![.\w$])(__dirname|__filename)\b/, '__dirname'],
  [/(?<![.\w$])(TextDecoder|TextEncoder)\b/, 'TextDecoder/TextEncoder (absent in QuickJS, Hermes)'],
];

describe('portability: the library itself', () => {
  const files = sourceFiles(SRC);

  test('scans every library source file (src/ minus cli/)', () => {
    assert.ok(files.length > 50, `${files.length} files`);
    assert.ok(files.every((f) => !f.includes(`${join('src', 'cli')}`)));
  });

  test('imports only its own modules (no node: or package imports)', () => {
    const bad: string[] = [];
    for (const f of files) {
      const text = codeOnly(readFileSync(f, 'utf8'), true);
      for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
        if (!m[1]!.startsWith('./') && !m[1]!.startsWith('../')) bad.push(`${relative(REPO_ROOT, f)}: ${m[1]}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  test('uses no Node or DOM globals (process, Buffer, require, document, window, __dirname, TextEncoder/TextDecoder)', () => {
    const bad: string[] = [];
    for (const f of files) {
      const code = codeOnly(readFileSync(f, 'utf8'));
      for (const [re, what] of FORBIDDEN) if (re.test(code)) bad.push(`${relative(REPO_ROOT, f)}: ${what}`);
    }
    assert.deepEqual(bad, []);
  });

  test('the scanner sees through comments and strings, and catches real uses', () => {
    const hits = (s: string) => FORBIDDEN.filter(([re]) => re.test(codeOnly(s))).map(([, w]) => w);
    assert.deepEqual(hits('// process.exit()\n/* Buffer */ const s = "window.x"; const t = `document.${1}`;'), []);
    assert.deepEqual(hits('const window = w; f(window[0]); obj.process.x; a.require(1);'), []);
    assert.deepEqual(hits('const x = `${process.env.X}`;'), ['process.']);
    assert.deepEqual(hits('Buffer.from(a)'), ['Buffer']);
    assert.deepEqual(hits('if (typeof window !== "undefined") {}'), ['document/window']);
    assert.deepEqual(hits('document.body'), ['document/window']);
  });

  test('bundles as a classic script (IIFE): no top-level await anywhere in the library', async () => {
    const r = await build({
      stdin: {
        contents: `export * from './src/index.js'; export * from './src/all-ops.js'; export * from './src/kernels/simd/index.js'; export * from './src/runtime/report.js';`,
        resolveDir: REPO_ROOT,
        loader: 'ts',
      },
      bundle: true, format: 'iife', globalName: 'tflm', platform: 'neutral', write: false, logLevel: 'silent',
    });
    assert.ok(r.outputFiles[0]!.text.length > 10000);
  });
});

/** A hello_world app as one classic script: defines `runHello(modelBytes, inputs)` → outputs (int8). */
async function helloBundle(): Promise<string> {
  const r = await build({
    stdin: {
      contents: `
        import { FULLY_CONNECTED, Interpreter, Model, OpResolver } from './src/index.js';
        globalThis.runHello = (bytes, inputs) => {
          const interp = new Interpreter(Model.fromBytes(new Uint8Array(bytes)), new OpResolver([FULLY_CONNECTED]));
          interp.allocateTensors();
          const out = [];
          for (const x of inputs) {
            interp.input(0).data[0] = x;
            interp.invoke();
            out.push(interp.output(0).data[0]);
          }
          return { outputs: out, arena: interp.arenaUsedBytes };
        };`,
      resolveDir: REPO_ROOT,
      loader: 'ts',
    },
    bundle: true, minify: true, format: 'iife', platform: 'neutral', write: false, logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

/** Every kernel module loaded (descriptors built) without running anything: `countOps()`. */
async function allOpsBundle(): Promise<string> {
  const r = await build({
    stdin: {
      contents: `import { allOps } from './src/all-ops.js'; import { simdSupported } from './src/kernels/simd/index.js';
        globalThis.countOps = () => ({ ops: allOps().length, simd: simdSupported() });`,
      resolveDir: REPO_ROOT,
      loader: 'ts',
    },
    bundle: true, format: 'iife', platform: 'neutral', write: false, logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

/** Build a model with ModelBuilder (non-ASCII names), load it back, run it: `builderRoundTrip()`. */
async function builderBundle(): Promise<string> {
  const r = await build({
    stdin: {
      contents: `
        import { BuiltinOperator, FULLY_CONNECTED, Interpreter, Model, ModelBuilder, OpResolver, TensorType } from './src/index.js';
        globalThis.builderRoundTrip = () => {
          const b = new ModelBuilder();
          const sg = b.subgraph();
          const x = sg.tensor({ name: 'entrée ✓', type: TensorType.FLOAT32, shape: [1, 2] });
          const w = sg.tensor({ name: 'w😀', type: TensorType.FLOAT32, shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) });
          const y = sg.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, 2] });
          sg.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [x, w, -1], outputs: [y] });
          sg.setInputs([x]);
          sg.setOutputs([y]);
          const model = Model.fromBytes(b.finish());
          const interp = new Interpreter(model, new OpResolver([FULLY_CONNECTED]));
          interp.allocateTensors();
          interp.input(0).data.set([1, 10]);
          interp.invoke();
          return { names: model.subgraphs[0].tensors.map((t) => t.name), y: Array.from(interp.output(0).data) };
        };`,
      resolveDir: REPO_ROOT,
      loader: 'ts',
    },
    bundle: true, format: 'iife', platform: 'neutral', write: false, logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

describe('portability: QuickJS (quickjs-emscripten)', () => {
  const modelBytes = Array.from(readFileSync(join(REPO_ROOT, 'examples', 'hello_world', 'hello_world_int8.tflite')));
  const inputs = Array.from({ length: 64 }, (_, i) => (i * 4) - 128);

  async function inQuickJS<T>(script: string, call: string): Promise<T> {
    const QuickJS = await getQuickJS();
    const vm = QuickJS.newContext();
    try {
      const r = vm.evalCode(`${script}\n;JSON.stringify(${call})`);
      if (r.error) {
        const e = vm.dump(r.error) as { name?: string; message?: string; stack?: string };
        r.error.dispose();
        throw new Error(`QuickJS: ${e.name}: ${e.message}\n${e.stack ?? ''}`);
      }
      const text = vm.dump(r.value) as string;
      r.value.dispose();
      return JSON.parse(text) as T;
    } finally {
      vm.dispose();
    }
  }

  test('QuickJS really lacks what the library must not need', async () => {
    const missing = await inQuickJS<Record<string, string>>('', `({ process: typeof process, Buffer: typeof Buffer, TextDecoder: typeof TextDecoder, WebAssembly: typeof WebAssembly, window: typeof window, performance: typeof performance })`);
    assert.deepEqual(missing, { process: 'undefined', Buffer: 'undefined', TextDecoder: 'undefined', WebAssembly: 'undefined', window: 'undefined', performance: 'undefined' });
  });

  test('hello_world bundle: QuickJS outputs equal Node (fresh vm context) outputs, input by input', async () => {
    const script = await helloBundle();
    const call = `runHello(${JSON.stringify(modelBytes)}, ${JSON.stringify(inputs)})`;
    const quick = await inQuickJS<{ outputs: number[]; arena: number }>(script, call);
    const node = JSON.parse(runInNewContext(`${script}\n;JSON.stringify(${call})`, {}) as string) as { outputs: number[]; arena: number };
    assert.equal(quick.outputs.length, inputs.length);
    assert.deepEqual(quick, node);
    // And the model computes something sine-like: outputs are not all equal.
    assert.ok(new Set(quick.outputs).size > 10);
  });

  test('ModelBuilder and the reader round-trip UTF-8 names in QuickJS (no TextEncoder/TextDecoder there)', async () => {
    const r = await inQuickJS<{ names: string[]; y: number[] }>(await builderBundle(), 'builderRoundTrip()');
    assert.deepEqual(r, { names: ['entrée ✓', 'w😀', 'y'], y: [21, 43] });
  });

  test('every kernel module loads in QuickJS (no engine-specific API at module top level); SIMD reports unsupported', async () => {
    const r = await inQuickJS<{ ops: number; simd: boolean }>(await allOpsBundle(), 'countOps()');
    assert.ok(r.ops > 60, `${r.ops} ops`);
    assert.equal(r.simd, false);
  });
});
