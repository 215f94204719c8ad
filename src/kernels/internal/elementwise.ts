/**
 * Unary elementwise math of TFLM's elementwise.cc, exp.cc, ceil.cc, floor.cc, round.cc, neg.cc and elu.cc
 * (reference/{exp,ceil,floor,round,neg,elu}.h), bit-exact.
 *
 * float32: each C expression is evaluated in float (`Math.fround` after every operation). Correctly rounded
 * operations (sqrt, division, products) are exact this way; the libm calls (sinf, cosf, logf, expf, expm1f)
 * reproduce glibc (libm.ts, libm_trig_log.ts). std::abs, std::floor, std::ceil and negation are exact.
 *
 * Quantized ABS, RSQRT and ELU map each int8 value independently: prepare evaluates the per-element formula
 * for all 256 values into a table and invoke only indexes it. Nothing here allocates.
 */
import { expf, expm1f } from './libm.js';
import { cosf, logf, sinf } from './libm_trig_log.js';
import { getInvSqrtQuantizedMultiplierExpInto, INT32_MIN, quantizeRound, type MultiplyByQuantizedMultiplierFn } from './quantization.js';

const f = Math.fround;

/** The float32 unary functions, by id (a switch in the loop driver keeps each loop monomorphic). */
export const UnaryFloat = {
  ABS: 0,
  CEIL: 1,
  COS: 2,
  EXP: 3,
  FLOOR: 4,
  LOG: 5,
  NEG: 6,
  ROUND: 7,
  RSQRT: 8,
  SIN: 9,
  SQRT: 10,
  SQUARE: 11,
  ELU: 12,
} as const;

/**
 * reference_ops::RoundToNearest: round half to even through floor (`static_cast<int>(floor) % 2`; values with
 * a .5 fraction are below 2^23, so the int cast is exact). NaN and infinities come back as they are.
 */
export function roundToNearest(value: number): number {
  const floorVal = Math.floor(value);
  const diff = f(value - floorVal);
  if (diff < 0.5 || (diff === 0.5 && floorVal % 2 === 0)) return floorVal;
  return f(floorVal + 1);
}

/** output[i] = fn(input[i]) for i < n, for one of the UnaryFloat functions. */
export function unaryFloat(fn: number, input: Float32Array, output: Float32Array, n: number): void {
  switch (fn) {
    case UnaryFloat.ABS:
      for (let i = 0; i < n; i++) output[i] = Math.abs(input[i]!);
      break;
    case UnaryFloat.CEIL:
      for (let i = 0; i < n; i++) output[i] = Math.ceil(input[i]!);
      break;
    case UnaryFloat.COS:
      for (let i = 0; i < n; i++) output[i] = cosf(input[i]!);
      break;
    case UnaryFloat.EXP:
      for (let i = 0; i < n; i++) output[i] = expf(input[i]!);
      break;
    case UnaryFloat.FLOOR:
      for (let i = 0; i < n; i++) output[i] = Math.floor(input[i]!);
      break;
    case UnaryFloat.LOG:
      for (let i = 0; i < n; i++) output[i] = logf(input[i]!);
      break;
    case UnaryFloat.NEG:
      for (let i = 0; i < n; i++) output[i] = -input[i]!;
      break;
    case UnaryFloat.ROUND:
      for (let i = 0; i < n; i++) output[i] = roundToNearest(input[i]!);
      break;
    case UnaryFloat.RSQRT:
      // 1.f / std::sqrt(f): both correctly rounded float operations.
      for (let i = 0; i < n; i++) output[i] = 1 / f(Math.sqrt(input[i]!));
      break;
    case UnaryFloat.SIN:
      for (let i = 0; i < n; i++) output[i] = sinf(input[i]!);
      break;
    case UnaryFloat.SQRT:
      for (let i = 0; i < n; i++) output[i] = Math.sqrt(input[i]!);
      break;
    case UnaryFloat.SQUARE:
      for (let i = 0; i < n; i++) {
        const v = input[i]!;
        output[i] = v * v;
      }
      break;
    case UnaryFloat.ELU:
      // reference_ops::Elu: val < 0 ? expm1f(val) : val.
      for (let i = 0; i < n; i++) {
        const v = input[i]!;
        output[i] = v < 0 ? expm1f(v) : v;
      }
      break;
    default:
      throw new Error(`unknown unary function ${fn}`);
  }
}

/** output[i] = table[input[i] + 128]: an int8 lookup table built in prepare. */
export function lookupInt8(table: Int8Array, input: Int8Array, output: Int8Array, n: number): void {
  for (let i = 0; i < n; i++) output[i] = table[input[i]! + 128]!;
}

// ---------------------------------------------------------------------------------------------------------
// ABS (quantized)
// ---------------------------------------------------------------------------------------------------------

/** OpDataAbsRsqrt as the quantized ABS and RSQRT evaluations read it. */
export interface AbsRsqrtParams {
  inputOffset: number;
  outputOffset: number;
  multiplier: number;
  shift: number;
  needsRescale: boolean;
  /** Output type range. */
  min: number;
  max: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

/**
 * AbsEvalQuantized: |v - zp_in| (int32), then either + zp_out (same scales) or MBQM(.., m, shift) + zp_out;
 * clamped to the type range. The sums are int32 in C and cannot overflow for int8/int16 values.
 */
export function absQuantElement(p: AbsRsqrtParams, v: number): number {
  const value = Math.abs(v - p.inputOffset);
  const out = p.needsRescale ? (p.mbqm(value, p.multiplier, p.shift) + p.outputOffset) | 0 : value + p.outputOffset;
  return out < p.min ? p.min : out > p.max ? p.max : out;
}

/** Quantized ABS over int16 (zero points are 0 there, checked in prepare). */
export function absInt16(p: AbsRsqrtParams, input: Int16Array, output: Int16Array, n: number): void {
  const inOff = p.inputOffset, outOff = p.outputOffset, m = p.multiplier, s = p.shift, lo = p.min, hi = p.max;
  const mbqm = p.mbqm;
  if (!p.needsRescale) {
    for (let i = 0; i < n; i++) {
      const r = Math.abs(input[i]! - inOff) + outOff;
      output[i] = r < lo ? lo : r > hi ? hi : r;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const r = (mbqm(Math.abs(input[i]! - inOff), m, s) + outOff) | 0;
    output[i] = r < lo ? lo : r > hi ? hi : r;
  }
}

/** AbsHelper on unquantized int16: std::abs promotes to int, the int16 cast wraps |-32768| back to -32768. */
export function absInt16Raw(input: Int16Array, output: Int16Array, n: number): void {
  for (let i = 0; i < n; i++) output[i] = Math.abs(input[i]!);
}

// ---------------------------------------------------------------------------------------------------------
// RSQRT (quantized)
// ---------------------------------------------------------------------------------------------------------

/** RsqrtEvalQuantized's kShift: keeps the intermediate 1/sqrt(value) an integer. */
const RSQRT_SHIFT = 20;

/**
 * RsqrtEvalQuantized for one value v >= zp_in (the caller validates): value = v - zp_in; 0 gives the type max;
 * otherwise GetInvSqrtQuantizedMultiplierExp(value, kReverseShift) gives 1/sqrt(value) as (m', s'), turned into
 * an integer with 20 extra fractional bits by MBQM(1, m', s' + 20), then requantized by MBQM(.., m, shift - 20)
 * and offset by zp_out; clamped. `inv` (Int32Array(2), made once by the caller) receives (m', s').
 */
export function rsqrtQuantElement(p: AbsRsqrtParams, v: number, inv: Int32Array): number {
  const value = v - p.inputOffset;
  if (value === 0) return p.max;
  getInvSqrtQuantizedMultiplierExpInto(value, -1, inv);
  const data = p.mbqm(1, inv[0]!, inv[1]! + RSQRT_SHIFT);
  const out = (p.mbqm(data, p.multiplier, p.shift - RSQRT_SHIFT) + p.outputOffset) | 0;
  return out < p.min ? p.min : out > p.max ? p.max : out;
}

/**
 * int8 RSQRT through its table; fails (returning the index of the offending element) when an input is below
 * the input zero point, as TFLM's validate_input_func does element by element (earlier outputs are written).
 * Returns -1 when every element is valid.
 */
export function rsqrtInt8(table: Int8Array, zeroPoint: number, input: Int8Array, output: Int8Array, n: number): number {
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    if (v < zeroPoint) return i;
    output[i] = table[v + 128]!;
  }
  return -1;
}

/**
 * int16 RSQRT per element (zero points are 0; a 32768-entry table per node would cost more than it saves).
 * Returns the index of the first input below the zero point (TFLM fails there), or -1.
 */
export function rsqrtInt16(p: AbsRsqrtParams, input: Int16Array, output: Int16Array, n: number, inv: Int32Array): number {
  const zp = p.inputOffset;
  for (let i = 0; i < n; i++) {
    const v = input[i]!;
    if (v < zp) return i;
    output[i] = rsqrtQuantElement(p, v, inv);
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------
// ELU (int8)
// ---------------------------------------------------------------------------------------------------------

/**
 * C's float -> int32 conversion as x86 performs it (cvttss2si): truncation toward zero, and the "integer
 * indefinite" INT32_MIN for NaN and values outside [-2^31, 2^31).
 */
export function floatToInt32X86(x: number): number {
  return x >= -2147483648 && x < 2147483648 ? Math.trunc(x) : INT32_MIN;
}

/**
 * elu.cc PopulateLookupTable<int8_t> with transform(x) = x < 0 ? expf(x) - 1 : x, all in float:
 * dequantized = s_in * (v - zp_in); rescaled = roundf(transform(dequantized) * (1 / s_out));
 * quantized = int32(rescaled + zp_out) (a float sum); clamped to int8. `inScale`/`outScale` are float32.
 */
export function fillEluTable(table: Int8Array, inScale: number, inZeroPoint: number, outScale: number, outZeroPoint: number): void {
  const inverseScale = f(1 / outScale);
  for (let v = -128; v <= 127; v++) {
    const dequantized = f(inScale * f(v - inZeroPoint));
    const transformed = dequantized < 0 ? f(expf(dequantized) - 1) : dequantized;
    const rescaled = quantizeRound(f(transformed * inverseScale));
    const quantized = floatToInt32X86(f(rescaled + outZeroPoint));
    table[v + 128] = quantized > 127 ? 127 : quantized < -128 ? -128 : quantized;
  }
}
