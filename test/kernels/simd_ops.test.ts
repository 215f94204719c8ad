/**
 * Differential tests of the WebAssembly SIMD kernels other than the convolutions (FULLY_CONNECTED, ADD, SUB,
 * pooling, SOFTMAX): random shapes and quantization parameters run with the reference kernel and the SIMD
 * one; every output byte must be identical (float32 outputs bit for bit).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADD, AVERAGE_POOL_2D, FULLY_CONNECTED, MAX_POOL_2D, SOFTMAX, SUB } from '../../src/kernels/index.js';
import { simdSupported } from '../../src/kernels/simd/index.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import type { OpDescriptor } from '../../src/runtime/kernel.js';
import { Lcg } from '../helpers/lcg.js';
import { runCase, variantsOf, type OpCase, type TensorSpec } from '../helpers/kernel-runner.js';

const SKIP = simdSupported() ? false : 'no WebAssembly SIMD in this engine';

/** Random float32 values in [lo, hi) with full mantissas. */
function floats(r: Lcg, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => Math.fround(lo + ((hi - lo) * r.int(0, 999_999)) / 1_000_001));
}

function logUniform(r: Lcg, lo: number, hi: number): number {
  return Math.fround(lo * Math.pow(hi / lo, r.int(0, 1000) / 1000));
}

function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Reference and SIMD outputs must be byte-identical (or both variants reject the case with one message). */
function sameOutputs(op: OpDescriptor, c: OpCase): void {
  const variants = variantsOf(op);
  const simd = variants.find((v) => v.name === 'simd');
  assert.ok(simd, `${op.name} has a SIMD variant`);
  let want;
  try {
    want = runCase(variants[0]!, c, op);
  } catch (e) {
    assert.throws(() => runCase(simd, c, op), { message: (e as Error).message });
    return;
  }
  const got = runCase(simd, c, op);
  want.forEach((w, k) => {
    const g = got[k]!;
    const wb = new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
    const gb = new Uint8Array(g.buffer, g.byteOffset, g.byteLength);
    assert.equal(gb.length, wb.length);
    for (let i = 0; i < wb.length; i++) if (gb[i] !== wb[i]) assert.fail(`${c.name}: output ${k} byte ${i} differs (simd ${gb[i]}, reference ${wb[i]})`);
  });
}

function suite(title: string, op: OpDescriptor, count: number, seed: number, make: (r: Lcg, i: number) => OpCase | null): void {
  describe(title, { skip: SKIP }, () => {
    if (SKIP) return;
    const r = new Lcg(seed);
    for (let i = 0; i < count; i++) {
      const c = make(r, i);
      if (c) test(c.name, () => sameOutputs(op, c));
    }
  });
}

const pick = <X>(r: Lcg, xs: X[]): X => xs[r.int(0, xs.length - 1)]!;

/** int8 activation tensor spec with random data and quantization. */
function int8Spec(r: Lcg, shape: number[], constant = false): TensorSpec {
  const zp = r.int(0, 3) === 0 ? pick(r, [-128, 127]) : r.int(-128, 127);
  return { type: T.INT8, shape, data: r.ints(product(shape), -128, 127), scale: logUniform(r, 0.002, 0.5), zeroPoint: zp, constant };
}

// ---------------------------------------------------------------------------------------------------------
// FULLY_CONNECTED
// ---------------------------------------------------------------------------------------------------------

suite('SIMD FULLY_CONNECTED vs reference (random)', FULLY_CONNECTED, 80, 5151, (r, i) => {
  const batches = pick(r, [1, 1, 2, 3]);
  const depth = pick(r, [1, 3, 4, 7, 8, 16, 17, 31, 64, 100]);
  const units = pick(r, [1, 2, 3, 4, 5, 8, 9, 16, 33]);
  const activation = pick(r, [0, 0, 1, 3]);
  const hasBias = r.int(0, 4) !== 0;
  const float = i % 2 === 1;
  let input: TensorSpec, filter: TensorSpec, bias: TensorSpec, output: TensorSpec;
  if (float) {
    input = { type: T.FLOAT32, shape: [batches, depth], data: floats(r, batches * depth, -2, 2) };
    filter = { type: T.FLOAT32, shape: [units, depth], data: floats(r, units * depth, -1, 1), constant: true };
    bias = { type: T.FLOAT32, shape: [units], data: floats(r, units, -2, 2), constant: true };
    output = { type: T.FLOAT32, shape: [batches, units] };
  } else {
    input = int8Spec(r, [batches, depth]);
    const perChannel = r.int(0, 1) === 0;
    const fScales = Array.from({ length: perChannel ? units : 1 }, () => logUniform(r, 0.001, 0.05));
    filter = { type: T.INT8, shape: [units, depth], data: r.ints(units * depth, -127, 127), constant: true,
      scale: perChannel ? fScales : fScales[0]!, zeroPoint: perChannel ? fScales.map(() => 0) : 0, quantizedDimension: 0 };
    bias = { type: T.INT32, shape: [units], data: r.ints(units, -30000, 30000), constant: true, scale: 0, zeroPoint: 0 };
    output = { type: T.INT8, shape: [batches, units], scale: logUniform(r, 0.005, 2) * Math.sqrt(depth) * 0.05, zeroPoint: r.int(-128, 127) };
  }
  return {
    name: `${float ? 'float' : 'int8'} #${i}: ${batches}x${depth} -> ${units}${hasBias ? '' : ', no bias'}, act ${activation}`,
    inputs: hasBias ? [input, filter, bias] : [input, filter, null],
    outputs: [output],
    options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, activation)] },
  };
});

// int8 FULLY_CONNECTED across the kernel's blocks: 8-row dot products with 5..7-row and 1..4-row tails, bands of
// 256 units, 16-unit requantization stores, depth tails masked at staging, depth 1, several batches.
suite('SIMD FULLY_CONNECTED int8 vs reference (blocks, tails, bands)', FULLY_CONNECTED, 48, 5353, (r, i) => {
  const batches = pick(r, [1, 1, 2, 3]);
  // (#13..#16: depth 1, where the kernel forms products with lanes = units, across a band boundary too)
  const depth = i >= 13 && i <= 16 ? 1 : pick(r, [1, 2, 5, 9, 15, 23, 40, 128, 130]);
  const units = i < 13 ? [5, 6, 7, 12, 15, 24, 31, 40, 255, 256, 257, 300, 520][i]! : i <= 16 ? [300, 17, 3, 33][i - 13]! : pick(r, [5, 6, 7, 10, 13, 16, 17, 24, 31, 255, 257, 300, 520]);
  const perChannel = i === 13 || i === 16 || r.int(0, 2) === 0;
  const input = int8Spec(r, [batches, depth]);
  const fScales = Array.from({ length: perChannel ? units : 1 }, () => logUniform(r, 0.001, 0.05));
  const filter: TensorSpec = { type: T.INT8, shape: [units, depth], data: r.ints(units * depth, -128, 127), constant: true,
    scale: perChannel ? fScales : fScales[0]!, zeroPoint: perChannel ? fScales.map(() => 0) : 0, quantizedDimension: 0 };
  const bias: TensorSpec = { type: T.INT32, shape: [units], data: r.ints(units, -60000, 60000), constant: true, scale: 0, zeroPoint: 0 };
  const output: TensorSpec = { type: T.INT8, shape: [batches, units], scale: logUniform(r, 0.005, 2) * Math.sqrt(depth) * 0.05, zeroPoint: r.int(-128, 127) };
  const hasBias = r.int(0, 3) !== 0;
  const activation = pick(r, [0, 1, 3]);
  return {
    name: `int8 #${i}: ${batches}x${depth} -> ${units}${perChannel ? ' per-channel' : ''}${hasBias ? '' : ', no bias'}, act ${activation}`,
    inputs: hasBias ? [input, filter, bias] : [input, filter, null],
    outputs: [output],
    options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, activation)] },
  };
});

// Requantization edge cases of the few-units FC path (at most 4 units, per-tensor, everything in registers) and of
// the banded path (5 units): every input value (256 batches, depth 2), filter values at the extremes, biases near
// the int32 limits, multipliers 2^-e·{0.5, 0.75, 0.9999} (right shifts 0..31) and 2^k·0.75 (left shifts).
describe('SIMD FULLY_CONNECTED requantization edge cases (few units)', { skip: SKIP }, () => {
  if (SKIP) return;
  const multipliers: number[] = [];
  for (const e of [0, 1, 7, 15, 23, 30, 31]) for (const f of [0.5, 0.75, 0.9999]) multipliers.push(f * 2 ** -e);
  for (const k of [1, 5, 10]) multipliers.push(0.75 * 2 ** k);
  const xs = Array.from({ length: 256 }, (_, i) => [i - 128, 127 - ((i * 37) & 255)]).flat();
  const allBiases = [2147483647, -2147483648, 2147483647 - 20000, -2147483648 + 20000, 0];
  for (const units of [1, 3, 4, 5]) {
    multipliers.forEach((m, mi) => {
      const zp = [-128, 0, 127][mi % 3]!;
      const name = `${units} units, multiplier #${mi} (${m.toExponential(3)}), input zero point ${zp}`;
      test(name, () => sameOutputs(FULLY_CONNECTED, {
        name,
        inputs: [
          { type: T.INT8, shape: [256, 2], data: xs, scale: 0.5, zeroPoint: zp },
          { type: T.INT8, shape: [units, 2], data: [-128, 127, 127, -128, 1, -1, 64, -64, -128, -128].slice(0, units * 2), constant: true, scale: (m * 0.25) / 0.5, zeroPoint: 0 },
          { type: T.INT32, shape: [units], data: allBiases.slice(0, units), constant: true, scale: 0, zeroPoint: 0 },
        ],
        outputs: [{ type: T.INT8, shape: [256, units], scale: 0.25, zeroPoint: [-128, 5, 127][(mi + units) % 3]! }],
        options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, 0)] },
      }));
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// ADD / SUB (int8, no broadcast: the SIMD path; broadcast shapes check the fallback)
// ---------------------------------------------------------------------------------------------------------

function addSubCase(op: 'add' | 'sub') {
  return (r: Lcg, i: number): OpCase => {
    const n = pick(r, [1, 5, 15, 16, 17, 33, 64, 100, 257]);
    const shape = r.int(0, 1) === 0 ? [n] : [1, 2, n];
    const broadcast = i % 7 === 6;
    const float = i % 3 === 2;
    const bShape = broadcast ? [1] : shape;
    const a: TensorSpec = float ? { type: T.FLOAT32, shape, data: floats(r, product(shape), -8, 8) } : int8Spec(r, shape);
    const b: TensorSpec = float ? { type: T.FLOAT32, shape: bShape, data: floats(r, product(bShape), -8, 8) } : int8Spec(r, bShape);
    const activation = pick(r, [0, 0, 1, 3]);
    const out: TensorSpec = float ? { type: T.FLOAT32, shape } : { type: T.INT8, shape, scale: logUniform(r, 0.005, 0.5), zeroPoint: r.int(-128, 127) };
    return {
      name: `${op} ${float ? 'float' : 'int8'} #${i}: [${shape.join(',')}]${broadcast ? ' + [1]' : ''}, act ${activation}`,
      inputs: [a, b],
      outputs: [out],
      options: { type: op === 'add' ? BuiltinOptions.AddOptions : BuiltinOptions.SubOptions, fields: [opt.int8(0, activation)] },
    };
  };
}

suite('SIMD ADD vs reference (random)', ADD, 40, 6161, addSubCase('add'));
suite('SIMD SUB vs reference (random)', SUB, 30, 6262, addSubCase('sub'));

// ---------------------------------------------------------------------------------------------------------
// AVERAGE_POOL_2D / MAX_POOL_2D (int8 and float32)
// ---------------------------------------------------------------------------------------------------------

function poolCase(kind: 'avg' | 'max') {
  return (r: Lcg, i: number): OpCase => {
    const float = i % 3 === 2;
    const batches = pick(r, [1, 1, 2]);
    const inH = r.int(1, 12), inW = r.int(1, 12);
    const depth = pick(r, [1, 3, 4, 5, 8, 15, 16, 17, 32, 33, 64]);
    const fH = r.int(1, 4), fW = r.int(1, 4), sH = r.int(1, 3), sW = r.int(1, 3);
    const same = r.int(0, 1) === 0;
    const outH = same ? Math.ceil(inH / sH) : Math.ceil((inH - fH + 1) / sH);
    const outW = same ? Math.ceil(inW / sW) : Math.ceil((inW - fW + 1) / sW);
    const shape = [batches, inH, inW, depth];
    const activation = pick(r, [0, 0, 1, 3]);
    let input: TensorSpec;
    let output: TensorSpec;
    if (float) {
      input = { type: T.FLOAT32, shape, data: floats(r, product(shape), -4, 4) };
      output = { type: T.FLOAT32, shape: [batches, Math.max(outH, 1), Math.max(outW, 1), depth] };
    } else {
      input = int8Spec(r, shape);
      output = { type: T.INT8, shape: [batches, Math.max(outH, 1), Math.max(outW, 1), depth], scale: input.scale, zeroPoint: input.zeroPoint };
    }
    return {
      name: `${kind} ${float ? 'float' : 'int8'} #${i}: [${shape.join(',')}] f ${fH}x${fW} s ${sH}x${sW} ${same ? 'SAME' : 'VALID'} act ${activation}`,
      inputs: [input],
      outputs: [output],
      options: { type: BuiltinOptions.Pool2DOptions, fields: [opt.int8(0, same ? 0 : 1), opt.int32(1, sW), opt.int32(2, sH), opt.int32(3, fW), opt.int32(4, fH), opt.int8(5, activation)] },
    };
  };
}

suite('SIMD AVERAGE_POOL_2D vs reference (random)', AVERAGE_POOL_2D, 60, 7171, poolCase('avg'));
suite('SIMD MAX_POOL_2D vs reference (random)', MAX_POOL_2D, 60, 7272, poolCase('max'));

export { SOFTMAX };
