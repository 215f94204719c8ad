/**
 * Helpers for the elementwise/comparison/logical kernel tests: access to the TFLM reference goldens
 * (test/kernels/data/elementwise.golden.ts), float32 bit patterns, a bit-exact float table (kernelTable's float
 * check is relative and cannot express infinities or -0), and the single-rounding twin of a quantized case.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OpDescriptor } from '../../src/runtime/kernel.js';
import { ELEMENTWISE_GOLDEN, type Golden } from '../kernels/data/elementwise.golden.js';
import { runCase, variantsOf, type OpCase } from './kernel-runner.js';

/** The goldens of one op. */
export function goldens(op: string): Golden[] {
  return ELEMENTWISE_GOLDEN.filter((g) => g.op === op);
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** float32 values of IEEE bit patterns. */
export function floats(bits: readonly number[]): number[] {
  return bits.map((b) => {
    U32[0] = b;
    return F32[0]!;
  });
}

/** Bit pattern of a float32 value, NaNs canonical. */
function bitsOf(v: number): number {
  if (Number.isNaN(v)) return 0x7fc00000;
  F32[0] = v;
  return U32[0]!;
}

/**
 * Like kernelTable, but float32 outputs must match bit for bit (NaN matches any NaN; +0 and -0 differ).
 * Cases whose output spec has no data only check that they run (or fail as expectError says).
 */
export function floatBitsTable(title: string, op: OpDescriptor, cases: OpCase[]): void {
  describe(title, () => {
    for (const variant of variantsOf(op)) {
      for (const c of cases) {
        test(`${c.name} [${variant.name}]`, () => {
          if (c.expectError) {
            assert.throws(() => runCase(variant, c, op), (e: Error) => {
              assert.match(e.message, c.expectError!);
              assert.equal(e.name, 'KernelError', `untyped error ${e.name}: ${e.message}`);
              return true;
            });
            return;
          }
          const got = runCase(variant, c, op);
          c.outputs.forEach((spec, i) => {
            if (!spec.data) return;
            const actual = Array.from(got[i] as Float32Array, bitsOf);
            const expected = Array.from(spec.data as ArrayLike<number>, (v) => bitsOf(v));
            assert.equal(actual.length, expected.length, `${c.name}: output ${i} length`);
            for (let j = 0; j < expected.length; j++) {
              if (actual[j] !== expected[j]) {
                assert.fail(
                  `${c.name} [${variant.name}]: output ${i}[${j}] = ${(got[i] as Float32Array)[j]} (0x${actual[j]!.toString(16)}), ` +
                    `expected ${(spec.data as ArrayLike<number>)[j]} (0x${expected[j]!.toString(16)})`,
                );
              }
            }
          });
        });
      }
    }
  });
}

/**
 * A quantized golden case and, when the golden records a single-rounding result, its twin run with
 * `rounding: 'single'` (the same expected data when the golden has none: both builds agree).
 */
export function withSingleRounding(c: OpCase, g: Golden, expectedKey = 'expected'): OpCase[] {
  const single = (g[`${expectedKey}Single`] as number[] | undefined) ?? (g[expectedKey] as number[]);
  const twin: OpCase = {
    ...c,
    name: `${c.name} (single rounding)`,
    outputs: c.outputs.map((o, i) => (i === 0 ? { ...o, data: single } : o)),
    interpreter: { ...c.interpreter, rounding: 'single' },
  };
  return [c, twin];
}

/** The value of a golden field, typed. */
export function field<T>(g: Golden, key: string): T {
  const v = g[key];
  if (v === undefined) throw new Error(`golden ${g.name} has no ${key}`);
  return v as T;
}

import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from './kernel-runner.js';

/** A TFLM *_test.cc case of a float32 unary op: inputs, golden (approximate: checked within `tolerance`). */
export interface FloatUnaryCase {
  name: string;
  shape: number[];
  input: number[];
  expected: number[];
  tolerance?: number;
}

/**
 * The whole test suite of a float32-only unary op: TFLM's test values, the bit-exact golden from the C++
 * reference (libm included), and prepare's rejections. `exactShape` marks ops whose TFLM Prepare checks
 * the output dims one by one (EXP, CEIL, ROUND); the others only need equal element counts.
 */
export function floatUnarySuite(op: OpDescriptor, tflm: FloatUnaryCase[], exactShape: boolean, opts: { quantizedTypesAllowed?: boolean } = {}): void {
  const name = op.name;
  kernelTable(`${name} (TFLM test values)`, op, tflm.map((c) => ({
    name: c.name,
    inputs: [{ type: T.FLOAT32, shape: c.shape, data: c.input }],
    outputs: [{ type: T.FLOAT32, shape: c.shape, data: c.expected }],
    tolerance: c.tolerance ?? 1e-5,
  })));
  floatBitsTable(`${name} (TFLM reference, bit-exact)`, op, goldens(name).filter((g) => g.type === 'f32').map((g) => {
    const input = floats(field<number[]>(g, 'input'));
    return {
      name: g.name,
      inputs: [{ type: T.FLOAT32, shape: [input.length], data: input }],
      outputs: [{ type: T.FLOAT32, shape: [input.length], data: floats(field<number[]>(g, 'expected')) }],
    };
  }));
  const f32 = (shape: number[]) => ({ type: T.FLOAT32, shape, data: new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(1) });
  kernelTable(`${name} (rejections)`, op, [
    ...(opts.quantizedTypesAllowed ? [] : [
      { name: 'int8 input', inputs: [{ type: T.INT8, shape: [4], data: [1, 2, 3, 4], scale: 0.1, zeroPoint: 0 }], outputs: [{ type: T.INT8, shape: [4], scale: 0.1, zeroPoint: 0 }], expectError: /not supported|FLOAT32|only supports/ },
    ]),
    { name: 'int32 input', inputs: [{ type: T.INT32, shape: [4], data: [1, 2, 3, 4] }], outputs: [{ type: T.INT32, shape: [4] }], expectError: /not supported|FLOAT32|only supports/ },
    { name: 'output type differs', inputs: [f32([4])], outputs: [{ type: T.INT32, shape: [4] }], expectError: /output type/ },
    { name: 'output element count differs', inputs: [f32([4])], outputs: [{ type: T.FLOAT32, shape: [5] }], expectError: /output shape/ },
    ...(exactShape
      ? [{ name: 'output dims differ (same element count)', inputs: [f32([2, 2])], outputs: [{ type: T.FLOAT32, shape: [4] }], expectError: /output shape/ }]
      : [{ name: 'output dims differ, same element count: runs flat', inputs: [f32([2, 2])], outputs: [{ type: T.FLOAT32, shape: [4] }] }]),
    { name: 'two inputs', inputs: [f32([4]), f32([4])], outputs: [{ type: T.FLOAT32, shape: [4] }], expectError: /inputs/ },
    { name: 'two outputs', inputs: [f32([4])], outputs: [{ type: T.FLOAT32, shape: [4] }, { type: T.FLOAT32, shape: [4] }], expectError: /outputs/ },
  ]);
}

/** The tensor type of a quantized golden: its `type` field, else from the name ("int16 ..." / "int8 ..."). */
export function goldenType(g: Golden): number {
  const t = g.type ?? (g.name.startsWith('int16') ? 'i16' : g.name.startsWith('float32') ? 'f32' : 'i8');
  return t === 'i16' ? T.INT16 : t === 'f32' ? T.FLOAT32 : T.INT8;
}

/** A one-input quantized golden (input/expected, inScale/inZp/outScale/outZp) as cases (double and single rounding). */
export function quantUnaryCases(g: Golden): OpCase[] {
  const type = goldenType(g);
  const input = field<number[]>(g, 'input');
  return withSingleRounding({
    name: `${g.name} (TFLM reference)`,
    inputs: [{ type, shape: [input.length], data: input, scale: field<number>(g, 'inScale'), zeroPoint: field<number>(g, 'inZp') }],
    outputs: [{ type, shape: [input.length], data: field<number[]>(g, 'expected'), scale: field<number>(g, 'outScale'), zeroPoint: field<number>(g, 'outZp') }],
  }, g);
}
