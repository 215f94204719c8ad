/**
 * The WebAssembly SIMD kernel backend, in the role CMSIS-NN plays for TFLM: optimized kernels that replace
 * reference ones through the same registration and give identical results.
 *
 * WebAssembly code can only address its own linear memory, so the tensor arena (and, for zero-copy weights,
 * the model) must live in it. A `SimdBackend` owns one `WebAssembly.Memory` of fixed size (growing it would
 * detach every typed-array view the interpreter holds) and hands out regions of it:
 *
 * ```ts
 * const simd = SimdBackend.create({ memoryBytes: 8 << 20 });   // or: await SimdBackend.createAsync(...)
 * const model = Model.fromBytes(simd.place(modelBytes));        // weights now addressable by the kernels
 * const interp = new Interpreter(model, optimizeResolver(resolver, simd), { arena: simd.arenaAllocator() });
 * ```
 *
 * The first MiB of the memory (in RESERVED, on top of `memoryBytes`) belongs to the module: its static data, the
 * kernels' workspace, where each call stages what it needs (per-channel requantization constants, i16 input
 * tiles, rearranged filters) and leaves nothing behind, and a 4 KiB table region where ADD and SOFTMAX keep the
 * lookup tables of the op that ran last (`stagedTables`). The next MiB (PREPARED_BYTES, also in RESERVED) holds
 * what kernels rearrange once at prepare instead of at every call (`prepared`: CONV_2D's int8 filter quads,
 * DEPTHWISE_CONV_2D's int8 channel constants and paired filters, for models placed in the memory; when it is
 * full, kernels stage per call). One backend serves any number of interpreters, one call at a time.
 */
import { TflmError } from '../../errors.js';
import type { ArenaRegion } from '../../runtime/arena.js';
import { ARENA_ALIGNMENT, alignUp } from '../../runtime/arena.js';
import { WASM_BASE64 } from './wasm-binary.js';

/** Pooling kernels: (in, out, batches, inH, inW, depth, outH, outW, sH, sW, fH, fW, padH, padW, actMin, actMax). */
export type PoolKernel = (
  inPtr: number, outPtr: number, batches: number, inH: number, inW: number, depth: number, outH: number, outW: number,
  sH: number, sW: number, fH: number, fW: number, padH: number, padW: number, actMin: number, actMax: number,
) => void;

/** The kernels the module exports (addresses are byte offsets in the memory). */
export interface SimdExports {
  /** End of the module's static data; the kernels' workspace follows it in the first page (asm/workspace.ts). */
  static_end(): number;
  fc_int8(
    inPtr: number, fPtr: number, biasPtr: number, outPtr: number,
    batches: number, units: number, depth: number, inOff: number, outOff: number,
    multPtr: number, shiftPtr: number, mult: number, shift: number, actMin: number, actMax: number,
  ): void;
  /** Whether fc_int8 can stage a batch row of `depth` in the workspace. */
  fc_supported(depth: number): number;
  conv_int8(
    inPtr: number, fPtr: number, biasPtr: number, outPtr: number, multPtr: number, shiftPtr: number,
    batches: number, inH: number, inW: number, inD: number, fH: number, fW: number, outH: number, outW: number, outD: number,
    sH: number, sW: number, dH: number, dW: number, padH: number, padW: number,
    inOff: number, outOff: number, actMin: number, actMax: number, pre: number, preC: number, preLeft: number,
  ): void;
  conv_supported(K: number, outD: number): number;
  /** Stage conv_int8's channel constants once at dst (its `preC`; outD · 32 bytes); 1 when a channel shifts left. */
  conv_prepare_constants(dst: number, outD: number, multPtr: number, shiftPtr: number, biasPtr: number): number;
  /** Bytes conv_prepare writes. */
  conv_prepared_bytes(K: number, outD: number): number;
  /** Stage conv_int8's filter quads once at dst (its `pre`). */
  conv_prepare(dst: number, fPtr: number, K: number, outD: number): void;
  add_tables(): number;
  add_f32(aPtr: number, bPtr: number, outPtr: number, n: number, sub: boolean, actMin: number, actMax: number): void;
  avgpool_i8: PoolKernel;
  maxpool_i8: PoolKernel;
  avgpool_f32: PoolKernel;
  maxpool_f32: PoolKernel;
  fc_f32(inPtr: number, fPtr: number, biasPtr: number, outPtr: number, batches: number, units: number, depth: number, actMin: number, actMax: number): void;
  conv_f32_supported(K: number): number;
  conv_f32(
    inPtr: number, fPtr: number, biasPtr: number, outPtr: number,
    batches: number, inH: number, inW: number, inD: number, fH: number, fW: number, outH: number, outW: number, outD: number,
    sH: number, sW: number, dH: number, dW: number, padH: number, padW: number, actMin: number, actMax: number,
  ): void;
  dw_f32(
    inPtr: number, fPtr: number, biasPtr: number, outPtr: number,
    batches: number, inH: number, inW: number, inD: number, fH: number, fW: number, outH: number, outW: number,
    sH: number, sW: number, dH: number, dW: number, padH: number, padW: number, actMin: number, actMax: number,
  ): void;
  add_int8(aPtr: number, bPtr: number, outPtr: number, n: number, tables: number, outMult: number, outShift: number, outOff: number, actMin: number, actMax: number): void;
  dw_supported(inW: number, fH: number, fW: number, outW: number, outD: number, sW: number, dH: number, dW: number, padW: number): number;
  dw_int8(
    inPtr: number, fPtr: number, biasPtr: number, outPtr: number, multPtr: number, shiftPtr: number,
    batches: number, inH: number, inW: number, inD: number, fH: number, fW: number, outH: number, outW: number, outD: number, dm: number,
    sH: number, sW: number, dH: number, dW: number, padH: number, padW: number,
    inOff: number, outOff: number, actMin: number, actMax: number, pre: number, preLeft: number,
  ): void;
  /** Bytes dw_prepare writes. */
  dw_prepared_bytes(outD: number, taps: number): number;
  /** Stage dw_int8's channel constants and paired filters once at dst; returns 1 when a channel shifts left. */
  dw_prepare(dst: number, fPtr: number, biasPtr: number, multPtr: number, shiftPtr: number, outD: number, taps: number): number;
  /** int8 SOFTMAX rows with the exp tables staged at `tables` (softmax_tables()); 0, or 1 where TFLM's exponent check fails. */
  softmax_i8(inPtr: number, outPtr: number, outer: number, depth: number, tables: number, out16: boolean): number;
  softmax_tables(): number;
}

/** A minimal module using one v128 instruction: `(func (result v128) v128.const i32x4 0 0 0 0)`. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b,
]);

/** Whether this engine runs WebAssembly with 128-bit SIMD. */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Base64 decoding without Buffer or atob (works in every engine). */
function decodeBase64(s: string): Uint8Array {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | table[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

let cachedModule: WebAssembly.Module | null = null;

export interface SimdBackendOptions {
  /** Size of the linear memory holding arenas and placed models (default 16 MiB). Fixed once created. */
  memoryBytes?: number;
}

const PAGE = 65536;
/**
 * The first MiB is left to the module: its static data, then the kernels' workspace from WORKSPACE_START
 * (asm/workspace.ts: per-invoke staging of constants and i16 input tiles, outside the tensor arena); then the
 * prepared region. Allocation (models, arenas) starts after both.
 */
const MODULE_BYTES = 1 << 20;
/** The region for prepared constants (`prepared`), after the module's MiB. */
const PREPARED_BYTES = 1 << 20;
const RESERVED = MODULE_BYTES + PREPARED_BYTES;
const WORKSPACE_START = 16384;
/**
 * Bytes kept free at the end of the memory: kernels load whole vectors at the end of a run and mask the lanes
 * past it, so they may read (never use) up to 15 bytes past a tensor.
 */
const GUARD = 64;

export class SimdBackend {
  readonly memory: WebAssembly.Memory;
  /**
   * `memory.buffer`, read once: the memory never grows, so its buffer never changes (and the accessor costs a
   * builtin call, where kernels compare buffers).
   */
  readonly buffer: ArrayBuffer;
  readonly exports: SimdExports;
  /**
   * The tables (the op data's array) now staged in the module's table region (add_tables, softmax_tables): a
   * kernel whose tables are still there stages nothing. Kernels clear it in prepare (tables may be rebuilt).
   */
  stagedTables: object | null = null;
  private next = RESERVED;
  private preparedNext = MODULE_BYTES;
  /** Prepared regions by content key (a re-prepare, e.g. the arena-sizing dry run, finds its region again). */
  private readonly preparedByKey = new Map<string, number>();

  private constructor(instance: WebAssembly.Instance, memory: WebAssembly.Memory) {
    this.memory = memory;
    this.buffer = memory.buffer;
    this.exports = instance.exports as unknown as SimdExports;
    if (this.exports.static_end() > WORKSPACE_START) throw new TflmError('SIMD kernels: static data overlaps the workspace');
  }

  private static memoryFor(options: SimdBackendOptions): WebAssembly.Memory {
    const bytes = options.memoryBytes ?? 16 * 1024 * 1024;
    const pages = Math.ceil((bytes + RESERVED + GUARD) / PAGE);
    if (pages > 65536) throw new TflmError(`SIMD memory of ${bytes} bytes exceeds the 4 GiB WebAssembly limit`);
    return new WebAssembly.Memory({ initial: pages, maximum: pages });
  }

  /** Synchronous creation (Node, workers; browsers restrict synchronous compilation on the main thread). */
  static create(options: SimdBackendOptions = {}): SimdBackend {
    if (!simdSupported()) throw new TflmError('this JavaScript engine has no WebAssembly SIMD; use the reference kernels');
    cachedModule ??= new WebAssembly.Module(decodeBase64(WASM_BASE64) as WebAssembly.BufferSource);
    const memory = SimdBackend.memoryFor(options);
    return new SimdBackend(new WebAssembly.Instance(cachedModule, { env: { memory } }), memory);
  }

  static async createAsync(options: SimdBackendOptions = {}): Promise<SimdBackend> {
    if (!simdSupported()) throw new TflmError('this JavaScript engine has no WebAssembly SIMD; use the reference kernels');
    cachedModule ??= await WebAssembly.compile(decodeBase64(WASM_BASE64) as WebAssembly.BufferSource);
    const memory = SimdBackend.memoryFor(options);
    return new SimdBackend(await WebAssembly.instantiate(cachedModule, { env: { memory } }), memory);
  }

  /** Bytes of the memory not yet handed out. */
  get freeBytes(): number {
    return Math.max(0, this.buffer.byteLength - GUARD - this.next);
  }

  private take(bytes: number, what: string): number {
    const at = alignUp(this.next, ARENA_ALIGNMENT);
    const end = this.buffer.byteLength - GUARD;
    if (at + bytes > end)
      throw new TflmError(`SIMD memory full: ${what} needs ${bytes} bytes, ${Math.max(0, end - at)} left (create the backend with a larger memoryBytes)`);
    this.next = at + bytes;
    return at;
  }

  /**
   * The address of a region of `bytes` (16-aligned) in the prepared-constants region for `key` (a string that
   * determines the region's content), and whether it is new (to fill) or was prepared before; null when the
   * region is full (the kernel then stages per call). Regions are never freed: keys repeat across re-prepares.
   */
  prepared(key: string, bytes: number): { at: number; fresh: boolean } | null {
    const known = this.preparedByKey.get(key);
    if (known !== undefined) return { at: known, fresh: false };
    const at = alignUp(this.preparedNext, 16);
    if (at + bytes > MODULE_BYTES + PREPARED_BYTES) return null;
    this.preparedNext = at + bytes;
    this.preparedByKey.set(key, at);
    return { at, fresh: true };
  }

  /** Copy model bytes into the memory, so kernels read weights in place. Pass the result to Model.fromBytes. */
  place(bytes: Uint8Array): Uint8Array {
    const at = this.take(bytes.length, 'the model');
    const view = new Uint8Array(this.buffer, at, bytes.length);
    view.set(bytes);
    return view;
  }

  /** A region of `bytes` for a tensor arena. */
  arena(bytes: number): ArenaRegion {
    return { buffer: this.buffer, byteOffset: this.take(bytes, 'the tensor arena'), byteLength: bytes };
  }

  /** For InterpreterOptions.arena: sizes the arena exactly (like 'auto'), inside this memory. */
  arenaAllocator(): (bytes: number) => ArenaRegion {
    return (bytes) => this.arena(bytes);
  }

  /** Whether a view lies in this backend's memory (so a kernel can pass its address to WebAssembly). */
  owns(view: ArrayBufferView): boolean {
    return view.buffer === this.buffer;
  }
}
