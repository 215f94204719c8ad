/**
 * ADD_N math (reference/add_n.h), bit-exact. float32 sums the inputs in order in float, starting from 0.
 * int8 (all inputs share one scale and zero point) sums rescaled inputs in int32 and requantizes once:
 *   scaled(v) = MultiplyByQuantizedMultiplierSmallerThanOneExp((v - zp_in) << 20, m_in, s_in)   (m_in = 1/2)
 *   out = clamp(MBQMSmallerThanOneExp(scaled(0) + sum_j scaled(in_j), m_out, s_out) + zp_out)
 * The scaled(0) term is TFLM's: its accumulator starts at `input1_offset` (the rescaled raw value 0, not the
 * real value 0), a bias of -zp_in * s_in that we reproduce. prepare tabulates scaled(v) for all 256 values.
 * Nothing here allocates.
 */
import type { MultiplyByQuantizedMultiplierFn } from './quantization.js';

export function addNFloat(inputs: readonly Float32Array[], count: number, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let x = 0;
    for (let j = 0; j < count; j++) x = Math.fround(x + inputs[j]![i]!);
    out[i] = x;
  }
}

export interface AddNQuantParams {
  /** scaled(v) for v = -128..127 (index v + 128). */
  table: Int32Array;
  outputMultiplier: number;
  outputShift: number;
  outputOffset: number;
  min: number;
  max: number;
  mbqm: MultiplyByQuantizedMultiplierFn;
}

export function addNInt8(p: AddNQuantParams, inputs: readonly Int8Array[], count: number, out: Int8Array, n: number): void {
  const t = p.table;
  const start = t[128]!;
  const m = p.outputMultiplier, s = p.outputShift, off = p.outputOffset, lo = p.min, hi = p.max;
  const mbqm = p.mbqm;
  for (let i = 0; i < n; i++) {
    let x = start;
    for (let j = 0; j < count; j++) x = (x + t[inputs[j]![i]! + 128]!) | 0;
    const r = (mbqm(x, m, s) + off) | 0;
    out[i] = r < lo ? lo : r > hi ? hi : r;
  }
}
