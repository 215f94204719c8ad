/**
 * Verified, zero-copy `.tflite` reader (TFLite schema v3).
 *
 * `Model.fromBytes` verifies the whole flatbuffer structure and the model's internal consistency (indices in
 * range, constant data sizes, quantization shapes) in one pass, then exposes the decoded form of types.ts.
 * Constant tensor data, buffers, metadata and custom options are `subarray` views on the given bytes: the
 * caller owns those bytes and must keep them alive and unchanged for as long as the model is in use.
 * Builtin options stay in the flatbuffer and are read lazily through `Table` (every access bounds-checked).
 */
import { ModelError } from '../errors.js';
import { FbTable, FlatbufferReader, joinPath } from './flatbuffers.js';
import type {
  MetadataEntry,
  OfflinePlan,
  OperatorCode,
  OperatorInfo,
  Quantization,
  SignatureDef,
  SubgraphInfo,
  TensorInfo,
  TensorMapEntry,
} from './types.js';
import { TensorType, tensorTypeName, tensorTypeSize } from './types.js';

/** Schema version this reader understands (`Model.version`). */
export const SCHEMA_VERSION = 3;
/** File identifier at bytes 4..8. */
export const FILE_IDENTIFIER = 'TFL3';
/** Metadata name of TFLM's offline memory plan. */
export const OFFLINE_PLAN_METADATA = 'OfflineMemoryAllocation';

/** Highest `TensorType` code of the schema (FLOAT8_E5M2 = 22); kernels reject the types they do not handle. */
const MAX_TENSOR_TYPE = 22;
/** Largest tensor (bytes) accepted: TFLM sizes tensors with 32-bit `size_t` on its targets. */
const MAX_TENSOR_BYTES = 2 ** 31;

// Field ids (declaration order in schema.fbs; deprecated fields and union tags take ids too). Const enums:
// inlined as numbers.
const enum ModelField { version = 0, operatorCodes = 1, subgraphs = 2, description = 3, buffers = 4, metadataBuffer = 5, metadata = 6, signatureDefs = 7 }
const enum OpcodeField { deprecatedBuiltinCode = 0, customCode = 1, version = 2, builtinCode = 3 }
const enum SubgraphField { tensors = 0, inputs = 1, outputs = 2, operators = 3, name = 4 }
const enum TensorField { shape = 0, type = 1, buffer = 2, name = 3, quantization = 4, isVariable = 5, sparsity = 6, shapeSignature = 7 }
const enum QuantField { min = 0, max = 1, scale = 2, zeroPoint = 3, detailsType = 4, details = 5, quantizedDimension = 6 }
const enum OperatorField {
  opcodeIndex = 0, inputs = 1, outputs = 2, builtinOptionsType = 3, builtinOptions = 4, customOptions = 5, customOptionsFormat = 6,
  mutatingVariableInputs = 7, intermediates = 8, largeCustomOptionsOffset = 9, largeCustomOptionsSize = 10, builtinOptions2Type = 11,
  builtinOptions2 = 12,
}
const enum BufferField { data = 0, offset = 1, size = 2 }
const enum MetadataField { name = 0, buffer = 1 }
const enum TensorMapField { name = 0, tensorIndex = 1 }
const enum SignatureField { inputs = 0, outputs = 1, signatureKey = 2, deprecatedTag = 3, subgraphIndex = 4 }

/**
 * Bits per element of each type code in a constant buffer (0: no fixed packed size). Sub-byte types are packed:
 * INT4 (17) and UINT4 (20) two per byte, INT2 (19) four per byte; FLOAT8 (21, 22) one byte.
 */
const PACKED_BITS = [32, 16, 32, 8, 64, 0, 8, 16, 64, 8, 64, 128, 64, 32, 0, 32, 16, 4, 16, 2, 4, 8, 8];

/** Bytes of `n` elements of `type` in a constant buffer (rounded up), or -1 when the type has no fixed packed size. */
function packedByteSize(type: number, n: number): number {
  const bits = PACKED_BITS[type]!;
  return bits ? Math.ceil((n * bits) / 8) : -1;
}

/** A decoded, verified `.tflite` model. Construct with `Model.fromBytes`. */
export class Model {
  /** The model bytes as given (every view in this model points into them). */
  declare readonly bytes: Uint8Array;
  /** Schema version (always 3). */
  declare readonly version: number;
  declare readonly description: string;
  declare readonly operatorCodes: OperatorCode[];
  /** Subgraph 0 is the main graph. */
  declare readonly subgraphs: SubgraphInfo[];
  /** Buffer contents (views on `bytes`); null for empty buffers (buffer 0 is the empty sentinel). */
  declare readonly buffers: (Uint8Array | null)[];
  declare readonly metadata: MetadataEntry[];
  declare private readonly plan: OfflinePlan | null;

  private constructor(d: Decoded) {
    Object.assign(this, d);
  }

  /**
   * Verify and decode a `.tflite` model. Throws `ModelError` (with the path of the offending field) on any
   * malformed or inconsistent input. The bytes are not copied: keep them unchanged while the model is used.
   */
  static fromBytes(bytes: Uint8Array | ArrayBuffer): Model {
    const u8 = bytes instanceof Uint8Array ? bytes : bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : null;
    if (!u8) throw new ModelError('', 'model bytes must be a Uint8Array or an ArrayBuffer');
    return new Model(decode(u8));
  }

  /** Throw `ModelError` unless `bytes` is a valid model (same checks as `fromBytes`). */
  static verify(bytes: Uint8Array | ArrayBuffer): void {
    Model.fromBytes(bytes);
  }

  /** The first metadata entry named `name`, or null. */
  metadataByName(name: string): MetadataEntry | null {
    return this.metadata.find((m) => m.name === name) ?? null;
  }

  /**
   * TFLM's offline memory plan (metadata `OfflineMemoryAllocation`), verified at load: one int32 arena
   * offset per tensor of all subgraphs in order (-1 = plan online). Null when the model has none.
   */
  offlinePlan(): OfflinePlan | null {
    return this.plan;
  }

}

interface Decoded {
  bytes: Uint8Array;
  version: number;
  description: string;
  operatorCodes: OperatorCode[];
  subgraphs: SubgraphInfo[];
  buffers: (Uint8Array | null)[];
  metadata: MetadataEntry[];
  plan: OfflinePlan | null;
}

function decode(bytes: Uint8Array): Decoded {
  // Smallest possible file: root uoffset, identifier, a 4-byte vtable and a 4-byte table.
  if (bytes.length < 16) throw new ModelError('', `model too small: ${bytes.length} bytes`);
  const ident = String.fromCharCode(bytes[4]!, bytes[5]!, bytes[6]!, bytes[7]!);
  if (ident !== FILE_IDENTIFIER)
    throw new ModelError('', `file identifier is ${JSON.stringify(ident)}, expected "${FILE_IDENTIFIER}" (not a .tflite model)`);

  const r = new FlatbufferReader(bytes);
  r.setBudget(decodingBudget(bytes));
  try {
    const root = r.root();
    const version = root.uint32(ModelField.version, 0);
    if (version !== SCHEMA_VERSION) throw new ModelError('version', `schema version ${version} is not supported (expected ${SCHEMA_VERSION})`);

    const buffers = root.tableVector(ModelField.buffers, 'buffers').map((b) => decodeBuffer(b, bytes));
    const operatorCodes = root.tableVector(ModelField.operatorCodes, 'operator_codes').map(decodeOperatorCode);
    const sgTables = root.tableVector(ModelField.subgraphs, 'subgraphs');
    if (sgTables.length === 0) throw new ModelError('subgraphs', 'model has no subgraphs');
    const subgraphs = sgTables.map((t) => decodeSubgraph(t, buffers, operatorCodes.length));
    const description = root.string(ModelField.description, 'description') ?? '';

    const metadata = root.tableVector(ModelField.metadata, 'metadata').map((t): MetadataEntry => {
      const buffer = t.uint32(MetadataField.buffer, 0);
      checkIndex(buffer, buffers.length, joinPath(t.path, 'buffer'), 'buffer', 'buffers');
      return { name: t.string(MetadataField.name, 'name') ?? '', buffer, data: buffers[buffer] ?? null };
    });

    const plan = decodeOfflinePlan(metadata, subgraphs);
    return { bytes, version, description, operatorCodes, subgraphs, buffers, metadata, plan };
  } finally {
    r.setBudget(Infinity);
  }
}

/**
 * Shared sub-objects could make decoding super-linear; a legitimate model touches each byte at most once or so,
 * so a budget proportional to the size bounds the work without ever limiting a real model.
 */
function decodingBudget(bytes: Uint8Array): number {
  return 2 * bytes.length + 100_000;
}

/**
 * The model's signature defs (TFLite's named entry points: signature key, subgraph, named input and output
 * tensors), decoded and verified on demand, `ModelError` when malformed. TFLM never reads them, and neither does
 * `Model.fromBytes` (so apps that do not ask bundle no code for them).
 */
export function signatureDefs(model: Model): SignatureDef[] {
  const r = new FlatbufferReader(model.bytes);
  r.setBudget(decodingBudget(model.bytes));
  const subgraphs = model.subgraphs;
  return r.root().tableVector(ModelField.signatureDefs, 'signature_defs').map((t): SignatureDef => {
    const subgraphIndex = t.uint32(SignatureField.subgraphIndex, 0);
    checkIndex(subgraphIndex, subgraphs.length, joinPath(t.path, 'subgraph_index'), 'subgraph', 'subgraphs');
    const nTensors = subgraphs[subgraphIndex]!.tensors.length;
    const map = (field: number, name: string): TensorMapEntry[] =>
      t.tableVector(field, name).map((m) => {
        const tensorIndex = m.uint32(TensorMapField.tensorIndex, 0);
        checkIndex(tensorIndex, nTensors, joinPath(m.path, 'tensor_index'), 'tensor', 'tensors');
        return { name: m.string(TensorMapField.name, 'name') ?? '', tensorIndex };
      });
    return {
      signatureKey: t.string(SignatureField.signatureKey, 'signature_key') ?? '',
      subgraphIndex,
      inputs: map(SignatureField.inputs, 'inputs'),
      outputs: map(SignatureField.outputs, 'outputs'),
    };
  });
}

function checkIndex(k: number, n: number, path: string, what: string, plural: string): void {
  if (!(k >= 0 && k < n)) throw new ModelError(path, `${what} ${k} out of range (${n} ${plural})`);
}

/**
 * A buffer's bytes: the `data` vector, or (models > 2 GB, also legal in small ones) the region
 * `[offset, offset + size)` of the file outside the flatbuffer. Per schema.fbs `offset` is relative to the
 * start of the file and only meaningful when > 1 (0 and 1 are "unset" sentinels). Empty → null.
 */
function decodeBuffer(t: FbTable, bytes: Uint8Array): Uint8Array | null {
  const data = t.bytesVector(BufferField.data, 'data');
  if (data && data.length > 0) return data;
  const offset = t.uint64(BufferField.offset, 0, 'offset');
  const size = t.uint64(BufferField.size, 0, 'size');
  if (offset <= 1 || size === 0) return null;
  if (offset + size > bytes.length)
    throw new ModelError(joinPath(t.path, 'offset'), `external data [${offset}, ${offset + size}) is outside the ${bytes.length}-byte model`);
  return bytes.subarray(offset, offset + size);
}

function decodeOperatorCode(t: FbTable): OperatorCode {
  // `deprecated_builtin_code` (int8) holds codes < 127; newer files put 127 there and the real code in
  // `builtin_code`; old files leave `builtin_code` at 0. The max of the two is right in every case.
  const dep = t.int8(OpcodeField.deprecatedBuiltinCode, 0);
  const ext = t.int32(OpcodeField.builtinCode, 0);
  const builtinCode = Math.max(dep, ext);
  if (builtinCode < 0) throw new ModelError(joinPath(t.path, 'builtin_code'), `negative builtin code ${builtinCode}`);
  return {
    builtinCode,
    customCode: t.string(OpcodeField.customCode, 'custom_code'),
    version: t.int32(OpcodeField.version, 1),
  };
}

function decodeSubgraph(t: FbTable, buffers: (Uint8Array | null)[], nOpcodes: number): SubgraphInfo {
  const tensors = t.tableVector(SubgraphField.tensors, 'tensors').map((tt) => decodeTensor(tt, buffers));
  const n = tensors.length;
  const indices = (tbl: FbTable, field: number, name: string, optional: boolean): Int32Array => {
    const v = tbl.int32Vector(field, name) ?? new Int32Array(0);
    for (let j = 0; j < v.length; j++) {
      const k = v[j]!;
      if (k === -1 && optional) continue;
      if (k < 0 || k >= n) throw new ModelError(`${joinPath(tbl.path, name)}[${j}]`, `tensor ${k} out of range (${n} tensors)`);
    }
    return v;
  };
  const inputs = indices(t, SubgraphField.inputs, 'inputs', false);
  const outputs = indices(t, SubgraphField.outputs, 'outputs', false);
  const operators = t.tableVector(SubgraphField.operators, 'operators').map((o): OperatorInfo => {
    const opcodeIndex = o.uint32(OperatorField.opcodeIndex, 0);
    checkIndex(opcodeIndex, nOpcodes, joinPath(o.path, 'opcode_index'), 'opcode', 'operator codes');
    const opts = o.union(OperatorField.builtinOptionsType, 'builtin_options');
    const opts2 = o.union(OperatorField.builtinOptions2Type, 'builtin_options_2');
    return {
      opcodeIndex,
      inputs: indices(o, OperatorField.inputs, 'inputs', true),
      outputs: indices(o, OperatorField.outputs, 'outputs', false),
      intermediates: indices(o, OperatorField.intermediates, 'intermediates', false),
      builtinOptionsType: opts.type,
      builtinOptions: opts.table,
      builtinOptions2Type: opts2.type,
      builtinOptions2: opts2.table,
      customOptions: decodeCustomOptions(o, t.reader.bytes),
    };
  });
  return { name: t.string(SubgraphField.name, 'name') ?? '', tensors, inputs, outputs, operators };
}

/** `custom_options`, or the out-of-flatbuffer `large_custom_options_offset/size` region (offset > 1). */
function decodeCustomOptions(o: FbTable, bytes: Uint8Array): Uint8Array | null {
  const v = o.bytesVector(OperatorField.customOptions, 'custom_options');
  if (v && v.length > 0) return v;
  const offset = o.uint64(OperatorField.largeCustomOptionsOffset, 0, 'large_custom_options_offset');
  const size = o.uint64(OperatorField.largeCustomOptionsSize, 0, 'large_custom_options_size');
  if (offset <= 1 || size === 0) return null;
  if (offset + size > bytes.length)
    throw new ModelError(joinPath(o.path, 'large_custom_options_offset'), `external data [${offset}, ${offset + size}) is outside the ${bytes.length}-byte model`);
  return bytes.subarray(offset, offset + size);
}


function shapeText(shape: ArrayLike<number>): string {
  return `[${Array.from(shape).join(', ')}]`;
}

function decodeTensor(t: FbTable, buffers: (Uint8Array | null)[]): TensorInfo {
  const path = t.path;
  const shape = t.int32Vector(TensorField.shape, 'shape') ?? new Int32Array(0);
  const type = t.int8(TensorField.type, 0);
  if (type < 0 || type > MAX_TENSOR_TYPE) throw new ModelError(joinPath(path, 'type'), `unknown tensor type ${type}`);
  // Element count with early exit: doubles stay exact below 2^53 and we stop at 2^31 bytes anyway.
  let count = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d < 0) throw new ModelError(`${path}.shape[${i}]`, `negative dimension ${d}`);
  }
  if (!shape.includes(0)) {
    for (let i = 0; i < shape.length; i++) {
      count *= shape[i]!;
      if (count > MAX_TENSOR_BYTES)
        throw new ModelError(joinPath(path, 'shape'), `shape ${shapeText(shape)} exceeds 2^31 bytes`);
    }
  } else count = 0;
  const byteSize = packedByteSize(type, count);
  if (byteSize > MAX_TENSOR_BYTES)
    throw new ModelError(joinPath(path, 'shape'), `shape ${shapeText(shape)} exceeds 2^31 bytes`);

  const buffer = t.uint32(TensorField.buffer, 0);
  // Buffer 0 is the empty sentinel; tolerate files that omit the buffers vector altogether.
  if (!(buffer === 0 && buffers.length === 0)) checkIndex(buffer, buffers.length, joinPath(path, 'buffer'), 'buffer', 'buffers');
  const data = buffers[buffer] ?? null;
  const sparse = t.has(TensorField.sparsity);
  // Sparse constants store compressed values; STRING (and types without a fixed size) carry their own layout.
  if (data && !sparse && type !== TensorType.STRING && byteSize >= 0 && data.length !== byteSize)
    throw new ModelError(
      path,
      `constant data has ${data.length} bytes; ${tensorTypeName(type)} shape ${shapeText(shape)} needs ${byteSize}`,
    );

  const shapeSignature = t.int32Vector(TensorField.shapeSignature, 'shape_signature');
  if (shapeSignature) {
    for (let i = 0; i < shapeSignature.length; i++)
      if (shapeSignature[i]! < -1) throw new ModelError(`${path}.shape_signature[${i}]`, `invalid dimension ${shapeSignature[i]}`);
  }

  const q = t.table(TensorField.quantization, 'quantization');
  return {
    name: t.string(TensorField.name, 'name') ?? '',
    type: type as TensorType,
    shape,
    shapeSignature,
    buffer,
    data,
    quantization: q ? decodeQuantization(q, shape) : null,
    isVariable: t.bool(TensorField.isVariable, false),
  };
}

/**
 * Affine quantization. Null when there is no scale (TFLM then treats the tensor as unquantized). Zero points:
 * same length as scale; empty means all zero; a single zero point with several scales is broadcast (TFLM's
 * space-saving convention for weights). Per-channel (more than one scale) requires quantized_dimension < rank
 * and one scale per channel. Leniency like TFLM, which never checks the axis: with a single scale the axis is
 * irrelevant, and a 1-D tensor with one scale per element may name any axis; in both cases an out-of-range
 * axis is reported as 0 (the only meaningful value), so kernels can index the shape with it safely.
 */
function decodeQuantization(q: FbTable, shape: Int32Array): Quantization | null {
  const scale = q.float32Vector(QuantField.scale, 'scale') ?? new Float32Array(0);
  const zp = q.int64VectorAsInt32(QuantField.zeroPoint, 'zero_point') ?? new Int32Array(0);
  const min = q.float32Vector(QuantField.min, 'min') ?? new Float32Array(0);
  const max = q.float32Vector(QuantField.max, 'max') ?? new Float32Array(0);
  const quantizedDimension = q.int32(QuantField.quantizedDimension, 0);
  if (scale.length === 0) return null;
  const n = scale.length;
  if (zp.length !== n && zp.length > 1) throw new ModelError(joinPath(q.path, 'zero_point'), `${zp.length} zero points for ${n} scales`);
  let zeroPoint = zp;
  if (zp.length !== n) {
    zeroPoint = new Int32Array(n); // empty: all zero
    if (zp.length === 1) zeroPoint.fill(zp[0]!);
  }
  let qd = quantizedDimension;
  const inRange = qd >= 0 && qd < shape.length;
  if (n === 1 && !inRange) qd = 0;
  // A 1-D tensor has one possible channel axis. Converters copy the filter's axis (3 for depthwise) onto the
  // bias (person_detect.tflite: shape [8], 8 scales, quantized_dimension 3); TFLM accepts that, so do we.
  if (n > 1 && !inRange && shape.length === 1 && shape[0] === n) qd = 0;
  if (n > 1) {
    if (qd < 0 || qd >= shape.length)
      throw new ModelError(
        joinPath(q.path, 'quantized_dimension'),
        `quantized dimension ${quantizedDimension} out of range for shape ${shapeText(shape)}`,
      );
    if (shape[qd] !== n)
      throw new ModelError(joinPath(q.path, 'scale'), `${n} scales but dimension ${qd} of shape ${shapeText(shape)} is ${shape[qd]}`);
  }
  return { scale, zeroPoint, quantizedDimension: qd, min, max };
}

/**
 * TFLM's offline plan: the metadata buffer is little-endian uint32 `[version, subgraph, nbr_tensors,
 * offset_0 .. offset_{nbr_tensors-1}]`, offsets as int32 (-1 = online). TFLM requires nbr_tensors to equal
 * the tensor count of all subgraphs together; so do we.
 */
function decodeOfflinePlan(metadata: MetadataEntry[], subgraphs: SubgraphInfo[]): OfflinePlan | null {
  const i = metadata.findIndex((m) => m.name === OFFLINE_PLAN_METADATA);
  if (i < 0) return null;
  const path = `metadata[${i}]`;
  const data = metadata[i]!.data;
  if (!data || data.length < 12) throw new ModelError(path, `${OFFLINE_PLAN_METADATA} is truncated`);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const version = dv.getUint32(0, true);
  const subgraph = dv.getUint32(4, true);
  const count = dv.getUint32(8, true);
  if (count > (data.length - 12) / 4)
    throw new ModelError(path, `${OFFLINE_PLAN_METADATA} is truncated`);
  const total = subgraphs.reduce((s, g) => s + g.tensors.length, 0);
  if (count !== total) throw new ModelError(path, `${OFFLINE_PLAN_METADATA} has ${count} offsets; the model has ${total} tensors`);
  const offsets = new Int32Array(count);
  for (let k = 0; k < count; k++) offsets[k] = dv.getInt32(12 + 4 * k, true);
  return { version, subgraph, offsets };
}
