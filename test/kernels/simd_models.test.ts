/**
 * Real models (../shared) run with the reference kernels and with the WebAssembly SIMD kernels: every output
 * byte must be the same, float32 models included (the conformance test checks float32 against TFLM with a
 * tolerance; the SIMD kernels promise the reference's exact float32 results). `GOLDEN=stem,...` selects.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allOpsResolver } from '../../src/all-ops.js';
import { optimizeResolver, SimdBackend, simdSupported } from '../../src/kernels/simd/index.js';
import { Model } from '../../src/model/reader.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import { goldenFile, goldenHas, goldenIndex, goldenMeta, HAVE_SHARED, sharedModel, SKIP_SHARED } from '../helpers/shared.js';

const MODELS = [
  'person_detect', 'vww_96_int8', 'vww_96_float', 'kws_ref_model', 'pretrainedResnet_quant', 'pretrainedResnet',
  'ad01_fp32', 'ad01_int8', 'micro_speech_quantized', 'str_ww_ref_model', 'hello_world_float', 'hello_world_int8',
];
const only = process.env.GOLDEN ? new Set(process.env.GOLDEN.split(',')) : null;
const SKIP = SKIP_SHARED || (simdSupported() ? false : 'no WebAssembly SIMD in this engine');

describe('SIMD kernels reproduce the reference kernels on real models', { skip: SKIP }, () => {
  if (SKIP || !HAVE_SHARED) return;
  const known = new Set(goldenIndex().filter((e) => e.status === 'ok').map((e) => e.stem));
  for (const stem of MODELS) {
    if ((only && !only.has(stem)) || !known.has(stem)) continue;
    const meta = goldenMeta(stem);
    test(stem, () => {
      const bytes = sharedModel(meta.model);
      const ref = new Interpreter(Model.fromBytes(bytes), allOpsResolver());
      const backend = SimdBackend.create({ memoryBytes: bytes.length + 2 * meta.arena_used_bytes + (1 << 20) });
      const simd = new Interpreter(Model.fromBytes(backend.place(bytes)), optimizeResolver(allOpsResolver(), backend), { arena: backend.arenaAllocator() });
      ref.allocateTensors();
      simd.allocateTensors();
      // Every input file of the model (rand1 and the extra seeds / real inputs where present).
      const inputs = ['rand1', 'rand2', 'rand3', 'person', 'no_person'].filter((c) => goldenHas(stem, `${c}.input.bin`));
      const record = meta.inputs.reduce((n, t) => n + t.bytes, 0);
      for (const c of inputs) {
        const data = goldenFile(stem, `${c}.input.bin`);
        for (let at = 0; at + record <= data.length; at += record) {
          let o = at;
          meta.inputs.forEach((t, k) => {
            ref.input(k).bytes.set(data.subarray(o, o + t.bytes));
            simd.input(k).bytes.set(data.subarray(o, o + t.bytes));
            o += t.bytes;
          });
          ref.invoke();
          simd.invoke();
          for (let k = 0; k < ref.outputCount; k++) {
            const want = ref.output(k).bytes;
            const got = simd.output(k).bytes;
            for (let j = 0; j < want.length; j++) {
              if (got[j] !== want[j]) assert.fail(`${stem} ${c} record ${at / record}: output ${k} byte ${j}: simd ${got[j]}, reference ${want[j]}`);
            }
          }
        }
      }
    });
  }
});
