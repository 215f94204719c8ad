import type { KernelContext, Tensor } from '../../runtime/kernel.js';
import type { SimdBackend } from './backend.js';

/**
 * Constant bytes (weights) addressable by the kernels: the bytes themselves when the model was placed in the
 * backend's memory, else a copy made once into the arena's persistent area (counted as arena bytes).
 */
export function constantInMemory(ctx: KernelContext<unknown, unknown>, backend: SimdBackend, bytes: Uint8Array): Uint8Array {
  if (backend.owns(bytes)) return bytes;
  const copy = ctx.allocatePersistent(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * Where a kernel's invoke stands. Prepare decides on types and shapes only (the interpreter sizes the arena with
 * a dry run on other memory, which must allocate the same), so whether the tensors are addressable by the
 * kernels is known at the first invoke; tensor views never move after allocateTensors, so that first invoke
 * decides once (and caches the addresses in the op data) instead of checking buffers at every call.
 */
export const UNRESOLVED = 0;
/** The reference invoke runs (a path the SIMD kernels lack, or a tensor outside the backend's memory). */
export const REFERENCE = 1;

/** The byte address of a view in the backend's memory, or -1 when it lies elsewhere. */
export function arrayAddress(backend: SimdBackend, view: ArrayBufferView): number {
  return view.buffer === backend.buffer ? view.byteOffset : -1;
}

/** The byte address of a tensor's data in the backend's memory, or -1 when it lies elsewhere. */
export function addressOf(backend: SimdBackend, t: Tensor): number {
  return arrayAddress(backend, t.bytes);
}

/**
 * The call state of a weighted kernel (FULLY_CONNECTED, CONV_2D, DEPTHWISE_CONV_2D), in one monomorphic object
 * of small integers: the path prepare chose, then the addresses the first invoke resolved.
 */
export interface SimdConv {
  /** UNRESOLVED until the first invoke, then `path` or REFERENCE. */
  mode: number;
  /** What prepare allows: a kernel-specific path code, or REFERENCE. */
  path: number;
  inPtr: number;
  /** Prepare: the constant filter's address (0 when not constant); invoke: the filter's address. */
  filterPtr: number;
  /** Prepare: the constant bias's address (0 when absent or not constant); invoke: the bias address or 0. */
  biasPtr: number;
  outPtr: number;
  /** Per-channel multipliers and shifts (int32 arrays in the arena), or 0. */
  multPtr: number;
  shiftPtr: number;
}

export function newSimdConv(): SimdConv {
  return { mode: UNRESOLVED, path: REFERENCE, inPtr: 0, filterPtr: 0, biasPtr: 0, outPtr: 0, multPtr: 0, shiftPtr: 0 };
}

/**
 * Prepare: make the constant filter and bias addressable (read in place when the model was placed in the
 * backend's memory, else copied once into the arena). Depends on the model's placement only, never on the
 * arena's, so the interpreter's sizing dry run allocates the same.
 */
export function stageWeights(ctx: KernelContext<unknown, unknown>, backend: SimdBackend, s: SimdConv, filter: Tensor, bias: Tensor | null): void {
  s.filterPtr = constantAddress(ctx, backend, filter);
  s.biasPtr = constantAddress(ctx, backend, bias);
}

/**
 * First invoke: the addresses of input 0, output 0, the filter (input 1) and the optional bias (input 2), and
 * of the per-channel multipliers and shifts when `quantized`. Sets and returns the mode: `s.path`, or
 * REFERENCE when any of them lies outside the backend's memory.
 */
export function resolveConv(
  ctx: KernelContext<unknown, unknown>, backend: SimdBackend, s: SimdConv,
  multipliers: Int32Array | null, shifts: Int32Array | null, quantized: boolean,
): number {
  let mode = s.path;
  if (mode !== REFERENCE) {
    const inPtr = addressOf(backend, ctx.inputs[0]!);
    const outPtr = addressOf(backend, ctx.outputs[0]!);
    const filterPtr = s.filterPtr !== 0 ? s.filterPtr : addressOf(backend, ctx.inputs[1]!);
    const bias = ctx.inputs[2];
    const biasPtr = !bias ? 0 : bias.isConstant ? s.biasPtr : addressOf(backend, bias);
    const multPtr = quantized && multipliers ? arrayAddress(backend, multipliers) : 0;
    const shiftPtr = quantized && shifts ? arrayAddress(backend, shifts) : 0;
    if (inPtr < 0 || outPtr < 0 || filterPtr < 0 || biasPtr < 0 || multPtr < 0 || shiftPtr < 0) mode = REFERENCE;
    else {
      s.inPtr = inPtr;
      s.outPtr = outPtr;
      s.filterPtr = filterPtr;
      s.biasPtr = biasPtr;
      s.multPtr = multPtr;
      s.shiftPtr = shiftPtr;
    }
  }
  s.mode = mode;
  return mode;
}

/**
 * Prepare side of the addresses: a constant tensor made addressable (0 when absent or not constant; −1 when
 * its copy landed outside the backend's memory, i.e. the arena is elsewhere).
 */
export function constantAddress(ctx: KernelContext<unknown, unknown>, backend: SimdBackend, t: Tensor | null): number {
  return t && t.isConstant ? arrayAddress(backend, constantInMemory(ctx, backend, t.bytes)) : 0;
}
