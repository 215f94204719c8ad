// The reader on every real model in ../shared/models (skipped when ../shared is absent), cross-checked with
// the native TFLM run's metadata in ../shared/golden; plus decode speed on a 4 MB model.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { ModelBuilder } from '../../src/model/builder.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOperator, operatorName } from '../../src/model/schema.js';
import { TensorType, tensorTypeName } from '../../src/model/types.js';
import { SHARED_DIR } from '../helpers/shared.js';

const MODELS = join(SHARED_DIR, 'models');
const GOLDEN = join(SHARED_DIR, 'golden');
const SKIP = existsSync(MODELS) ? false : `../shared/models not found at ${MODELS} (real models are not part of the repo)`;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.tflite') ? [p] : [];
  });
}

function load(rel: string): Model {
  return Model.fromBytes(new Uint8Array(readFileSync(join(MODELS, rel))));
}

/** Op name as the golden metadata counts it: builtin name, or `CUSTOM:<custom code>`. */
function goldenOpName(m: Model, opcodeIndex: number): string {
  const c = m.operatorCodes[opcodeIndex]!;
  return c.builtinCode === BuiltinOperator.CUSTOM ? `CUSTOM:${c.customCode}` : operatorName(m.operatorCodes[opcodeIndex]!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

interface GoldenTensor {
  shape: number[];
  type: string;
  scale?: number;
  zero_point?: number;
  name?: string | null;
}

describe('real models (../shared/models)', () => {
  test('every model loads; data are zero-copy views; op names resolve', { skip: SKIP }, () => {
    const files = walk(MODELS);
    assert.ok(files.length > 0);
    for (const file of files) {
      const rel = relative(MODELS, file);
      const bytes = new Uint8Array(readFileSync(file));
      let m: Model;
      try {
        m = Model.fromBytes(bytes);
      } catch (e) {
        throw new Error(`${rel}: ${(e as Error).message}`, { cause: e });
      }
      assert.equal(m.version, 3, rel);
      assert.ok(m.subgraphs.length >= 1, rel);
      assert.ok(m.subgraphs[0]!.operators.length >= 1, rel);
      for (const sg of m.subgraphs) {
        for (const t of sg.tensors) if (t.data) assert.equal(t.data.buffer, bytes.buffer, `${rel}: ${t.name} is a view`);
        for (const op of sg.operators) assert.ok(operatorName(m.operatorCodes[op.opcodeIndex]!).length > 0);
      }
    }
  });

  test('op counts and I/O tensors match the native TFLM run (../shared/golden)', { skip: SKIP || (existsSync(GOLDEN) ? false : 'no ../shared/golden') }, () => {
    const index = JSON.parse(readFileSync(join(GOLDEN, 'index.json'), 'utf8')) as { stem: string; model: string; status: string }[];
    assert.ok(index.length > 0);
    for (const { stem, model, status } of index) {
      const metaPath = join(GOLDEN, stem, 'meta.json');
      if (!existsSync(metaPath)) continue;
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { ops?: Record<string, number>; inputs?: GoldenTensor[]; outputs?: GoldenTensor[] };
      const m = load(model);
      const sg = m.subgraphs[0]!;
      if (meta.ops) {
        const counts: Record<string, number> = {};
        for (const s of m.subgraphs) for (const op of s.operators) counts[goldenOpName(m, op.opcodeIndex)] = (counts[goldenOpName(m, op.opcodeIndex)] ?? 0) + 1;
        assert.deepEqual(counts, meta.ops, `${model}: op counts`);
      }
      const check = (list: GoldenTensor[] | undefined, idx: Int32Array, what: string) => {
        if (!list) return;
        assert.equal(idx.length, list.length, `${model}: ${what} count`);
        list.forEach((g, i) => {
          const t = sg.tensors[idx[i]!]!;
          const where = `${model}: ${what}[${i}]`;
          assert.deepEqual(Array.from(t.shape), g.shape, `${where} shape`);
          assert.equal(tensorTypeName(t.type), g.type, `${where} type`);
          // Absent names: null in the golden metadata, '' here.
          if (g.name !== undefined) assert.equal(t.name, g.name ?? '', `${where} name`);
          // Scales of models TFLM runs are float32 printed with %.9g: exact after rounding back to float32.
          // Those of models TFLM rejects come from flatc's shorter printing (4-6 digits): compare to 1e-4 relative.
          if (g.scale !== undefined) {
            const scale = t.quantization ? t.quantization.scale[0]! : 0;
            if (status === 'ok') assert.equal(scale, Math.fround(g.scale), `${where} scale`);
            else assert.ok(Math.abs(scale - g.scale) <= 1e-4 * Math.abs(g.scale), `${where} scale ${scale} vs ${g.scale}`);
          }
          if (g.zero_point !== undefined) assert.equal(t.quantization ? t.quantization.zeroPoint[0] : 0, g.zero_point, `${where} zero point`);
        });
      };
      check(meta.inputs, sg.inputs, 'input');
      check(meta.outputs, sg.outputs, 'output');
    }
  });

  test('hello_world_int8.tflite: 1 subgraph, 3 FULLY_CONNECTED', { skip: SKIP }, () => {
    const m = load('tflm/hello_world/hello_world_int8.tflite');
    assert.equal(m.subgraphs.length, 1);
    const ops = m.subgraphs[0]!.operators;
    assert.equal(ops.length, 3);
    for (const op of ops) {
      assert.equal(operatorName(m.operatorCodes[op.opcodeIndex]!), 'FULLY_CONNECTED');
      assert.ok(op.builtinOptions, 'FullyConnectedOptions present');
    }
    const input = m.subgraphs[0]!.tensors[m.subgraphs[0]!.inputs[0]!]!;
    assert.equal(input.type, TensorType.INT8);
    assert.deepEqual(Array.from(input.shape), [1, 1]);
  });

  test('person_detect.tflite: per-channel bias with the filter axis (3) on rank 1 is accepted', { skip: SKIP }, () => {
    const m = load('tflm/person_detection/person_detect.tflite');
    const bias = m.subgraphs[0]!.tensors.find((t) => t.name === 'MobilenetV1/MobilenetV1/Conv2d_0/Conv2D_bias')!;
    assert.deepEqual(Array.from(bias.shape), [8]);
    assert.equal(bias.quantization!.scale.length, 8);
    assert.equal(bias.quantization!.quantizedDimension, 0);
  });

  test('audio_preprocessor_int8.tflite: custom ops carry custom options views', { skip: SKIP }, () => {
    const m = load('tflm/micro_speech/audio_preprocessor_int8.tflite');
    const window = m.subgraphs[0]!.operators.find((op) => operatorName(m.operatorCodes[op.opcodeIndex]!) === 'SignalWindow')!;
    assert.ok(window.customOptions && window.customOptions.length > 0);
    assert.equal(window.customOptions.buffer, m.bytes.buffer);
  });

  test('decoding the 4 MB mobilenet_v2 is fast', { skip: SKIP }, () => {
    const bytes = new Uint8Array(readFileSync(join(MODELS, 'tflm/xtensa/mobilenet_v2_quantized_1x3x224x224.tflite')));
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      Model.fromBytes(bytes);
      times.push(performance.now() - t0);
    }
    assert.ok(median(times) < 50, `median decode ${median(times).toFixed(2)} ms`);
  });
});

test('decoding a synthetic 4 MB model is fast and copies no weights', () => {
  const b = new ModelBuilder();
  const sg = b.subgraph();
  for (let i = 0; i < 64; i++) sg.tensor({ type: TensorType.INT8, shape: [256, 256], data: new Int8Array(65536).fill(i) });
  const bytes = b.finish();
  assert.ok(bytes.length > 4 * 2 ** 20);
  const times: number[] = [];
  let m!: Model;
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    m = Model.fromBytes(bytes);
    times.push(performance.now() - t0);
  }
  assert.ok(median(times) < 20, `median decode ${median(times).toFixed(2)} ms`);
  m.subgraphs[0]!.tensors.forEach((t, i) => {
    assert.equal(t.data!.buffer, bytes.buffer);
    assert.equal(t.data![65535], i);
  });
});
