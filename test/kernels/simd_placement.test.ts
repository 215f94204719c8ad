/**
 * Where the model and the arena live, for every SIMD kernel: the kernels decide at their first invoke whether
 * the tensors are addressable (and cache the addresses). Each case runs with the reference kernel, then with
 * the SIMD one (a) model placed in the backend's memory, arena there too, (b) model outside (weights and biases
 * copied into the arena at prepare), arena in the memory, (c) arena outside the memory (the reference invoke
 * runs); outputs must be identical, and the WebAssembly kernel must have run in (a) and (b) only (calls counted
 * through the backend's exports). Also: non-constant filters and biases, and repeated invokes with new inputs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADD, AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, MAX_POOL_2D, SOFTMAX, SUB } from '../../src/kernels/index.js';
import { optimizedOps, SimdBackend, simdSupported } from '../../src/kernels/simd/index.js';
import type { SimdExports } from '../../src/kernels/simd/backend.js';
import { opt } from '../../src/model/builder.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import type { OpDescriptor, TypedArray } from '../../src/runtime/kernel.js';
import { OpResolver } from '../../src/runtime/resolver.js';
import { Lcg } from '../helpers/lcg.js';
import { buildCaseModel, runCase, variantsOf, type OpCase, type TensorSpec } from '../helpers/kernel-runner.js';

const SKIP = simdSupported() ? false : 'no WebAssembly SIMD in this engine';

function floats(r: Lcg, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => Math.fround(lo + ((hi - lo) * r.int(0, 999_999)) / 1_000_001));
}

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

function i8(r: Lcg, shape: number[], scale = 0.05, zeroPoint = 3): TensorSpec {
  return { type: T.INT8, shape, data: r.ints(prod(shape), -128, 127), scale, zeroPoint };
}

function f32(r: Lcg, shape: number[], constant = false): TensorSpec {
  return { type: T.FLOAT32, shape, data: floats(r, prod(shape), -2, 2), constant };
}

function constI8(r: Lcg, shape: number[], scale: number | number[], quantizedDimension = 0): TensorSpec {
  return { type: T.INT8, shape, data: r.ints(prod(shape), -127, 127), constant: true, scale, zeroPoint: Array.isArray(scale) ? scale.map(() => 0) : 0, quantizedDimension };
}

function bias32(r: Lcg, n: number): TensorSpec {
  return { type: T.INT32, shape: [n], data: r.ints(n, -20000, 20000), constant: true, scale: 0, zeroPoint: 0 };
}

interface PlacementCase {
  op: OpDescriptor;
  /** The export that must run (and only when the tensors are in the backend's memory). */
  kernel: keyof SimdExports;
  c: OpCase;
}

const fcOptions = { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, 1)] };
const convFields = [opt.int8(0, 0), opt.int32(1, 1), opt.int32(2, 2), opt.int8(3, 0), opt.int32(4, 1), opt.int32(5, 1)];
const dwFields = [opt.int8(0, 0), opt.int32(1, 2), opt.int32(2, 1), opt.int32(3, 1), opt.int8(4, 3), opt.int32(5, 1), opt.int32(6, 1)];
const poolFields = [opt.int8(0, 0), opt.int32(1, 2), opt.int32(2, 2), opt.int32(3, 3), opt.int32(4, 2), opt.int8(5, 0)];

function cases(): PlacementCase[] {
  const r = new Lcg(4242);
  return [
    { op: FULLY_CONNECTED, kernel: 'fc_int8', c: { name: 'FC int8 per-tensor, bias', inputs: [i8(r, [2, 37]), constI8(r, [13, 37], 0.01), bias32(r, 13)], outputs: [{ type: T.INT8, shape: [2, 13], scale: 0.2, zeroPoint: -5 }], options: fcOptions } },
    { op: FULLY_CONNECTED, kernel: 'fc_int8', c: { name: 'FC int8 per-channel, bias', inputs: [i8(r, [1, 64]), constI8(r, [9, 64], Array.from({ length: 9 }, (_, k) => 0.004 + 0.001 * k)), bias32(r, 9)], outputs: [{ type: T.INT8, shape: [1, 9], scale: 0.3, zeroPoint: 7 }], options: fcOptions } },
    { op: FULLY_CONNECTED, kernel: 'fc_int8', c: { name: 'FC int8 no bias', inputs: [i8(r, [1, 16]), constI8(r, [16, 16], 0.02), null], outputs: [{ type: T.INT8, shape: [1, 16], scale: 0.1, zeroPoint: 0 }], options: fcOptions } },
    { op: FULLY_CONNECTED, kernel: 'fc_f32', c: { name: 'FC float32 constant filter and bias', inputs: [f32(r, [2, 19]), f32(r, [5, 19], true), f32(r, [5], true)], outputs: [{ type: T.FLOAT32, shape: [2, 5] }], options: fcOptions } },
    { op: FULLY_CONNECTED, kernel: 'fc_f32', c: { name: 'FC float32 filter and bias as inputs', inputs: [f32(r, [2, 19]), f32(r, [5, 19]), f32(r, [5])], outputs: [{ type: T.FLOAT32, shape: [2, 5] }], options: fcOptions } },
    { op: CONV_2D, kernel: 'conv_int8', c: { name: 'CONV_2D int8', inputs: [i8(r, [1, 7, 6, 5]), constI8(r, [4, 3, 3, 5], [0.01, 0.02, 0.015, 0.03]), bias32(r, 4)], outputs: [{ type: T.INT8, shape: [1, 4, 6, 4], scale: 0.4, zeroPoint: 1 }], options: { type: BuiltinOptions.Conv2DOptions, fields: convFields } } },
    { op: CONV_2D, kernel: 'conv_f32', c: { name: 'CONV_2D float32', inputs: [f32(r, [1, 7, 6, 5]), f32(r, [4, 3, 3, 5], true), f32(r, [4], true)], outputs: [{ type: T.FLOAT32, shape: [1, 4, 6, 4] }], options: { type: BuiltinOptions.Conv2DOptions, fields: convFields } } },
    { op: DEPTHWISE_CONV_2D, kernel: 'dw_int8', c: { name: 'DEPTHWISE_CONV_2D int8', inputs: [i8(r, [1, 6, 9, 8]), constI8(r, [1, 3, 3, 8], 0.02), bias32(r, 8)], outputs: [{ type: T.INT8, shape: [1, 6, 5, 8], scale: 0.1, zeroPoint: -3 }], options: { type: BuiltinOptions.DepthwiseConv2DOptions, fields: dwFields } } },
    { op: DEPTHWISE_CONV_2D, kernel: 'dw_f32', c: { name: 'DEPTHWISE_CONV_2D float32', inputs: [f32(r, [1, 6, 9, 8]), f32(r, [1, 3, 3, 8], true), f32(r, [8], true)], outputs: [{ type: T.FLOAT32, shape: [1, 6, 5, 8] }], options: { type: BuiltinOptions.DepthwiseConv2DOptions, fields: dwFields } } },
    { op: ADD, kernel: 'add_int8', c: { name: 'ADD int8', inputs: [i8(r, [1, 3, 33], 0.05, 2), i8(r, [1, 3, 33], 0.03, -7)], outputs: [{ type: T.INT8, shape: [1, 3, 33], scale: 0.08, zeroPoint: 4 }], options: { type: BuiltinOptions.AddOptions, fields: [] } } },
    { op: SUB, kernel: 'add_f32', c: { name: 'SUB float32', inputs: [f32(r, [2, 21]), f32(r, [2, 21])], outputs: [{ type: T.FLOAT32, shape: [2, 21] }], options: { type: BuiltinOptions.SubOptions, fields: [] } } },
    { op: AVERAGE_POOL_2D, kernel: 'avgpool_i8', c: { name: 'AVERAGE_POOL_2D int8', inputs: [i8(r, [1, 7, 7, 6])], outputs: [{ type: T.INT8, shape: [1, 4, 4, 6], scale: 0.05, zeroPoint: 3 }], options: { type: BuiltinOptions.Pool2DOptions, fields: poolFields } } },
    { op: MAX_POOL_2D, kernel: 'maxpool_f32', c: { name: 'MAX_POOL_2D float32', inputs: [f32(r, [1, 7, 7, 6])], outputs: [{ type: T.FLOAT32, shape: [1, 4, 4, 6] }], options: { type: BuiltinOptions.Pool2DOptions, fields: poolFields } } },
    { op: SOFTMAX, kernel: 'softmax_i8', c: { name: 'SOFTMAX int8', inputs: [i8(r, [3, 21], 0.1, -10)], outputs: [{ type: T.INT8, shape: [3, 21], scale: 1 / 256, zeroPoint: -128 }], options: { type: BuiltinOptions.SoftmaxOptions, fields: [opt.float32(0, 1)] } } },
  ];
}

/** A backend whose exports count calls by name. */
function countingBackend(bytes: number): { backend: SimdBackend; calls: Map<string, number> } {
  const backend = SimdBackend.create({ memoryBytes: bytes + (1 << 20) });
  const calls = new Map<string, number>();
  const real = backend.exports as unknown as Record<string, (...a: number[]) => number>;
  const counted: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(real)) {
    counted[name] = (...a: number[]) => {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return fn(...a);
    };
  }
  (backend as unknown as { exports: unknown }).exports = counted;
  return { backend, calls };
}

/** 'prepared full': placed, with the backend's prepared region already full (kernels stage per call). */
type Placement = 'placed' | 'prepared full' | 'model outside' | 'arena outside';

function runPlaced(p: PlacementCase, where: Placement, inputs: TypedArray[][]): { outputs: TypedArray[][]; calls: number; prepares: number } {
  const bytes = buildCaseModel(p.op, p.c);
  const { backend, calls } = countingBackend(bytes.length);
  if (where === 'prepared full') assert.ok(backend.prepared('fill', 1 << 20) && !backend.prepared('more', 16));
  const op = optimizedOps(backend).find((o) => o.code === p.op.code)!;
  const model = Model.fromBytes(where === 'placed' || where === 'prepared full' ? backend.place(bytes) : bytes);
  const interp = new Interpreter(model, new OpResolver([op]), where === 'arena outside' ? {} : { arena: backend.arenaAllocator() });
  interp.allocateTensors();
  const outputs = inputs.map((set) => {
    set.forEach((src, k) => interp.input(k).bytes.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength)));
    interp.invoke();
    return p.c.outputs.map((_, i) => interp.output(i).data.slice() as TypedArray);
  });
  return { outputs, calls: calls.get(p.kernel) ?? 0, prepares: (calls.get('dw_prepare') ?? 0) + (calls.get('conv_prepare') ?? 0) };
}

/** The non-constant inputs of a case, as typed arrays; a second set with other values. */
function inputSets(p: PlacementCase): TypedArray[][] {
  const r = new Lcg(99);
  const first: TypedArray[] = [];
  const second: TypedArray[] = [];
  for (const s of p.c.inputs) {
    if (!s || s.constant) continue;
    const n = prod(s.shape);
    if (s.type === T.FLOAT32) {
      first.push(new Float32Array(s.data as number[]));
      second.push(new Float32Array(floats(r, n, -3, 3)));
    } else {
      first.push(new Int8Array(s.data as number[]));
      second.push(new Int8Array(r.ints(n, -128, 127)));
    }
  }
  return [first, second];
}

describe('SIMD kernels: model and arena placement', { skip: SKIP }, () => {
  if (SKIP) return;
  for (const p of cases()) {
    const reference = variantsOf(p.op)[0]!;
    const sets = inputSets(p);
    // Reference outputs for both input sets (the second through a case with that data).
    const expected = () => sets.map((set) => {
      let k = 0;
      const c: OpCase = { ...p.c, inputs: p.c.inputs.map((s) => (!s || s.constant ? s : { ...s, data: Array.from(set[k++]! as ArrayLike<number>) })) };
      return runCase(reference, c, p.op);
    });
    for (const where of ['placed', 'prepared full', 'model outside', 'arena outside'] as Placement[]) {
      test(`${p.c.name}: ${where}`, () => {
        const want = expected();
        const { outputs, calls, prepares } = runPlaced(p, where, sets);
        outputs.forEach((out, n) => out.forEach((o, i) => {
          const w = want[n]![i]!;
          assert.deepEqual(new Uint8Array(o.buffer, o.byteOffset, o.byteLength), new Uint8Array(w.buffer, w.byteOffset, w.byteLength), `invoke ${n + 1}, output ${i}`);
        }));
        assert.equal(calls, where === 'arena outside' ? 0 : sets.length, `${p.kernel} calls`);
        // CONV_2D and DEPTHWISE_CONV_2D int8 rearrange their filters once (the arena-sizing dry run finds them
        // again) when the model is placed and the prepared region has room; else they stage them per call.
        assert.equal(prepares, (p.kernel === 'dw_int8' || p.kernel === 'conv_int8') && where === 'placed' ? 1 : 0, 'prepare calls');
      });
    }
  }
});

/**
 * ADD and SOFTMAX keep their tables staged in the module between calls (backend.stagedTables): interpreters
 * sharing one backend, with different quantization (so different tables), invoked alternately, must each
 * restage theirs.
 */
describe('SIMD kernels: staged tables shared by interpreters on one backend', { skip: SKIP }, () => {
  if (SKIP) return;
  const r = new Lcg(777);
  const addCase = (k: number): OpCase => ({ name: `ADD int8 ${k}`, inputs: [i8(r, [1, 40], 0.02 * (k + 1), k - 3), i8(r, [1, 40], 0.05, 7 * k)], outputs: [{ type: T.INT8, shape: [1, 40], scale: 0.06 + 0.01 * k, zeroPoint: -k }], options: { type: BuiltinOptions.AddOptions, fields: [] } });
  const softmaxCase = (k: number): OpCase => ({ name: `SOFTMAX int8 ${k}`, inputs: [i8(r, [2, 19], 0.03 + 0.04 * k, 5 - k)], outputs: [{ type: T.INT8, shape: [2, 19], scale: 1 / 256, zeroPoint: -128 }], options: { type: BuiltinOptions.SoftmaxOptions, fields: [opt.float32(0, 1 + 0.5 * k)] } });
  const subCase = (): OpCase => ({ name: 'SUB int8', inputs: [i8(r, [1, 40], 0.02, 1), i8(r, [1, 40], 0.05, 0)], outputs: [{ type: T.INT8, shape: [1, 40], scale: 0.06, zeroPoint: 0 }], options: { type: BuiltinOptions.SubOptions, fields: [] } });
  const specs: [OpDescriptor, OpCase][] = [[ADD, addCase(0)], [SOFTMAX, softmaxCase(0)], [ADD, addCase(1)], [SUB, subCase()], [SOFTMAX, softmaxCase(1)]];
  test('alternating invokes', () => {
    const backend = SimdBackend.create({ memoryBytes: 4 << 20 });
    const ops = optimizedOps(backend);
    const runs = specs.map(([op, c]) => {
      const want = runCase(variantsOf(op)[0]!, c, op)[0]!;
      const interp = new Interpreter(Model.fromBytes(backend.place(buildCaseModel(op, c))), new OpResolver([ops.find((o) => o.code === op.code)!]), { arena: backend.arenaAllocator() });
      interp.allocateTensors();
      let k = 0;
      for (const s of c.inputs) if (s && !s.constant) (interp.input(k++).data as Int8Array).set(s.data as number[]);
      return { interp, want, name: c.name };
    });
    for (let round = 0; round < 3; round++) {
      for (const { interp, want, name } of round === 1 ? [...runs].reverse() : runs) {
        interp.invoke();
        assert.deepEqual(Array.from(interp.output(0).data as Int8Array), Array.from(want as Int8Array), `${name}, round ${round}`);
      }
    }
  });
});
