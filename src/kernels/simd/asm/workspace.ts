/**
 * Kernel workspace: bytes [WORK, WORK_END) at the start of the memory, which the backend never hands out (it
 * starts allocating after its RESERVED: this MiB, which ends with the table region below, then its prepared region). Kernels stage per-invoke data here (per-channel requantization
 * constants, input tiles widened to i16); nothing survives a call. The module's own static data ends below
 * WORK (checked by the backend through static_end()). The size bounds tiles, not results: kernels split their
 * work into bands that fit.
 */
export const WORK: usize = 16384;
/**
 * The last 4 KiB of the reserved first MiB hold lookup tables that persist between calls (ADD's and SOFTMAX's
 * per-op tables, with ADD's few bytes of scratch after them): no other kernel writes there, so the caller
 * restages them only when another op's tables were staged last (the backend tracks which).
 */
export const TABLES: usize = (1 << 20) - 4096;
export const WORK_END: usize = TABLES;

/** End of the module's static data (must not exceed WORK). */
export function static_end(): usize {
  return __heap_base;
}
