/**
 * Reference HARD_SWISH math (reference_ops hard_swish.h): x * relu6(x + 3) / 6. float32 directly; int8 in
 * 16-bit fixed point: the input moved to a "high-res" scale (x 2^7), once scaled to the output scale and once
 * to the "relu-ish" scale (3 ↔ 32768) saturated to [-1, 1] and mapped to [0, 1], then multiplied.
 */
import { roundingDivideByPOT16, saturatingDoublingHighMul16, saturatingRoundingDoublingHighMul16 } from './fixedpoint.js';

export interface HardSwishParams {
  inputZeroPoint: number;
  outputZeroPoint: number;
  /** Q0.15 multiplier and exponent from the high-res input scale to the relu-ish scale 3/32768. */
  reluishMultiplier: number;
  reluishExponent: number;
  /** Q0.15 multiplier and (<= 0) exponent from the high-res input scale to the output scale. */
  outputMultiplier: number;
  outputExponent: number;
}

/** float32: in * min(6, max(0, in + 3)) / 6, each step rounded to float32. */
export function hardSwishFloat(input: Float32Array, output: Float32Array, n: number): void {
  const f = Math.fround;
  for (let i = 0; i < n; i++) {
    const x = input[i]!;
    const s = f(x + 3);
    // std::max(0, s) keeps 0 unless 0 < s; std::min(6, r) keeps 6 unless r < 6 (NaN becomes 0 then stays).
    const r = 0 < s ? s : 0;
    const c = r < 6 ? r : 6;
    output[i] = f(x * c) / 6;
  }
}

/** SaturatingLeftShift on int16: value * 2^amount clamped to int16. */
function saturatingLeftShift16(value: number, amount: number): number {
  const r = value * 2 ** amount;
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}

/** int8 HardSwish, bit for bit with the reference (every int16 narrowing reproduced). */
export function hardSwishInt8(p: HardSwishParams, input: Int8Array, output: Int8Array, n: number): void {
  const { inputZeroPoint, outputZeroPoint, reluishMultiplier, reluishExponent, outputMultiplier, outputExponent } = p;
  for (let i = 0; i < n; i++) {
    const inputValue = ((input[i]! - inputZeroPoint) << 16) >> 16;
    const hires = ((inputValue * 128) << 16) >> 16;
    const preshiftOutput = saturatingRoundingDoublingHighMul16(hires, outputMultiplier);
    let reluish = hires;
    if (reluishExponent > 0) reluish = saturatingLeftShift16(reluish, reluishExponent - 1);
    reluish = saturatingRoundingDoublingHighMul16(reluish, reluishMultiplier);
    if (reluishExponent > 0) reluish = saturatingLeftShift16(reluish, 1);
    if (reluishExponent < 0) reluish = roundingDivideByPOT16(reluish, -reluishExponent);
    reluish = (((reluish + 32768) >> 1) << 16) >> 16;
    const preshift = saturatingDoublingHighMul16(reluish, preshiftOutput);
    let v = roundingDivideByPOT16(preshift, -outputExponent);
    v = ((v + outputZeroPoint) << 16) >> 16;
    output[i] = v > 127 ? 127 : v < -128 ? -128 : v;
  }
}
