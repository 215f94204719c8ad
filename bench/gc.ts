/**
 * Steady-state allocation check (part of `npm run bench`): after warm-up, 10,000 invokes of each model with
 * nothing else in the loop, counting garbage collections with a PerformanceObserver. invoke() allocates nothing
 * on the JS heap, so the count should be 0 for both kernel sets.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allOpsResolver } from '../src/all-ops.js';
import { ModelBuilder } from '../src/model/builder.js';
import { BuiltinOperator } from '../src/model/schema.js';
import { TensorType } from '../src/model/types.js';
import { optimizeResolver, SimdBackend, simdSupported } from '../src/kernels/simd/index.js';
import { Model } from '../src/model/reader.js';
import { Interpreter } from '../src/runtime/interpreter.js';
import { HAVE_SHARED, sharedModel } from '../test/helpers/shared.js';

// Young-generation collections (scavenges) happen only when new objects fill the nursery: they are the signal
// that invoke allocates. Full collections can also come from V8's timer-driven memory reducer or finish marking
// garbage made before the measurement, so they are counted apart.
const NODE_PERFORMANCE_GC_MINOR = 1;
let gcs = 0;
let minor = 0;
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcs++;
    if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === NODE_PERFORMANCE_GC_MINOR) minor++;
  }
});
obs.observe({ entryTypes: ['gc'] });
const settle = () => new Promise((r) => setTimeout(r, 200));

/**
 * A one-op model with a quantized input and output of `shape` (ops whose quantized invoke path does per-row
 * or per-element work beyond a table lookup, built with the ModelBuilder).
 */
function oneOpModel(code: number, type: TensorType, shape: number[], inScale: number, outScale: number, outZeroPoint = 0): Uint8Array {
  const b = new ModelBuilder();
  const sg = b.subgraph();
  const x = sg.tensor({ name: 'x', type, shape, quantization: { scale: inScale, zeroPoint: 0 } });
  const y = sg.tensor({ name: 'y', type, shape, quantization: { scale: outScale, zeroPoint: outZeroPoint } });
  sg.op({ code, inputs: [x], outputs: [y] });
  sg.setInputs([x]);
  sg.setOutputs([y]);
  return b.finish();
}

/** Deterministic positive inputs (RSQRT rejects negative values; L2 norm rows must not be all zero). */
function fillInput(interp: Interpreter): void {
  const data = interp.input(0).data;
  if (!(data instanceof Int8Array || data instanceof Int16Array)) return;
  const max = data instanceof Int8Array ? 127 : 32767;
  for (let i = 0; i < data.length; i++) data[i] = 1 + ((Math.imul(i, 2654435761 | 0) >>> 7) % max);
}

async function count(name: string, bytes: Uint8Array, simd: boolean, invokes = 10_000): Promise<string> {
  let model: Model;
  let interp: Interpreter;
  if (simd) {
    const backend = SimdBackend.create({ memoryBytes: bytes.length + (4 << 20) });
    model = Model.fromBytes(backend.place(bytes));
    interp = new Interpreter(model, optimizeResolver(allOpsResolver(), backend), { arena: backend.arenaAllocator() });
  } else {
    model = Model.fromBytes(bytes);
    interp = new Interpreter(model, allOpsResolver());
  }
  interp.allocateTensors();
  fillInput(interp);
  // Warm up until every once-per-invoke function is optimized (V8 tiers them up after a few thousand calls).
  for (let i = 0; i < 3000; i++) interp.invoke();
  // Collect what loading and warm-up left behind, so only garbage made by the measured invokes can trigger a GC
  // (needs --expose-gc, which `npm run bench` passes).
  (globalThis as { gc?: () => void }).gc?.();
  await settle();
  const before = gcs;
  const beforeMinor = minor;
  for (let i = 0; i < invokes; i++) interp.invoke();
  await settle();
  const m = minor - beforeMinor;
  return `${`${name} [${simd ? 'simd' : 'reference'}]`.padEnd(48)} ${invokes} invokes: ${m} allocation-driven GCs (scavenges), ${gcs - before - m} other`;
}

const here = dirname(fileURLToPath(import.meta.url));
const models: [string, Uint8Array][] = [['hello_world (bundled)', new Uint8Array(readFileSync(join(here, '..', '..', 'examples', 'hello_world', 'hello_world_int8.tflite')))]];
if (HAVE_SHARED) models.push(['person_detect', sharedModel('tflm/person_detection/person_detect.tflite')]);
models.push(['L2_NORMALIZATION int8 (64 rows)', oneOpModel(BuiltinOperator.L2_NORMALIZATION, TensorType.INT8, [64, 16], 0.05, 1 / 128)]);
models.push(['RSQRT int16 (1024 values)', oneOpModel(BuiltinOperator.RSQRT, TensorType.INT16, [1024], 1 / 256, 1 / 4096)]);
console.log('\nsteady state (GC count during invokes):');
for (const [name, bytes] of models) for (const simd of simdSupported() ? [false, true] : [false]) console.log(await count(name, bytes, simd));
obs.disconnect();
