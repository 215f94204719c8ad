/**
 * Helpers for the elementwise/comparison/logical kernel tests: access to the TFLM reference goldens
 * (test/kernels/data/elementwise.golden.ts), float32 bit patterns, a bit-exact float table (kernelTable's float
 * check is relative and cannot express infinities or -0), and the single-rounding twin of a quantized case.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TensorType as T } from '../../src/model/types.js';
import type { OpDescriptor } from '../../src/runtime/kernel.js';
import { ELEMENTWISE_GOLDEN, type Golden } from '../kernels/data/elementwise.golden.js';
import { kernelTable, runCase, variantsOf, type OpCase } from './kernel-runner.js';

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

/** Expected results of one comparison op on comparisons_test.cc's shared inputs (0/1 per element). */
export interface ComparisonExpectations {
  float: number[];
  int: number[];
  /** int input1 vs the single value 7. */
  broadcast: number[];
  /** 2x4 int input1 vs 1x4 input2. */
  broadcastTwoD: number[];
  /** [20, -2, -71, 8, 11, 20] (scale 0.5, zero point -9) vs [8] quantized the same way. */
  quantizedBroadcast: number[];
  bool?: number[];
  /** [1, -9, 7, 3] (scale 0.5, zp -5) vs `quantizedSameB` (scale 0.25, zp 5). */
  quantizedSame?: number[];
  quantizedSameB?: number[];
  /** LESS's TFLM tests use slightly different int inputs. */
  intB?: number[];
  twoDA?: number[];
  /** Results for NaN vs 1, 1 vs NaN, NaN vs NaN. */
  nan: number[];
}

/** round(x / scale) + zp clamped to [min, max], as TFLM's test helpers quantize (no ties occur here). */
function quantizeTo(values: number[], scale: number, zp: number, min: number, max: number): number[] {
  return values.map((v) => Math.min(max, Math.max(min, Math.round(v / scale) + zp)));
}

/**
 * The test suite of a comparison op: TFLM comparisons_test cases (float, int32, int64, bool, broadcasts,
 * quantized with broadcast over four shapes), C++ reference goldens for int8 (and int16 GREATER), NaN, and
 * prepare's rejections. `types` are the input types the op supports.
 */
export function comparisonSuite(op: OpDescriptor, ref: string, e: ComparisonExpectations, types: number[]): void {
  const out = (shape: number[], data?: number[]) => ({ type: T.BOOL, shape, data });
  const intA = [-1, 9, 7, 3];
  const intB = e.intB ?? [1, 2, 7, 5];
  const twoDA = e.twoDA ?? [-1, 9, 7, 3, 2, 4, 2, 8];
  const s4 = [1, 1, 1, 4];
  const cases: OpCase[] = [
    {
      name: 'comparisons_test Float',
      inputs: [{ type: T.FLOAT32, shape: s4, data: [0.1, 0.9, 0.7, 0.3] }, { type: T.FLOAT32, shape: s4, data: [0.1, 0.2, 0.6, 0.5] }],
      outputs: [out(s4, e.float)],
    },
    { name: 'comparisons_test Int', inputs: [{ type: T.INT32, shape: s4, data: intA }, { type: T.INT32, shape: s4, data: intB }], outputs: [out(s4, e.int)] },
    {
      name: 'int64 (the Int case)',
      inputs: [{ type: T.INT64, shape: s4, data: intA.map(BigInt) }, { type: T.INT64, shape: s4, data: intB.map(BigInt) }],
      outputs: [out(s4, e.int)],
    },
    {
      name: 'int64 beyond 2^53 compares exactly',
      inputs: [
        { type: T.INT64, shape: [2], data: [9007199254740993n, -9223372036854775808n] },
        { type: T.INT64, shape: [2], data: [9007199254740992n, -9223372036854775807n] },
      ],
      outputs: [out([2], bigExpect(op.name))],
    },
    {
      name: 'comparisons_test Broadcast',
      inputs: [{ type: T.INT32, shape: s4, data: intA }, { type: T.INT32, shape: [1, 1, 1, 1], data: [7] }],
      outputs: [out(s4, e.broadcast)],
    },
    {
      name: 'comparisons_test BroadcastTwoD',
      inputs: [{ type: T.INT32, shape: [1, 1, 2, 4], data: twoDA }, { type: T.INT32, shape: s4, data: [7, 1, 2, 4] }],
      outputs: [out([1, 1, 2, 4], e.broadcastTwoD)],
    },
    {
      name: 'BroadcastTwoD with the inputs swapped and input2 of lower rank',
      inputs: [{ type: T.INT32, shape: [4], data: [7, 1, 2, 4] }, { type: T.INT32, shape: [2, 4], data: twoDA }],
      outputs: [out([2, 4], swapExpect(op.name, [7, 1, 2, 4], twoDA))],
    },
    {
      name: 'float NaN compares unordered',
      inputs: [{ type: T.FLOAT32, shape: [3], data: [NaN, 1, NaN] }, { type: T.FLOAT32, shape: [3], data: [1, NaN, NaN] }],
      outputs: [out([3], e.nan)],
    },
    {
      name: 'empty tensors',
      inputs: [{ type: T.FLOAT32, shape: [0, 3], data: [] }, { type: T.FLOAT32, shape: [1, 3], data: [1, 2, 3] }],
      outputs: [out([0, 3], [])],
    },
  ];
  if (e.bool) {
    cases.push({
      name: 'comparisons_test Bool',
      inputs: [{ type: T.BOOL, shape: s4, data: [1, 0, 1, 0] }, { type: T.BOOL, shape: s4, data: [1, 1, 0, 0] }],
      outputs: [out(s4, e.bool)],
    });
  }
  if (e.quantizedSame) {
    const a = quantizeTo([1, -9, 7, 3], 0.5, -5, -128, 127);
    const b = quantizeTo(e.quantizedSameB!, 0.25, 5, -128, 127);
    cases.push({
      name: 'comparisons_test QuantizedInt8 (different scales)',
      inputs: [{ type: T.INT8, shape: [1, 2, 2, 1], data: a, scale: 0.5, zeroPoint: -5 }, { type: T.INT8, shape: [1, 2, 2, 1], data: b, scale: 0.25, zeroPoint: 5 }],
      outputs: [out([1, 2, 2, 1], e.quantizedSame)],
    });
  }
  const quantTypes: [number, number, number][] = [[T.INT8, -128, 127]];
  if (types.includes(T.INT16)) quantTypes.push([T.INT16, -32768, 32767]);
  for (const [type, min, max] of quantTypes) {
    for (const shape of [[6], [2, 3], [2, 1, 3], [1, 3, 1, 2]]) {
      cases.push({
        name: `comparisons_test Quantized${type === T.INT8 ? 'Int8' : 'Int16'}WithBroadcast [${shape.join(',')}]`,
        inputs: [
          { type, shape, data: quantizeTo([20, -2, -71, 8, 11, 20], 0.5, -9, min, max), scale: 0.5, zeroPoint: -9 },
          { type, shape: [1], data: quantizeTo([8], 0.5, -9, min, max), scale: 0.5, zeroPoint: -9 },
        ],
        outputs: [out(shape, e.quantizedBroadcast)],
      });
    }
  }
  kernelTable(`${op.name} (TFLM comparisons_test and edges)`, op, cases);

  kernelTable(`${op.name} (quantized, TFLM reference)`, op, goldens(ref).flatMap((g) => {
    const type = g.type === 'i16' ? T.INT16 : T.INT8;
    return withSingleRounding({
      name: `${g.name} (TFLM reference)`,
      inputs: [
        { type, shape: field<number[]>(g, 'shapeA'), data: field<number[]>(g, 'a'), scale: field<number>(g, 's1'), zeroPoint: field<number>(g, 'z1') },
        { type, shape: field<number[]>(g, 'shapeB'), data: field<number[]>(g, 'b'), scale: field<number>(g, 's2'), zeroPoint: field<number>(g, 'z2') },
      ],
      outputs: [out(field<number[]>(g, 'shapeOut'), field<number[]>(g, 'expected'))],
    }, g);
  }));

  const f = (shape: number[]) => ({ type: T.FLOAT32, shape, data: new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(1) });
  const q8 = (scale: number) => ({ type: T.INT8, shape: [2], data: [1, 2], scale, zeroPoint: 0 });
  const rejections: OpCase[] = [
    { name: 'input types differ', inputs: [f([2]), { type: T.INT32, shape: [2], data: [1, 2] }], outputs: [out([2])], expectError: /input2 type/ },
    { name: 'output is not BOOL', inputs: [f([2]), f([2])], outputs: [{ type: T.FLOAT32, shape: [2] }], expectError: /not BOOL/ },
    { name: 'shapes do not broadcast', inputs: [f([2, 3]), f([3, 2])], outputs: [out([2, 3])], expectError: /broadcast/ },
    { name: 'output is not the broadcast shape', inputs: [f([2, 3]), f([1, 3])], outputs: [out([3, 3])], expectError: /broadcast/ },
    { name: 'same-shape inputs, output of another size', inputs: [f([2, 3]), f([2, 3])], outputs: [out([7])], expectError: /output shape/ },
    { name: 'rank 9', inputs: [f([1, 1, 1, 1, 1, 1, 1, 1, 2]), f([2])], outputs: [out([1, 1, 1, 1, 1, 1, 1, 1, 2])], expectError: /rank/ },
    { name: 'int8 scale 1 (QuantizeMultiplierSmallerThanOneExp aborts in TFLM)', inputs: [q8(1), q8(0.5)], outputs: [out([2])], expectError: /scale/ },
    { name: 'int8 input2 scale 2', inputs: [q8(0.5), q8(2)], outputs: [out([2])], expectError: /scale/ },
    { name: 'int8 without quantization (scale 0)', inputs: [{ type: T.INT8, shape: [2], data: [1, 2] }, q8(0.5)], outputs: [out([2])], expectError: /scale/ },
    { name: 'one input', inputs: [f([2])], outputs: [out([2])], expectError: /inputs/ },
    { name: 'uint8 is not supported', inputs: [{ type: T.UINT8, shape: [2], data: [1, 2] }, { type: T.UINT8, shape: [2], data: [1, 2] }], outputs: [out([2])], expectError: /not supported/ },
  ];
  if (!types.includes(T.INT16)) {
    rejections.push({
      name: 'int16 is not supported',
      inputs: [{ type: T.INT16, shape: [2], data: [1, 2], scale: 0.5, zeroPoint: 0 }, { type: T.INT16, shape: [2], data: [1, 2], scale: 0.5, zeroPoint: 0 }],
      outputs: [out([2])],
      expectError: /not supported/,
    });
  }
  if (!types.includes(T.BOOL)) {
    rejections.push({
      name: 'bool is not supported',
      inputs: [{ type: T.BOOL, shape: [2], data: [1, 0] }, { type: T.BOOL, shape: [2], data: [1, 1] }],
      outputs: [out([2])],
      expectError: /not supported/,
    });
  }
  kernelTable(`${op.name} (rejections)`, op, rejections);
}

/** The op's predicate (for derived expectations). */
function predicate(name: string): (a: number | bigint, b: number | bigint) => boolean {
  switch (name) {
    case 'EQUAL': return (a, b) => a === b;
    case 'NOT_EQUAL': return (a, b) => a !== b;
    case 'GREATER': return (a, b) => a > b;
    case 'GREATER_EQUAL': return (a, b) => a >= b;
    case 'LESS': return (a, b) => a < b;
    default: return (a, b) => a <= b;
  }
}

function bigExpect(name: string): number[] {
  const p = predicate(name);
  return [p(9007199254740993n, 9007199254740992n) ? 1 : 0, p(-9223372036854775808n, -9223372036854775807n) ? 1 : 0];
}

/** [4] input vs [2, 4] input: element (r, c) compares a[c] with b[r * 4 + c]. */
function swapExpect(name: string, a: number[], b: number[]): number[] {
  const p = predicate(name);
  return b.map((v, i) => (p(a[i % 4]!, v) ? 1 : 0));
}

/** Prepare rejections shared by LOGICAL_AND and LOGICAL_OR. */
export function logicalRejections(): OpCase[] {
  const b = (shape: number[], data?: number[]) => ({ type: T.BOOL, shape, data });
  return [
    { name: 'float input1', inputs: [{ type: T.FLOAT32, shape: [2], data: [1, 0] }, b([2], [1, 0])], outputs: [b([2])], expectError: /input1 type/ },
    { name: 'int8 input2', inputs: [b([2], [1, 0]), { type: T.INT8, shape: [2], data: [1, 0] }], outputs: [b([2])], expectError: /input2 type/ },
    { name: 'int32 output', inputs: [b([2], [1, 0]), b([2], [1, 0])], outputs: [{ type: T.INT32, shape: [2] }], expectError: /output type/ },
    { name: 'shapes do not broadcast', inputs: [b([2], [1, 0]), b([3], [1, 0, 1])], outputs: [b([3])], expectError: /broadcast/ },
    { name: 'output is not the broadcast shape', inputs: [b([2, 1], [1, 0]), b([1, 2], [1, 0])], outputs: [b([2, 3])], expectError: /broadcast/ },
    { name: 'same-shape inputs, output of another size', inputs: [b([2], [1, 0]), b([2], [1, 0])], outputs: [b([4])], expectError: /output shape/ },
    { name: 'one input', inputs: [b([2], [1, 0])], outputs: [b([2])], expectError: /inputs/ },
  ];
}

/** A float32 binary golden (a, b, expected as bits; same shape) as a bit-exact case. */
export function binaryFloatGoldens(op: string): OpCase[] {
  return goldens(op).map((g) => {
    const a = floats(field<number[]>(g, 'a'));
    return {
      name: g.name,
      inputs: [{ type: T.FLOAT32, shape: [a.length], data: a }, { type: T.FLOAT32, shape: [a.length], data: floats(field<number[]>(g, 'b')) }],
      outputs: [{ type: T.FLOAT32, shape: [a.length], data: floats(field<number[]>(g, 'expected')) }],
    };
  });
}

/** Prepare rejections of the float32-only binary ops (FLOOR_DIV, FLOOR_MOD). */
export function binaryFloatRejections(): OpCase[] {
  const f = (shape: number[], data?: number[]) => ({ type: T.FLOAT32, shape, data: data ?? new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(1) });
  return [
    { name: 'int32 inputs (TFLM Eval: not supported)', inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }, { type: T.INT32, shape: [2], data: [1, 2] }], outputs: [{ type: T.INT32, shape: [2] }], expectError: /not supported/ },
    { name: 'input types differ', inputs: [f([2]), { type: T.INT32, shape: [2], data: [1, 2] }], outputs: [f([2])], expectError: /input2 type/ },
    { name: 'output type differs', inputs: [f([2]), f([2])], outputs: [{ type: T.INT32, shape: [2] }], expectError: /output type/ },
    { name: 'shapes do not broadcast', inputs: [f([2, 3]), f([2])], outputs: [f([2, 3])], expectError: /broadcast/ },
    { name: 'same-shape inputs, output of another size', inputs: [f([2]), f([2])], outputs: [f([3])], expectError: /output shape/ },
    { name: 'one input', inputs: [f([2])], outputs: [f([2])], expectError: /inputs/ },
  ];
}
