/**
 * SVDF math (TFLM svdf_common.cc): a rank-decomposed time convolution. Per invoke, for every batch:
 *
 *   1. shift the activation state left by one (the whole [batch, filters * memory] buffer, as TFLM does);
 *   2. feature matmul: state[b, f, memory - 1] = W_feature[f] · input[b];
 *   3. time matmul: scratch[b, f] = W_time[f] · state[b, f, :];
 *   4. out[b, u] = bias[u] + sum of the `rank` filters of unit u; then requantize (integer) or activate (float).
 *
 * The state is a variable tensor laid out [batch][filter][memory]. Nothing here allocates.
 */
import { tanhf } from './libm.js';
import type { MultiplyByQuantizedMultiplierFn } from './quantization.js';

export interface SvdfDims {
  batch: number;
  inputSize: number;
  filters: number;
  units: number;
  rank: number;
  memory: number;
}

export interface SvdfIntParams extends SvdfDims {
  inputZeroPoint: number;
  stateZeroPoint: number;
  outputZeroPoint: number;
  /** input * feature weights -> state. */
  multiplier1: number;
  shift1: number;
  /** state * time weights -> output. */
  multiplier2: number;
  shift2: number;
  /** Range of the state type (int16 or int8): the feature matmul result is clamped to it before the zero point is added. */
  stateMin: number;
  stateMax: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

/** Shift every state value one place left (the last one stays; it is overwritten by the feature matmul). */
function shiftState(state: Int8Array | Int16Array | Float32Array, n: number): void {
  for (let i = 1; i < n; i++) state[i - 1] = state[i]!;
}

/**
 * EvalIntegerSvdfReference<T> (T = int16 or int8 state and time weights): int8 input and feature weights,
 * int32 bias and accumulators (wrapping as the C int32 arithmetic does), int8 output. The fused activation is
 * not applied on this path (TFLM ignores it). `scratch` holds batch * filters int32, `scratchOut`
 * batch * units int32 (TFLM's two scratch buffers).
 */
export function svdfInteger(
  p: SvdfIntParams,
  input: Int8Array,
  weightsFeature: Int8Array,
  weightsTime: Int16Array | Int8Array,
  bias: Int32Array,
  state: Int16Array | Int8Array,
  scratch: Int32Array,
  scratchOut: Int32Array,
  output: Int8Array,
): void {
  const { batch, inputSize, filters, units, rank, memory, inputZeroPoint, stateZeroPoint, mbqm } = p;
  shiftState(state, batch * filters * memory);

  // Feature matmul into the newest state column.
  for (let b = 0; b < batch; b++) {
    const xBase = b * inputSize;
    for (let f = 0; f < filters; f++) {
      const wBase = f * inputSize;
      let dot = 0;
      for (let c = 0; c < inputSize; c++) {
        dot = (dot + Math.imul(weightsFeature[wBase + c]!, input[xBase + c]! - inputZeroPoint)) | 0;
      }
      dot = mbqm(dot, p.multiplier1, p.shift1);
      dot = dot < p.stateMin ? p.stateMin : dot > p.stateMax ? p.stateMax : dot;
      // Stored into T: wraps when the zero point pushes it out of range, as the C conversion does.
      state[(b * filters + f) * memory + memory - 1] = stateZeroPoint + dot;
    }
  }

  // Time matmul.
  for (let b = 0; b < batch; b++) {
    const sBase = b * memory * filters;
    for (let f = 0; f < filters; f++) {
      const base = f * memory;
      let dot = 0;
      for (let j = 0; j < memory; j++) {
        dot = (dot + Math.imul(weightsTime[base + j]!, state[sBase + base + j]! - stateZeroPoint)) | 0;
      }
      scratch[b * filters + f] = dot;
    }
  }

  // Bias, rank reduction, requantization to int8.
  const outMin = -128;
  const outMax = 127;
  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < units; u++) {
      let acc = bias[u]!;
      const base = b * filters + u * rank;
      for (let r = 0; r < rank; r++) acc = (acc + scratch[base + r]!) | 0;
      scratchOut[b * units + u] = acc;
    }
  }
  const n = batch * units;
  for (let i = 0; i < n; i++) {
    let v = mbqm(scratchOut[i]!, p.multiplier2, p.shift2) + p.outputZeroPoint;
    v = v < outMin ? outMin : v > outMax ? outMax : v;
    output[i] = v;
  }
}

/**
 * EvalFloatSvdfReference: the same in float32 (every product and sum rounded to float32), then the fused
 * activation (ActivationValFloat). `scratch` holds batch * filters floats.
 */
export function svdfFloat(
  p: SvdfDims,
  activation: number,
  input: Float32Array,
  weightsFeature: Float32Array,
  weightsTime: Float32Array,
  bias: Float32Array,
  state: Float32Array,
  scratch: Float32Array,
  output: Float32Array,
): void {
  const f32 = Math.fround;
  const { batch, inputSize, filters, units, rank, memory } = p;
  shiftState(state, batch * filters * memory);

  for (let b = 0; b < batch; b++) {
    const xBase = b * inputSize;
    for (let f = 0; f < filters; f++) {
      const wBase = f * inputSize;
      let dot = 0;
      for (let c = 0; c < inputSize; c++) dot = f32(dot + f32(weightsFeature[wBase + c]! * input[xBase + c]!));
      state[(b * filters + f) * memory + memory - 1] = dot;
    }
  }

  for (let b = 0; b < batch; b++) {
    const sBase = b * memory * filters;
    for (let f = 0; f < filters; f++) {
      const base = f * memory;
      let dot = 0;
      for (let j = 0; j < memory; j++) dot = f32(dot + f32(weightsTime[base + j]! * state[sBase + base + j]!));
      scratch[b * filters + f] = dot;
    }
  }

  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < units; u++) {
      let acc = bias[u]!;
      const base = b * filters + u * rank;
      for (let r = 0; r < rank; r++) acc = f32(acc + scratch[base + r]!);
      output[b * units + u] = activationValFloat(activation, acc);
    }
  }
}

/**
 * micro ActivationValFloat: NONE, RELU (fmax(0, x)), RELU_N1_TO_1 (fmax(-1, fmin(x, 1))), RELU6, TANH (tanhf),
 * SIGN_BIT (signbit → 1 or 0). tanhf is glibc's (libm.ts). fmax/fmin ignore a NaN operand, so NaN maps to the bound. Any other code acts as
 * NONE (TFLM's flatbuffer conversion maps unknown codes to none). SIGN_BIT of a NaN gives 0 (JS does not keep
 * a NaN's sign reliably).
 */
export function activationValFloat(activation: number, a: number): number {
  switch (activation) {
    case 1:
      return a > 0 ? a : 0;
    case 2: {
      const m = a < 1 ? a : 1; // fmin(a, 1): NaN → 1
      return m > -1 ? m : -1;
    }
    case 3: {
      const m = a < 6 ? a : 6;
      return m > 0 ? m : 0;
    }
    case 4:
      return tanhf(a);
    case 5:
      return a < 0 || Object.is(a, -0) ? 1 : 0;
    default:
      return a;
  }
}
