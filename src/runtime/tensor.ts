import type { Quantization, TensorInfo } from '../model/types.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import type { Tensor, TypedArray } from './kernel.js';

const EMPTY_U8 = new Uint8Array(0);

/** Element size of the typed array used to view a tensor of `type` (1 for byte-viewed types). */
export function viewElementSize(type: number): number {
  switch (type) {
    case TensorType.INT16:
    case TensorType.UINT16:
    case TensorType.FLOAT16:
    case TensorType.BFLOAT16:
      return 2;
    case TensorType.INT32:
    case TensorType.UINT32:
    case TensorType.FLOAT32:
    case TensorType.COMPLEX64:
    case TensorType.RESOURCE:
      return 4;
    case TensorType.INT64:
    case TensorType.UINT64:
    case TensorType.FLOAT64:
    case TensorType.COMPLEX128:
      return 8;
    default:
      return 1;
  }
}

/** A typed-array view of `bytes` for a tensor of `type`. `bytes.byteOffset` must be aligned to viewElementSize(type). */
export function typedView(type: number, bytes: Uint8Array): TypedArray {
  const { buffer, byteOffset, byteLength } = bytes;
  const n = (s: number) => Math.floor(byteLength / s);
  switch (type) {
    case TensorType.INT8:
    case TensorType.INT4:
      return new Int8Array(buffer, byteOffset, byteLength);
    case TensorType.INT16:
      return new Int16Array(buffer, byteOffset, n(2));
    case TensorType.UINT16:
    case TensorType.FLOAT16:
    case TensorType.BFLOAT16:
      return new Uint16Array(buffer, byteOffset, n(2));
    case TensorType.INT32:
    case TensorType.RESOURCE:
      return new Int32Array(buffer, byteOffset, n(4));
    case TensorType.UINT32:
      return new Uint32Array(buffer, byteOffset, n(4));
    case TensorType.FLOAT32:
    case TensorType.COMPLEX64:
      return new Float32Array(buffer, byteOffset, n(4));
    case TensorType.FLOAT64:
    case TensorType.COMPLEX128:
      return new Float64Array(buffer, byteOffset, n(8));
    case TensorType.INT64:
      return new BigInt64Array(buffer, byteOffset, n(8));
    case TensorType.UINT64:
      return new BigUint64Array(buffer, byteOffset, n(8));
    default:
      return bytes;
  }
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

  get typeName(): string {
    return tensorTypeName(this.type);
  }

  /** Point the tensor at `bytes`. */
  bind(bytes: Uint8Array, storage: RuntimeTensor['storage']): void {
    this.bytes = bytes;
    this.data = typedView(this.type, bytes);
    this.storage = storage;
  }
}
