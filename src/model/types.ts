/**
 * The decoded, verified form of a `.tflite` model (schema v3). Produced by `Model.fromBytes` (reader.ts).
 * Ownership: every `Uint8Array` here is a view on the model bytes the caller passed in; nothing is copied,
 * so the caller must keep those bytes unchanged for as long as the model (and its interpreters) live.
 */

import type { TensorType } from './tensor-type.js';

export { TensorType } from './tensor-type.js';

/** `INT8`, `FLOAT32`, … or `TYPE_<n>` for an unknown code. */
export function tensorTypeName(type: number): string {
  return (Number.isInteger(type) && 'FLOAT32 FLOAT16 INT32 UINT8 INT64 STRING BOOL INT16 COMPLEX64 INT8 FLOAT64 COMPLEX128 UINT64 RESOURCE VARIANT UINT32 UINT16 INT4 BFLOAT16'.split(' ')[type]) || `TYPE_${type}`;
}

/**
 * Bytes per element as TFLM stores the type in the arena (INT4 tensors are stored unpacked by kernels that
 * unpack them; their packed constant data is 0.5 byte per element and is handled by those kernels).
 * Returns 0 for types without a fixed size (STRING, VARIANT).
 */
export function tensorTypeSize(type: number): number {
  return TYPE_SIZES[type] ?? 0;
}

/** By code: FLOAT32 FLOAT16 INT32 UINT8 INT64 STRING BOOL INT16 COMPLEX64 INT8 FLOAT64 COMPLEX128 UINT64 RESOURCE VARIANT UINT32 UINT16 INT4 BFLOAT16. */
const TYPE_SIZES: readonly number[] = [4, 2, 4, 1, 8, 0, 1, 2, 8, 1, 8, 16, 8, 4, 0, 4, 2, 1, 2];

/** Quantization of a tensor. Per-tensor when `scale.length === 1`, per-channel along `quantizedDimension` otherwise. */
export interface Quantization {
  readonly scale: Float32Array;
  /** Zero points (schema int64, here as numbers; TFLM uses int32). Same length as `scale`, or empty. */
  readonly zeroPoint: Int32Array;
  readonly quantizedDimension: number;
  /** Optional calibration range (float min/max vectors), empty when absent. */
  readonly min: Float32Array;
  readonly max: Float32Array;
}

/**
 * Read-only accessor over one flatbuffer table (e.g. builtin options), bounds-checked on every read.
 * `field` is the field id in the schema (declaration order, starting at 0). Defaults are the schema defaults
 * the caller passes. A malformed read throws `ModelError` naming `path`.
 */
export interface Table {
  readonly path: string;
  has(field: number): boolean;
  bool(field: number, dflt?: boolean): boolean;
  int8(field: number, dflt?: number): number;
  uint8(field: number, dflt?: number): number;
  int16(field: number, dflt?: number): number;
  uint16(field: number, dflt?: number): number;
  int32(field: number, dflt?: number): number;
  uint32(field: number, dflt?: number): number;
  /** int64 as a number; throws ModelError when it is not exactly representable. */
  int64(field: number, dflt?: number): number;
  float32(field: number, dflt?: number): number;
  float64(field: number, dflt?: number): number;
  string(field: number): string | null;
  /** A copy of an int32 vector (null when absent). */
  int32Vector(field: number): Int32Array | null;
  float32Vector(field: number): Float32Array | null;
  /** A view of a ubyte/byte vector on the model bytes (null when absent). */
  bytesVector(field: number): Uint8Array | null;
  table(field: number): Table | null;
}

export interface TensorInfo {
  readonly name: string;
  readonly type: TensorType;
  /** Dims as stored in the model (never negative: -1 of a dynamic dim appears only in shapeSignature). */
  readonly shape: Int32Array;
  readonly shapeSignature: Int32Array | null;
  readonly buffer: number;
  /** Constant data: a view on the model bytes (empty buffer → null). */
  readonly data: Uint8Array | null;
  readonly quantization: Quantization | null;
  readonly isVariable: boolean;
}

export interface OperatorInfo {
  readonly opcodeIndex: number;
  /** Tensor indices; -1 marks an omitted optional input. */
  readonly inputs: Int32Array;
  readonly outputs: Int32Array;
  readonly intermediates: Int32Array;
  /** `BuiltinOptions` union tag (0 = none). */
  readonly builtinOptionsType: number;
  readonly builtinOptions: Table | null;
  readonly builtinOptions2Type: number;
  readonly builtinOptions2: Table | null;
  /** Raw `custom_options` bytes (a FlexBuffer for most custom ops), view on the model bytes. */
  readonly customOptions: Uint8Array | null;
}

export interface OperatorCode {
  /** max(deprecated_builtin_code, builtin_code). */
  readonly builtinCode: number;
  readonly customCode: string | null;
  readonly version: number;
}

export interface SubgraphInfo {
  readonly name: string;
  readonly tensors: readonly TensorInfo[];
  readonly inputs: Int32Array;
  readonly outputs: Int32Array;
  readonly operators: readonly OperatorInfo[];
}

export interface MetadataEntry {
  readonly name: string;
  readonly buffer: number;
  /** The metadata buffer's bytes (view on the model bytes), null when empty. */
  readonly data: Uint8Array | null;
}

export interface TensorMapEntry {
  readonly name: string;
  readonly tensorIndex: number;
}

export interface SignatureDef {
  readonly signatureKey: string;
  readonly subgraphIndex: number;
  readonly inputs: readonly TensorMapEntry[];
  readonly outputs: readonly TensorMapEntry[];
}

/** Offline memory plan (metadata `OfflineMemoryAllocation`): one arena offset per tensor of every subgraph, -1 = plan online. */
export interface OfflinePlan {
  readonly version: number;
  readonly subgraph: number;
  readonly offsets: Int32Array;
}
