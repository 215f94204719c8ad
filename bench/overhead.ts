/**
 * Interpreter overhead (part of `npm run bench`): the same graph with every kernel's invoke replaced by a no-op
 * (prepare unchanged, so the node loop, contexts and dispatch are identical) measures what the interpreter adds
 * per invoke; it is compared with the real invoke time of the SIMD and reference kernels.
 */
import { allOpsResolver } from '../src/all-ops.js';
import { optimizeResolver, SimdBackend, simdSupported } from '../src/kernels/simd/index.js';
import { Model } from '../src/model/reader.js';
import { Interpreter } from '../src/runtime/interpreter.js';
import { defineOp } from '../src/runtime/kernel.js';
import { OpResolver } from '../src/runtime/resolver.js';
import { HAVE_SHARED, sharedModel } from '../test/helpers/shared.js';

function medianUs(interp: Interpreter, runs: number): number {
  for (let i = 0; i < Math.max(200, runs >> 2); i++) interp.invoke();
  const t = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    interp.invoke();
    t[i] = performance.now() - s;
  }
  t.sort();
  return t[runs >> 1]! * 1000;
}

/** Median of `batch` invokes timed together, divided by `batch` (timer resolution is ~µs). */
function medianBatchUs(interp: Interpreter, batch: number, runs: number): number {
  for (let i = 0; i < 5000; i++) interp.invoke();
  const t = new Float64Array(runs);
  for (let r = 0; r < runs; r++) {
    const s = performance.now();
    for (let i = 0; i < batch; i++) interp.invoke();
    t[r] = (performance.now() - s) / batch;
  }
  t.sort();
  return t[runs >> 1]! * 1000;
}

function main(): void {
  if (!HAVE_SHARED) return;
  const bytes = sharedModel('tflm/person_detection/person_detect.tflite');
  const reference = allOpsResolver();
  const noop = new OpResolver(reference.list().map((op) => defineOp({ ...op, invoke() {} })));
  const empty = new Interpreter(Model.fromBytes(bytes), noop);
  empty.allocateTensors();
  const overhead = medianBatchUs(empty, 1000, 50);
  const ref = new Interpreter(Model.fromBytes(bytes), reference);
  ref.allocateTensors();
  const refUs = medianUs(ref, 200);
  let line = `interpreter overhead, person_detect (${empty.nodeCount()} nodes, no-op kernels): ${overhead.toFixed(2)} µs per invoke = ${((100 * overhead) / refUs).toFixed(3)}% of a reference invoke (${refUs.toFixed(0)} µs)`;
  if (simdSupported()) {
    const backend = SimdBackend.create({ memoryBytes: bytes.length + (1 << 20) });
    const simd = new Interpreter(Model.fromBytes(backend.place(bytes)), optimizeResolver(allOpsResolver(), backend), { arena: backend.arenaAllocator() });
    simd.allocateTensors();
    const simdUs = medianUs(simd, 1000);
    line += `, ${((100 * overhead) / simdUs).toFixed(3)}% of a SIMD invoke (${simdUs.toFixed(0)} µs)`;
  }
  console.log(`\n${line}`);
}

main();
