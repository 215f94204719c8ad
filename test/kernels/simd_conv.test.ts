/**
 * Differential tests of the WebAssembly SIMD conv kernels: random geometries (borders, strides, dilations,
 * batches, channel counts around the kernels' block sizes, extreme zero points and weights, multipliers
 * above and below 1, bias near the int32 limits) run with the reference kernel and the SIMD one; every
 * output must be identical (float32 outputs bit for bit).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED } from '../../src/kernels/index.js';
import { simdSupported } from '../../src/kernels/simd/index.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { opt } from '../../src/model/builder.js';
import { TensorType as T } from '../../src/model/types.js';
import type { OpDescriptor } from '../../src/runtime/kernel.js';
import { Lcg } from '../helpers/lcg.js';
import { runCase, variantsOf, type OpCase, type TensorSpec } from '../helpers/kernel-runner.js';

const SKIP = simdSupported() ? false : 'no WebAssembly SIMD in this engine';

type Kind = 'int8' | 'float';

interface Geometry {
  batches: number;
  inH: number;
  inW: number;
  inD: number;
  fH: number;
  fW: number;
  outD: number;
  sH: number;
  sW: number;
  dH: number;
  dW: number;
  same: boolean;
  depthMultiplier: number;
}

function outSize(inS: number, f: number, s: number, d: number, same: boolean): number {
  const eff = (f - 1) * d + 1;
  return same ? Math.ceil(inS / s) : Math.ceil((inS - eff + 1) / s);
}

/** Random float32 values in [lo, hi) with full mantissas (so that the summation order shows in the result). */
function floats(r: Lcg, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => Math.fround(lo + ((hi - lo) * r.int(0, 999_999)) / 1_000_001));
}

function logUniform(r: Lcg, lo: number, hi: number): number {
  return Math.fround(lo * Math.pow(hi / lo, r.int(0, 1000) / 1000));
}

/** One conv or depthwise case with random data; no expected output (the reference provides it). */
function makeCase(name: string, depthwise: boolean, kind: Kind, g: Geometry, r: Lcg): OpCase | null {
  const outH = outSize(g.inH, g.fH, g.sH, g.dH, g.same);
  const outW = outSize(g.inW, g.fW, g.sW, g.dW, g.same);
  if (outH <= 0 || outW <= 0) return null;
  const outD = depthwise ? g.inD * g.depthMultiplier : g.outD;
  const fShape = depthwise ? [1, g.fH, g.fW, outD] : [outD, g.fH, g.fW, g.inD];
  const fCount = fShape.reduce((a, b) => a * b, 1);
  const inCount = g.batches * g.inH * g.inW * g.inD;
  const activation = [0, 0, 1, 3, 2][r.int(0, 4)]!;
  const hasBias = r.int(0, 5) !== 0;
  let input: TensorSpec, filter: TensorSpec, bias: TensorSpec, output: TensorSpec;
  if (kind === 'float') {
    input = { type: T.FLOAT32, shape: [g.batches, g.inH, g.inW, g.inD], data: floats(r, inCount, -2, 2) };
    filter = { type: T.FLOAT32, shape: fShape, data: floats(r, fCount, -1, 1), constant: true };
    bias = { type: T.FLOAT32, shape: [outD], data: floats(r, outD, -4, 4), constant: true };
    output = { type: T.FLOAT32, shape: [g.batches, outH, outW, outD] };
  } else {
    const extremes = r.int(0, 3) === 0;
    const inZp = extremes ? [-128, 127][r.int(0, 1)]! : r.int(-128, 127);
    const inScale = logUniform(r, 0.002, 0.5);
    const perChannel = r.int(0, 3) !== 0;
    const fScales = Array.from({ length: perChannel ? outD : 1 }, () => logUniform(r, 0.0005, 0.05));
    // Output scale around the accumulator's typical size; sometimes far smaller (saturation, multiplier > 1).
    const taps = (depthwise ? 1 : g.inD) * g.fH * g.fW;
    const outScale = logUniform(r, 0.002, 8) * inScale * 0.01 * Math.sqrt(taps) * (r.int(0, 4) === 0 ? 0.001 : 1);
    const bigBias = r.int(0, 9) === 0;
    input = { type: T.INT8, shape: [g.batches, g.inH, g.inW, g.inD], data: r.ints(inCount, -128, 127), scale: inScale, zeroPoint: inZp };
    filter = {
      type: T.INT8, shape: fShape, constant: true, data: extremes ? r.ints(fCount, -128, -120).map((v, i) => (i % 3 ? v : 127)) : r.ints(fCount, -128, 127),
      scale: perChannel ? fScales : fScales[0]!, zeroPoint: perChannel ? fScales.map(() => 0) : 0, quantizedDimension: depthwise ? 3 : 0,
    };
    bias = {
      type: T.INT32, shape: [outD], constant: true,
      data: bigBias ? Array.from({ length: outD }, () => [2147483647 - r.int(0, 1000), -2147483648 + r.int(0, 1000)][r.int(0, 1)]!) : r.ints(outD, -40000, 40000),
      scale: 0, zeroPoint: 0,
    };
    output = { type: T.INT8, shape: [g.batches, outH, outW, outD], scale: outScale, zeroPoint: extremes ? [-128, 127][r.int(0, 1)]! : r.int(-128, 127) };
  }
  const pad = g.same ? 0 : 1;
  const fields = depthwise
    ? [opt.int8(0, pad), opt.int32(1, g.sW), opt.int32(2, g.sH), opt.int32(3, g.depthMultiplier), opt.int8(4, activation), opt.int32(5, g.dW), opt.int32(6, g.dH)]
    : [opt.int8(0, pad), opt.int32(1, g.sW), opt.int32(2, g.sH), opt.int8(3, activation), opt.int32(4, g.dW), opt.int32(5, g.dH)];
  return {
    name,
    inputs: hasBias ? [input, filter, bias] : [input, filter],
    outputs: [output],
    options: { type: depthwise ? BuiltinOptions.DepthwiseConv2DOptions : BuiltinOptions.Conv2DOptions, fields },
  };
}

function randomGeometry(r: Lcg, depthwise: boolean, big: boolean): Geometry {
  const pick = <X>(xs: X[]): X => xs[r.int(0, xs.length - 1)]!;
  const k = pick([1, 1, 3, 3, 3, 2, 4, 5]);
  const dil = r.int(0, 5) === 0 ? r.int(2, 3) : 1;
  return {
    batches: r.int(0, 4) === 0 ? 2 : 1,
    inH: r.int(1, big ? 20 : 9),
    inW: r.int(1, big ? 20 : 11),
    inD: depthwise ? pick([1, 2, 3, 4, 5, 8, 12, 15, 16, 17, 24, 32, 33]) : pick([1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 24, 32, 33, 64]),
    fH: r.int(0, 3) === 0 ? r.int(1, 4) : k,
    fW: k,
    outD: pick([1, 2, 3, 4, 5, 7, 8, 9, 16, 17]),
    sH: r.int(0, 2) === 0 ? 2 : r.int(0, 5) === 0 ? 3 : 1,
    sW: r.int(0, 2) === 0 ? 2 : 1,
    dH: dil,
    dW: r.int(0, 1) === 0 ? dil : 1,
    same: r.int(0, 2) !== 0,
    depthMultiplier: depthwise && r.int(0, 3) === 0 ? r.int(2, 4) : 1,
  };
}

function simdOf(op: OpDescriptor) {
  return variantsOf(op).find((v) => v.name === 'simd');
}

function sameOutputs(op: OpDescriptor, c: OpCase): void {
  const [ref, simd] = [variantsOf(op)[0]!, simdOf(op)!];
  let want;
  try {
    want = runCase(ref, c, op)[0]!;
  } catch (e) {
    // A configuration prepare rejects (e.g. a relu6 bound beyond int32 at a tiny output scale): same error.
    assert.throws(() => runCase(simd, c, op), { message: (e as Error).message });
    return;
  }
  const got = runCase(simd, c, op)[0]!;
  const w = new Uint8Array(want.buffer, want.byteOffset, want.byteLength);
  const g = new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
  assert.equal(g.length, w.length);
  for (let i = 0; i < w.length; i++) if (g[i] !== w[i]) assert.fail(`${c.name}: byte ${i} differs (simd ${g[i]}, reference ${w[i]})`);
}

function suite(title: string, op: OpDescriptor, depthwise: boolean, kinds: Kind[], count: number, seed: number): void {
  describe(title, { skip: SKIP }, () => {
    if (SKIP) return;
    if (!simdOf(op)) return;
    const r = new Lcg(seed);
    for (let i = 0; i < count; i++) {
      const g = randomGeometry(r, depthwise, i % 4 === 3);
      for (const kind of kinds) {
        const name = `${kind} #${i}: in ${g.batches}x${g.inH}x${g.inW}x${g.inD} f ${g.fH}x${g.fW}${depthwise ? ` m${g.depthMultiplier}` : `x${g.outD}`} ${g.same ? 'SAME' : 'VALID'} s${g.sH}x${g.sW} d${g.dH}x${g.dW}`;
        const c = makeCase(name, depthwise, kind, g, r);
        if (c) test(name, () => sameOutputs(op, c));
      }
    }
  });
}

suite('SIMD CONV_2D vs reference (random)', CONV_2D, false, ['int8', 'float'], 150, 4242);
suite('SIMD DEPTHWISE_CONV_2D vs reference (random)', DEPTHWISE_CONV_2D, true, ['int8', 'float'], 150, 4343);

// Requantization edge cases through a 1x1 CONV_2D and DEPTHWISE_CONV_2D (one tap, so acc = w·(x + inOff) + bias):
// every input value, filter values at the extremes, biases near the int32 limits (the sum wraps), and real
// multipliers 2^-e·{0.5, 0.75, 0.9999} for right shifts e from 0 to 31 and 2^k·0.75 for left shifts.
describe('SIMD requantization edge cases', { skip: SKIP }, () => {
  if (SKIP) return;
  const multipliers: number[] = [];
  for (const e of [0, 1, 2, 7, 15, 22, 23, 29, 30, 31]) for (const f of [0.5, 0.75, 0.9999]) multipliers.push(f * 2 ** -e);
  for (const k of [1, 2, 5, 10]) multipliers.push(0.75 * 2 ** k);
  const xs = Array.from({ length: 256 }, (_, i) => i - 128);
  const biases = [0, 2147483647, -2147483648, 2147483647 - 20000, -2147483648 + 20000, 1 << 30, -(1 << 30), 12345];
  for (const depthwise of [false, true]) {
    const op = depthwise ? DEPTHWISE_CONV_2D : CONV_2D;
    multipliers.forEach((m, mi) => {
      const inScale = 0.5, outScale = 0.25;
      // Per-channel filter scales giving real multiplier m for every channel (channels differ in filter values).
      const channels = biases.length;
      const fScale = (m * outScale) / inScale;
      for (const zp of [-128, 0, 127]) {
        const name = `${depthwise ? 'depthwise' : 'conv'} multiplier #${mi} (${m.toExponential(3)}), input zero point ${zp}`;
        const filterData = Array.from({ length: channels }, (_, c) => [-128, 127, 1, -1, 64, -64, 127, -128][c]!);
        const c: OpCase = {
          name,
          inputs: [
            { type: T.INT8, shape: [1, 16, 16, depthwise ? channels : 1], data: depthwise ? xs.flatMap((x) => new Array<number>(channels).fill(x)) : xs, scale: inScale, zeroPoint: zp },
            { type: T.INT8, shape: depthwise ? [1, 1, 1, channels] : [channels, 1, 1, 1], data: filterData, constant: true,
              scale: new Array<number>(channels).fill(fScale), zeroPoint: new Array<number>(channels).fill(0), quantizedDimension: depthwise ? 3 : 0 },
            { type: T.INT32, shape: [channels], data: biases, constant: true, scale: 0, zeroPoint: 0 },
          ],
          outputs: [{ type: T.INT8, shape: [1, 16, 16, channels], scale: outScale, zeroPoint: [-128, 5, 127][mi % 3]! }],
          options: depthwise
            ? { type: BuiltinOptions.DepthwiseConv2DOptions, fields: [opt.int8(0, 1), opt.int32(1, 1), opt.int32(2, 1), opt.int32(3, 1), opt.int8(4, 0)] }
            : { type: BuiltinOptions.Conv2DOptions, fields: [opt.int8(0, 1), opt.int32(1, 1), opt.int32(2, 1), opt.int8(3, 0)] },
        };
        test(name, () => sameOutputs(op, c));
      }
    });
  }
  // FULLY_CONNECTED (depth 1: acc = w·(x + inOff) + bias), per-tensor (lane-uniform) and per-channel (per lane).
  for (const perChannel of [false, true]) {
    multipliers.forEach((m, mi) => {
      const units = biases.length;
      const fScale = (m * 0.25) / 0.5;
      for (const zp of [-128, 0, 127]) {
        const name = `fully connected ${perChannel ? 'per-channel' : 'per-tensor'} multiplier #${mi} (${m.toExponential(3)}), input zero point ${zp}`;
        const c: OpCase = {
          name,
          inputs: [
            { type: T.INT8, shape: [256, 1], data: xs, scale: 0.5, zeroPoint: zp },
            { type: T.INT8, shape: [units, 1], data: [-128, 127, 1, -1, 64, -64, 127, -128], constant: true,
              scale: perChannel ? new Array<number>(units).fill(fScale).map((v, i) => (i % 2 ? v : v * 0.75)) : fScale,
              zeroPoint: perChannel ? new Array<number>(units).fill(0) : 0, quantizedDimension: 0 },
            { type: T.INT32, shape: [units], data: biases, constant: true, scale: 0, zeroPoint: 0 },
          ],
          outputs: [{ type: T.INT8, shape: [256, units], scale: 0.25, zeroPoint: [-128, 5, 127][mi % 3]! }],
          options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, 0)] },
        };
        test(name, () => sameOutputs(FULLY_CONNECTED, c));
      }
    });
  }
});
