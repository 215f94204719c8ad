/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM math, as TFLM's lstm_eval.h / lstm_eval.cc compute it (standard LSTM: no
 * peephole, no projection, no layer norm, no CIFG). One time step is
 *
 *   forget = sigmoid(FC(x, W_f, b_f) + FC(h, R_f))        input  = sigmoid(FC(x, W_i, b_i) + FC(h, R_i))
 *   cell_g = tanh(FC(x, W_c, b_c) + FC(h, R_c))           output = sigmoid(FC(x, W_o, b_o) + FC(h, R_o))
 *   c = clip(forget * c + input * cell_g)                  h = tanh(c) * output;  y[t] = h
 *
 * Integer kernels (int8 or int16 activations, int8 weights, int16 cell): gate pre-activations are int16 in
 * Q3.12 (scale 2^-12), gate outputs int16 in Q0.15 (scale 2^-15); sigmoid and tanh are TFLM's int16 LUT
 * versions (reference_integer_ops::Logistic / Tanh with the fixed shifts lstm_eval.cc passes); the products
 * are reference_integer_ops::MulElementwise. The float kernel does every operation in float32 (Math.fround).
 *
 * Buffers: the four scratch buffers TFLM requests (batch * state elements of the cell type each) are used in
 * the same roles (buffer0 forget gate / tanh(cell), buffer1 input gate / input*cell_gate / output gate,
 * buffer2 cell gate, buffer3 the recurrent FC result).
 *
 * Nothing here allocates: these run in invoke.
 */
import { expf, tanhf } from './libm.js';
import { SIGMOID_TABLE_UINT16 } from './logistic_tanh.js';
import type { MultiplyByQuantizedMultiplierFn } from './quantization.js';
import { multiplyByQuantizedMultiplierInt64 } from './quantization.js';

/** float32 FLT_MAX: TFLM clamps float FC and Mul results to [-FLT_MAX, FLT_MAX] (activation "none"). */
const FLT_MAX = 3.4028234663852886e38;
const TWO_32 = 4294967296;

/** TFLM's sigmoid_table_uint16 (common.h), shared with the int16 LOGISTIC/TANH kernels. */
export { SIGMOID_TABLE_UINT16 };

// ---------------------------------------------------------------------------------------------------------
// int16 nonlinearities (reference_integer_ops::Logistic / Tanh, int16 overloads)
// ---------------------------------------------------------------------------------------------------------

/**
 * The (multiplier, left shift) pair the int16 Logistic/Tanh reference kernels end up using: a zero multiplier
 * means "power-of-two scale" and becomes 3 << shift with no shift.
 */
export function int16ActivationScaling(inputMultiplier: number, inputLeftShift: number): { multiplier: number; shift: number } {
  if (inputMultiplier === 0) return { multiplier: 3 << inputLeftShift, shift: 0 };
  return { multiplier: inputMultiplier, shift: inputLeftShift };
}

/**
 * reference_integer_ops::Logistic(int16) with an effective multiplier/shift (see int16ActivationScaling), in
 * place or not: LUT interpolation on |x| with 9 fractional bits, then the symmetric result for x < 0. The
 * C computes in uint32; every intermediate here is below 2^26, so plain numbers are exact. The final store
 * into int16 wraps as the C conversion does (it can only produce 32768 → -32768 for no input in range).
 */
export function sigmoidInt16(
  input: Int16Array,
  inOffset: number,
  output: Int16Array,
  outOffset: number,
  n: number,
  multiplier: number,
  shift: number,
): void {
  const table = SIGMOID_TABLE_UINT16;
  const round = shift > 0 ? 1 << (shift - 1) : 0;
  for (let i = 0; i < n; i++) {
    const x = (input[inOffset + i]! * multiplier + round) >> shift;
    const ax = x < 0 ? -x : x;
    const uh = ax >>> 9;
    let result: number;
    if (uh >= 255) {
      result = 0x7fff << 10;
    } else {
      const ua = table[uh]!;
      const ub = table[uh + 1]!;
      // The table is increasing, so ub - ua >= 0 (no uint32 wrap to mimic).
      result = ua * 512 + (ax & 0x1ff) * (ub - ua);
    }
    result = x >= 0 ? result + 512 : 33554432 - result + 511;
    output[outOffset + i] = result >>> 10;
  }
}

/**
 * reference_integer_ops::Tanh(int16) with an effective multiplier/shift: tanh(x) = 2 sigmoid(2x) - 1 on the
 * same LUT with 8 fractional bits. The C keeps `result` in int32 and shifts it arithmetically; intermediates
 * stay below 2^25 in magnitude.
 */
export function tanhInt16(
  input: Int16Array,
  inOffset: number,
  output: Int16Array,
  outOffset: number,
  n: number,
  multiplier: number,
  shift: number,
): void {
  const table = SIGMOID_TABLE_UINT16;
  const round = shift > 0 ? 1 << (shift - 1) : 0;
  for (let i = 0; i < n; i++) {
    const x = (input[inOffset + i]! * multiplier + round) >> shift;
    const ax = x < 0 ? -x : x;
    const uh = ax >>> 8;
    let result: number;
    if (uh >= 255) {
      result = 0xffff << 8;
    } else {
      const ua = table[uh]!;
      const ub = table[uh + 1]!;
      result = ua * 256 + (ax & 0xff) * (ub - ua);
    }
    result = x >= 0 ? result - 8388608 + 128 : -result + 8388608 + 128 - 1;
    output[outOffset + i] = result >> 8;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Integer building blocks
// ---------------------------------------------------------------------------------------------------------

/**
 * reference_integer_ops::FullyConnected with an int32 accumulator (int8 activations, int32 bias), int16
 * output: out[b, u] = clamp(MBQM(sum_d (w + wOff)(x + xOff) + bias[u]) + outOffset). The int32 sums wrap
 * like the C (`| 0`, Math.imul). Four units are computed per pass over the input (each sum still runs in
 * order over d, so results are unchanged).
 */
export function fcInt32Acc(
  input: Int8Array | Int16Array,
  inOffset: number,
  batches: number,
  depth: number,
  weights: Int8Array,
  units: number,
  bias: Int32Array | null,
  inputOffset: number,
  weightsOffset: number,
  multiplier: number,
  shift: number,
  outputOffset: number,
  actMin: number,
  actMax: number,
  mbqm: MultiplyByQuantizedMultiplierFn,
  output: Int16Array,
  outOffset: number,
): void {
  const units4 = units & ~3;
  for (let b = 0; b < batches; b++) {
    const xBase = inOffset + b * depth;
    const oBase = outOffset + b * units;
    let u = 0;
    for (; u < units4; u += 4) {
      const w0 = u * depth;
      const w1 = w0 + depth;
      const w2 = w1 + depth;
      const w3 = w2 + depth;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let d = 0; d < depth; d++) {
        const x = input[xBase + d]! + inputOffset;
        a0 = (a0 + Math.imul(weights[w0 + d]! + weightsOffset, x)) | 0;
        a1 = (a1 + Math.imul(weights[w1 + d]! + weightsOffset, x)) | 0;
        a2 = (a2 + Math.imul(weights[w2 + d]! + weightsOffset, x)) | 0;
        a3 = (a3 + Math.imul(weights[w3 + d]! + weightsOffset, x)) | 0;
      }
      if (bias !== null) {
        a0 = (a0 + bias[u]!) | 0;
        a1 = (a1 + bias[u + 1]!) | 0;
        a2 = (a2 + bias[u + 2]!) | 0;
        a3 = (a3 + bias[u + 3]!) | 0;
      }
      let v = mbqm(a0, multiplier, shift) + outputOffset;
      output[oBase + u] = v < actMin ? actMin : v > actMax ? actMax : v;
      v = mbqm(a1, multiplier, shift) + outputOffset;
      output[oBase + u + 1] = v < actMin ? actMin : v > actMax ? actMax : v;
      v = mbqm(a2, multiplier, shift) + outputOffset;
      output[oBase + u + 2] = v < actMin ? actMin : v > actMax ? actMax : v;
      v = mbqm(a3, multiplier, shift) + outputOffset;
      output[oBase + u + 3] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
    for (; u < units; u++) {
      const wBase = u * depth;
      let acc = 0;
      for (let d = 0; d < depth; d++) {
        acc = (acc + Math.imul(weights[wBase + d]! + weightsOffset, input[xBase + d]! + inputOffset)) | 0;
      }
      if (bias !== null) acc = (acc + bias[u]!) | 0;
      const v = mbqm(acc, multiplier, shift) + outputOffset;
      output[oBase + u] = v < actMin ? actMin : v > actMax ? actMax : v;
    }
  }
}

/**
 * The same with TFLM's int64 accumulator (int16 activations, int64 bias), exact in doubles: each product is
 * below 2^24 in magnitude, so sums stay exact for any depth below 2^29. The int64 bias is read from its two
 * int32 halves (`bias32` is an Int32Array view of the bias bytes: low word first), exact below 2^53.
 */
export function fcInt64Acc(
  input: Int16Array,
  inOffset: number,
  batches: number,
  depth: number,
  weights: Int8Array,
  units: number,
  bias32: Int32Array | null,
  inputOffset: number,
  weightsOffset: number,
  multiplier: number,
  shift: number,
  outputOffset: number,
  actMin: number,
  actMax: number,
  output: Int16Array,
  outOffset: number,
): void {
  for (let b = 0; b < batches; b++) {
    const xBase = inOffset + b * depth;
    for (let u = 0; u < units; u++) {
      const wBase = u * depth;
      let acc = 0;
      for (let d = 0; d < depth; d++) acc += (weights[wBase + d]! + weightsOffset) * (input[xBase + d]! + inputOffset);
      if (bias32 !== null) acc += bias32[2 * u + 1]! * TWO_32 + (bias32[2 * u]! >>> 0);
      let v = multiplyByQuantizedMultiplierInt64(acc, multiplier, shift) + outputOffset;
      v = v < actMin ? actMin : v > actMax ? actMax : v;
      output[outOffset + b * units + u] = v;
    }
  }
}

/** lstm_internal::AddElementWise(int16): saturating int16 sum. */
export function addSaturatingInt16(a: Int16Array, aOff: number, b: Int16Array, bOff: number, out: Int16Array, outOff: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const s = a[aOff + i]! + b[bOff + i]!;
    out[outOff + i] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
  }
}

/**
 * reference_integer_ops::MulElementwise<int16, int8|int16> with zero input offsets (the LSTM's gate outputs
 * are symmetric): out = clamp(outputOffset + MBQM(a * b)). a * b fits int32 (at most 2^30).
 */
export function mulInt16(
  a: Int16Array,
  aOff: number,
  b: Int16Array,
  bOff: number,
  out: Int16Array | Int8Array,
  outOff: number,
  n: number,
  multiplier: number,
  shift: number,
  outputOffset: number,
  actMin: number,
  actMax: number,
  mbqm: MultiplyByQuantizedMultiplierFn,
): void {
  for (let i = 0; i < n; i++) {
    let v = outputOffset + mbqm(a[aOff + i]! * b[bOff + i]!, multiplier, shift);
    v = v < actMin ? actMin : v > actMax ? actMax : v;
    out[outOff + i] = v;
  }
}

/** lstm_internal::Clipping(int16): max(min(clip, v), -clip). */
export function clipInt16(v: Int16Array, off: number, n: number, clip: number): void {
  const lo = -clip;
  for (let i = 0; i < n; i++) {
    const x = v[off + i]!;
    const m = x < clip ? x : clip;
    v[off + i] = m < lo ? lo : m;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Float building blocks
// ---------------------------------------------------------------------------------------------------------

/**
 * reference_ops::FullyConnected(float) with activation NONE: float32 sums (in order over d), then clamp to
 * ±FLT_MAX. Two units per pass over the input.
 */
export function fcFloat(
  input: Float32Array,
  inOffset: number,
  batches: number,
  depth: number,
  weights: Float32Array,
  units: number,
  bias: Float32Array | null,
  output: Float32Array,
  outOffset: number,
): void {
  const f = Math.fround;
  const units2 = units & ~1;
  for (let b = 0; b < batches; b++) {
    const xBase = inOffset + b * depth;
    const oBase = outOffset + b * units;
    let u = 0;
    for (; u < units2; u += 2) {
      const w0 = u * depth;
      const w1 = w0 + depth;
      let t0 = 0;
      let t1 = 0;
      for (let d = 0; d < depth; d++) {
        const x = input[xBase + d]!;
        t0 = f(t0 + f(x * weights[w0 + d]!));
        t1 = f(t1 + f(x * weights[w1 + d]!));
      }
      const v0 = f(t0 + (bias !== null ? bias[u]! : 0));
      const v1 = f(t1 + (bias !== null ? bias[u + 1]! : 0));
      output[oBase + u] = v0 < -FLT_MAX ? -FLT_MAX : v0 > FLT_MAX ? FLT_MAX : v0;
      output[oBase + u + 1] = v1 < -FLT_MAX ? -FLT_MAX : v1 > FLT_MAX ? FLT_MAX : v1;
    }
    for (; u < units; u++) {
      const wBase = u * depth;
      let total = 0;
      for (let d = 0; d < depth; d++) total = f(total + f(input[xBase + d]! * weights[wBase + d]!));
      const v = f(total + (bias !== null ? bias[u]! : 0));
      output[oBase + u] = v < -FLT_MAX ? -FLT_MAX : v > FLT_MAX ? FLT_MAX : v;
    }
  }
}

/** lstm_internal::AddElementWise(float). */
export function addFloat(a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number, n: number): void {
  for (let i = 0; i < n; i++) out[outOff + i] = a[aOff + i]! + b[bOff + i]!;
}

/**
 * reference_ops::Logistic(float), in place: 1 above 16.619047164916992, expf(x) below -9, else
 * 1 / (1 + expf(-x)), all in float32, with glibc's expf (libm.ts).
 */
export function sigmoidFloat(v: Float32Array, off: number, n: number): void {
  const f = Math.fround;
  for (let i = 0; i < n; i++) {
    const x = v[off + i]!;
    let r: number;
    if (x > 16.619047164916992) r = 1;
    else if (x < -9) r = expf(x);
    else r = f(1 / f(1 + expf(-x)));
    v[off + i] = r;
  }
}

/** reference_ops::Tanh(float): glibc's tanhf (libm.ts). */
export function tanhFloat(input: Float32Array, inOff: number, output: Float32Array, outOff: number, n: number): void {
  for (let i = 0; i < n; i++) output[outOff + i] = tanhf(input[inOff + i]!);
}

/** reference_ops::Mul(float) with activation NONE: the float32 product clamped to ±FLT_MAX (NaN passes). */
export function mulFloat(a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = Math.fround(a[aOff + i]! * b[bOff + i]!);
    out[outOff + i] = v < -FLT_MAX ? -FLT_MAX : v > FLT_MAX ? FLT_MAX : v;
  }
}

/** lstm_internal::Clipping(float): std::max(std::min(clip, v), -clip) (NaN becomes clip, as std::min returns its first argument). */
export function clipFloat(v: Float32Array, off: number, n: number, clip: number): void {
  const lo = -clip;
  for (let i = 0; i < n; i++) {
    const x = v[off + i]!;
    const m = x < clip ? x : clip;
    v[off + i] = m < lo ? lo : m;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The LSTM
// ---------------------------------------------------------------------------------------------------------

/** One gate's weights and FC parameters. Integer fields are unused by the float kernel. */
export interface LstmGate {
  /** Input-to-gate weights [state, input]. */
  inputWeights: Int8Array | Float32Array;
  /** Recurrent (hidden-to-gate) weights [state, state]. */
  recurrentWeights: Int8Array | Float32Array;
  /** Gate bias [state]: int32 (8x8), float32, or for 16x8 an Int32Array view on the int64 bias bytes. */
  bias: Int32Array | Float32Array | null;
  inMultiplier: number;
  inShift: number;
  /** -zero point of the input-to-gate weights (TFLM applies it, though converters write 0). */
  inWeightsOffset: number;
  recMultiplier: number;
  recShift: number;
  recWeightsOffset: number;
}

/** Everything one LSTM invocation needs, computed in prepare. */
export interface LstmParams {
  kind: 'float' | 'int8' | 'int16';
  timeMajor: boolean;
  batch: number;
  time: number;
  inputDim: number;
  stateDim: number;
  /** forget, input, cell, output. */
  gates: [LstmGate, LstmGate, LstmGate, LstmGate];
  /** -input zero point and -hidden state zero point (FC input offsets). */
  inputOffset: number;
  hiddenOffset: number;
  /** Float cell clip (clipping happens when > 0) and its int16 counterpart. */
  cellClip: number;
  quantizedCellClip: number;
  /** Effective multiplier/shift of the int16 tanh applied to the cell state. */
  cellTanhMultiplier: number;
  cellTanhShift: number;
  /** forget * cell -> cell. */
  forgetMulMultiplier: number;
  forgetMulShift: number;
  /** input gate * cell gate -> cell. */
  inputMulMultiplier: number;
  inputMulShift: number;
  /** tanh(cell) * output gate -> hidden (with the hidden zero point and type range). */
  outputMulMultiplier: number;
  outputMulShift: number;
  hiddenZeroPoint: number;
  hiddenMin: number;
  hiddenMax: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

/** The four scratch buffers (views of the cell type, valid at invoke). */
export interface LstmBuffers {
  b0: Int16Array | Float32Array;
  b1: Int16Array | Float32Array;
  b2: Int16Array | Float32Array;
  b3: Int16Array | Float32Array;
}

/**
 * EvalLstm: time-major inputs [T, B, I] run B batches per step; batch-major [B, T, I] run one batch at a time
 * with its own slice of the states. Offsets follow LstmStepManager (the input/output offsets keep growing
 * across batches, as the batch-major layout is contiguous).
 */
export function evalLstm(
  p: LstmParams,
  input: Int8Array | Int16Array | Float32Array,
  hidden: Int8Array | Int16Array | Float32Array,
  cell: Int16Array | Float32Array,
  output: Int8Array | Int16Array | Float32Array,
  buf: LstmBuffers,
): void {
  const { inputDim, stateDim } = p;
  let inOff = 0;
  let outOff = 0;
  if (p.timeMajor) {
    const nb = p.batch;
    for (let t = 0; t < p.time; t++) {
      step(p, nb, input, inOff, hidden, 0, cell, 0, output, outOff, buf);
      inOff += inputDim * nb;
      outOff += stateDim * nb;
    }
  } else {
    let stateOff = 0;
    for (let b = 0; b < p.batch; b++) {
      for (let t = 0; t < p.time; t++) {
        step(p, 1, input, inOff, hidden, stateOff, cell, stateOff, output, outOff, buf);
        inOff += inputDim;
        outOff += stateDim;
      }
      stateOff += stateDim;
    }
  }
}

function step(
  p: LstmParams,
  nb: number,
  input: Int8Array | Int16Array | Float32Array,
  inOff: number,
  hidden: Int8Array | Int16Array | Float32Array,
  hOff: number,
  cell: Int16Array | Float32Array,
  cOff: number,
  output: Int8Array | Int16Array | Float32Array,
  outOff: number,
  buf: LstmBuffers,
): void {
  if (p.kind === 'float') {
    stepFloat(p, nb, input as Float32Array, inOff, hidden as Float32Array, hOff, cell as Float32Array, cOff,
      output as Float32Array, outOff, buf.b0 as Float32Array, buf.b1 as Float32Array, buf.b2 as Float32Array,
      buf.b3 as Float32Array);
  } else {
    stepInteger(p, nb, input as Int8Array | Int16Array, inOff, hidden as Int8Array | Int16Array, hOff,
      cell as Int16Array, cOff, output as Int8Array | Int16Array, outOff, buf.b0 as Int16Array, buf.b1 as Int16Array,
      buf.b2 as Int16Array, buf.b3 as Int16Array);
  }
}

/** CalculateLstmGate (integer): FC(input) + FC(hidden), saturating add, then sigmoid or tanh (Q3.12 → Q0.15). */
function gateInteger(
  p: LstmParams,
  g: LstmGate,
  nb: number,
  input: Int8Array | Int16Array,
  inOff: number,
  hidden: Int8Array | Int16Array,
  hOff: number,
  out: Int16Array,
  tmp: Int16Array,
  tanh: boolean,
): void {
  const n = nb * p.stateDim;
  if (p.kind === 'int8') {
    fcInt32Acc(input, inOff, nb, p.inputDim, g.inputWeights as Int8Array, p.stateDim, g.bias as Int32Array | null,
      p.inputOffset, g.inWeightsOffset, g.inMultiplier, g.inShift, 0, -32768, 32767, p.mbqm, out, 0);
    fcInt32Acc(hidden, hOff, nb, p.stateDim, g.recurrentWeights as Int8Array, p.stateDim, null,
      p.hiddenOffset, g.recWeightsOffset, g.recMultiplier, g.recShift, 0, -32768, 32767, p.mbqm, tmp, 0);
  } else {
    fcInt64Acc(input as Int16Array, inOff, nb, p.inputDim, g.inputWeights as Int8Array, p.stateDim,
      g.bias as Int32Array | null, p.inputOffset, g.inWeightsOffset, g.inMultiplier, g.inShift, 0, -32768, 32767, out, 0);
    fcInt64Acc(hidden as Int16Array, hOff, nb, p.stateDim, g.recurrentWeights as Int8Array, p.stateDim, null,
      p.hiddenOffset, g.recWeightsOffset, g.recMultiplier, g.recShift, 0, -32768, 32767, tmp, 0);
  }
  addSaturatingInt16(out, 0, tmp, 0, out, 0, n);
  // Sigmoid: Logistic(0, 0) → multiplier 3, shift 0. Tanh(cell_state_scale_power = -12): left shift
  // 15 - 12 - 3 = 0 → multiplier 3, shift 0.
  if (tanh) tanhInt16(out, 0, out, 0, n, 3, 0);
  else sigmoidInt16(out, 0, out, 0, n, 3, 0);
}

function stepInteger(
  p: LstmParams,
  nb: number,
  input: Int8Array | Int16Array,
  inOff: number,
  hidden: Int8Array | Int16Array,
  hOff: number,
  cell: Int16Array,
  cOff: number,
  output: Int8Array | Int16Array,
  outOff: number,
  b0: Int16Array,
  b1: Int16Array,
  b2: Int16Array,
  b3: Int16Array,
): void {
  const n = nb * p.stateDim;
  const g = p.gates;
  gateInteger(p, g[0], nb, input, inOff, hidden, hOff, b0, b3, false); // forget
  gateInteger(p, g[1], nb, input, inOff, hidden, hOff, b1, b3, false); // input
  gateInteger(p, g[2], nb, input, inOff, hidden, hOff, b2, b3, true); // cell (the node's activation: TANH)
  // UpdateLstmCell: cell = forget * cell + input * cell_gate, then clip.
  mulInt16(b0, 0, cell, cOff, cell, cOff, n, p.forgetMulMultiplier, p.forgetMulShift, 0, -32768, 32767, p.mbqm);
  mulInt16(b1, 0, b2, 0, b1, 0, n, p.inputMulMultiplier, p.inputMulShift, 0, -32768, 32767, p.mbqm);
  addSaturatingInt16(cell, cOff, b1, 0, cell, cOff, n);
  if (p.cellClip > 0) clipInt16(cell, cOff, n, p.quantizedCellClip);
  gateInteger(p, g[3], nb, input, inOff, hidden, hOff, b1, b3, false); // output
  // UpdateLstmHidden: hidden = tanh(cell) * output_gate.
  tanhInt16(cell, cOff, b0, 0, n, p.cellTanhMultiplier, p.cellTanhShift);
  mulInt16(b0, 0, b1, 0, hidden, hOff, n, p.outputMulMultiplier, p.outputMulShift, p.hiddenZeroPoint, p.hiddenMin,
    p.hiddenMax, p.mbqm);
  for (let i = 0; i < n; i++) output[outOff + i] = hidden[hOff + i]!;
}

function gateFloat(
  p: LstmParams,
  g: LstmGate,
  nb: number,
  input: Float32Array,
  inOff: number,
  hidden: Float32Array,
  hOff: number,
  out: Float32Array,
  tmp: Float32Array,
  tanh: boolean,
): void {
  const n = nb * p.stateDim;
  fcFloat(input, inOff, nb, p.inputDim, g.inputWeights as Float32Array, p.stateDim, g.bias as Float32Array | null, out, 0);
  fcFloat(hidden, hOff, nb, p.stateDim, g.recurrentWeights as Float32Array, p.stateDim, null, tmp, 0);
  addFloat(out, 0, tmp, 0, out, 0, n);
  if (tanh) tanhFloat(out, 0, out, 0, n);
  else sigmoidFloat(out, 0, n);
}

function stepFloat(
  p: LstmParams,
  nb: number,
  input: Float32Array,
  inOff: number,
  hidden: Float32Array,
  hOff: number,
  cell: Float32Array,
  cOff: number,
  output: Float32Array,
  outOff: number,
  b0: Float32Array,
  b1: Float32Array,
  b2: Float32Array,
  b3: Float32Array,
): void {
  const n = nb * p.stateDim;
  const g = p.gates;
  gateFloat(p, g[0], nb, input, inOff, hidden, hOff, b0, b3, false);
  gateFloat(p, g[1], nb, input, inOff, hidden, hOff, b1, b3, false);
  gateFloat(p, g[2], nb, input, inOff, hidden, hOff, b2, b3, true);
  mulFloat(b0, 0, cell, cOff, cell, cOff, n);
  mulFloat(b1, 0, b2, 0, b1, 0, n);
  addFloat(cell, cOff, b1, 0, cell, cOff, n);
  if (p.cellClip > 0) clipFloat(cell, cOff, n, p.cellClip);
  gateFloat(p, g[3], nb, input, inOff, hidden, hOff, b1, b3, false);
  tanhFloat(cell, cOff, b0, 0, n);
  mulFloat(b0, 0, b1, 0, hidden, hOff, n);
  for (let i = 0; i < n; i++) output[outOff + i] = hidden[hOff + i]!;
}
