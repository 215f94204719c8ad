/**
 * Requantizing kernels in both rounding modes (interpreter option `rounding`: TFLM's default double rounding,
 * or TFLITE_SINGLE_ROUNDING), against BigInt oracles of QuantizeMultiplier and MultiplyByQuantizedMultiplier
 * (test/helpers/rounding-oracle.ts). Each mode must match its own oracle exactly. The two modes differ where
 * the default build's second rounding (RoundingDivideByPOT, ties away from zero, after the high-mul's rounding)
 * disagrees with the single rounding (ties up); that happens on exact ties, which scales in a power-of-two
 * ratio produce for most accumulators: those tables assert that the modes do give different outputs. Random
 * ratios (rare ties) check exactness only. Left shifts (multiplier > 1) round the same way in both modes.
 *
 * Covered here: FULLY_CONNECTED (int8 per-tensor and per-channel, packed int4 weights, 16x8 with int32 and
 * int64 accumulators) and QUANTIZE (every integer-to-integer requantization pair). Other kernels' single-
 * rounding tables live with their tests (conv/depthwise/transpose_conv via conv-reference, add/sub/mul,
 * relu family, cumsum, batch_matmul, resize_bilinear, MEAN/SUM/SOFTMAX/LOGISTIC/TANH, SVDF below).
 */
import assert from 'node:assert/strict';
import { FULLY_CONNECTED } from '../../src/kernels/fully_connected.js';
import { QUANTIZE } from '../../src/kernels/quantize.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { packInt4 } from '../helpers/conv-reference.js';
import { Lcg } from '../helpers/lcg.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import { refMbqm, refMbqm64, refQuantizeMultiplier, type Mode } from '../helpers/rounding-oracle.js';

const f = Math.fround;
const MODES: Mode[] = ['double', 'single'];
const NONE = 0, RELU = 1, RELU6 = 3;

function roundAway(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

const RANGE: Record<number, [number, number]> = {
  [T.INT8]: [-128, 127], [T.UINT8]: [0, 255], [T.INT16]: [-32768, 32767], [T.INT32]: [-2147483648, 2147483647],
};

/** CalculateActivationRangeQuantized for NONE / RELU / RELU6 (float32 division, roundf). */
function actRange(act: number, scale: number, zp: number, type: number): [number, number] {
  const [lo, hi] = RANGE[type]!;
  if (act === RELU) return [Math.max(lo, zp), hi];
  if (act === RELU6) return [Math.max(lo, zp), Math.min(hi, zp + roundAway(f(6 / f(scale))))];
  return [lo, hi];
}

/** Outputs of the two modes differ somewhere (so the table tells the modes apart). */
function assertModesDiffer(name: string, a: number[], b: number[]): void {
  assert.ok(a.some((v, i) => v !== b[i]), `${name}: the two rounding modes agree everywhere; pick another seed`);
}

// ---------------------------------------------------------------------------------------------------------
// FULLY_CONNECTED
// ---------------------------------------------------------------------------------------------------------

interface FcSpec {
  name: string;
  seed: number;
  batches: number;
  depth: number;
  units: number;
  /** INT8 or INT16 activations. */
  type: number;
  int4?: boolean;
  /** 16x8 only: bias type (INT32 → int32 accumulator, INT64 → int64). */
  biasType?: number;
  perChannel?: boolean;
  activation: number;
  inScale: number;
  outScale: number;
  weightScale: number;
  /** Assert that the two modes give different outputs somewhere (power-of-two scale ratios). */
  differs?: boolean;
  /** Inputs drawn from [zp - inLim, zp + inLim] (keeps outputs off the clamps); default: the whole type. */
  inLim?: number;
}

/** reference_integer_ops::FullyConnected(PerChannel) with the mode's multipliers. */
function fcCases(s: FcSpec): OpCase[] {
  const r = new Lcg(s.seed);
  const int16 = s.type === T.INT16;
  const wLim = s.int4 ? 7 : 127;
  const inZp = int16 ? 0 : r.int(-20, 20), outZp = int16 ? 0 : r.int(-10, 10);
  const [tlo, thi] = RANGE[s.type]!;
  const input = s.inLim !== undefined
    ? r.ints(s.batches * s.depth, Math.max(tlo, inZp - s.inLim), Math.min(thi, inZp + s.inLim))
    : r.ints(s.batches * s.depth, tlo, thi);
  const weights = r.ints(s.units * s.depth, s.int4 ? -8 : -127, wLim);
  const wScales = s.perChannel
    ? Array.from({ length: s.units }, (_, i) => f(s.differs ? s.weightScale * 2 ** -(i % 3) : s.weightScale * (1 + 0.37 * i)))
    : [f(s.weightScale)];
  const biasType = int16 ? (s.biasType ?? T.INT64) : T.INT32;
  const bias = r.ints(s.units, -5000, 5000);
  const out: Record<Mode, number[]> = { double: [], single: [] };
  for (const mode of MODES) {
    const mults = wScales.map((ws) => refQuantizeMultiplier(
      s.perChannel ? (f(s.inScale) * ws) / f(s.outScale) : f(f(s.inScale) * ws) / f(s.outScale), mode));
    const [lo, hi] = actRange(s.activation, s.outScale, outZp, s.type);
    for (let b = 0; b < s.batches; b++) {
      for (let u = 0; u < s.units; u++) {
        let acc = 0n;
        for (let k = 0; k < s.depth; k++) acc += BigInt(weights[u * s.depth + k]!) * BigInt(input[b * s.depth + k]! - inZp);
        acc += BigInt(bias[u]!);
        const m = mults[s.perChannel ? u : 0]!;
        const v = biasType === T.INT64
          ? refMbqm64(acc, m.multiplier, m.shift)
          : refMbqm(mode, Number(BigInt.asIntN(32, acc)), m.multiplier, m.shift);
        out[mode].push(Math.min(hi, Math.max(lo, v + outZp)));
      }
    }
  }
  if (s.differs) assertModesDiffer(s.name, out.double, out.single);
  if (biasType === T.INT64) assert.deepEqual(out.double, out.single);
  return MODES.map((mode) => ({
    name: `${s.name} [${mode} rounding]`,
    inputs: [
      { type: s.type, shape: [s.batches, s.depth], data: input, scale: s.inScale, zeroPoint: inZp },
      {
        type: s.int4 ? T.INT4 : T.INT8, shape: [s.units, s.depth], data: s.int4 ? packInt4(weights) : weights, constant: true,
        scale: wScales, zeroPoint: wScales.map(() => 0), quantizedDimension: 0,
      },
      { type: biasType, shape: [s.units], data: bias, constant: true },
    ],
    outputs: [{ type: s.type, shape: [s.batches, s.units], data: out[mode], scale: s.outScale, zeroPoint: outZp }],
    options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, s.activation)] },
    interpreter: { rounding: mode },
  }));
}

kernelTable('FULLY_CONNECTED in both rounding modes (BigInt oracle)', FULLY_CONNECTED, [
  // Power-of-two scale ratios (input * weight / output = 2^-k): ties everywhere, the modes differ.
  { name: 'int8 per-tensor, ratio 2^-6', seed: 1, batches: 3, depth: 37, units: 11, type: T.INT8, activation: NONE, inScale: 0.5, outScale: 4, weightScale: 0.125, differs: true, inLim: 12 },
  { name: 'int8 per-tensor, ratio 2^-5, RELU6', seed: 2, batches: 6, depth: 64, units: 8, type: T.INT8, activation: RELU6, inScale: 0.0625, outScale: 0.0625, weightScale: 2 ** -5, differs: true, inLim: 6 },
  { name: 'int8 per-channel, ratios 2^-4..2^-6, RELU', seed: 3, batches: 4, depth: 29, units: 13, type: T.INT8, perChannel: true, activation: RELU, inScale: 0.25, outScale: 0.5, weightScale: 2 ** -3, differs: true, inLim: 10 },
  { name: 'int8 with packed int4 weights (odd count), ratio 2^-3', seed: 5, batches: 3, depth: 15, units: 5, type: T.INT8, int4: true, activation: NONE, inScale: 0.5, outScale: 1, weightScale: 0.25, differs: true },
  { name: '16x8, int32 bias (int32 accumulator), ratio 2^-3', seed: 7, batches: 2, depth: 10, units: 9, type: T.INT16, biasType: T.INT32, activation: NONE, inScale: 2 ** -4, outScale: 2 ** -5, weightScale: 2 ** -4, differs: true, inLim: 100 },
  { name: '16x8, int32 bias, per-channel, ratios 2^-2..2^-4', seed: 8, batches: 2, depth: 12, units: 6, type: T.INT16, biasType: T.INT32, perChannel: true, activation: NONE, inScale: 2 ** -3, outScale: 2 ** -5, weightScale: 2 ** -4, differs: true, inLim: 100 },
  // Random ratios: exactness in both modes.
  { name: 'int8 per-tensor, random scales', seed: 11, batches: 3, depth: 37, units: 11, type: T.INT8, activation: NONE, inScale: 0.05, outScale: 0.21, weightScale: 0.013 },
  { name: 'int8 per-channel, random scales', seed: 13, batches: 2, depth: 29, units: 13, type: T.INT8, perChannel: true, activation: RELU, inScale: 0.02, outScale: 0.11, weightScale: 0.004 },
  { name: 'int8 multiplier > 1 (left shift)', seed: 4, batches: 2, depth: 9, units: 7, type: T.INT8, activation: NONE, inScale: 0.5, outScale: 0.0007, weightScale: 0.003 },
  { name: 'int8 with packed int4 weights, RELU, random scales', seed: 6, batches: 1, depth: 32, units: 12, type: T.INT8, int4: true, activation: RELU, inScale: 0.02, outScale: 0.02, weightScale: 0.07 },
  { name: '16x8, int64 bias (the int64 multiply is the same in both modes)', seed: 9, batches: 2, depth: 16, units: 7, type: T.INT16, biasType: T.INT64, activation: NONE, inScale: 0.001, outScale: 0.004, weightScale: 0.01 },
].flatMap((s) => fcCases(s)));

// FC int4 rejections (TFLM: per-tensor only, int8 activations only).
kernelTable('FULLY_CONNECTED int4 weights: rejections', FULLY_CONNECTED, [
  {
    name: 'per-channel int4 weights',
    inputs: [
      { type: T.INT8, shape: [1, 4], data: [1, 2, 3, 4], scale: 0.1, zeroPoint: 0 },
      { type: T.INT4, shape: [2, 4], data: packInt4([1, -1, 2, -2, 3, -3, 4, -4]), constant: true, scale: [0.1, 0.2], zeroPoint: [0, 0], quantizedDimension: 0 },
      null,
    ],
    outputs: [{ type: T.INT8, shape: [1, 2], scale: 0.1, zeroPoint: 0 }],
    expectError: /per-channel quantization is not supported with INT4/,
  },
  {
    name: 'int16 activations with int4 weights',
    inputs: [
      { type: T.INT16, shape: [1, 4], data: [1, 2, 3, 4], scale: 0.1, zeroPoint: 0 },
      { type: T.INT4, shape: [2, 4], data: packInt4([1, -1, 2, -2, 3, -3, 4, -4]), constant: true, scale: 0.1, zeroPoint: 0 },
      null,
    ],
    outputs: [{ type: T.INT16, shape: [1, 2], scale: 0.1, zeroPoint: 0 }],
    expectError: /filter has type INT4/,
  },
]);

// ---------------------------------------------------------------------------------------------------------
// QUANTIZE (requantization)
// ---------------------------------------------------------------------------------------------------------

interface RequantSpec {
  inType: number;
  outType: number;
  inScale: number;
  inZp: number;
  outScale: number;
  outZp: number;
  seed: number;
  /** Power-of-two ratio: assert that the modes differ. */
  differs?: boolean;
}

/** reference_ops::Requantize with QuantizeMultiplier(double(in_scale) / double(out_scale)) of the mode. */
function requantCases(s: RequantSpec): OpCase[] {
  const r = new Lcg(s.seed);
  const [ilo, ihi] = RANGE[s.inType]!;
  const n = 96;
  const input = s.inType === T.INT32 ? r.ints(n, -1000, 1000) : r.ints(n, ilo, ihi);
  const [lo, hi] = RANGE[s.outType]!;
  const name = `${T[s.inType]} → ${T[s.outType]} (scale ${s.inScale} zp ${s.inZp} → scale ${s.outScale} zp ${s.outZp})`;
  const out: Record<Mode, number[]> = { double: [], single: [] };
  for (const mode of MODES) {
    const m = refQuantizeMultiplier(f(s.inScale) / f(s.outScale), mode);
    for (const x of input) {
      const v = Number(BigInt.asIntN(32, BigInt(refMbqm(mode, Number(BigInt.asIntN(32, BigInt(x - s.inZp))), m.multiplier, m.shift)) + BigInt(s.outZp)));
      out[mode].push(Math.min(hi, Math.max(lo, v)));
    }
  }
  if (s.differs) assertModesDiffer(name, out.double, out.single);
  return MODES.map((mode) => ({
    name: `${name} [${mode} rounding]`,
    inputs: [{ type: s.inType, shape: [n], data: input, scale: s.inScale, zeroPoint: s.inZp }],
    outputs: [{ type: s.outType, shape: [n], data: out[mode], scale: s.outScale, zeroPoint: s.outZp }],
    interpreter: { rounding: mode },
  }));
}

kernelTable('QUANTIZE requantization in both rounding modes (BigInt oracle)', QUANTIZE, [
  // Power-of-two ratios: the modes differ.
  { inType: T.INT8, outType: T.INT8, inScale: 0.125, inZp: 5, outScale: 0.5, outZp: -7, seed: 1, differs: true },
  { inType: T.INT8, outType: T.INT8, inScale: 0.03125, inZp: -128, outScale: 0.25, outZp: -100, seed: 2, differs: true },
  { inType: T.INT16, outType: T.INT8, inScale: 2 ** -10, inZp: 0, outScale: 2 ** -3, outZp: 3, seed: 3, differs: true },
  { inType: T.INT16, outType: T.INT16, inScale: 2 ** -12, inZp: 0, outScale: 2 ** -9, outZp: 0, seed: 5, differs: true },
  { inType: T.INT32, outType: T.INT8, inScale: 2 ** -7, inZp: 0, outScale: 0.0625, outZp: -2, seed: 8, differs: true },
  { inType: T.INT32, outType: T.INT16, inScale: 2 ** -13, inZp: 0, outScale: 2 ** -10, outZp: 0, seed: 9, differs: true },
  { inType: T.UINT8, outType: T.INT8, inScale: 0.125, inZp: 130, outScale: 0.5, outZp: 0, seed: 11, differs: true },
  // Random ratios (and left shifts): exactness in both modes.
  { inType: T.INT8, outType: T.INT8, inScale: 0.37, inZp: 5, outScale: 0.11, outZp: -7, seed: 12 },
  { inType: T.INT8, outType: T.INT16, inScale: 0.02, inZp: 1, outScale: 0.00013, outZp: 0, seed: 4 },
  { inType: T.INT8, outType: T.INT32, inScale: 0.3, inZp: -3, outScale: 0.0071, outZp: 0, seed: 6 },
  { inType: T.INT16, outType: T.INT32, inScale: 0.003, inZp: 0, outScale: 0.0071, outZp: 0, seed: 7 },
  { inType: T.INT32, outType: T.INT8, inScale: 0.003, inZp: 0, outScale: 0.09, outZp: -2, seed: 13 },
  { inType: T.INT8, outType: T.UINT8, inScale: 0.1, inZp: 0, outScale: 0.07, outZp: 128, seed: 10 },
  { inType: T.UINT8, outType: T.INT8, inScale: 0.1, inZp: 130, outScale: 0.13, outZp: 0, seed: 14 },
].flatMap(requantCases));
