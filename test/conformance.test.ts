/**
 * Model conformance against the C++ TFLM reference: for every golden case in ../shared/golden whose ops tflm
 * implements, run the model and require bit-exact int outputs (float32 within 1e-5 relative) and an arena no
 * larger than TFLM's. Models with ops not yet implemented are reported as skipped, by name.
 * `GOLDEN=stem1,stem2` restricts the run.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allOpsResolver } from '../src/all-ops.js';
import { Model } from '../src/model/reader.js';
import { builtinOperatorName, BuiltinOperator } from '../src/model/schema.js';
import { TensorType } from '../src/model/types.js';
import { Interpreter, type InterpreterOptions } from '../src/runtime/interpreter.js';
import { optimizeResolver, SimdBackend, simdSupported } from '../src/kernels/simd/index.js';
import type { OpResolver } from '../src/runtime/resolver.js';
import { goldenFile, goldenIndex, goldenMeta, HAVE_SHARED, sharedModel, SKIP_SHARED } from './helpers/shared.js';

const only = process.env.GOLDEN ? new Set(process.env.GOLDEN.split(',')) : null;

/** Kernel sets to check: the reference kernels, and the SIMD ones where the engine has WebAssembly SIMD. */
interface Variant {
  name: string;
  setup(bytes: Uint8Array, arenaHint: number): { model: Model; resolver: OpResolver; options: InterpreterOptions };
}
const variants: Variant[] = [
  { name: 'reference', setup: (bytes) => ({ model: Model.fromBytes(bytes), resolver: allOpsResolver(), options: {} }) },
];
if (simdSupported() && process.env.KERNELS !== 'reference')
  variants.push({
    name: 'simd',
    setup(bytes, arenaHint) {
      const backend = SimdBackend.create({ memoryBytes: bytes.length + 2 * arenaHint + (1 << 20) });
      return { model: Model.fromBytes(backend.place(bytes)), resolver: optimizeResolver(allOpsResolver(), backend), options: { arena: backend.arenaAllocator() } };
    },
  });
if (process.env.KERNELS === 'optimized') variants.shift();

describe('conformance with C++ TFLM goldens', { skip: SKIP_SHARED }, () => {
  if (!HAVE_SHARED) return;
  const resolver = allOpsResolver();
  for (const entry of goldenIndex()) {
    if (only && !only.has(entry.stem)) continue;
    if (entry.status !== 'ok') continue;
    const meta = goldenMeta(entry.stem);
    const bytes = sharedModel(meta.model);
    let model: Model;
    try {
      model = Model.fromBytes(bytes);
    } catch (e) {
      test(`${entry.stem}: loads`, () => assert.fail(String(e)));
      continue;
    }
    const missing = new Set<string>();
    for (const sg of model.subgraphs)
      for (const op of sg.operators) {
        const c = model.operatorCodes[op.opcodeIndex]!;
        if (!resolver.find(c.builtinCode, c.customCode))
          missing.add(c.builtinCode === BuiltinOperator.CUSTOM ? c.customCode ?? 'CUSTOM' : builtinOperatorName(c.builtinCode));
      }
    if (missing.size > 0) {
      test(`${entry.stem}`, { skip: `ops not implemented yet: ${[...missing].join(', ')}` }, () => {});
      continue;
    }
    for (const c of meta.cases) for (const variant of variants) {
      test(`${entry.stem} / ${c.name} [${variant.name}]`, () => {
        const input = goldenFile(entry.stem, `${c.name}.input.bin`);
        const expected = goldenFile(entry.stem, `${c.name}.output.bin`);
        const v = variant.setup(bytes, meta.arena_used_bytes);
        const interp = new Interpreter(v.model, v.resolver, v.options);
        interp.allocateTensors();
        assert.ok(
          interp.arenaUsedBytes <= meta.arena_used_bytes,
          `arena ${interp.arenaUsedBytes} bytes > TFLM's ${meta.arena_used_bytes}`,
        );
        const steps = c.steps ?? 1;
        const inRecord = meta.inputs.reduce((n, t) => n + t.bytes, 0);
        const outRecord = meta.outputs.reduce((n, t) => n + t.bytes, 0);
        assert.equal(input.length, inRecord * steps, 'input file size');
        assert.equal(expected.length, outRecord * steps, 'output file size');
        for (let s = 0; s < steps; s++) {
          let at = s * inRecord;
          meta.inputs.forEach((t, k) => {
            const dst = interp.input(k).bytes;
            assert.equal(dst.length, t.bytes, `input ${k} bytes`);
            dst.set(input.subarray(at, at + t.bytes));
            at += t.bytes;
          });
          interp.invoke();
          let out = s * outRecord;
          meta.outputs.forEach((t, k) => {
            const o = interp.output(k);
            const want = expected.subarray(out, out + t.bytes);
            out += t.bytes;
            if (o.type === TensorType.FLOAT32) {
              const got = o.data as Float32Array;
              const w = new Float32Array(want.slice().buffer);
              for (let j = 0; j < w.length; j++) {
                const ok = Math.abs(got[j]! - w[j]!) <= 1e-5 * Math.max(Math.abs(w[j]!), 1e-30) || got[j] === w[j];
                if (!ok) assert.fail(`step ${s} output ${k}[${j}] = ${got[j]}, TFLM ${w[j]}`);
              }
            } else {
              const got = o.bytes;
              for (let j = 0; j < want.length; j++)
                if (got[j] !== want[j]) assert.fail(`step ${s} output ${k}: first differing byte ${j}: ${got[j]} vs TFLM ${want[j]}`);
            }
          });
        }
      });
    }
  }
});
