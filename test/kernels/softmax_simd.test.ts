/**
 * SOFTMAX int8 → int8 / int16 across the shapes and parameters the SIMD kernel (src/kernels/simd/softmax.ts)
 * branches on: depths around the 16-lane and 4-lane steps (1, 2, 3, 15, 16, 17, 33, 255, 256, 257, 1001),
 * rows whose value range is below or above their depth (output-table vs gathered path), all-equal rows,
 * -128/127 extremes, input scales and betas from "nothing cut" to "diff_min cuts most of the row", sums that
 * wrap int32 (int16 output) or fail TFLM's exponent check (int8 output), both rounding modes. Expected outputs
 * come from the reference kernel (which matches TFLM, softmax.test.ts); the table runs every case against
 * every variant, so the SIMD one must be bit-identical. Also checks that the SIMD path really runs, and that
 * it falls back to the reference invoke for an arena outside its memory.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { opt } from '../../src/model/builder.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { SOFTMAX } from '../../src/kernels/softmax.js';
import { optimizedOps, SimdBackend, simdSupported } from '../../src/kernels/simd/index.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import { OpResolver } from '../../src/runtime/resolver.js';
import { buildCaseModel, kernelTable, runCase, variantsOf, type OpCase } from '../helpers/kernel-runner.js';

const beta = (b: number) => ({ type: BuiltinOptions.SoftmaxOptions, fields: [opt.float32(0, b)] });

let seed = 0x5eed1234;
function rand(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
function ints(n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => lo + Math.floor(rand() * (hi - lo + 1)));
}

interface Spec {
  name: string;
  shape: number[];
  data: number[];
  scale: number;
  beta?: number;
  out16?: boolean;
  rounding?: 'double' | 'single';
  expectError?: RegExp;
}

function specCase(s: Spec): OpCase {
  return {
    name: `${s.out16 ? 'i8->i16' : 'i8'} ${s.name} [${s.shape.join(',')}] scale ${s.scale} beta ${s.beta ?? 1}${s.rounding === 'single' ? ' single rounding' : ''}`,
    inputs: [{ type: T.INT8, shape: s.shape, data: s.data, scale: s.scale, zeroPoint: 0 }],
    outputs: [s.out16
      ? { type: T.INT16, shape: s.shape, scale: 1 / 65536, zeroPoint: -32768 }
      : { type: T.INT8, shape: s.shape, scale: 1 / 256, zeroPoint: -128 }],
    options: beta(s.beta ?? 1),
    interpreter: s.rounding ? { rounding: s.rounding } : undefined,
    expectError: s.expectError,
  };
}

const specs: Spec[] = [];
for (const out16 of [false, true]) {
  for (const rounding of ['double', 'single'] as const) {
    const r = { out16, rounding };
    for (const depth of [1, 2, 3, 4, 15, 16, 17, 33, 255, 256, 257, 1001]) {
      const rows = depth > 300 ? 2 : 3;
      specs.push({ name: 'full range', shape: [rows, depth], data: ints(rows * depth, -128, 127), scale: 0.05, ...r });
      specs.push({ name: 'narrow range', shape: [rows, depth], data: ints(rows * depth, 20, 27), scale: 0.3, ...r });
    }
    specs.push({ name: 'all equal', shape: [2, 7], data: Array(14).fill(-5), scale: 0.1, ...r });
    specs.push({ name: 'all -128', shape: [1, 20], data: Array(20).fill(-128), scale: 0.1, ...r });
    specs.push({ name: '-128/127 extremes', shape: [4, 19], data: ints(76, 0, 1).map((b) => (b ? 127 : -128)), scale: 0.02, ...r });
    specs.push({ name: 'one 127 among -128', shape: [1, 300], data: [...Array(150).fill(-128), 127, ...Array(149).fill(-128)], scale: 0.001, ...r });
    // Large scale * beta: diff_min = -(input radius) cuts all but the top few values.
    specs.push({ name: 'diff_min cut', shape: [3, 40], data: ints(120, -128, 127), scale: 2, beta: 3, ...r });
    specs.push({ name: 'diff_min cut (max multiplier)', shape: [2, 18], data: ints(36, -128, 127), scale: 100, beta: 1000, ...r });
    specs.push({ name: 'beta 0.3', shape: [5, 24], data: ints(120, -128, 127), scale: 0.07, beta: 0.3, ...r });
    specs.push({ name: 'rank 4', shape: [2, 3, 2, 9], data: ints(108, -128, 127), scale: 0.125, ...r });
    // Tiny scale: every exp is near 1, so the sum approaches depth * 2^19.
    specs.push({ name: 'flat exps', shape: [1, 400], data: ints(400, -128, 127), scale: 1e-4, ...r });
  }
}
// int8 output: 512 or more exps of ~1 give an exponent of 32, which TFLM's TFLITE_CHECK rejects.
specs.push({ name: 'sum too large', shape: [1, 600], data: ints(600, 0, 3), scale: 1e-4, expectError: /sum of exponentials/ });
specs.push({ name: 'sum too large (second row)', shape: [2, 600], data: [...ints(600, -128, 127), ...Array(600).fill(9)], scale: 0.05, expectError: /sum of exponentials/ });
// int16 output: 4096 exps of 2^19 wrap the int32 sum to INT32_MIN (as in C); the exponent stays in range.
specs.push({ name: 'sum wraps int32', shape: [1, 4096], data: Array(4096).fill(3), scale: 0.01, out16: true });
specs.push({ name: 'sum wraps int32 (mixed)', shape: [1, 5000], data: ints(5000, 120, 127), scale: 1e-4, out16: true });

const reference = variantsOf(SOFTMAX)[0]!;
const cases = specs.map((s) => {
  const c = specCase(s);
  if (c.expectError) return c;
  const [out] = runCase(reference, c, SOFTMAX);
  return { ...c, outputs: [{ ...c.outputs[0]!, data: Array.from(out as Int8Array | Int16Array) }] };
});

kernelTable('SOFTMAX int8 (SIMD coverage)', SOFTMAX, cases);

test('SOFTMAX SIMD: the int8 path runs in WebAssembly, other tensors fall back', { skip: !simdSupported() }, () => {
  const c = specCase({ name: 'probe', shape: [2, 37], data: ints(74, -128, 127), scale: 0.05 });
  const expected = runCase(reference, c, SOFTMAX)[0]!;
  const bytes = buildCaseModel(SOFTMAX, c);
  const backend = SimdBackend.create({ memoryBytes: bytes.length + (1 << 20) });
  const op = optimizedOps(backend).find((o) => o.code === SOFTMAX.code)!;
  const heap = new Int32Array(backend.memory.buffer);
  const tables = backend.exports.softmax_tables() >> 2;
  heap.fill(0, tables, tables + 512);

  // Arena outside the backend's memory: the reference invoke, nothing staged.
  const outside = new Interpreter(Model.fromBytes(bytes), new OpResolver([op]));
  outside.allocateTensors();
  (outside.input(0).data as Int8Array).set(c.inputs[0]!.data as number[]);
  outside.invoke();
  assert.deepEqual(Array.from(outside.output(0).data as Int8Array), Array.from(expected as Int8Array));
  assert.equal(heap[tables], 0);

  const inside = new Interpreter(Model.fromBytes(backend.place(bytes)), new OpResolver([op]), { arena: backend.arenaAllocator() });
  inside.allocateTensors();
  (inside.input(0).data as Int8Array).set(c.inputs[0]!.data as number[]);
  inside.invoke();
  assert.deepEqual(Array.from(inside.output(0).data as Int8Array), Array.from(expected as Int8Array));
  // exp(0) = INT32_MAX staged for the kernel.
  assert.equal(heap[tables], 2147483647);
});
