/** Seed models for fuzzing: builder-made models (always) and real models from ../shared (when present). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelBuilder, opt } from '../src/model/builder.js';
import { BuiltinOperator, BuiltinOptions } from '../src/model/schema.js';
import { TensorType } from '../src/model/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** quantize → FC (per-channel) → FC → dequantize, and a two-subgraph model with metadata and signatures. */
export function builderSeeds(): Uint8Array[] {
  const a = new ModelBuilder({ description: 'fuzz seed' });
  const sg = a.subgraph();
  const x = sg.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [2, 4] });
  const xq = sg.tensor({ name: 'xq', type: TensorType.INT8, shape: [2, 4], quantization: { scale: 0.05, zeroPoint: 3 } });
  const w = sg.tensor({ name: 'w', type: TensorType.INT8, shape: [3, 4], data: Int8Array.of(1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12), quantization: { scale: [0.1, 0.2, 0.3], zeroPoint: [0, 0, 0], quantizedDimension: 0 } });
  const b = sg.tensor({ name: 'b', type: TensorType.INT32, shape: [3], data: Int32Array.of(10, -20, 30) });
  const h = sg.tensor({ name: 'h', type: TensorType.INT8, shape: [2, 3], quantization: { scale: 0.1, zeroPoint: -5 } });
  const y = sg.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [2, 3] });
  sg.op({ code: BuiltinOperator.QUANTIZE, inputs: [x], outputs: [xq] });
  sg.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [xq, w, b], outputs: [h], options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, 1)] } });
  sg.op({ code: BuiltinOperator.DEQUANTIZE, inputs: [h], outputs: [y] });
  sg.setInputs([x]);
  sg.setOutputs([y]);
  a.addMetadata('min_runtime_version', new TextEncoder().encode('1.5.0'));
  a.addSignature({ key: 'serving_default', subgraph: 0, inputs: [{ name: 'x', tensor: x }], outputs: [{ name: 'y', tensor: y }] });
  const seeds = [a.finish(), a.finish({ buffersOutside: true })];

  const f = new ModelBuilder();
  const g = f.subgraph();
  const fx = g.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 3] });
  const fw = g.tensor({ name: 'w', type: TensorType.FLOAT32, shape: [2, 3], data: Float32Array.of(0.5, -1, 2, 1, 1, 1) });
  const fy = g.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, 2] });
  g.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [fx, fw, -1], outputs: [fy] });
  g.setInputs([fx]);
  g.setOutputs([fy]);
  seeds.push(f.finish());
  return seeds;
}

/** Real models under `maxBytes` from ../shared/models, plus the examples' models. */
export function fileSeeds(maxBytes = 400_000): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (e.endsWith('.tflite') && st.size <= maxBytes) out.push({ name: p, bytes: new Uint8Array(readFileSync(p)) });
    }
  };
  walk(join(ROOT, 'examples'));
  walk(process.env.TFLM_SHARED ? join(process.env.TFLM_SHARED, 'models') : join(ROOT, '..', 'shared', 'models'));
  return out;
}

export function corpus(maxBytes?: number): { name: string; bytes: Uint8Array }[] {
  return [...builderSeeds().map((bytes, i) => ({ name: `builder-seed-${i}`, bytes })), ...fileSeeds(maxBytes)];
}
