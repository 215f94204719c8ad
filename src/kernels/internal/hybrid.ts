/**
 * Hybrid ("dynamic range quantized") FULLY_CONNECTED, CONV_2D and DEPTHWISE_CONV_2D: float32 activations,
 * int8 weights, float32 bias, computed as full TensorFlow Lite computes them (TFLite Micro refuses these
 * models). Per batch, the float input is quantized to int8 on the fly (tensor_utils::SymmetricQuantizeFloats
 * or AsymmetricQuantizeFloats), multiplied with the int8 weights in an int32 accumulator, and the accumulator
 * is rescaled in float32 by the input's scaling factor and the weights' scale, then the float bias is added and
 * the activation applied:
 *
 *   FULLY_CONNECTED (fully_connected.cc EvalHybrid, portable MatrixBatchVectorMultiplyAccumulate):
 *     symmetric, or asymmetric when the options say asymmetric_quantize_inputs;
 *     s_b = float(sf_b * filter_scale); out = float(bias + float(float(acc) * s_b)), then the activation.
 *   CONV_2D, per-tensor weights (conv.cc EvalHybrid → optimized_ops::HybridConv, the only implementation):
 *     symmetric over the whole batch item; s_b = float(sf_b * filter_scale);
 *     out = clamp(float(float(float(acc) * s_b) + bias)).
 *   CONV_2D, per-channel weights with differing scales (conv.cc EvalHybridPerChannel): asymmetric;
 *     out = clamp(float(float(float(acc) * float(scale_c * sf_b)) + bias)) — the grouping of the default
 *     (optimized) kernel, whose Eigen expression multiplies the per-channel scales by the input scale first.
 *   DEPTHWISE_CONV_2D (depthwise_conv.cc EvalHybridPerChannel, DepthwiseConvHybridPerChannel): asymmetric,
 *     per-channel weights; out = clamp(float(float(float(acc) * float(scale_c * sf_b)) + bias)).
 *
 * Asymmetric inputs: acc = Σ w * (q - zp_b). TFLite's optimized kernels compute Σ w * q - zp_b * Σ w (row sums,
 * im2col padding filled with zp_b); both are the same integer modulo 2^32 (int32 arithmetic is a ring), so the
 * results are identical. Taps outside the input contribute 0 (they stand for 0.0).
 *
 * Every float operation is rounded to float32 (Math.fround) where the C++ computes in float.
 *
 * Where TFLite's glue is broken or silent, we take the evident intent (documented, tested):
 *  - per-channel FULLY_CONNECTED weights: rescaled per unit with float(sf_b * scale_u) (TFLite's versions differ;
 *    the portable MatrixBatchVectorMultiplyAccumulate applies per_channel_scale this way);
 *  - per-channel CONV_2D weights whose scales are all equal take the per-tensor path with that scale (TFLite's
 *    legacy per-tensor scale is 0 for such tensors, zeroing the products);
 *  - per-channel hybrid CONV_2D honours the dilation (TFLite's EvalHybridPerChannel passes dilation 1 to the
 *    kernel while sizing the output with the real dilation);
 *  - the filter zero points must be 0 (TFLite ignores them; dynamic-range weights are symmetric).
 */

const f32 = Math.fround;

/** TfLiteRound / roundf on a float32 value: nearest, ties away from zero. */
function roundHalfAway(x: number): number {
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

/**
 * tensor_utils::SymmetricQuantizeFloats over values[start, start + size): the range is max(|min|, |max|);
 * q = clamp(round(v * (127 / range)), -127, 127). Stores the scaling factor range / 127 (1 when the range is
 * 0, all outputs 0) in sf[b] and zero point 0 in zp[b]. All in float32, as the C++. (Results go to the
 * caller's arrays: a float returned from a call that is not inlined would be boxed, an allocation per call.)
 */
export function symmetricQuantizeFloats(values: Float32Array, start: number, size: number, out: Int8Array, sf: Float32Array, zp: Int32Array, b: number): void {
  const end = start + size;
  let min = values[start]!, max = min;
  for (let i = start + 1; i < end; i++) {
    const v = values[i]!;
    // std::minmax_element: the first smallest and the last largest (equal values: same number).
    if (v < min) min = v;
    if (!(v < max)) max = v;
  }
  const amin = Math.abs(min), amax = Math.abs(max);
  const range = amin < amax ? amax : amin; // std::max(a, b): a unless a < b
  zp[b] = 0;
  if (range === 0) {
    for (let i = start; i < end; i++) out[i] = 0;
    sf[b] = 1;
    return;
  }
  const inv = f32(127 / range);
  for (let i = start; i < end; i++) {
    const q = roundHalfAway(f32(values[i]! * inv));
    out[i] = q > 127 ? 127 : q < -127 ? -127 : q;
  }
  sf[b] = range / 127; // the Float32Array store rounds to float32
}

/**
 * tensor_utils::AsymmetricQuantizeFloats over values[start, start + size): range [min(0, min), max(0, max)]
 * mapped onto [-128, 127] in double precision, the zero point nudged into [-128, 127] (round half away from
 * zero); q = clamp(round(zp + v * float(1 / scale)), -128, 127) in float32. Stores the float32 scaling factor
 * in sf[b] and the zero point in zp[b] (scale 1 and zero point 0 when the range is empty).
 */
export function asymmetricQuantizeFloats(values: Float32Array, start: number, size: number, out: Int8Array, sfOut: Float32Array, zpOut: Int32Array, b: number): void {
  const end = start + size;
  let min = values[start]!, max = min;
  for (let i = start + 1; i < end; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (!(v < max)) max = v;
  }
  const rmin = min < 0 ? min : 0; // std::min(0.0f, min): 0 unless min < 0
  const rmax = max > 0 ? max : 0; // std::max(0.0f, max): 0 unless 0 < max
  if (rmin === rmax) {
    for (let i = start; i < end; i++) out[i] = 0;
    sfOut[b] = 1;
    zpOut[b] = 0;
    return;
  }
  // Double arithmetic, as the C++ (qmin = -128, qmax = 127).
  const scale = (rmax - rmin) / 255;
  const zpFromMin = -128 - rmin / scale;
  const zpFromMax = 127 - rmax / scale;
  const zpFromMinError = 128 + Math.abs(rmin / scale);
  const zpFromMaxError = 127 + Math.abs(rmax / scale);
  const zpDouble = zpFromMinError < zpFromMaxError ? zpFromMin : zpFromMax;
  const zp = zpDouble <= -128 ? -128 : zpDouble >= 127 ? 127 : roundHalfAway(zpDouble);
  const sf = f32(scale);
  const inv = f32(1 / sf);
  for (let i = start; i < end; i++) {
    const q = roundHalfAway(f32(zp + f32(values[i]! * inv)));
    out[i] = q > 127 ? 127 : q < -128 ? -128 : q;
  }
  sfOut[b] = sf;
  zpOut[b] = zp;
}

/** Fused activation codes (TfLiteFusedActivation). */
const ACT_NONE = 0, ACT_RELU = 1, ACT_RELU_N1_TO_1 = 2, ACT_RELU6 = 3, ACT_TANH = 4, ACT_SIGN_BIT = 5, ACT_SIGMOID = 6;

/** Activations the hybrid FULLY_CONNECTED applies (tensor_utils::ApplyActivationToVector supports them all). */
export function hybridFcActivationSupported(activation: number): boolean {
  return activation >= ACT_NONE && activation <= ACT_SIGMOID;
}

/** Everything a hybrid node needs at invoke, filled in prepare. */
export interface HybridParams {
  batches: number;
  /** Elements per batch item of the input (FC: depth; conv: inH * inW * inD). */
  inputSize: number;
  /** Asymmetric input quantization (with a zero point per batch item). */
  asymmetric: boolean;
  /** Per-tensor weight scale (float32), used when `channelScales` is null. */
  filterScale: number;
  /** Per-channel weight scales (persistent), or null for a per-tensor filter. */
  channelScales: Float32Array | null;
  /** Fused activation (FC applies it as ApplyActivationToVector; conv clamps to actMin/actMax). */
  activation: number;
  /** Float clamp range (conv/depthwise). */
  actMin: number;
  actMax: number;
}

export function newHybridParams(): HybridParams {
  return { batches: 0, inputSize: 0, asymmetric: false, filterScale: 0, channelScales: null, activation: 0, actMin: 0, actMax: 0 };
}

/**
 * Quantize every batch item of `input` into `q`; scaling factors go to sf[b] and zero points to zp[b] (0 when
 * symmetric). Per-tensor filters fold the weight scale into sf[b] (scaling_factors_ptr[b] *= filter scale).
 */
export function quantizeBatches(h: HybridParams, input: Float32Array, q: Int8Array, sf: Float32Array, zp: Int32Array): void {
  const n = h.inputSize;
  for (let b = 0; b < h.batches; b++) {
    if (h.asymmetric) asymmetricQuantizeFloats(input, b * n, n, q, sf, zp, b);
    else symmetricQuantizeFloats(input, b * n, n, q, sf, zp, b);
    // sf[b] holds the float32 scaling factor exactly.
    if (h.channelScales === null) sf[b] = sf[b]! * h.filterScale;
  }
}

// ---------------------------------------------------------------------------------------------------------
// FULLY_CONNECTED
// ---------------------------------------------------------------------------------------------------------

/**
 * Hybrid FULLY_CONNECTED (fully_connected.cc EvalHybrid): input [batches, depth] float, filter [units, depth]
 * int8, bias [units] float or null, output [batches, units] float. `q`, `sf`, `zp` are scratch (batches *
 * depth int8, batches float32/int32). Per-channel filters use scale_u = float(sf_b * scale_u), as the portable
 * MatrixBatchVectorMultiplyAccumulate does with per_channel_scale.
 */
export function fullyConnectedHybrid(
  h: HybridParams,
  units: number,
  input: Float32Array,
  filter: Int8Array,
  bias: Float32Array | null,
  output: Float32Array,
  q: Int8Array,
  sf: Float32Array,
  zp: Int32Array,
): void {
  const batches = h.batches, depth = h.inputSize, total = batches * depth;
  // Output = bias (or 0); an all-zero input skips the multiplication (IsZeroVector), as TFLite does.
  let zero = true;
  for (let i = 0; i < total; i++) {
    if (input[i] !== 0) {
      zero = false;
      break;
    }
  }
  if (zero) {
    for (let b = 0; b < batches; b++) for (let u = 0; u < units; u++) output[b * units + u] = bias !== null ? bias[u]! : 0;
    applyActivation(output, batches * units, h.activation);
    return;
  }
  quantizeBatches(h, input, q, sf, zp);
  const cs = h.channelScales;
  for (let b = 0; b < batches; b++) {
    const inBase = b * depth, off = zp[b]!, s = sf[b]!, o = b * units;
    let u = 0;
    // Four units at a time share each input load; each sum is exact int32 with wrap-around, as in C.
    for (; u + 4 <= units; u += 4) {
      const f0 = u * depth, f1 = f0 + depth, f2 = f1 + depth, f3 = f2 + depth;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = 0; k < depth; k++) {
        const x = q[inBase + k]! - off;
        a0 = (a0 + Math.imul(filter[f0 + k]!, x)) | 0;
        a1 = (a1 + Math.imul(filter[f1 + k]!, x)) | 0;
        a2 = (a2 + Math.imul(filter[f2 + k]!, x)) | 0;
        a3 = (a3 + Math.imul(filter[f3 + k]!, x)) | 0;
      }
      output[o + u] = fcOut(a0, cs === null ? s : f32(s * cs[u]!), bias === null ? 0 : bias[u]!);
      output[o + u + 1] = fcOut(a1, cs === null ? s : f32(s * cs[u + 1]!), bias === null ? 0 : bias[u + 1]!);
      output[o + u + 2] = fcOut(a2, cs === null ? s : f32(s * cs[u + 2]!), bias === null ? 0 : bias[u + 2]!);
      output[o + u + 3] = fcOut(a3, cs === null ? s : f32(s * cs[u + 3]!), bias === null ? 0 : bias[u + 3]!);
    }
    for (; u < units; u++) {
      const f0 = u * depth;
      let a = 0;
      for (let k = 0; k < depth; k++) a = (a + Math.imul(filter[f0 + k]!, q[inBase + k]! - off)) | 0;
      output[o + u] = fcOut(a, cs === null ? s : f32(s * cs[u]!), bias === null ? 0 : bias[u]!);
    }
  }
  applyActivation(output, batches * units, h.activation);
}

/** `*result += dotprod * scale` with result starting at the bias (or 0). */
function fcOut(acc: number, scale: number, init: number): number {
  return f32(init + f32(f32(acc) * scale));
}

/**
 * tensor_utils::ApplyActivationToVector: RELU max(0, x), RELU_N1_TO_1 max(-1, min(x, 1)), RELU6
 * max(0, min(x, 6)) (std::max/min argument order kept, so -0 and NaN come out as in C++), SIGN_BIT
 * signbit(x) ? 1 : 0, TANH and SIGMOID in float32 (TFLite uses Eigen's vectorized approximations there,
 * which agree to a few float32 ulps; those two are not bit-exact).
 */
function applyActivation(v: Float32Array, n: number, activation: number): void {
  switch (activation) {
    case ACT_RELU:
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        v[i] = 0 < x ? x : 0;
      }
      break;
    case ACT_RELU_N1_TO_1:
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        const m = 1 < x ? 1 : x;
        v[i] = -1 < m ? m : -1;
      }
      break;
    case ACT_RELU6:
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        const m = 6 < x ? 6 : x;
        v[i] = 0 < m ? m : 0;
      }
      break;
    case ACT_TANH:
      for (let i = 0; i < n; i++) v[i] = Math.tanh(v[i]!);
      break;
    case ACT_SIGN_BIT:
      for (let i = 0; i < n; i++) {
        const x = v[i]!;
        v[i] = x < 0 || Object.is(x, -0) ? 1 : 0;
      }
      break;
    case ACT_SIGMOID:
      for (let i = 0; i < n; i++) v[i] = f32(1 / f32(1 + f32(Math.exp(-v[i]!))));
      break;
    default:
      break;
  }
}

// ---------------------------------------------------------------------------------------------------------
// CONV_2D and DEPTHWISE_CONV_2D
// ---------------------------------------------------------------------------------------------------------

/** Geometry of a hybrid conv node (same fields as internal/conv.ts ConvParams uses). */
export interface HybridConvGeometry {
  batches: number;
  inputHeight: number;
  inputWidth: number;
  inputDepth: number;
  filterHeight: number;
  filterWidth: number;
  filterDepth: number;
  outputHeight: number;
  outputWidth: number;
  outputDepth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padHeight: number;
  padWidth: number;
  depthMultiplier: number;
}

/** First tap f with 0 <= origin + dilation * f. */
function firstTap(origin: number, dilation: number): number {
  return origin >= 0 ? 0 : Math.floor((dilation - 1 - origin) / dilation);
}

/** One past the last tap f < filterSize with origin + dilation * f < size. */
function endTap(origin: number, dilation: number, size: number, filterSize: number): number {
  const last = size - 1 - origin;
  if (last < 0) return 0;
  const e = Math.floor(last / dilation) + 1;
  return e < filterSize ? e : filterSize;
}

/** Rescale, bias and clamp of one conv accumulator. */
function convOut(acc: number, scale: number, bias: Float32Array | null, oc: number, lo: number, hi: number): number {
  let v = f32(f32(acc) * scale);
  if (bias !== null) v = f32(v + bias[oc]!);
  v = v < lo ? lo : v;
  return hi < v ? hi : v;
}

/**
 * Hybrid CONV_2D: input [b, inH, inW, inD] float (quantized into `q`), filter [outD, fH, fW, fD] int8
 * (fD = inD / groups), bias float or null, output float. Taps outside the input are skipped (they are 0.0).
 */
export function convHybrid(
  p: HybridConvGeometry,
  h: HybridParams,
  input: Float32Array,
  filter: Int8Array,
  bias: Float32Array | null,
  output: Float32Array,
  q: Int8Array,
  sf: Float32Array,
  zp: Int32Array,
): void {
  quantizeBatches(h, input, q, sf, zp);
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, fD = p.filterDepth;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const groups = inD / fD, perGroup = outD / groups;
  const fsY = fW * fD, fsOc = fH * fsY, isX = dW * inD, isY = dH * inW * inD;
  // Without dilation or groups a filter row's taps are one contiguous run in both input and filter.
  const contiguous = dW === 1 && fD === inD;
  const cs = h.channelScales, lo = h.actMin, hi = h.actMax;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD, off = zp[b]!, s = sf[b]!;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), ny = endTap(inY0, dH, inH, fH) - fy0;
      for (let ox = 0; ox < outW; ox++, o += outD) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), nx = endTap(inX0, dW, inW, fW) - fx0;
        const runs = contiguous ? (nx > 0 ? 1 : 0) : nx, runLen = contiguous ? nx * fD : fD;
        const inTap = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap = fy0 * fsY + fx0 * fD;
        for (let g = 0; g < groups; g++) {
          const inG = inTap + g * fD, ocEnd = (g + 1) * perGroup;
          let oc = g * perGroup;
          for (; oc + 4 <= ocEnd; oc += 4) {
            let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (let ty = 0, iRow = inG, fRow = oc * fsOc + fTap; ty < ny; ty++, iRow += isY, fRow += fsY) {
              for (let tx = 0, i0 = iRow, f0 = fRow; tx < runs; tx++, i0 += isX, f0 += fD) {
                const f1 = f0 + fsOc, f2 = f1 + fsOc, f3 = f2 + fsOc;
                for (let k = 0; k < runLen; k++) {
                  const x = q[i0 + k]! - off;
                  a0 = (a0 + Math.imul(filter[f0 + k]!, x)) | 0;
                  a1 = (a1 + Math.imul(filter[f1 + k]!, x)) | 0;
                  a2 = (a2 + Math.imul(filter[f2 + k]!, x)) | 0;
                  a3 = (a3 + Math.imul(filter[f3 + k]!, x)) | 0;
                }
              }
            }
            output[o + oc] = convOut(a0, cs === null ? s : f32(cs[oc]! * s), bias, oc, lo, hi);
            output[o + oc + 1] = convOut(a1, cs === null ? s : f32(cs[oc + 1]! * s), bias, oc + 1, lo, hi);
            output[o + oc + 2] = convOut(a2, cs === null ? s : f32(cs[oc + 2]! * s), bias, oc + 2, lo, hi);
            output[o + oc + 3] = convOut(a3, cs === null ? s : f32(cs[oc + 3]! * s), bias, oc + 3, lo, hi);
          }
          for (; oc < ocEnd; oc++) {
            let a = 0;
            for (let ty = 0, iRow = inG, fRow = oc * fsOc + fTap; ty < ny; ty++, iRow += isY, fRow += fsY) {
              for (let tx = 0, i0 = iRow, f0 = fRow; tx < runs; tx++, i0 += isX, f0 += fD) {
                for (let k = 0; k < runLen; k++) a = (a + Math.imul(filter[f0 + k]!, q[i0 + k]! - off)) | 0;
              }
            }
            output[o + oc] = convOut(a, cs === null ? s : f32(cs[oc]! * s), bias, oc, lo, hi);
          }
        }
      }
    }
  }
}

/**
 * Hybrid DEPTHWISE_CONV_2D (DepthwiseConvHybridPerChannel): input [b, inH, inW, inD] float, filter
 * [1, fH, fW, outD] int8 with per-channel scales, outD = inD * depthMultiplier, output channel
 * oc = ic * depthMultiplier + m.
 */
export function depthwiseConvHybrid(
  p: HybridConvGeometry,
  h: HybridParams,
  input: Float32Array,
  filter: Int8Array,
  bias: Float32Array | null,
  output: Float32Array,
  q: Int8Array,
  sf: Float32Array,
  zp: Int32Array,
): void {
  quantizeBatches(h, input, q, sf, zp);
  const inH = p.inputHeight, inW = p.inputWidth, inD = p.inputDepth;
  const fH = p.filterHeight, fW = p.filterWidth, dm = p.depthMultiplier;
  const outH = p.outputHeight, outW = p.outputWidth, outD = p.outputDepth;
  const sH = p.strideHeight, sW = p.strideWidth, dH = p.dilationHeight, dW = p.dilationWidth;
  const isX = dW * inD, isY = dH * inW * inD, fsY = fW * outD;
  const cs = h.channelScales, lo = h.actMin, hi = h.actMax;
  let o = 0;
  for (let b = 0; b < p.batches; b++) {
    const inBatch = b * inH * inW * inD, off = zp[b]!, s = sf[b]!;
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * sH - p.padHeight;
      const fy0 = firstTap(inY0, dH), ny = endTap(inY0, dH, inH, fH) - fy0;
      for (let ox = 0; ox < outW; ox++, o += outD) {
        const inX0 = ox * sW - p.padWidth;
        const fx0 = firstTap(inX0, dW), nx = endTap(inX0, dW, inW, fW) - fx0;
        const inTap = inBatch + ((inY0 + dH * fy0) * inW + inX0 + dW * fx0) * inD;
        const fTap = fy0 * fsY + fx0 * outD;
        for (let oc = 0; oc < outD; oc++) {
          const ic = dm === 1 ? oc : (oc / dm) | 0;
          let a = 0;
          for (let ty = 0, iRow = inTap + ic, fRow = fTap + oc; ty < ny; ty++, iRow += isY, fRow += fsY) {
            for (let tx = 0, i = iRow, fi = fRow; tx < nx; tx++, i += isX, fi += outD) {
              a = (a + Math.imul(filter[fi]!, q[i]! - off)) | 0;
            }
          }
          output[o + oc] = convOut(a, cs === null ? s : f32(cs[oc]! * s), bias, oc, lo, hi);
        }
      }
    }
  }
}
