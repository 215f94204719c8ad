import type { Quantization, TensorInfo } from '../model/types.js';
import { TensorType, tensorTypeSize } from '../model/types.js';
import type { Tensor, TypedArray } from './kernel.js';

const EMPTY_U8 = new Uint8Array(0);

type ViewClass = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray; readonly BYTES_PER_ELEMENT: number };

/**
 * The typed array viewing a tensor of each type code: FLOAT32 FLOAT16 INT32 UINT8 INT64 STRING BOOL INT16
 * COMPLEX64 INT8 FLOAT64 COMPLEX128 UINT64 RESOURCE VARIANT UINT32 UINT16 INT4 BFLOAT16 (Uint8Array: the bytes).
 * Half floats are viewed as their uint16 bits; complex numbers as interleaved float pairs.
 */
const VIEWS: readonly ViewClass[] = [
  Float32Array, Uint16Array, Int32Array, Uint8Array, BigInt64Array, Uint8Array, Uint8Array, Int16Array, Float32Array,
  Int8Array, Float64Array, Float64Array, BigUint64Array, Int32Array, Uint8Array, Uint32Array, Uint16Array, Int8Array,
  Uint16Array,
];

function viewClass(type: number): ViewClass {
  return VIEWS[type] ?? Uint8Array;
}

/** Element size of the typed array used to view a tensor of `type` (1 for byte-viewed types). */
export function viewElementSize(type: number): number {
  return viewClass(type).BYTES_PER_ELEMENT;
}

/** A typed-array view of `bytes` for a tensor of `type`. `bytes.byteOffset` must be aligned to viewElementSize(type). */
export function typedView(type: number, bytes: Uint8Array): TypedArray {
  const C = viewClass(type);
  return C === Uint8Array ? bytes : new C(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / C.BYTES_PER_ELEMENT));
}

export function shapeProduct(shape: ArrayLike<number>): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Bytes a tensor of this type and element count occupies in the arena (INT4 is stored one per byte when unpacked). */
export function tensorByteLength(type: number, elements: number): number {
  return elements * tensorTypeSize(type);
}

/** The runtime's tensor: model info plus its current shape and its memory. */
export class RuntimeTensor implements Tensor {
  readonly index: number;
  readonly subgraph: number;
  readonly name: string;
  readonly type: TensorType;
  shape: Int32Array;
  readonly quantization: Quantization | null;
  readonly isConstant: boolean;
  readonly isVariable: boolean;
  data: TypedArray = EMPTY_U8;
  bytes: Uint8Array = EMPTY_U8;
  elementCount: number;
  /** Where the bytes live, for reports: 'model' (constant, in place), 'copied' (misaligned constant copied to the arena), 'planned' (arena head), 'persistent' (variable), 'none'. */
  storage: 'model' | 'copied' | 'planned' | 'persistent' | 'none' = 'none';
  /** Offset in the arena head when planned (-1 otherwise). */
  headOffset = -1;

  constructor(info: TensorInfo, index: number, subgraph: number, shape: Int32Array) {
    this.index = index;
    this.subgraph = subgraph;
    this.name = info.name;
    this.type = info.type;
    this.shape = shape;
    this.quantization = info.quantization;
    this.isConstant = info.data !== null;
    this.isVariable = info.isVariable;
    this.elementCount = shapeProduct(shape);
  }

  /** Bytes the tensor needs at its current shape. */
  get byteLength(): number {
    return tensorByteLength(this.type, this.elementCount);
  }

  /** Point the tensor at `bytes`. */
  bind(bytes: Uint8Array, storage: RuntimeTensor['storage']): void {
    this.bytes = bytes;
    this.data = typedView(this.type, bytes);
    this.storage = storage;
  }
}
