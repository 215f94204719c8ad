/**
 * One runner for every kernel table (STYLE: kernel tests are data). A case describes one node: its input and
 * output tensors (type, shape, quantization, data), options, and either the expected output data or the error
 * prepare must raise. The runner builds a one-op model with ModelBuilder, runs it through the real Interpreter,
 * and checks the outputs — against every kernel variant registered for the op (reference, optimized, ...).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelBuilder, type OptionsSpec } from '../../src/model/builder.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOperator } from '../../src/model/schema.js';
import { TensorType } from '../../src/model/types.js';
import { Interpreter, type InterpreterOptions } from '../../src/runtime/interpreter.js';
import type { OpDescriptor, TypedArray } from '../../src/runtime/kernel.js';
import { OpResolver } from '../../src/runtime/resolver.js';
import { typedView } from '../../src/runtime/tensor.js';
import { optimizedOps, SimdBackend, simdSupported } from '../../src/kernels/simd/index.js';

export interface TensorSpec {
  type: number;
  shape: number[];
  /** Values (for inputs: the data; for outputs: the expected data). Omit for outputs checked elsewhere. */
  data?: ArrayLike<number | bigint>;
  /** Constant tensor (weights, bias, shape tensors): stored in the model. Inputs default to non-constant. */
  constant?: boolean;
  scale?: number | number[];
  zeroPoint?: number | number[];
  quantizedDimension?: number;
  variable?: boolean;
  name?: string;
}

export type { OptionsSpec };

export interface OpCase {
  name: string;
  /** `null` marks an omitted optional input (index -1). */
  inputs: (TensorSpec | null)[];
  outputs: TensorSpec[];
  options?: OptionsSpec;
  customOptions?: Uint8Array;
  version?: number;
  /** Max absolute difference allowed for float outputs (default 0 for integers; 1e-5 relative+abs for floats). */
  tolerance?: number;
  /** Prepare (allocateTensors) must throw an error whose message matches this. */
  expectError?: RegExp;
  /** Run invoke this many times (stateful ops); outputs are checked after the last. */
  invokes?: number;
  interpreter?: InterpreterOptions;
}

/**
 * A kernel variant: a name and how to get the descriptor to register (the reference one, or an optimized
 * replacement bound to a backend), plus how that backend wants the model placed and the arena provided.
 */
export interface KernelVariant {
  name: string;
  /** A fresh setup per case: the op to register, model placement and interpreter options. */
  setup(modelBytes: Uint8Array): { op: OpDescriptor; bytes: Uint8Array; options: InterpreterOptions };
  /** Extra ops the case needs (e.g. none usually). */
  extra?: OpDescriptor[];
}

/** The SIMD variant of `op`, when the engine has WebAssembly SIMD and the op has a SIMD kernel. */
function simdVariant(op: OpDescriptor): KernelVariant[] {
  if (!simdSupported()) return [];
  const probe = SimdBackend.create({ memoryBytes: 0 });
  if (!optimizedOps(probe).some((o) => o.code === op.code && o.custom === op.custom)) return [];
  return [{
    name: 'simd',
    setup(bytes) {
      const backend = SimdBackend.create({ memoryBytes: bytes.length + 16 * 1024 * 1024 });
      const simdOp = optimizedOps(backend).find((o) => o.code === op.code && o.custom === op.custom)!;
      return { op: simdOp, bytes: backend.place(bytes), options: { arena: backend.arenaAllocator() } };
    },
  }];
}

export function variantsOf(op: OpDescriptor): KernelVariant[] {
  return [{ name: 'reference', setup: (bytes) => ({ op, bytes, options: {} }) }, ...simdVariant(op)];
}

/** Build the one-node model of a case. */
export function buildCaseModel(op: OpDescriptor, c: OpCase): Uint8Array {
  const b = new ModelBuilder({ description: c.name });
  const sg = b.subgraph();
  const sgInputs: number[] = [];
  const tensorOf = (s: TensorSpec, i: number, kind: 'in' | 'out'): number => {
    const isConst = kind === 'in' && s.constant === true;
    const q = s.scale !== undefined
      ? { scale: s.scale, zeroPoint: s.zeroPoint ?? 0, quantizedDimension: s.quantizedDimension ?? 0 }
      : undefined;
    const t = sg.tensor({
      name: s.name ?? `${kind}${i}`,
      type: s.type as TensorType,
      shape: s.shape,
      data: isConst ? toTyped(s.type, s.data ?? []) : undefined,
      quantization: q,
      isVariable: s.variable,
    });
    if (kind === 'in' && !isConst && !s.variable) sgInputs.push(t);
    return t;
  };
  const inputs = c.inputs.map((s, i) => (s === null ? -1 : tensorOf(s, i, 'in')));
  const outputs = c.outputs.map((s, i) => tensorOf(s, i, 'out'));
  sg.op({
    code: op.code,
    custom: op.code === BuiltinOperator.CUSTOM ? op.custom : undefined,
    version: c.version,
    inputs,
    outputs,
    options: c.options,
    customOptions: c.customOptions,
  });
  sg.setInputs(sgInputs);
  sg.setOutputs(outputs);
  return b.finish();
}

/** Run a case with one kernel variant; returns the outputs (copies). Throws what allocateTensors/invoke throw. */
export function runCase(variant: KernelVariant, c: OpCase, reference: OpDescriptor): TypedArray[] {
  const { op, bytes, options } = variant.setup(buildCaseModel(reference, c));
  const model = Model.fromBytes(bytes);
  const resolver = new OpResolver([op, ...(variant.extra ?? [])]);
  const interp = new Interpreter(model, resolver, { ...options, ...c.interpreter });
  interp.allocateTensors();
  let k = 0;
  for (const s of c.inputs) {
    if (!s || s.constant || s.variable) continue;
    const t = interp.input(k++);
    const src = toTyped(s.type, s.data ?? []);
    t.bytes.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
  }
  for (let i = 0; i < (c.invokes ?? 1); i++) interp.invoke();
  return c.outputs.map((_, i) => interp.output(i).data.slice() as TypedArray);
}

/** Assert a case against one variant. */
export function checkCase(variant: KernelVariant, c: OpCase, reference: OpDescriptor): void {
  if (c.expectError) {
    assert.throws(() => runCase(variant, c, reference), (e: Error) => {
      assert.match(e.message, c.expectError!);
      assert.ok(e.name.endsWith('Error') && e.name !== 'TypeError' && e.name !== 'RangeError', `untyped error ${e.name}: ${e.message}`);
      return true;
    });
    return;
  }
  const got = runCase(variant, c, reference);
  c.outputs.forEach((spec, i) => {
    if (!spec.data) return;
    const actual = Array.from(got[i]! as ArrayLike<number | bigint>, (v): number => (typeof v === 'bigint' ? Number(v) : v));
    const expected = Array.from(spec.data, (v): number => (typeof v === 'bigint' ? Number(v) : v));
    assert.equal(actual.length, expected.length, `${c.name}: output ${i} length`);
    if (spec.type === TensorType.FLOAT32 || spec.type === TensorType.FLOAT64) {
      const tol = c.tolerance ?? 1e-5;
      for (let j = 0; j < expected.length; j++) {
        const e = expected[j]!;
        const a = actual[j]!;
        const ok = Number.isNaN(e) ? Number.isNaN(a) : Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));
        assert.ok(ok, `${c.name} [${variant.name}]: output ${i}[${j}] = ${a}, expected ${e} (±${tol})`);
      }
    } else {
      assert.deepEqual(actual, expected, `${c.name} [${variant.name}]: output ${i}`);
    }
  });
}

/** Register a node:test suite: every case against every variant of `op`. */
export function kernelTable(title: string, op: OpDescriptor, cases: OpCase[]): void {
  describe(title, () => {
    for (const variant of variantsOf(op)) {
      for (const c of cases) test(`${c.name} [${variant.name}]`, () => checkCase(variant, c, op));
    }
  });
}

/** Values as the typed array of `type` (for constant data and inputs). */
export function toTyped(type: number, values: ArrayLike<number | bigint>): TypedArray {
  const n = values.length;
  const probe = typedView(type, new Uint8Array(new ArrayBuffer(8 * Math.max(1, n)), 0, 0));
  const Ctor = probe.constructor as new (n: number) => TypedArray;
  const out = new Ctor(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (out instanceof BigInt64Array || out instanceof BigUint64Array) (out as BigInt64Array)[i] = BigInt(v);
    else (out as Int32Array)[i] = Number(v);
  }
  return out;
}

/** Quantize floats to integers as a test would by hand: round(x / scale) + zp, clamped. */
export function quantize(values: number[], scale: number, zeroPoint: number, min = -128, max = 127): number[] {
  return values.map((v) => Math.min(max, Math.max(min, Math.round(v / scale) + zeroPoint)));
}
