/**
 * Reference LOGISTIC and TANH math: float32 (reference_ops), int8 (reference_integer_ops, gemmlowp fixed point
 * on a Q4.27 input), int16 (reference_integer_ops, TFLM's 256-entry sigmoid table with linear interpolation).
 * Also the prepare-time parameter computations both kernels share (logistic_common.cc, tanh.cc).
 */
import { logistic as fixedLogistic, tanh as fixedTanh } from './fixedpoint.js';
import { expf, tanhf } from './libm.js';
import { calculateInputRadius, frexp, quantizeRound, roundingDivideByPOT } from './quantization.js';

/** common.h sigmoid_table_uint16: sigmoid(i / 24) in Q0.16, i = 0 .. 255 (tanh(x) = 2 sigmoid(2x) - 1). */
export const SIGMOID_TABLE_UINT16 = new Uint16Array([
  32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794, 41432, 42064, 42688,
  43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409,
  51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
  57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110,
  61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
  63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
  64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900,
  64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208,
  65221, 65234, 65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
  65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
  65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
  65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
  65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
  65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530,
  65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
  65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
]);

// ---------------------------------------------------------------------------------------------------------
// Prepare-time parameters
// ---------------------------------------------------------------------------------------------------------

export interface Int8ActivationParams {
  inputZeroPoint: number;
  inputRangeRadius: number;
  inputMultiplier: number;
  inputLeftShift: number;
}

/**
 * int8 LOGISTIC/TANH parameters: the input scale times 2^27 (Q4.27) as a frexp multiplier (round(q * 2^31),
 * narrowed to int32 as x86 does when q rounds up to 1) and left shift, and the radius beyond which the
 * output saturates.
 */
export function int8ActivationParams(inputScale: number, inputZeroPoint: number, out: Int8ActivationParams): void {
  const { mantissa, exponent } = frexp(Math.fround(inputScale) * (1 << 27));
  out.inputZeroPoint = inputZeroPoint;
  out.inputLeftShift = exponent;
  out.inputMultiplier = quantizeRound(mantissa * 2147483648) | 0;
  out.inputRangeRadius = calculateInputRadius(4, exponent, 31);
}

/**
 * CheckedLog2 in float32: log2 via logf(x) * (1 / logf(2)), rounded half away from zero; null unless the
 * fractional part is below 1e-3 (a power-of-two scale). Returns the rounded log2 and whether it was exact
 * enough, as TFLM uses the rounded value either way.
 */
export function checkedLog2(x: number): { log2: number; pot: boolean } {
  const f = Math.fround;
  const xLog2 = f(f(Math.log(f(x))) * f(1 / f(Math.log(2))));
  const rounded = quantizeRound(xLog2);
  const frac = f(xLog2 - rounded);
  return { log2: rounded, pot: Math.abs(frac) < f(1e-3) };
}

/**
 * int16 LOGISTIC/TANH input scaling: a power-of-two input scale 2^-(12 - s), with s among `potShifts` (0 for
 * logistic, 0 or 1 for tanh), keeps multiplier 0 and shift s (eval then uses 3 << s); anything else gets
 * scale * 4096 * 3 doubled until it exceeds 32767 / 2 (at most 31 times), truncated to int, shift = doublings.
 */
export function int16InputScaling(inputScale: number, potShifts: readonly number[]): { multiplier: number; leftShift: number } {
  const { log2, pot } = checkedLog2(inputScale);
  const shift = 12 + log2;
  if (pot && potShifts.includes(shift)) return { multiplier: 0, leftShift: shift };
  let multiplier = Math.fround(inputScale) * 4096.0 * 3.0;
  let leftShift = 0;
  while (multiplier <= 32767.0 / 2.0 && leftShift <= 30) {
    leftShift++;
    multiplier *= 2.0;
  }
  return { multiplier: Math.trunc(multiplier) | 0, leftShift };
}

// ---------------------------------------------------------------------------------------------------------
// float32
// ---------------------------------------------------------------------------------------------------------

/** float32 logistic: 1 above 16.619047…, exp(x) below -9, else 1 / (1 + exp(-x)), all in float32 (glibc expf). */
export function logisticFloat(input: Float32Array, output: Float32Array, n: number): void {
  const f = Math.fround;
  const cutoffUpper = f(16.619047164916992188);
  const cutoffLower = -9;
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    let r: number;
    if (v > cutoffUpper) r = 1;
    else if (v < cutoffLower) r = expf(v);
    else r = 1 / f(1 + expf(-v));
    output[i] = r;
  }
}

/** float32 tanh: std::tanh on float, i.e. glibc's tanhf. */
export function tanhFloat(input: Float32Array, output: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) output[i] = tanhf(input[i]!);
}

// ---------------------------------------------------------------------------------------------------------
// int8
// ---------------------------------------------------------------------------------------------------------

type Mbqm = (x: number, multiplier: number, shift: number) => number;

/**
 * int8 logistic: saturate outside the radius, else rescale to Q4.27, gemmlowp logistic (Q0.31), round to
 * Q0.8 (>> 23) and add the output zero point -128.
 */
export function logisticInt8(p: Int8ActivationParams, mbqm: Mbqm, input: Int8Array, output: Int8Array, n: number): void {
  const { inputZeroPoint, inputRangeRadius, inputMultiplier, inputLeftShift } = p;
  for (let i = 0; i < n; i++) {
    const x = input[i]! - inputZeroPoint;
    if (x <= -inputRangeRadius) output[i] = -128;
    else if (x >= inputRangeRadius) output[i] = 127;
    else {
      const q4 = mbqm(x, inputMultiplier, inputLeftShift);
      const v = roundingDivideByPOT(fixedLogistic(q4, 4), 23) - 128;
      output[i] = v < -128 ? -128 : v > 127 ? 127 : v;
    }
  }
}

/** int8 tanh: as logistic, with gemmlowp tanh and Q0.7 output (>> 24), output zero point 0. */
export function tanhInt8(p: Int8ActivationParams, mbqm: Mbqm, input: Int8Array, output: Int8Array, n: number): void {
  const { inputZeroPoint, inputRangeRadius, inputMultiplier, inputLeftShift } = p;
  for (let i = 0; i < n; i++) {
    const x = input[i]! - inputZeroPoint;
    if (x <= -inputRangeRadius) output[i] = -128;
    else if (x >= inputRangeRadius) output[i] = 127;
    else {
      const q4 = mbqm(x, inputMultiplier, inputLeftShift);
      const v = roundingDivideByPOT(fixedTanh(q4, 4), 24);
      output[i] = v < -128 ? -128 : v > 127 ? 127 : v;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// int16
// ---------------------------------------------------------------------------------------------------------

/**
 * int16 logistic (Q3.12 in, Q0.15 out): x * multiplier rounded by the shift puts the input on the table's
 * 1/(3 * 4096) grid; |x| / 2^9 indexes the sigmoid table, the low 9 bits interpolate; the negative half is
 * 1 - sigmoid(|x|). A zero multiplier means a power-of-two scale: 3 << shift with no shift.
 */
export function logisticInt16(multiplier: number, leftShift: number, input: Int16Array, output: Int16Array, n: number): void {
  if (multiplier === 0) {
    multiplier = 3 << leftShift;
    leftShift = 0;
  }
  const round = leftShift > 0 ? 1 << (leftShift - 1) : 0;
  for (let i = 0; i < n; i++) {
    const x = (Math.imul(input[i]!, multiplier) + round) >> leftShift;
    const abs = x < 0 ? -x : x;
    const uh = abs >>> 9;
    let result: number;
    if (uh >= 255) {
      result = 0x7fff << 10;
    } else {
      const ua = SIGMOID_TABLE_UINT16[uh]!;
      const ub = SIGMOID_TABLE_UINT16[uh + 1]!;
      result = ua * 512 + (abs & 0x1ff) * (ub - ua);
    }
    // uint32 arithmetic: (1 << 25) - result + 511 stays positive.
    result = x >= 0 ? result + 512 : 33554432 - result + 511;
    output[i] = result >>> 10;
  }
}

/**
 * int16 tanh (Q3.12 in, Q0.15 out): tanh(x) = 2 sigmoid(2x) - 1 on the same table with 8 interpolation bits
 * (the factor 2), recentred by 2^23 and rounded.
 */
export function tanhInt16(multiplier: number, leftShift: number, input: Int16Array, output: Int16Array, n: number): void {
  if (multiplier === 0) {
    multiplier = 3 << leftShift;
    leftShift = 0;
  }
  const round = leftShift > 0 ? 1 << (leftShift - 1) : 0;
  for (let i = 0; i < n; i++) {
    const x = (Math.imul(input[i]!, multiplier) + round) >> leftShift;
    const abs = x < 0 ? -x : x;
    const uh = abs >>> 8;
    let result: number;
    if (uh >= 255) {
      result = 0xffff << 8;
    } else {
      const ua = SIGMOID_TABLE_UINT16[uh]!;
      const ub = SIGMOID_TABLE_UINT16[uh + 1]!;
      result = ua * 256 + (abs & 0xff) * (ub - ua);
    }
    result = x >= 0 ? result - 8388608 + 128 : -result + 8388608 + 128 - 1;
    output[i] = result >> 8;
  }
}
