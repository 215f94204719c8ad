/**
 * Test oracle for the conv family: TFLite's reference loops (reference_ops::Conv / DepthwiseConv /
 * TransposeConv, reference_integer_ops::ConvPerChannel / DepthwiseConvPerChannel / TransposeConv) transcribed
 * literally — Offset() indexing, a bounds test per tap, TransposeConv's scatter into a zeroed accumulator —
 * with BigInt integer arithmetic (int32 wrap via BigInt.asIntN, exact int64) and an independent BigInt
 * MultiplyByQuantizedMultiplier. It shares nothing with src/kernels/internal/conv.ts or transpose_conv.ts
 * except QuantizeMultiplier (tested on its own), so the kernels' blocking, tap ranges, gather order and fast
 * requantization are all checked against it.
 */
import {
  calculateActivationRangeFloat,
  calculateActivationRangeQuantized,
  perChannelMultipliers,
} from '../../src/kernels/internal/quantization.js';
import { opt, type OptionField } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType } from '../../src/model/types.js';
import type { OpCase, TensorSpec } from './kernel-runner.js';
import { Lcg } from './lcg.js';

const I32 = (x: bigint): bigint => BigInt.asIntN(32, x);
const I64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/** gemmlowp SaturatingRoundingDoublingHighMul. */
function srdhm(a: bigint, b: bigint): bigint {
  if (a === b && a === -2147483648n) return 2147483647n;
  const ab = a * b;
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return I32((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, like C.
}

/** gemmlowp RoundingDivideByPOT. */
function rdbpot(x: bigint, e: bigint): bigint {
  const mask = (1n << e) - 1n;
  const remainder = x & mask;
  const threshold = (mask >> 1n) + (x < 0n ? 1n : 0n);
  return (x >> e) + (remainder > threshold ? 1n : 0n);
}

/** MultiplyByQuantizedMultiplier(int32 x, ...): default double rounding, or TFLITE_SINGLE_ROUNDING. */
export function mbqm32(x: bigint, m: number, shift: number, single = false): bigint {
  if (single) {
    const total = BigInt(31 - shift);
    return I32((x * BigInt(m) + (1n << (total - 1n))) >> total);
  }
  const left = BigInt(shift > 0 ? shift : 0);
  const right = BigInt(shift > 0 ? 0 : -shift);
  return rdbpot(srdhm(I32(x * (1n << left)), BigInt(m)), right);
}

/** MultiplyByQuantizedMultiplier(int64 x, ...) (same in both rounding modes). */
export function mbqm64(x: bigint, m: number, shift: number): bigint {
  const reduced = m < 0x7fff0000 ? (BigInt(m) + (1n << 15n)) >> 16n : 0x7fffn;
  const total = BigInt(15 - shift);
  return I32(I64(x * reduced + (1n << (total - 1n))) >> total);
}

export type Kind = 'float' | 'int8' | 'int16x64' | 'int16x32';

/** Everything a reference conv needs; `quant` is null for float. */
export interface RefConv {
  kind: Kind;
  input: number[];
  inShape: number[];
  filter: number[];
  fShape: number[];
  bias: (number | bigint)[] | null;
  outShape: number[];
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padH: number;
  padW: number;
  depthMultiplier?: number;
  quant: {
    inputScale: number;
    inputZeroPoint: number;
    filterScales: number[];
    outputScale: number;
    outputZeroPoint: number;
    actMin: number;
    actMax: number;
    single?: boolean;
  } | null;
  /** Float clamp range. */
  floatMin?: number;
  floatMax?: number;
}

function multipliers(r: RefConv, channels: number): { m: Int32Array; s: Int32Array } {
  const q = r.quant!;
  const m = new Int32Array(channels);
  const s = new Int32Array(channels);
  perChannelMultipliers(q.inputScale, q.filterScales, q.outputScale, { multipliers: m, shifts: s }, q.single ? 'single' : 'double');
  return { m, s };
}

const offset4 = (sh: number[], a: number, b: number, c: number, d: number): number => ((a * sh[1]! + b) * sh[2]! + c) * sh[3]! + d;

/** Bias, requantization, offset and clamp of one integer accumulator, as the reference kernels do. */
function finish(r: RefConv, acc: bigint, oc: number, m: Int32Array, s: Int32Array): number {
  const q = r.quant!;
  let v: bigint;
  if (r.kind === 'int16x64') {
    if (r.bias) acc = I64(acc + BigInt(r.bias[oc]!));
    v = mbqm64(acc, m[oc]!, s[oc]!);
  } else {
    if (r.bias) acc = I32(acc + BigInt(r.bias[oc]!));
    v = mbqm32(acc, m[oc]!, s[oc]!, q.single);
    if (r.kind === 'int8') v += BigInt(q.outputZeroPoint);
  }
  const n = Number(v);
  return Math.min(q.actMax, Math.max(q.actMin, n));
}

function finishFloat(r: RefConv, total: number, oc: number): number {
  const v = Math.fround(total + (r.bias ? Number(r.bias[oc]!) : 0));
  const lo = r.floatMin ?? -3.4028234663852886e38;
  const hi = r.floatMax ?? 3.4028234663852886e38;
  return Math.min(hi, Math.max(lo, v));
}

function accumulate(r: RefConv, acc: bigint, x: number, w: number): bigint {
  if (r.kind === 'int8') return I32(acc + BigInt(w) * BigInt(x - r.quant!.inputZeroPoint));
  if (r.kind === 'int16x32') return I32(acc + BigInt(w) * BigInt(x));
  return acc + BigInt(w) * BigInt(x);
}

/** reference ConvPerChannel / Conv (with groups). */
export function refConv(r: RefConv): number[] {
  const [batches, inH, inW, inD] = r.inShape as [number, number, number, number];
  const [outD, fH, fW, fD] = r.fShape as [number, number, number, number];
  const [, outH, outW] = r.outShape as [number, number, number, number];
  const groups = inD / fD;
  const perGroup = outD / groups;
  const { m, s } = r.quant ? multipliers(r, outD) : { m: new Int32Array(0), s: new Int32Array(0) };
  const out = new Array<number>(batches * outH * outW * outD).fill(0);
  for (let b = 0; b < batches; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let oc = 0; oc < outD; oc++) {
          const g = Math.floor(oc / perGroup);
          let acc = 0n;
          let total = 0;
          for (let fy = 0; fy < fH; fy++)
            for (let fx = 0; fx < fW; fx++) {
              const iy = oy * r.strideH - r.padH + r.dilationH * fy;
              const ix = ox * r.strideW - r.padW + r.dilationW * fx;
              if (!(ix >= 0 && ix < inW && iy >= 0 && iy < inH)) continue;
              for (let ic = 0; ic < fD; ic++) {
                const x = r.input[offset4(r.inShape, b, iy, ix, ic + g * fD)]!;
                const w = r.filter[offset4(r.fShape, oc, fy, fx, ic)]!;
                if (r.kind === 'float') total = Math.fround(total + Math.fround(x * w));
                else acc = accumulate(r, acc, x, w);
              }
            }
          out[offset4(r.outShape, b, oy, ox, oc)] = r.kind === 'float' ? finishFloat(r, total, oc) : finish(r, acc, oc, m, s);
        }
  return out;
}

/** reference DepthwiseConvPerChannel / DepthwiseConv. */
export function refDepthwise(r: RefConv): number[] {
  const [batches, inH, inW, inD] = r.inShape as [number, number, number, number];
  const [, fH, fW, outD] = r.fShape as [number, number, number, number];
  const [, outH, outW] = r.outShape as [number, number, number, number];
  const dm = r.depthMultiplier ?? 1;
  const { m, s } = r.quant ? multipliers(r, outD) : { m: new Int32Array(0), s: new Int32Array(0) };
  const out = new Array<number>(batches * outH * outW * outD).fill(0);
  for (let b = 0; b < batches; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let ic = 0; ic < inD; ic++)
          for (let mm = 0; mm < dm; mm++) {
            const oc = mm + ic * dm;
            let acc = 0n;
            let total = 0;
            for (let fy = 0; fy < fH; fy++)
              for (let fx = 0; fx < fW; fx++) {
                const ix = ox * r.strideW - r.padW + r.dilationW * fx;
                const iy = oy * r.strideH - r.padH + r.dilationH * fy;
                if (!(ix >= 0 && ix < inW && iy >= 0 && iy < inH)) continue;
                const x = r.input[offset4(r.inShape, b, iy, ix, ic)]!;
                const w = r.filter[offset4(r.fShape, 0, fy, fx, oc)]!;
                if (r.kind === 'float') total = Math.fround(total + Math.fround(x * w));
                else acc = accumulate(r, acc, x, w);
              }
            out[offset4(r.outShape, b, oy, ox, oc)] = r.kind === 'float' ? finishFloat(r, total, oc) : finish(r, acc, oc, m, s);
          }
  return out;
}

/** reference TransposeConv: scatter into a zeroed accumulator buffer, then bias, requantize, clamp. */
export function refTransposeConv(r: RefConv): number[] {
  const [batches, inH, inW, inD] = r.inShape as [number, number, number, number];
  const [outD, fH, fW] = r.fShape as [number, number, number, number];
  const [, outH, outW] = r.outShape as [number, number, number, number];
  const { m, s } = r.quant ? multipliers(r, outD) : { m: new Int32Array(0), s: new Int32Array(0) };
  const n = batches * outH * outW * outD;
  const accs = new Array<bigint>(n).fill(0n);
  const totals = new Array<number>(n).fill(0);
  for (let b = 0; b < batches; b++)
    for (let iy = 0; iy < inH; iy++)
      for (let ix = 0; ix < inW; ix++)
        for (let ic = 0; ic < inD; ic++) {
          const oxo = ix * r.strideW - r.padW;
          const oyo = iy * r.strideH - r.padH;
          for (let fy = 0; fy < fH; fy++)
            for (let fx = 0; fx < fW; fx++)
              for (let oc = 0; oc < outD; oc++) {
                const ox = oxo + fx;
                const oy = oyo + fy;
                if (!(ox >= 0 && ox < outW && oy >= 0 && oy < outH)) continue;
                const x = r.input[offset4(r.inShape, b, iy, ix, ic)]!;
                const w = r.filter[offset4(r.fShape, oc, fy, fx, ic)]!;
                const o = offset4(r.outShape, b, oy, ox, oc);
                if (r.kind === 'float') totals[o] = Math.fround(totals[o]! + Math.fround(x * w));
                else accs[o] = accumulate(r, accs[o]!, x, w);
              }
        }
  const out = new Array<number>(n).fill(0);
  for (let o = 0; o < n; o++) {
    const oc = o % outD;
    out[o] = r.kind === 'float' ? finishFloat(r, totals[o]!, oc) : finish(r, accs[o]!, oc, m, s);
  }
  return out;
}

/** TFLite ComputePaddingHeightWidth for one dimension (valid arguments only). */
export function refPadding(same: boolean, inSize: number, filter: number, stride: number, dilation: number): { pad: number; out: number } {
  const eff = (filter - 1) * dilation + 1;
  const out = same ? Math.trunc((inSize + stride - 1) / stride) : Math.trunc((inSize + stride - eff) / stride);
  const total = Math.max(0, (out - 1) * stride + eff - inSize);
  return { pad: Math.trunc(total / 2), out };
}

// ---------------------------------------------------------------------------------------------------------
// Case builder: one kernelTable case (model tensors, options, oracle output) from a compact spec.
// ---------------------------------------------------------------------------------------------------------


export type ConvOp = 'conv' | 'depthwise' | 'transpose';

export interface ConvSpec {
  name: string;
  op: ConvOp;
  kind: Kind;
  /** [N, H, W, C] input. */
  inShape: number[];
  /** conv/transpose [O, fH, fW, I]; depthwise [1, fH, fW, O]. */
  fShape: number[];
  /** Output [N, H, W, C]; defaults to the window arithmetic's size (transpose: required). */
  outShape?: number[];
  padding?: 'SAME' | 'VALID';
  stride?: [number, number];
  dilation?: [number, number];
  depthMultiplier?: number;
  activation?: number;
  /** Data (quantized integers for quantized kinds); random from `seed` when omitted. */
  input?: number[];
  filter?: number[];
  bias?: number[] | null;
  seed?: number;
  inputScale?: number;
  inputZeroPoint?: number;
  /** One scale → per-tensor filter. Default: per-channel scales. */
  filterScales?: number[];
  outputScale?: number;
  outputZeroPoint?: number;
  /** 16x8 bias tensor type override (TRANSPOSE_CONV int16 bias). */
  biasType?: number;
  /** CONV_2D quantized_bias_type option. */
  quantizedBiasType?: number;
  /** Pack the int8 filter values (in [-8, 7]) as INT4. */
  int4?: boolean;
  /** The case must fail in prepare with this (no expectation computed). */
  expectError?: RegExp;
  /** Expected output instead of the oracle's (TFLM golden tables). */
  expected?: number[];
  /** TFLITE_SINGLE_ROUNDING interpreter (and oracle). */
  single?: boolean;
  /** Bias tensor is a graph input instead of a constant. */
  biasNotConstant?: boolean;
  /** Post-process the model tensors (for rejection cases). */
  mutate?: (inputs: (TensorSpec | null)[], outputs: TensorSpec[]) => void;
  /** Options override (fields), e.g. to omit the table's fields. */
  optionFields?: OptionField[];
}

const TYPE: Record<Kind, { act: number; bias: number; lo: number; hi: number }> = {
  float: { act: TensorType.FLOAT32, bias: TensorType.FLOAT32, lo: 0, hi: 0 },
  int8: { act: TensorType.INT8, bias: TensorType.INT32, lo: -128, hi: 127 },
  int16x64: { act: TensorType.INT16, bias: TensorType.INT64, lo: -32768, hi: 32767 },
  int16x32: { act: TensorType.INT16, bias: TensorType.INT32, lo: -32768, hi: 32767 },
};

/** Pack int4 values two per byte, low nibble first (TFLite's dense int4 layout). */
export function packInt4(values: number[]): number[] {
  const out = new Array<number>((values.length + 1) >> 1).fill(0);
  values.forEach((v, i) => {
    const nib = v & 0xf;
    out[i >> 1] = i & 1 ? ((out[i >> 1]! | (nib << 4)) << 24) >> 24 : nib;
  });
  return out;
}

export function buildConvCase(s: ConvSpec): OpCase {
  const rng = new Lcg(s.seed ?? 1);
  const t = TYPE[s.kind];
  const [strideH, strideW] = s.stride ?? [1, 1];
  const [dilH, dilW] = s.op === 'transpose' ? [1, 1] : s.dilation ?? [1, 1];
  const same = (s.padding ?? 'VALID') === 'SAME';
  const [, inH, inW, inD] = s.inShape as [number, number, number, number];
  const [f0, fH, fW, f3] = s.fShape as [number, number, number, number];
  const outD = s.op === 'depthwise' ? f3 : f0;
  let outShape = s.outShape;
  let padH: number, padW: number;
  if (s.op === 'transpose') {
    if (!outShape) throw new Error('transpose cases need outShape');
    padH = refPadding(same, outShape[1]!, fH, strideH, 1).pad;
    padW = refPadding(same, outShape[2]!, fW, strideW, 1).pad;
  } else {
    const ph = refPadding(same, inH, fH, strideH, dilH);
    const pw = refPadding(same, inW, fW, strideW, dilW);
    padH = ph.pad;
    padW = pw.pad;
    outShape ??= [s.inShape[0]!, ph.out, pw.out, outD];
  }
  const quantized = s.kind !== 'float';
  const nIn = s.inShape.reduce((a, b) => a * b, 1);
  const nF = s.fShape.reduce((a, b) => a * b, 1);
  const fLim = s.int4 ? 7 : 127;
  const input = s.input ?? (quantized ? rng.ints(nIn, t.lo, t.hi) : rng.ints(nIn, -1000, 1000).map((v) => Math.fround(v / 317)));
  const filter = s.filter ?? (quantized ? rng.ints(nF, -fLim, fLim) : rng.ints(nF, -1000, 1000).map((v) => Math.fround(v / 411)));
  const biasRange = s.kind === 'int8' ? 20000 : s.kind === 'float' ? 0 : 2000000;
  const bias = s.bias === null ? null
    : s.bias ?? (quantized ? rng.ints(outD, -biasRange, biasRange) : rng.ints(outD, -1000, 1000).map((v) => Math.fround(v / 97)));
  const inputScale = s.inputScale ?? (s.kind === 'int8' ? 0.05 : 1 / 4096);
  const inputZeroPoint = s.kind === 'int8' ? s.inputZeroPoint ?? 3 : s.inputZeroPoint ?? 0;
  const outputScale = s.outputScale ?? (s.kind === 'int8' ? 0.7 : 1 / 512);
  const outputZeroPoint = s.kind === 'int8' ? s.outputZeroPoint ?? -5 : s.outputZeroPoint ?? 0;
  const filterScales = s.filterScales ?? Array.from({ length: outD }, (_, c) => 0.002 + 0.0007 * ((c * 7) % 5));
  const activation = s.activation ?? 0;
  const range = quantized
    ? calculateActivationRangeQuantized(activation, outputScale, outputZeroPoint, t.lo, t.hi)
    : calculateActivationRangeFloat(activation);
  const ref: RefConv = {
    kind: s.kind, input, inShape: s.inShape, filter, fShape: s.fShape, bias, outShape,
    strideH, strideW, dilationH: dilH, dilationW: dilW, padH, padW, depthMultiplier: s.depthMultiplier ?? 1,
    quant: quantized ? { inputScale, inputZeroPoint, filterScales, outputScale, outputZeroPoint, actMin: range.min, actMax: range.max, single: s.single === true } : null,
    floatMin: range.min, floatMax: range.max,
  };
  const expected = s.expectError ? undefined
    : s.expected ? s.expected
    : s.op === 'conv' ? refConv(ref) : s.op === 'depthwise' ? refDepthwise(ref) : refTransposeConv(ref);

  const qd = s.op === 'depthwise' ? 3 : 0;
  const inSpec: TensorSpec = { type: t.act, shape: s.inShape, data: input, ...(quantized ? { scale: inputScale, zeroPoint: inputZeroPoint } : {}) };
  const fSpec: TensorSpec = {
    type: quantized ? (s.int4 ? TensorType.INT4 : TensorType.INT8) : TensorType.FLOAT32,
    shape: s.fShape,
    data: s.int4 ? packInt4(filter) : filter,
    constant: true,
    ...(quantized ? { scale: filterScales, zeroPoint: filterScales.map(() => 0), quantizedDimension: qd } : {}),
  };
  const biasType = s.biasType ?? t.bias;
  const bSpec: TensorSpec | null = bias === null ? null : {
    type: biasType,
    shape: [outD],
    data: biasType === TensorType.INT64 ? bias.map((v) => BigInt(v)) : bias,
    constant: s.biasNotConstant !== true,
  };
  const outSpec: TensorSpec = { type: t.act, shape: outShape, data: expected, ...(quantized ? { scale: outputScale, zeroPoint: outputZeroPoint } : {}) };
  const padCode = same ? 0 : 1;
  let inputs: (TensorSpec | null)[];
  let fields: OptionField[];
  let optType: number;
  if (s.op === 'conv') {
    inputs = bias === null ? [inSpec, fSpec] : [inSpec, fSpec, bSpec];
    optType = BuiltinOptions.Conv2DOptions;
    fields = [opt.int8(0, padCode), opt.int32(1, strideW), opt.int32(2, strideH), opt.int8(3, activation), opt.int32(4, dilW), opt.int32(5, dilH)];
    // Without a bias, TFLM picks int32 accumulation for 16x8 only from quantized_bias_type INT32.
    const qbt = s.quantizedBiasType ?? (s.kind === 'int16x32' && bias === null ? TensorType.INT32 : undefined);
    if (qbt !== undefined) fields.push(opt.int8(6, qbt));
  } else if (s.op === 'depthwise') {
    inputs = bias === null ? [inSpec, fSpec] : [inSpec, fSpec, bSpec];
    optType = BuiltinOptions.DepthwiseConv2DOptions;
    fields = [opt.int8(0, padCode), opt.int32(1, strideW), opt.int32(2, strideH), opt.int32(3, s.depthMultiplier ?? 1), opt.int8(4, activation), opt.int32(5, dilW), opt.int32(6, dilH)];
  } else {
    const shapeSpec: TensorSpec = { type: TensorType.INT32, shape: [4], data: outShape, constant: true };
    inputs = bias === null ? [shapeSpec, fSpec, inSpec] : [shapeSpec, fSpec, inSpec, bSpec];
    optType = BuiltinOptions.TransposeConvOptions;
    fields = [opt.int8(0, padCode), opt.int32(1, strideW), opt.int32(2, strideH), opt.int8(3, activation)];
  }
  const outputs = [outSpec];
  s.mutate?.(inputs, outputs);
  return {
    name: s.name,
    inputs,
    outputs,
    options: { type: optType, fields: s.optionFields ?? fields },
    expectError: s.expectError,
    ...(s.single ? { interpreter: { rounding: 'single' as const } } : {}),
    // float32 outputs must match the float32-rounded reference exactly.
    tolerance: 0,
  };
}

/**
 * TFLM's kernel-test quantization (test_helpers.cc): symmetric per-channel int8 filter (scale = max|w| / 127
 * per output channel along `qd`), input and golden quantized with round-half-away, bias with scale
 * input_scale * filter_scale. Returns quantized data and scales for a ConvSpec.
 */
export function tflmQuantize(
  input: number[], filter: number[], fShape: number[], qd: number, bias: number[], inputScale: number, inputZeroPoint: number, lo: number, hi: number,
): { input: number[]; filter: number[]; bias: number[]; filterScales: number[] } {
  const round = (x: number) => Math.sign(x) * Math.round(Math.abs(x));
  const channels = fShape[qd]!;
  const inner = fShape.slice(qd + 1).reduce((a, b) => a * b, 1);
  const chanOf = (i: number) => Math.floor(i / inner) % channels;
  const maxAbs = new Array<number>(channels).fill(0);
  filter.forEach((w, i) => { maxAbs[chanOf(i)] = Math.max(maxAbs[chanOf(i)]!, Math.abs(w)); });
  const filterScales = maxAbs.map((m) => Math.fround(m / 127));
  return {
    input: input.map((x) => Math.min(hi, Math.max(lo, round(x / inputScale) + inputZeroPoint))),
    filter: filter.map((w, i) => round(w / filterScales[chanOf(i)]!)),
    bias: bias.map((b, c) => round(b / Math.fround(inputScale * filterScales[c]!))),
    filterScales,
  };
}
