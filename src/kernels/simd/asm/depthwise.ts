import { pow2v, requant4v } from './requantize';

/**
 * int8 DEPTHWISE_CONV_2D (reference_integer_ops::DepthwiseConvPerChannel), NHWC input, filter [1, fH, fW, outD],
 * output channel oc = ic·depthMultiplier + m reads input channel ic.
 *
 * Lanes are 8 output channels. Per tap: x sign-extended to i16 (v128.load8x8_s) plus inOff (|x + inOff| ≤ 255),
 * f likewise, multiplied into i32 lanes (i32x4.extmul_*_i16x8_s; |product| ≤ 255·128) and added with int32 wrap,
 * as the reference. Only the taps inside the image are visited (TFLM skips the others). With a depth
 * multiplier > 1 the 8 lanes' input channels (oc / multiplier) are gathered from one 16-byte load by a swizzle.
 *
 * Loop order: output row, then blocks of 8 channels, then the row's pixels, so the block's per-lane
 * requantization constants (requant4v) are computed once per row and block.
 */

// Staging for a partial block's bytes (static data in the module's first page).
const STAGE: usize = memory.data(16, 16);

export function dw_int8(
  inPtr: usize, fPtr: usize, biasPtr: usize, outPtr: usize, multPtr: usize, shiftPtr: usize,
  batches: i32, inH: i32, inW: i32, inD: i32, fH: i32, fW: i32, outH: i32, outW: i32, outD: i32, dm: i32,
  sH: i32, sW: i32, dH: i32, dW: i32, padH: i32, padW: i32,
  inOff: i32, outOff: i32, actMin: i32, actMax: i32,
): void {
  const off = i16x8.splat(<i16>inOff);
  const outOffV = i32x4.splat(outOff);
  const lo = i32x4.splat(actMin);
  const hi = i32x4.splat(actMax);
  const zero = i32x4.splat(0);
  const rowBytes = inW * inD;
  // Output columns [oxA, oxB) have every filter column inside the image.
  let oxA = 0;
  while (oxA < outW && oxA * sW - padW < 0) oxA++;
  let oxB = outW;
  while (oxB > oxA && (oxB - 1) * sW - padW + (fW - 1) * dW >= inW) oxB--;
  for (let b = 0; b < batches; b++) {
    const inBatch = inPtr + <usize>(b * inH * rowBytes);
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * sH - padH;
      let fy0 = 0;
      while (fy0 < fH && iy0 + fy0 * dH < 0) fy0++;
      let fy1 = fH;
      while (fy1 > fy0 && iy0 + (fy1 - 1) * dH >= inH) fy1--;
      const outRow = outPtr + <usize>(((b * outH + oy) * outW) * outD);
      for (let cb = 0; cb < outD; cb += 8) {
        const nc = outD - cb < 8 ? outD - cb : 8;
        // Per-lane constants of lanes cb..cb+3 (A) and cb+4..cb+7 (B). Lanes past outD read neighbouring
        // memory; their results are never stored.
        const c4 = <usize>cb << 2;
        const mA = v128.load(multPtr + c4), mB = v128.load(multPtr + c4, 16);
        const sA = v128.load(shiftPtr + c4), sB = v128.load(shiftPtr + c4, 16);
        const z = i32x4.splat(0);
        const rA = i32x4.max_s(i32x4.sub(z, sA), z), rB = i32x4.max_s(i32x4.sub(z, sB), z);
        const plA = pow2v(i32x4.max_s(sA, z)), plB = pow2v(i32x4.max_s(sB, z));
        const pmA = pow2v(i32x4.sub(i32x4.splat(32), rA)), pmB = pow2v(i32x4.sub(i32x4.splat(32), rB));
        const maskA = i32x4.sub(pow2v(rA), i32x4.splat(1)), maskB = i32x4.sub(pow2v(rB), i32x4.splat(1));
        const e0A = i32x4.eq(rA, z), e0B = i32x4.eq(rB, z);
        const biasA = biasPtr != 0 ? v128.load(biasPtr + c4) : zero;
        const biasB = biasPtr != 0 ? v128.load(biasPtr + c4, 16) : zero;
        // Input channel of each lane relative to the block's first: (cb + l) / dm − cb / dm.
        const ic0 = cb / dm;
        if (dm != 1) for (let l = 0; l < 16; l++) store<u8>(STAGE + <usize>l, l < 8 ? <u8>((cb + l) / dm - ic0) : 0);
        const gather = v128.load(STAGE);
        const fBlock = fPtr + <usize>cb;
        for (let ox = 0; ox < outW; ox++) {
          const ix0 = ox * sW - padW;
          let fx0 = 0;
          let fx1 = fW;
          if (ox < oxA || ox >= oxB) {
            while (fx0 < fW && ix0 + fx0 * dW < 0) fx0++;
            while (fx1 > fx0 && ix0 + (fx1 - 1) * dW >= inW) fx1--;
          }
          let accA = biasA;
          let accB = biasB;
          for (let fy = fy0; fy < fy1; fy++) {
            const xRow = inBatch + <usize>((iy0 + fy * dH) * rowBytes + ic0);
            const wRow = fBlock + <usize>(fy * fW * outD);
            if (dm == 1) {
              for (let fx = fx0; fx < fx1; fx++) {
                const xv = i16x8.add(v128.load8x8_s(xRow + <usize>((ix0 + fx * dW) * inD)), off);
                const wv = v128.load8x8_s(wRow + <usize>(fx * outD));
                accA = i32x4.add(accA, i32x4.extmul_low_i16x8_s(xv, wv));
                accB = i32x4.add(accB, i32x4.extmul_high_i16x8_s(xv, wv));
              }
            } else {
              for (let fx = fx0; fx < fx1; fx++) {
                const raw = i8x16.swizzle(v128.load(xRow + <usize>((ix0 + fx * dW) * inD)), gather);
                const xv = i16x8.add(i16x8.extend_low_i8x16_s(raw), off);
                const wv = v128.load8x8_s(wRow + <usize>(fx * outD));
                accA = i32x4.add(accA, i32x4.extmul_low_i16x8_s(xv, wv));
                accB = i32x4.add(accB, i32x4.extmul_high_i16x8_s(xv, wv));
              }
            }
          }
          // The bias was the accumulators' start: int32 addition commutes (wrapping), as the reference's
          // acc + bias.
          const qA = requant4v(accA, mA, plA, pmA, maskA, e0A, outOffV, lo, hi);
          const qB = requant4v(accB, mB, plB, pmB, maskB, e0B, outOffV, lo, hi);
          const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(qA, qB), zero);
          const dst = outRow + <usize>(ox * outD + cb);
          if (nc == 8) {
            v128.store64_lane(dst, bytes, 0);
          } else {
            v128.store64_lane(STAGE, bytes, 0);
            memory.copy(dst, STAGE, nc);
          }
        }
      }
    }
  }
}
