/**
 * Hybrid (dynamic-range quantized) FULLY_CONNECTED, CONV_2D and DEPTHWISE_CONV_2D: float32 activations, int8
 * weights, float32 bias, computed as full TensorFlow Lite computes them (TFLite Micro refuses these models).
 *
 *  - Exact tables: random small nodes against an oracle transcribed loop by loop from TFLite's C++
 *    (portable SymmetricQuantizeFloats / AsymmetricQuantizeFloats, MatrixBatchVectorMultiplyAccumulate,
 *    HybridConv, HybridConvPerChannel, DepthwiseConvHybridPerChannel), float32 rounding at every C++ float
 *    operation: outputs must be identical (tolerance 0).
 *  - TFLite's own hybrid test tables (fully_connected_test.cc, conv_test.cc, depthwise_conv_hybrid_test.cc)
 *    with their tolerances against the float results.
 *  - Prepare rejections.
 *  - The two real hybrid models (ToyCar autoencoder, KWS DS-CNN) against a float evaluation of the same model
 *    with its weights dequantized (test/helpers/dequantize-model.ts): measured error and a bound.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CONV_2D } from '../../src/kernels/conv_2d.js';
import { DEPTHWISE_CONV_2D } from '../../src/kernels/depthwise_conv_2d.js';
import { FULLY_CONNECTED } from '../../src/kernels/fully_connected.js';
import { allOpsResolver } from '../../src/all-ops.js';
import { opt } from '../../src/model/builder.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import { dequantizedFloatModel } from '../helpers/dequantize-model.js';
import { Lcg } from '../helpers/lcg.js';
import { kernelTable, type OpCase } from '../helpers/kernel-runner.js';
import { HAVE_SHARED, SHARED_DIR, sharedModel, SKIP_SHARED } from '../helpers/shared.js';

const f = Math.fround;
const NONE = 0, RELU = 1, RELU_N1_TO_1 = 2, RELU6 = 3, TANH = 4, SIGN_BIT = 5, SIGMOID = 6;
const SAME = 0, VALID = 1;
const FLT_MAX = 3.4028234663852886e38;

// ---------------------------------------------------------------------------------------------------------
// Oracle: TFLite's C++ transcribed (naive loops, bounds checks per tap, float32 rounding per float op)
// ---------------------------------------------------------------------------------------------------------

/** TfLiteRound / round: half away from zero. */
function roundAway(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

/** PortableSymmetricQuantizeFloats. */
function symQuant(v: readonly number[]): { q: number[]; sf: number } {
  let min = v[0]!, max = v[0]!;
  for (const x of v) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const range = Math.max(Math.abs(min), Math.abs(max));
  if (range === 0) return { q: v.map(() => 0), sf: 1 };
  const inv = f(127 / range);
  return { q: v.map((x) => Math.min(127, Math.max(-127, roundAway(f(x * inv))))), sf: f(range / 127) };
}

/** PortableAsymmetricQuantizeFloats (the scale and zero point in double, quantization in float). */
function asymQuant(v: readonly number[]): { q: number[]; sf: number; zp: number } {
  let min = v[0]!, max = v[0]!;
  for (const x of v) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const rmin = Math.min(0, min), rmax = Math.max(0, max);
  if (rmin === rmax) return { q: v.map(() => 0), sf: 1, zp: 0 };
  const scale = (rmax - rmin) / (127 - -128);
  const zFromMin = -128 - rmin / scale, zFromMax = 127 - rmax / scale;
  const zErrMin = Math.abs(-128) + Math.abs(rmin / scale), zErrMax = Math.abs(127) + Math.abs(rmax / scale);
  const z = zErrMin < zErrMax ? zFromMin : zFromMax;
  const zp = z <= -128 ? -128 : z >= 127 ? 127 : roundAway(z);
  const sf = f(scale);
  const inv = f(1 / sf);
  return { q: v.map((x) => Math.min(127, Math.max(-128, roundAway(f(zp + f(x * inv)))))), sf, zp };
}

function applyAct(x: number, act: number): number {
  switch (act) {
    case RELU: return Math.max(0, x);
    case RELU_N1_TO_1: return Math.max(-1, Math.min(x, 1));
    case RELU6: return Math.max(0, Math.min(x, 6));
    case TANH: return f(Math.tanh(x));
    case SIGN_BIT: return x < 0 ? 1 : 0;
    case SIGMOID: return f(1 / f(1 + f(Math.exp(-x))));
    default: return x;
  }
}

function floatRange(act: number): [number, number] {
  if (act === RELU) return [0, FLT_MAX];
  if (act === RELU6) return [0, 6];
  if (act === RELU_N1_TO_1) return [-1, 1];
  return [-FLT_MAX, FLT_MAX];
}

interface FcSpec {
  batches: number;
  depth: number;
  units: number;
  input: number[];
  weights: number[];
  /** One scale (per-tensor) or one per unit. */
  scales: number[];
  bias: number[] | null;
  activation: number;
  asymmetric: boolean;
}

/** fully_connected.cc EvalHybrid + PortableMatrixBatchVectorMultiplyAccumulate (+ ApplyActivationToVector). */
function refFc(s: FcSpec): number[] {
  const out = new Array<number>(s.batches * s.units);
  for (let b = 0; b < s.batches; b++) for (let u = 0; u < s.units; u++) out[b * s.units + u] = s.bias ? s.bias[u]! : 0;
  if (s.input.every((x) => x === 0)) return out.map((x) => applyAct(x, s.activation));
  const perChannel = s.scales.length > 1;
  for (let b = 0; b < s.batches; b++) {
    const row = s.input.slice(b * s.depth, (b + 1) * s.depth);
    const qz = s.asymmetric ? asymQuant(row) : { ...symQuant(row), zp: 0 };
    const sf = perChannel ? qz.sf : f(qz.sf * s.scales[0]!);
    for (let u = 0; u < s.units; u++) {
      let dot = 0, rowSum = 0;
      for (let k = 0; k < s.depth; k++) {
        dot += s.weights[u * s.depth + k]! * qz.q[k]!;
        rowSum += s.weights[u * s.depth + k]!;
      }
      dot -= rowSum * qz.zp;
      const scale = perChannel ? f(sf * s.scales[u]!) : sf;
      out[b * s.units + u] = f(out[b * s.units + u]! + f(f(dot) * scale));
    }
  }
  return out.map((x) => applyAct(x, s.activation));
}

interface ConvSpec {
  depthwise: boolean;
  inShape: [number, number, number, number];
  /** conv: [outD, fH, fW, fD]; depthwise: [1, fH, fW, outD]. */
  fShape: [number, number, number, number];
  input: number[];
  weights: number[];
  scales: number[];
  bias: number[] | null;
  padding: number;
  stride: [number, number];
  dilation: [number, number];
  depthMultiplier: number;
  activation: number;
}

function outSize(padding: number, inSize: number, fSize: number, stride: number, dil: number): number {
  const eff = (fSize - 1) * dil + 1;
  return padding === SAME ? Math.floor((inSize + stride - 1) / stride) : Math.floor((inSize - eff + stride) / stride);
}

function convOutShape(s: ConvSpec): [number, number, number, number] {
  const [b, h, w] = s.inShape;
  const fH = s.fShape[1], fW = s.fShape[2];
  const outD = s.depthwise ? s.fShape[3] : s.fShape[0];
  return [b, outSize(s.padding, h, fH, s.stride[0], s.dilation[0]), outSize(s.padding, w, fW, s.stride[1], s.dilation[1]), outD];
}

/**
 * conv.cc EvalHybrid (per-tensor: symmetric, HybridConv: float(acc) * s_b then + bias) / EvalHybridPerChannel
 * (scales differ: asymmetric, float(acc) * float(scale_c * s_b) + bias) and depthwise_conv.cc
 * EvalHybridPerChannel (asymmetric, DepthwiseConvHybridPerChannel).
 */
function refConv(s: ConvSpec): number[] {
  const [batches, inH, inW, inD] = s.inShape;
  const [, outH, outW, outD] = convOutShape(s);
  const fH = s.fShape[1], fW = s.fShape[2];
  const fD = s.depthwise ? 1 : s.fShape[3];
  const padH = Math.floor(Math.max(0, (outH - 1) * s.stride[0] + (fH - 1) * s.dilation[0] + 1 - inH) / 2);
  const padW = Math.floor(Math.max(0, (outW - 1) * s.stride[1] + (fW - 1) * s.dilation[1] + 1 - inW) / 2);
  const perChannel = s.depthwise || s.scales.some((x) => x !== s.scales[0]);
  const [lo, hi] = floatRange(s.activation);
  const size = inH * inW * inD;
  const out: number[] = [];
  for (let b = 0; b < batches; b++) {
    const row = s.input.slice(b * size, (b + 1) * size);
    const qz = perChannel ? asymQuant(row) : { ...symQuant(row), zp: 0 };
    const sf = perChannel ? qz.sf : f(qz.sf * s.scales[0]!);
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let oc = 0; oc < outD; oc++) {
          let acc = 0;
          for (let fy = 0; fy < fH; fy++) {
            for (let fx = 0; fx < fW; fx++) {
              const iy = oy * s.stride[0] - padH + s.dilation[0] * fy;
              const ix = ox * s.stride[1] - padW + s.dilation[1] * fx;
              if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
              if (s.depthwise) {
                const ic = Math.floor(oc / s.depthMultiplier);
                acc += s.weights[(fy * fW + fx) * outD + oc]! * (qz.q[(iy * inW + ix) * inD + ic]! - qz.zp);
              } else {
                const group = Math.floor(oc / (outD / (inD / fD)));
                for (let c = 0; c < fD; c++) {
                  acc += s.weights[((oc * fH + fy) * fW + fx) * fD + c]! * (qz.q[(iy * inW + ix) * inD + group * fD + c]! - qz.zp);
                }
              }
            }
          }
          const scale = perChannel ? f(s.scales[s.scales.length === 1 ? 0 : oc]! * sf) : sf;
          let v = f(f(acc) * scale);
          if (s.bias) v = f(v + s.bias[oc]!);
          out.push(Math.min(Math.max(v, lo), hi));
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Case builders
// ---------------------------------------------------------------------------------------------------------

function fcCase(name: string, s: FcSpec, expected = refFc(s), tolerance = 0): OpCase {
  return {
    name,
    inputs: [
      { type: T.FLOAT32, shape: [s.batches, s.depth], data: s.input },
      { type: T.INT8, shape: [s.units, s.depth], data: s.weights, constant: true, scale: s.scales, zeroPoint: s.scales.map(() => 0), quantizedDimension: 0 },
      s.bias ? { type: T.FLOAT32, shape: [s.units], data: s.bias, constant: true } : null,
    ],
    outputs: [{ type: T.FLOAT32, shape: [s.batches, s.units], data: expected }],
    options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, s.activation), opt.bool(3, s.asymmetric)] },
    tolerance,
  };
}

function convCase(name: string, s: ConvSpec, expected = refConv(s), tolerance = 0): OpCase {
  const qd = s.depthwise ? 3 : 0;
  const fields = s.depthwise
    ? [opt.int8(0, s.padding), opt.int32(1, s.stride[1]), opt.int32(2, s.stride[0]), opt.int32(3, s.depthMultiplier),
      opt.int8(4, s.activation), opt.int32(5, s.dilation[1]), opt.int32(6, s.dilation[0])]
    : [opt.int8(0, s.padding), opt.int32(1, s.stride[1]), opt.int32(2, s.stride[0]), opt.int8(3, s.activation),
      opt.int32(4, s.dilation[1]), opt.int32(5, s.dilation[0])];
  const outD = s.depthwise ? s.fShape[3] : s.fShape[0];
  return {
    name,
    inputs: [
      { type: T.FLOAT32, shape: s.inShape, data: s.input },
      { type: T.INT8, shape: s.fShape, data: s.weights, constant: true, scale: s.scales, zeroPoint: s.scales.map(() => 0), quantizedDimension: qd },
      s.bias ? { type: T.FLOAT32, shape: [outD], data: s.bias, constant: true } : null,
    ],
    outputs: [{ type: T.FLOAT32, shape: convOutShape(s), data: expected }],
    options: { type: s.depthwise ? BuiltinOptions.DepthwiseConv2DOptions : BuiltinOptions.Conv2DOptions, fields },
    tolerance,
  };
}

/** Float32 values uniform in [lo, hi) on a 1/1024 grid (plus some exact zeros and ties). */
function floats(r: Lcg, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => f(lo + (r.int(0, 1 << 20) / (1 << 20)) * (hi - lo)));
}

/** TFLite's test helpers' SymmetricQuantizeFloats of float weights: q and the scale range / 127. */
function quantizeWeights(w: number[]): { q: number[]; scale: number } {
  const { q, sf } = symQuant(w);
  return { q, scale: sf };
}

/** PerChannelSymmetricQuantizeAndPopulate with given scales: q = round(w / scale_c), clamped to ±127. */
function quantizePerChannel(w: number[], scales: number[], channelOf: (i: number) => number): number[] {
  return w.map((x, i) => Math.min(127, Math.max(-127, roundAway(f(x * f(1 / f(scales[channelOf(i)]!)))))));
}

// ---------------------------------------------------------------------------------------------------------
// FULLY_CONNECTED
// ---------------------------------------------------------------------------------------------------------

const fcCases: OpCase[] = [];
{
  // fully_connected_test.cc HybridFullyConnectedOpTest.SimpleTestQuantizedInt8 (expected within 1.3).
  const w = quantizeWeights([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const s: FcSpec = {
    batches: 2, depth: 10, units: 3,
    input: [1, 2, 3, 4, 5, 6, 7, 8, -9, -10, 1, 2, 3, 4, 5, 6, 7, -8, 9, -10],
    weights: w.q, scales: [w.scale], bias: [1, 2, 3], activation: NONE, asymmetric: false,
  };
  fcCases.push(fcCase('TFLite SimpleTestQuantizedInt8 (exact)', s));
  fcCases.push(fcCase('TFLite SimpleTestQuantizedInt8 (TFLite expectation ±1.3)', s, [24, 25, 26, 58, 59, 60], 1.3));
  fcCases.push(fcCase('TFLite SimpleTestQuantizedInt8, asymmetric inputs', { ...s, asymmetric: true }));
  fcCases.push(fcCase('TFLite SimpleTestQuantizedInt8, asymmetric (TFLite expectation ±1.3)', { ...s, asymmetric: true }, [24, 25, 26, 58, 59, 60], 1.3));

  const r = new Lcg(8);
  for (const [batches, depth, units] of [[1, 7, 5], [3, 16, 9], [2, 33, 4]] as const) {
    for (const asymmetric of [false, true]) {
      for (const perChannel of [false, true]) {
        const weights = r.ints(units * depth, -127, 127);
        const scales = perChannel ? Array.from({ length: units }, (_, i) => f(0.001 * (i + 1) + 0.0037)) : [f(0.0123)];
        const act = [NONE, RELU, RELU6, RELU_N1_TO_1][(batches + units) % 4]!;
        const s: FcSpec = {
          batches, depth, units, input: floats(r, batches * depth, -3, 5), weights, scales,
          bias: units % 2 ? floats(r, units, -2, 2) : null, activation: act, asymmetric,
        };
        fcCases.push(fcCase(`b${batches} d${depth} u${units} ${asymmetric ? 'asym' : 'sym'} ${perChannel ? 'per-channel' : 'per-tensor'} act ${act}${s.bias ? '' : ' no bias'}`, s));
      }
    }
  }
  const base: FcSpec = {
    batches: 2, depth: 6, units: 3, input: [0.5, -0.25, 3, 0, 1.5, -2, 0.125, 0.25, 0.5, 1, 2, 4],
    weights: r.ints(18, -127, 127), scales: [f(0.02)], bias: [0.5, -0.5, 1], activation: NONE, asymmetric: false,
  };
  fcCases.push(fcCase('all-zero input: bias only (IsZeroVector shortcut)', { ...base, input: new Array(12).fill(0) }));
  fcCases.push(fcCase('all-zero input, RELU: activation of the bias', { ...base, input: new Array(12).fill(0), activation: RELU }));
  fcCases.push(fcCase('one batch all zero (scale 1, all-zero quantized row)', { ...base, input: [0, 0, 0, 0, 0, 0, 1, -1, 2, -2, 3, -3] }));
  fcCases.push(fcCase('all-positive inputs, asymmetric: zero point -128', { ...base, asymmetric: true }));
  fcCases.push(fcCase('all-negative inputs, asymmetric: zero point 127', { ...base, input: base.input.map((x) => -Math.abs(x) - 0.5), asymmetric: true }));
  fcCases.push(fcCase('ties in quantization (x.5 after scaling)', { ...base, input: [127, 63.5, -63.5, 0.5, -0.5, 1.5, 127, -127, 2.5, -2.5, 3.5, 0] }));
  fcCases.push(fcCase('TANH (float32, as Eigen within ulps)', { ...base, activation: TANH }, undefined, 1e-6));
  fcCases.push(fcCase('SIGMOID (float32, as Eigen within ulps)', { ...base, activation: SIGMOID }, undefined, 1e-6));
  fcCases.push(fcCase('SIGN_BIT', { ...base, activation: SIGN_BIT }));
  fcCases.push({
    ...fcCase('keep_num_dims: input [2,1,6] → output [2,1,3]', base),
    inputs: [{ type: T.FLOAT32, shape: [2, 1, 6], data: base.input }, fcCase('x', base).inputs[1]!, fcCase('x', base).inputs[2]!],
    outputs: [{ type: T.FLOAT32, shape: [2, 1, 3], data: refFc(base) }],
    options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, NONE), opt.bool(2, true)] },
  });
  // Rejections.
  const reject = (name: string, c: OpCase, re: RegExp): void => void fcCases.push({ ...c, name, expectError: re });
  const ok = fcCase('x', base);
  reject('filter zero point != 0', { ...ok, inputs: [ok.inputs[0]!, { ...ok.inputs[1]!, zeroPoint: [3] }, ok.inputs[2]!] }, /zero point 3 is not 0/);
  reject('per-channel scales along the depth (dimension 1)', { ...ok, inputs: [ok.inputs[0]!, { ...ok.inputs[1]!, scale: [1, 2, 3, 4, 5, 6].map((x) => x / 64), zeroPoint: new Array(6).fill(0), quantizedDimension: 1 }, ok.inputs[2]!] }, /6 scales for 3 units/);
  reject('int32 bias', { ...ok, inputs: [ok.inputs[0]!, ok.inputs[1]!, { type: T.INT32, shape: [3], data: [1, 2, 3], constant: true }] }, /bias/);
  reject('int8 output', { ...ok, outputs: [{ type: T.INT8, shape: [2, 3], scale: 1, zeroPoint: 0 }] }, /types differ|output/);
  reject('unquantized int8 filter', { ...ok, inputs: [ok.inputs[0]!, { type: T.INT8, shape: [3, 6], data: base.weights, constant: true }, ok.inputs[2]!] }, /not quantized/);
}
kernelTable('FULLY_CONNECTED hybrid (float input, int8 weights)', FULLY_CONNECTED, fcCases);

// ---------------------------------------------------------------------------------------------------------
// CONV_2D
// ---------------------------------------------------------------------------------------------------------

const convCases: OpCase[] = [];
{
  const kInput = [1, 1, 1, 1, 2, 2, 2, 2, 1, 2, 3, 4, 1, 2, 3, 4];
  const w = quantizeWeights([1, 2, 3, 4, -1, 1, -1, 1, -1, -1, 1, 1]);
  const simple: ConvSpec = {
    depthwise: false, inShape: [2, 2, 4, 1], fShape: [3, 2, 2, 1], input: kInput, weights: w.q, scales: [w.scale],
    bias: [1, 2, 3], padding: VALID, stride: [2, 2], dilation: [1, 1], depthMultiplier: 1, activation: NONE,
  };
  // conv_test.cc SimpleTestHybridInt8 / ...WithDilation (±0.16 of the float results).
  convCases.push(convCase('TFLite SimpleTestHybridInt8 (exact)', simple));
  convCases.push(convCase('TFLite SimpleTestHybridInt8 (TFLite expectation ±0.16)', simple, [18, 2, 5, 18, 2, 5, 17, 4, 3, 37, 4, 3], 0.16));
  const dil: ConvSpec = { ...simple, stride: [1, 1], dilation: [1, 2] };
  convCases.push(convCase('TFLite SimpleTestHybridInt8WithDilation (exact)', dil));
  convCases.push(convCase('TFLite SimpleTestHybridInt8WithDilation (±0.16)', dil, [18, 2, 5, 18, 2, 5, 23, 6, 3, 33, 6, 3], 0.16));
  // PointwiseHybridInt8.
  const pwInput = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 1, 1, 1.5, 1.5, 2, 2, 0.5, 0.5, 1, 1, 1.5, 1.5, 2, 2];
  const pw = quantizeWeights([1, 2]);
  const pointwise: ConvSpec = { ...simple, inShape: [2, 2, 4, 2], fShape: [1, 1, 1, 2], input: pwInput, weights: pw.q, scales: [pw.scale], bias: [0], stride: [1, 1] };
  convCases.push(convCase('TFLite PointwiseHybridInt8 (exact)', pointwise));
  convCases.push(convCase('TFLite PointwiseHybridInt8 (±0.0316)', pointwise, [1.5, 1.5, 1.5, 1.5, 3, 3, 3, 3, 1.5, 3, 4.5, 6, 1.5, 3, 4.5, 6], 0.0316));
  // SimpleTestHybridPerChannel: scales {4/127, 1/127, 1/127} → per-channel path (asymmetric inputs).
  const pcScales = [f(4 / 127), f(1 / 127), f(1 / 127)];
  const pcW = [1, 1, 2, 2, 3, 3, 4, 4, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1];
  const perChannel: ConvSpec = {
    ...simple, inShape: [2, 2, 4, 2], fShape: [3, 2, 2, 2], input: pwInput,
    weights: quantizePerChannel(pcW, pcScales, (i) => Math.floor(i / 8)), scales: pcScales,
  };
  convCases.push(convCase('TFLite SimpleTestHybridPerChannel (exact)', perChannel));
  convCases.push(convCase('TFLite SimpleTestHybridPerChannel (±0.16)', perChannel, [18, 2, 5, 18, 2, 5, 17, 4, 3, 37, 4, 3], 0.16));
  // SimpleTestHybridWithChannelsInt8: equal per-channel scales → the per-tensor path.
  const eqScales = [f(4 / 127), f(4 / 127), f(4 / 127)];
  const equal: ConvSpec = { ...perChannel, weights: quantizePerChannel(pcW, eqScales, (i) => Math.floor(i / 8)), scales: eqScales };
  convCases.push(convCase('TFLite SimpleTestHybridWithChannelsInt8: equal scales → per-tensor path (exact)', equal));
  convCases.push(convCase('TFLite SimpleTestHybridWithChannelsInt8 (±0.16)', equal, [18, 2, 5, 18, 2, 5, 17, 4, 3, 37, 4, 3], 0.16));

  const r = new Lcg(21);
  const geoms: { inShape: [number, number, number, number]; fShape: [number, number, number, number]; padding: number; stride: [number, number]; dilation: [number, number] }[] = [
    { inShape: [1, 5, 6, 3], fShape: [6, 3, 3, 3], padding: SAME, stride: [1, 1], dilation: [1, 1] },
    { inShape: [2, 7, 5, 2], fShape: [5, 3, 2, 2], padding: SAME, stride: [2, 2], dilation: [1, 1] },
    { inShape: [1, 8, 7, 4], fShape: [4, 2, 3, 4], padding: VALID, stride: [1, 2], dilation: [2, 2] },
    { inShape: [2, 6, 6, 4], fShape: [6, 3, 3, 2], padding: SAME, stride: [1, 1], dilation: [1, 1] }, // 2 groups
    { inShape: [1, 4, 4, 8], fShape: [9, 1, 1, 8], padding: VALID, stride: [1, 1], dilation: [1, 1] },
  ];
  geoms.forEach((g, gi) => {
    const outD = g.fShape[0];
    for (const pc of [false, true]) {
      const act = [NONE, RELU, RELU6, RELU_N1_TO_1, TANH][gi % 5]!;
      const s: ConvSpec = {
        depthwise: false, ...g, input: floats(r, g.inShape.reduce((a, b) => a * b), -1.5, 2.5),
        weights: r.ints(g.fShape.reduce((a, b) => a * b), -127, 127),
        scales: pc ? Array.from({ length: outD }, (_, i) => f(0.004 + 0.001 * i)) : [f(0.0071)],
        bias: gi % 2 ? null : floats(r, outD, -1, 1), depthMultiplier: 1, activation: act,
      };
      convCases.push(convCase(`random ${g.inShape.join('x')} * ${g.fShape.join('x')} pad ${g.padding ? 'VALID' : 'SAME'} stride ${g.stride} dil ${g.dilation} ${pc ? 'per-channel (asym)' : 'per-tensor (sym)'} act ${act}`, s));
    }
  });
  const z: ConvSpec = { ...simple, input: new Array(16).fill(0) };
  convCases.push(convCase('all-zero input: bias only', z));
  convCases.push(convCase('all-zero input, per-channel', { ...perChannel, input: new Array(32).fill(0) }));
  // Rejections.
  const ok = convCase('x', simple);
  const rej = (name: string, c: OpCase, re: RegExp): void => void convCases.push({ ...c, name, expectError: re });
  rej('filter zero point != 0', { ...ok, inputs: [ok.inputs[0]!, { ...ok.inputs[1]!, zeroPoint: [1] }, ok.inputs[2]!] }, /zero point 1 is not 0/);
  rej('per-channel scales along dimension 1', { ...ok, inputs: [ok.inputs[0]!, { ...ok.inputs[1]!, scale: [0.1, 0.2], zeroPoint: [0, 0], quantizedDimension: 1 }, ok.inputs[2]!] }, /2 scales along dimension 1 for 3 output channels/);
  rej('int32 bias', { ...ok, inputs: [ok.inputs[0]!, ok.inputs[1]!, { type: T.INT32, shape: [3], data: [1, 2, 3], constant: true }] }, /bias/);
}
kernelTable('CONV_2D hybrid (float input, int8 weights)', CONV_2D, convCases);

// ---------------------------------------------------------------------------------------------------------
// DEPTHWISE_CONV_2D
// ---------------------------------------------------------------------------------------------------------

const dwCases: OpCase[] = [];
{
  // depthwise_conv_hybrid_test.cc SimpleTest (scales {1, 2, 3, 4}, ±0.16).
  const scales = [1, 2, 3, 4];
  const s: ConvSpec = {
    depthwise: true, inShape: [1, 2, 3, 2], fShape: [1, 2, 2, 4],
    input: [3, 2, 1, -1, -2, -3, 4, 3, 2, -2, -3, -4],
    weights: quantizePerChannel([1, 2, 3, 4, 3, 4, 5, 6, 7, 8, 5, 6, 3, 4, 1, 2], scales, (i) => i % 4), scales,
    bias: [3, -2, 4, 6], padding: VALID, stride: [1, 1], dilation: [1, 1], depthMultiplier: 2, activation: NONE,
  };
  dwCases.push(convCase('TFLite SimpleTest (exact)', s));
  dwCases.push(convCase('TFLite SimpleTest (TFLite expectation ±0.16)', s, [42.9373, 47.9451, 22.0706, 22.0627, 3, -4.00784, -29.1294, -54.1098], 0.16));
  // Simple3x3FilterPaddingSameTest.
  const sc8 = [1, 2, 3, 4, 4, 3, 2, 1];
  const in3 = Array.from({ length: 72 }, (_, i) => ((i >> 1) % 2 === 0 ? 1 : 0));
  const w3 = Array.from({ length: 72 }, (_, i) => (i % 8) + 1);
  const same3: ConvSpec = {
    ...s, inShape: [1, 3, 3, 8], fShape: [1, 3, 3, 8], input: in3, weights: quantizePerChannel(w3, sc8, (i) => i % 8), scales: sc8,
    bias: new Array(8).fill(0), padding: SAME, depthMultiplier: 1,
  };
  const sameGolden = [4, 8, 0, 0, 16, 24, 0, 0, 6, 12, 0, 0, 24, 36, 0, 0, 4, 8, 0, 0, 16, 24, 0, 0, 6, 12, 0, 0, 24, 36, 0, 0,
    9, 18, 0, 0, 36, 54, 0, 0, 6, 12, 0, 0, 24, 36, 0, 0, 4, 8, 0, 0, 16, 24, 0, 0, 6, 12, 0, 0, 24, 36, 0, 0, 4, 8, 0, 0, 16, 24, 0, 0];
  dwCases.push(convCase('TFLite Simple3x3FilterPaddingSameTest (exact)', same3));
  dwCases.push(convCase('TFLite Simple3x3FilterPaddingSameTest (±0.16)', same3, sameGolden, 0.16));
  dwCases.push(convCase('TFLite Simple3x3FilterTest VALID (±0.16)', { ...same3, padding: VALID }, [9, 18, 0, 0, 36, 54, 0, 0], 0.16));

  const r = new Lcg(34);
  const geoms: { inShape: [number, number, number, number]; fH: number; fW: number; dm: number; padding: number; stride: [number, number]; dilation: [number, number] }[] = [
    { inShape: [1, 6, 5, 4], fH: 3, fW: 3, dm: 1, padding: SAME, stride: [1, 1], dilation: [1, 1] },
    { inShape: [2, 7, 6, 3], fH: 3, fW: 2, dm: 2, padding: SAME, stride: [2, 1], dilation: [1, 1] },
    { inShape: [1, 9, 8, 5], fH: 2, fW: 3, dm: 3, padding: VALID, stride: [1, 2], dilation: [2, 2] },
  ];
  geoms.forEach((g, gi) => {
    const outD = g.inShape[3] * g.dm;
    const act = [RELU6, NONE, RELU][gi]!;
    const sc = Array.from({ length: outD }, (_, i) => f(0.003 + 0.0007 * i));
    dwCases.push(convCase(`random ${g.inShape.join('x')} f${g.fH}x${g.fW} dm ${g.dm} pad ${g.padding ? 'VALID' : 'SAME'} stride ${g.stride} dil ${g.dilation} act ${act}`, {
      depthwise: true, inShape: g.inShape, fShape: [1, g.fH, g.fW, outD], input: floats(r, g.inShape.reduce((a, b) => a * b), -2, 1),
      weights: r.ints(g.fH * g.fW * outD, -127, 127), scales: sc, bias: gi === 1 ? null : floats(r, outD, -1, 1),
      padding: g.padding, stride: g.stride, dilation: g.dilation, depthMultiplier: g.dm, activation: act,
    }));
  });
  // Rejections: TFLite requires one scale per output channel.
  const ok = convCase('x', s);
  const rej = (name: string, c: OpCase, re: RegExp): void => void dwCases.push({ ...c, name, expectError: re });
  rej('per-tensor weights (TFLite needs per-channel)', { ...ok, inputs: [ok.inputs[0]!, { ...ok.inputs[1]!, scale: [0.5], zeroPoint: [0] }, ok.inputs[2]!] }, /one filter scale per output channel/);
  rej('filter zero point != 0', { ...ok, inputs: [ok.inputs[0]!, { ...ok.inputs[1]!, zeroPoint: [0, 2, 0, 0] }, ok.inputs[2]!] }, /zero point 2 is not 0/);
}
kernelTable('DEPTHWISE_CONV_2D hybrid (float input, int8 weights)', DEPTHWISE_CONV_2D, dwCases);

// ---------------------------------------------------------------------------------------------------------
// Real hybrid models against a float evaluation with dequantized weights
// ---------------------------------------------------------------------------------------------------------

interface ErrorStats {
  maxAbs: number;
  meanAbs: number;
  /** Largest |float output| (the scale the errors are relative to). */
  maxRef: number;
}

function runModel(bytes: Uint8Array, inputs: Float32Array[]): Float32Array[] {
  const interp = new Interpreter(Model.fromBytes(bytes), allOpsResolver());
  interp.allocateTensors();
  return inputs.map((x) => {
    (interp.input(0).data as Float32Array).set(x);
    interp.invoke();
    return (interp.output(0).data as Float32Array).slice();
  });
}

function compare(hybrid: Float32Array[], float: Float32Array[]): ErrorStats {
  let maxAbs = 0, sum = 0, n = 0, maxRef = 0;
  for (let i = 0; i < hybrid.length; i++) {
    for (let j = 0; j < hybrid[i]!.length; j++) {
      const e = Math.abs(hybrid[i]![j]! - float[i]![j]!);
      maxAbs = Math.max(maxAbs, e);
      maxRef = Math.max(maxRef, Math.abs(float[i]![j]!));
      sum += e;
      n++;
    }
  }
  return { maxAbs, meanAbs: sum / n, maxRef };
}

/** The golden README's float32 input generator (64-bit LCG, uniform in [-1, 1)). */
function lcgFloats(seed: number, n: number): Float32Array {
  let s = BigInt(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (6364136223846793005n * s + 1442695040888963407n) & 0xffffffffffffffffn;
    out[i] = Number(s >> 40n) * 2 ** -23 - 1;
  }
  return out;
}

describe('real hybrid models vs float evaluation with dequantized weights', { skip: SKIP_SHARED }, () => {
  test('anomaly_detection/model_ToyCar_quant (10 hybrid FULLY_CONNECTED)', () => {
    const bytes = sharedModel('mlperf_tiny/anomaly_detection/model_ToyCar_quant.tflite');
    // 40 real log-mel frames (the testdata file) and the fullint model's DCASE golden inputs.
    const raw = readFileSync(join(SHARED_DIR, 'models/mlperf_tiny/anomaly_detection/testdata/normal_id_01_00000000_hist_librosa.bin'));
    const frames = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const inputs: Float32Array[] = [];
    for (let i = 0; i + 640 <= frames.length; i += 640) inputs.push(frames.slice(i, i + 640));
    for (const g of ['dcase_w000', 'dcase_w195']) {
      const b = readFileSync(join(SHARED_DIR, `golden/model_ToyCar_quant_fullint/${g}.input.bin`));
      inputs.push(new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
    }
    const hybrid = runModel(bytes, inputs);
    const float = runModel(dequantizedFloatModel(bytes), inputs);
    const e = compare(hybrid, float);
    // The application metric: the anomaly score, the mean squared reconstruction error of a frame.
    let worstScore = 0, clipHybrid = 0, clipFloat = 0;
    for (let i = 0; i < 40; i++) {
      let sh = 0, sf = 0;
      for (let j = 0; j < 640; j++) {
        sh += (hybrid[i]![j]! - inputs[i]![j]!) ** 2;
        sf += (float[i]![j]! - inputs[i]![j]!) ** 2;
      }
      worstScore = Math.max(worstScore, Math.abs(sh - sf) / sf);
      clipHybrid += sh;
      clipFloat += sf;
    }
    const clipRel = Math.abs(clipHybrid - clipFloat) / clipFloat;
    console.log(`ToyCar hybrid vs dequantized float over ${inputs.length} inputs: max abs ${e.maxAbs.toExponential(3)}, ` +
      `mean abs ${e.meanAbs.toExponential(3)}, max |output| ${e.maxRef.toFixed(3)}; anomaly score: worst frame ` +
      `${(100 * worstScore).toFixed(2)}%, clip ${(100 * clipRel).toFixed(3)}%`);
    // Dynamic-range quantization error, not arithmetic error (the kernels match TFLite exactly above): every
    // layer re-quantizes its input to 8 bits (step = range / 127; the log-mel inputs span ~65, a step of
    // ~0.5), and the 8-unit bottleneck can flip a ReLU on one frame. Measured: max abs 3.23 (one frame; the
    // others stay below 0.65) of outputs up to 62 (5.2%), mean abs 0.087 (0.14%); anomaly score within 1.8%
    // per frame and 0.27% over the clip. Bounds leave a little room above those.
    assert.ok(e.maxAbs <= 0.06 * e.maxRef, `max abs error ${e.maxAbs} > 6% of ${e.maxRef}`);
    assert.ok(e.meanAbs <= 0.005 * e.maxRef, `mean abs error ${e.meanAbs} > 0.5% of ${e.maxRef}`);
    assert.ok(worstScore <= 0.03, `anomaly score of a frame off by ${worstScore}`);
    assert.ok(clipRel <= 0.01, `anomaly score of the clip off by ${clipRel}`);
  });

  test('keyword_spotting/kws_ref_model_float32 (hybrid CONV_2D + float ops)', () => {
    const bytes = sharedModel('mlperf_tiny/keyword_spotting/kws_ref_model_float32.tflite');
    // MFCC-like inputs: the int8 KWS model's golden inputs dequantized with its input scale/zero point, and
    // the README's uniform [-1, 1) generator.
    const inputs: Float32Array[] = [];
    for (const c of ['rand1', 'rand2', 'rand3']) {
      const b = readFileSync(join(SHARED_DIR, `golden/kws_ref_model/${c}.input.bin`));
      const q = new Int8Array(b.buffer, b.byteOffset, b.byteLength);
      inputs.push(Float32Array.from(q, (v) => f(0.584702909 * (v - 83))));
    }
    for (const seed of [1, 2, 3]) inputs.push(lcgFloats(seed, 490));
    const hybrid = runModel(bytes, inputs);
    const float = runModel(dequantizedFloatModel(bytes), inputs);
    const e = compare(hybrid, float);
    console.log(`KWS hybrid vs dequantized float over ${inputs.length} inputs: max abs ${e.maxAbs.toExponential(3)}, ` +
      `mean abs ${e.meanAbs.toExponential(3)} (softmax probabilities)`);
    // Outputs are softmax probabilities. Five hybrid convolutions quantize their inputs to 8 bits; the
    // logits move by a few tenths at most, which near a tie between two classes (p ≈ 0.4 / 0.6, slope
    // dp/dz = p(1 - p) ≈ 0.24) is ~0.06 of probability. Measured: max abs 0.059 (that near-tie input),
    // mean abs 0.0025. Bounds: 0.08 on any probability, 0.005 on average, and the same top class.
    assert.ok(e.maxAbs <= 0.08, `max abs error ${e.maxAbs}`);
    assert.ok(e.meanAbs <= 0.005, `mean abs error ${e.meanAbs}`);
    // The predicted keyword is the same for every input.
    for (let i = 0; i < inputs.length; i++) {
      const argmax = (v: Float32Array): number => v.indexOf(Math.max(...v));
      assert.equal(argmax(hybrid[i]!), argmax(float[i]!), `input ${i}: top class`);
    }
  });
});

if (!HAVE_SHARED) test('real hybrid models', { skip: SKIP_SHARED }, () => {});
