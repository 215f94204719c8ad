/**
 * CAST math (TFLM cast.cc: std::transform with static_cast). Integer and bool sources convert through typed
 * array stores, which wrap modulo 2^bits (C's narrowing) and round integers to float32 to nearest (C's
 * int → float). float32 → int8/int16/int32 is undefined in C when the truncated value does not fit; the
 * golden reference (x86-64) converts through a 32-bit cvttss2si, which gives INT32_MIN for NaN and anything
 * outside [-2^31, 2^31), and then keeps the low bits: reproduced here. float32 → uint32 goes through a 64-bit
 * conversion there, i.e. trunc(x) mod 2^32 (0 for NaN and huge values), which is exactly the Uint32Array store.
 * Nothing allocates.
 */

type AnyNumArray = Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array | Float32Array;

/** Element-wise static_cast for every pair except float32 → int8/int16/int32. */
export function castCopy(src: AnyNumArray, dst: AnyNumArray, n: number): void {
  for (let i = 0; i < n; i++) dst[i] = src[i]!;
}

/** float32 → int8/int16/int32 as the x86-64 reference computes it (see above). */
export function castFloatToSigned(src: Float32Array, dst: Int8Array | Int16Array | Int32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    dst[i] = x >= -2147483648 && x < 2147483648 ? x : -2147483648;
  }
}
