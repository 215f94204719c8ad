/**
 * Kernel workspace: bytes [WORK, WORK_END) at the start of the memory, which the backend never hands out (it
 * starts allocating at WORK_END, its RESERVED). Kernels stage per-invoke data here (per-channel requantization
 * constants, input tiles widened to i16); nothing survives a call. The module's own static data ends below
 * WORK (checked by the backend through static_end()). The size bounds tiles, not results: kernels split their
 * work into bands that fit.
 */
export const WORK: usize = 16384;
export const WORK_END: usize = 1 << 20;

/** End of the module's static data (must not exceed WORK). */
export function static_end(): usize {
  return __heap_base;
}
