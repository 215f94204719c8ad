/**
 * The filter-bank stages of TFLM's audio frontend (signal/src/filter_bank*.cc, pcan_argc_fixed.cc), bit-exact.
 * uint64 data is exchanged as little-endian bytes or (hi, lo) uint32 pairs; nothing allocates.
 */
import { log32, msb32, mulAddShr64, sqrt64 } from './fixed.js';

const TWO32 = 4294967296;

/** Channel layout of FilterbankAccumulateChannels (each array has num_channels + 1 entries). */
export interface FilterbankConfig {
  numChannels: number;
  channelFrequencyStarts: Int16Array;
  channelWeightStarts: Int16Array;
  channelWidths: Int16Array;
  weights: Int16Array;
  unweights: Int16Array;
}

/**
 * FilterbankAccumulateChannels: out[i] (uint64, i = 0..num_channels; 0 is scratch) = the weighted sum of
 * the spectrum bins of channel i plus the unweighted sum of channel i-1. The C code multiplies an int16
 * weight converted to uint64 (negative weights wrap) by a uint32 bin and accumulates mod 2^64; here each
 * signed product (< 2^47 in magnitude) is added to a (hi, lo) pair whose low word is renormalized to
 * [0, 2^32) every time, so the result mod 2^64 is exact. `out32` receives (lo, hi) word pairs.
 */
export function filterbankAccumulateChannels(c: FilterbankConfig, input: Uint32Array, out32: Uint32Array): void {
  let wHi = 0, wLo = 0;
  let uHi = 0, uLo = 0;
  const n = c.numChannels + 1;
  for (let i = 0; i < n; i++) {
    const freqStart = c.channelFrequencyStarts[i]!;
    const weightStart = c.channelWeightStarts[i]!;
    const width = c.channelWidths[i]!;
    for (let j = 0; j < width; ++j) {
      const x = input[freqStart + j]!;
      wLo += c.weights[weightStart + j]! * x;
      let carry = Math.floor(wLo / TWO32);
      wLo -= carry * TWO32;
      wHi += carry;
      uLo += c.unweights[weightStart + j]! * x;
      carry = Math.floor(uLo / TWO32);
      uLo -= carry * TWO32;
      uHi += carry;
    }
    out32[2 * i] = wLo;
    out32[2 * i + 1] = ((wHi % TWO32) + TWO32) % TWO32;
    wHi = uHi;
    wLo = uLo;
    uHi = 0;
    uLo = 0;
  }
}

/** Read the uint64 element `i` of little-endian bytes as (hi, lo) into `hl`. */
function readU64(bytes: Uint8Array, i: number, hl: Float64Array): void {
  const o = 8 * i;
  hl[1] = (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0;
  hl[0] = (bytes[o + 4]! | (bytes[o + 5]! << 8) | (bytes[o + 6]! << 16) | (bytes[o + 7]! << 24)) >>> 0;
}

/**
 * FilterbankSqrt: out[i] = Sqrt64(in[i]) >> scale_down_bits, `input` being uint64 little-endian bytes.
 * `hl` is a 2-element scratch array (kept by the op) so that no value is allocated.
 */
export function filterbankSqrt(input: Uint8Array, numChannels: number, scaleDownBits: number, out: Uint32Array, hl: Float64Array): void {
  const s = scaleDownBits & 31;
  for (let i = 0; i < numChannels; ++i) {
    readU64(input, i, hl);
    out[i] = sqrt64(hl[0]!, hl[1]!) >>> s;
  }
}

/**
 * FilterbankLog: out[i] = min(Log32(in[i] << correction_bits, output_scale), INT16_MAX), 0 when the shifted
 * value is 0 or 1. The shift is uint32 (wraps; count mod 32 as on x86).
 */
export function filterbankLog(input: Uint32Array, numChannels: number, outputScale: number, correctionBits: number, out: Int16Array): void {
  const cb = correctionBits & 31;
  for (let i = 0; i < numChannels; ++i) {
    const scaled = (input[i]! << cb) >>> 0;
    if (scaled > 1) {
      const v = log32(scaled, outputScale);
      out[i] = v < 32767 ? v : 32767;
    } else {
      out[i] = 0;
    }
  }
}

/** SpectralSubtractionConfig (all uint32 in C except clamping). */
export interface SpectralSubtractionConfig {
  numChannels: number;
  smoothing: number;
  oneMinusSmoothing: number;
  alternateSmoothing: number;
  alternateOneMinusSmoothing: number;
  minSignalRemaining: number;
  smoothingBits: number;
  spectralSubtractionBits: number;
  clamping: boolean;
}

/**
 * FilterbankSpectralSubtraction: updates the noise estimate (a low-pass filter of the signal, alternate
 * coefficients on odd channels) and writes max(signal - estimate, floor). Products are uint64 (exact via
 * mulAddShr64); `signal << smoothing_bits` wraps in uint32 as in C.
 */
export function filterbankSpectralSubtraction(c: SpectralSubtractionConfig, input: Uint32Array, out: Uint32Array, noise: Uint32Array): void {
  const smoothingBits = c.smoothingBits & 31;
  const ssBits = c.spectralSubtractionBits;
  for (let i = 0; i < c.numChannels; ++i) {
    const even = (i & 1) === 0;
    const smoothing = even ? c.smoothing : c.alternateSmoothing;
    const oneMinusSmoothing = even ? c.oneMinusSmoothing : c.alternateOneMinusSmoothing;
    const x = input[i]!;
    const signalScaledUp = (x << smoothingBits) >>> 0;
    noise[i] = mulAddShr64(signalScaledUp, smoothing, noise[i]!, oneMinusSmoothing, ssBits);
    let estimateScaledUp = noise[i]!;
    if (estimateScaledUp > signalScaledUp) {
      estimateScaledUp = signalScaledUp;
      if (c.clamping) noise[i] = estimateScaledUp;
    }
    const floor = mulAddShr64(x, c.minSignalRemaining, 0, 0, ssBits);
    const subtracted = (signalScaledUp - estimateScaledUp) >>> smoothingBits;
    out[i] = subtracted > floor ? subtracted : floor;
  }
}

const PCAN_SNR_BITS = 12;
const PCAN_OUTPUT_BITS = 6;

/** Gain LUT entries WideDynamicFunction may read (index 4 * 32 - 6 + 2 for x >= 2^31). */
export const PCAN_GAIN_LUT_SIZE = 125;

/** WideDynamicFunction: piecewise quadratic gain from the LUT, int16 result. */
export function wideDynamicFunction(x: number, lut: Int16Array): number {
  if (x <= 2) return lut[x]!;
  const interval = msb32(x);
  const base = 4 * interval - 6;
  const frac = (interval < 11 ? x << (11 - interval) : x >>> (interval - 11)) & 0x3ff;
  let result = (lut[base + 2]! * frac) >> 5;
  result = (result + (lut[base + 1]! << 5)) | 0;
  result = Math.imul(result, frac);
  result = ((result + 16384) | 0) >> 15;
  result = (result + lut[base]!) | 0;
  return (result << 16) >> 16;
}

/** PcanShrink: x^2/4 below 2 (in kPcanSnrBits fixed point), x - 1 above; output in kPcanOutputBits. */
export function pcanShrink(x: number): number {
  if (x < 2 << PCAN_SNR_BITS) return (x * x) >>> (2 + 2 * PCAN_SNR_BITS - PCAN_OUTPUT_BITS);
  return ((x >>> (PCAN_SNR_BITS - PCAN_OUTPUT_BITS)) - (1 << PCAN_OUTPUT_BITS)) >>> 0;
}

/**
 * ApplyPcanAutoGainControlFixed, in place on `fb` (the op copies its input there first): the gain (int16
 * converted to uint32, so negative gains wrap) times the channel, uint64, shifted by snr_shift, then shrunk.
 */
export function applyPcan(lut: Int16Array, snrShift: number, noise: Uint32Array, fb: Uint32Array, numChannels: number): void {
  for (let i = 0; i < numChannels; ++i) {
    const gain = wideDynamicFunction(noise[i]!, lut) >>> 0;
    const snr = mulAddShr64(fb[i]!, gain, 0, 0, snrShift);
    fb[i] = pcanShrink(snr);
  }
}
