import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KernelError } from '../../src/errors.js';
import { FULLY_CONNECTED } from '../../src/kernels/fully_connected.js';
import { ModelBuilder } from '../../src/model/builder.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOperator } from '../../src/model/schema.js';
import { TensorType } from '../../src/model/types.js';
import { Interpreter, type InterpreterOptions } from '../../src/runtime/interpreter.js';
import { allOpsResolver } from '../../src/all-ops.js';
import { optimizeResolver, SimdBackend, simdSupported } from '../../src/kernels/simd/index.js';
import { goldenFile, goldenMeta, HAVE_SHARED, sharedModel, SKIP_SHARED } from '../helpers/shared.js';
import { defineOp } from '../../src/runtime/kernel.js';
import { OpResolver } from '../../src/runtime/resolver.js';
import { validation } from '../../src/runtime/validate.js';

/** x → FC → h → TestOverrun → y: the custom op writes one byte past its output through a wider view. */
function model(): Uint8Array {
  const b = new ModelBuilder();
  const sg = b.subgraph();
  const x = sg.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 4] });
  const w = sg.tensor({ name: 'w', type: TensorType.FLOAT32, shape: [4, 4], data: Float32Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0)) });
  const h = sg.tensor({ name: 'h', type: TensorType.FLOAT32, shape: [1, 4] });
  const y = sg.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, 4] });
  sg.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [x, w, -1], outputs: [h] });
  sg.op({ custom: 'TestOverrun', inputs: [h], outputs: [y] });
  sg.setInputs([x]);
  sg.setOutputs([y]);
  return b.finish();
}

const overrun = (bytes: number) =>
  defineOp({
    name: 'TestOverrun',
    code: BuiltinOperator.CUSTOM,
    custom: 'TestOverrun',
    invoke(ctx) {
      const out = ctx.outputs[0]!.bytes;
      out.set(ctx.inputs[0]!.bytes);
      // A buggy (or raw-pointer, e.g. WebAssembly) kernel: writes past its output's end.
      new Uint8Array(out.buffer, out.byteOffset, out.length + bytes).fill(7, out.length);
    },
  });

describe('validation mode', () => {
  test('a well-behaved model runs the same with validation on', () => {
    const plain = new Interpreter(Model.fromBytes(model()), new OpResolver([FULLY_CONNECTED, overrun(0)]));
    const checked = new Interpreter(Model.fromBytes(model()), new OpResolver([FULLY_CONNECTED, overrun(0)]), { validate: validation });
    for (const i of [plain, checked]) {
      i.allocateTensors();
      (i.input(0).data as Float32Array).set([1, 2, 3, 4]);
      i.invoke();
    }
    assert.deepEqual(Array.from(checked.output(0).data as Float32Array), Array.from(plain.output(0).data as Float32Array));
  });

  test('a kernel writing past its output is caught and named', () => {
    const interp = new Interpreter(Model.fromBytes(model()), new OpResolver([FULLY_CONNECTED, overrun(1)]), { validate: validation });
    interp.allocateTensors();
    assert.throws(() => interp.invoke(), (e: unknown) => e instanceof KernelError && e.op === 'TestOverrun' && e.node === 1 && /wrote outside its tensors/.test(e.message));
  });
});

describe('validation mode on real models (plan check + canaries, both kernel sets)', { skip: SKIP_SHARED }, () => {
  if (!HAVE_SHARED) return;
  const stems = ['person_detect', 'kws_ref_model', 'vww_96_int8', 'micro_speech_lstm', 'audio_preprocessor_int8', 'keyword_scrambled', 'dtln_noise_suppression', 'transpose_conv0'];
  for (const stem of stems) {
    for (const kernels of simdSupported() ? ['reference', 'simd'] : ['reference']) {
      test(`${stem} [${kernels}]`, () => {
        const meta = goldenMeta(stem);
        let bytes = sharedModel(meta.model);
        let resolver = allOpsResolver();
        const options: InterpreterOptions = { validate: validation };
        if (kernels === 'simd') {
          const backend = SimdBackend.create({ memoryBytes: bytes.length + 4 * meta.arena_used_bytes + (1 << 20) });
          bytes = backend.place(bytes);
          resolver = optimizeResolver(resolver, backend);
          options.arena = backend.arenaAllocator();
        }
        const interp = new Interpreter(Model.fromBytes(bytes), resolver, options);
        interp.allocateTensors();
        const c = meta.cases[0]!;
        const input = goldenFile(stem, `${c.name}.input.bin`);
        const expected = goldenFile(stem, `${c.name}.output.bin`);
        const inRecord = meta.inputs.reduce((n, t) => n + t.bytes, 0);
        const outRecord = meta.outputs.reduce((n, t) => n + t.bytes, 0);
        for (let s = 0; s < (c.steps ?? 1); s++) {
          let at = s * inRecord;
          meta.inputs.forEach((t, k) => {
            interp.input(k).bytes.set(input.subarray(at, at + t.bytes));
            at += t.bytes;
          });
          interp.invoke();
          let out = s * outRecord;
          meta.outputs.forEach((t, k) => {
            const got = interp.output(k).bytes;
            const want = expected.subarray(out, out + t.bytes);
            out += t.bytes;
            if (interp.output(k).type === TensorType.FLOAT32) return; // exactness is the conformance test's job
            assert.deepEqual(Array.from(got), Array.from(want));
          });
        }
      });
    }
  }
});
