/**
 * Writes `.tflite` files (TFLite schema v3): a minimal FlatBuffers writer and `ModelBuilder`, used by tests
 * to make small models for every kernel, and by examples.
 *
 * The builder does not validate what it is told (tests use it to make malformed models on purpose);
 * `Model.fromBytes` does. Tensor data is copied into the builder; `finish()` returns a fresh Uint8Array
 * (offset 0 of its own ArrayBuffer) in which every non-empty buffer starts at a 16-byte aligned offset.
 *
 * ```ts
 * const b = new ModelBuilder({ description: 'fc' });
 * const sg = b.subgraph();
 * const x = sg.tensor({ name: 'x', type: TensorType.INT8, shape: [1, 4], quantization: { scale: 0.5, zeroPoint: -1 } });
 * const w = sg.tensor({ name: 'w', type: TensorType.INT8, shape: [2, 4], data: new Int8Array(8), quantization: { scale: 0.1 } });
 * const y = sg.tensor({ name: 'y', type: TensorType.INT8, shape: [1, 2], quantization: { scale: 1 } });
 * sg.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [x, w, -1], outputs: [y],
 *         options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, 1)] } });
 * sg.setInputs([x]); sg.setOutputs([y]);
 * const bytes = b.finish();
 * ```
 */
import { TflmError } from '../errors.js';
import { BuiltinOperator } from './schema.js';
import { TensorType } from './types.js';
import { encodeUtf8 } from './utf8.js';

// ---------------------------------------------------------------------------------------------------------
// FlatBuffers writer. Objects are described as a tree and serialized front to back: a table's inline part
// first, its children after it, so every uoffset (unsigned, must point forward) is positive. Vtables are
// written just before the first table that uses them and shared by identical tables (soffsets are signed).
// Scalars are aligned to their size, vectors' elements to their element size (or a forced alignment).
// ---------------------------------------------------------------------------------------------------------

/** Scalar kinds of the FlatBuffers schema language. */
export type ScalarType = 'bool' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';

const SCALAR_SIZE: Record<ScalarType, number> = {
  bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, float32: 4, float64: 8,
};

type ScalarValue = number | bigint | boolean;

/** A node of the object tree to serialize. */
export type FbNode =
  | { kind: 'table'; fields: FbField[] }
  | { kind: 'string'; value: string }
  | { kind: 'vector'; elem: ScalarType; values: ArrayLike<ScalarValue>; align?: number }
  | { kind: 'bytes'; value: Uint8Array; align?: number }
  /** A vector of offsets to tables or strings. */
  | { kind: 'offsets'; items: FbNode[] };

/** A table field: an inline scalar, or an offset to a child node. `at` receives the field's file position. */
export type FbField =
  | { id: number; scalar: ScalarType; value: ScalarValue; at?: (pos: number) => void }
  | { id: number; node: FbNode };


/** Serializes an `FbNode` tree. */
export class FlatbufferWriter {
  private buf = new Uint8Array(1024);
  private dv = new DataView(this.buf.buffer);
  private len = 0;
  private readonly vtables = new Map<string, number>();

  get length(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Append `n` zero bytes; returns their position. */
  reserve(n: number): number {
    this.ensure(n);
    const p = this.len;
    this.len += n; // the buffer is zero-filled and never reused below len
    return p;
  }

  /** Pad with zeros until `(length + extra) % align === 0`. */
  align(align: number, extra = 0): void {
    const pad = (align - ((this.len + extra) % align)) % align;
    this.reserve(pad);
  }

  appendBytes(bytes: Uint8Array): number {
    const p = this.reserve(bytes.length);
    this.buf.set(bytes, p);
    return p;
  }

  setUint32(pos: number, v: number): void {
    this.dv.setUint32(pos, v, true);
  }

  setScalar(pos: number, type: ScalarType, v: ScalarValue): void {
    const dv = this.dv;
    switch (type) {
      case 'bool':
        dv.setUint8(pos, v ? 1 : 0);
        break;
      case 'int8':
        dv.setInt8(pos, Number(v));
        break;
      case 'uint8':
        dv.setUint8(pos, Number(v));
        break;
      case 'int16':
        dv.setInt16(pos, Number(v), true);
        break;
      case 'uint16':
        dv.setUint16(pos, Number(v), true);
        break;
      case 'int32':
        dv.setInt32(pos, Number(v), true);
        break;
      case 'uint32':
        dv.setUint32(pos, Number(v), true);
        break;
      case 'int64':
        dv.setBigInt64(pos, BigInt(v), true);
        break;
      case 'uint64':
        dv.setBigUint64(pos, BigInt(v), true);
        break;
      case 'float32':
        dv.setFloat32(pos, Number(v), true);
        break;
      case 'float64':
        dv.setFloat64(pos, Number(v), true);
        break;
    }
  }

  /** Serialize `node`; returns the position of the object (table start or vector/string length prefix). */
  write(node: FbNode): number {
    switch (node.kind) {
      case 'table':
        return this.writeTable(node.fields);
      case 'string': {
        const utf8 = encodeUtf8(node.value);
        this.align(4);
        const p = this.reserve(4 + utf8.length + 1); // length, bytes, NUL
        this.setUint32(p, utf8.length);
        this.buf.set(utf8, p + 4);
        return p;
      }
      case 'bytes': {
        this.align(Math.max(4, node.align ?? 1), 4);
        const p = this.reserve(4);
        this.setUint32(p, node.value.length);
        this.appendBytes(node.value);
        return p;
      }
      case 'vector': {
        const size = SCALAR_SIZE[node.elem];
        this.align(Math.max(4, node.align ?? size), 4);
        const n = node.values.length;
        const p = this.reserve(4 + n * size);
        this.setUint32(p, n);
        for (let i = 0; i < n; i++) this.setScalar(p + 4 + i * size, node.elem, node.values[i]!);
        return p;
      }
      case 'offsets': {
        this.align(4);
        const n = node.items.length;
        const p = this.reserve(4 + 4 * n);
        this.setUint32(p, n);
        node.items.forEach((item, i) => {
          const slot = p + 4 + 4 * i;
          this.setUint32(slot, this.write(item) - slot);
        });
        return p;
      }
    }
  }

  private writeTable(fields: FbField[]): number {
    // Inline layout: soffset at 0, then fields largest first (offsets are 4 bytes), each aligned to its size.
    const sized = fields.map((f) => ({ f, size: 'scalar' in f ? SCALAR_SIZE[f.scalar] : 4, off: 0 }));
    const bySize = [...sized].sort((a, b) => b.size - a.size || a.f.id - b.f.id);
    let off = 4;
    let maxAlign = 4;
    for (const s of bySize) {
      off = Math.ceil(off / s.size) * s.size;
      s.off = off;
      off += s.size;
      maxAlign = Math.max(maxAlign, s.size);
    }
    const objSize = off;
    const nFields = fields.reduce((m, f) => Math.max(m, f.id + 1), 0);
    const entries = new Array<number>(nFields).fill(0);
    for (const s of sized) {
      if (entries[s.f.id]) throw new TflmError(`flatbuffer table: field ${s.f.id} given twice`);
      entries[s.f.id] = s.off;
    }
    const key = `${objSize}:${entries.join(',')}`;
    let vt = this.vtables.get(key);
    if (vt === undefined) {
      this.align(2);
      vt = this.reserve(4 + 2 * nFields);
      this.dv.setUint16(vt, 4 + 2 * nFields, true);
      this.dv.setUint16(vt + 2, objSize, true);
      entries.forEach((e, i) => this.dv.setUint16(vt! + 4 + 2 * i, e, true));
      this.vtables.set(key, vt);
    }
    this.align(maxAlign);
    const pos = this.reserve(objSize);
    this.dv.setInt32(pos, pos - vt, true); // vtable = table - soffset
    for (const s of sized) {
      const f = s.f;
      if ('scalar' in f) {
        this.setScalar(pos + s.off, f.scalar, f.value);
        f.at?.(pos + s.off);
      }
    }
    // Children follow in the order the fields were given (so a caller can put big data last).
    for (const s of sized) {
      const f = s.f;
      if ('node' in f) {
        const at = pos + s.off;
        this.setUint32(at, this.write(f.node) - at);
      }
    }
    return pos;
  }

  /** Write the root: uoffset at 0, the 4-byte file identifier, then the tree. */
  finishRoot(root: FbNode, identifier: string): void {
    if (this.len !== 0) throw new TflmError('flatbuffer writer: root must be written first');
    this.reserve(8);
    for (let i = 0; i < 4; i++) this.buf[4 + i] = identifier.charCodeAt(i);
    this.setUint32(0, this.write(root));
  }

  /** Patch a uint64 at `pos` (written earlier). */
  setUint64(pos: number, v: number): void {
    this.dv.setBigUint64(pos, BigInt(v), true);
  }

  /** A copy of the bytes written so far, in a fresh ArrayBuffer. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Builtin options as typed field lists.
// ---------------------------------------------------------------------------------------------------------

/** One field of an options table; `id` is the schema field id (declaration order from 0). */
export type OptionField =
  | { id: number; type: 'bool'; value: boolean }
  | { id: number; type: 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64'; value: number }
  | { id: number; type: 'int64' | 'uint64'; value: number | bigint }
  | { id: number; type: 'int32[]' | 'float32[]' | 'uint8[]' | 'int8[]' | 'int16[]' | 'uint16[]'; value: ArrayLike<number> }
  | { id: number; type: 'int64[]'; value: ArrayLike<number | bigint> }
  | { id: number; type: 'bool[]'; value: ArrayLike<boolean | number> }
  | { id: number; type: 'string'; value: string }
  | { id: number; type: 'string[]'; value: readonly string[] }
  | { id: number; type: 'table'; value: readonly OptionField[] }
  | { id: number; type: 'table[]'; value: readonly (readonly OptionField[])[] };

/** A builtin options union member: its `BuiltinOptions` (or `BuiltinOptions2`) tag and fields. */
export interface OptionsSpec {
  type: number;
  fields: readonly OptionField[];
}

/** Shorthands for option fields: `opt.int8(0, 1)` is `{ id: 0, type: 'int8', value: 1 }`. */
export const opt = {
  bool: (id: number, value: boolean): OptionField => ({ id, type: 'bool', value }),
  int8: (id: number, value: number): OptionField => ({ id, type: 'int8', value }),
  uint8: (id: number, value: number): OptionField => ({ id, type: 'uint8', value }),
  int16: (id: number, value: number): OptionField => ({ id, type: 'int16', value }),
  uint16: (id: number, value: number): OptionField => ({ id, type: 'uint16', value }),
  int32: (id: number, value: number): OptionField => ({ id, type: 'int32', value }),
  uint32: (id: number, value: number): OptionField => ({ id, type: 'uint32', value }),
  int64: (id: number, value: number | bigint): OptionField => ({ id, type: 'int64', value }),
  uint64: (id: number, value: number | bigint): OptionField => ({ id, type: 'uint64', value }),
  float32: (id: number, value: number): OptionField => ({ id, type: 'float32', value }),
  float64: (id: number, value: number): OptionField => ({ id, type: 'float64', value }),
  int32s: (id: number, value: ArrayLike<number>): OptionField => ({ id, type: 'int32[]', value }),
  int64s: (id: number, value: ArrayLike<number | bigint>): OptionField => ({ id, type: 'int64[]', value }),
  float32s: (id: number, value: ArrayLike<number>): OptionField => ({ id, type: 'float32[]', value }),
  bytes: (id: number, value: ArrayLike<number>): OptionField => ({ id, type: 'uint8[]', value }),
  bools: (id: number, value: ArrayLike<boolean | number>): OptionField => ({ id, type: 'bool[]', value }),
  string: (id: number, value: string): OptionField => ({ id, type: 'string', value }),
  strings: (id: number, value: readonly string[]): OptionField => ({ id, type: 'string[]', value }),
  table: (id: number, value: readonly OptionField[]): OptionField => ({ id, type: 'table', value }),
  tables: (id: number, value: readonly (readonly OptionField[])[]): OptionField => ({ id, type: 'table[]', value }),
};

const VECTOR_ELEM: Record<string, ScalarType> = {
  'int32[]': 'int32', 'float32[]': 'float32', 'uint8[]': 'uint8', 'int8[]': 'int8', 'int16[]': 'int16',
  'uint16[]': 'uint16', 'int64[]': 'int64', 'bool[]': 'bool',
};

/** The FbNode table of an option field list. */
export function optionsTable(fields: readonly OptionField[]): FbNode {
  return { kind: 'table', fields: fields.map(optionField) };
}

function optionField(f: OptionField): FbField {
  switch (f.type) {
    case 'string':
      return { id: f.id, node: { kind: 'string', value: f.value } };
    case 'string[]':
      return { id: f.id, node: { kind: 'offsets', items: f.value.map((value) => ({ kind: 'string', value })) } };
    case 'table':
      return { id: f.id, node: optionsTable(f.value) };
    case 'table[]':
      return { id: f.id, node: { kind: 'offsets', items: f.value.map(optionsTable) } };
    default: {
      const elem = VECTOR_ELEM[f.type];
      if (elem) return { id: f.id, node: { kind: 'vector', elem, values: f.value as ArrayLike<ScalarValue> } };
      if (!(f.type in SCALAR_SIZE)) throw new TflmError(`option field ${f.id}: unknown type ${String(f.type)}`);
      return { id: f.id, scalar: f.type as ScalarType, value: f.value as ScalarValue };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// ModelBuilder
// ---------------------------------------------------------------------------------------------------------

export interface QuantizationSpec {
  /** One scale (per-tensor) or one per channel. */
  scale: number | readonly number[];
  /** Defaults to 0. A single number is repeated for every scale; an array is written as given. */
  zeroPoint?: number | readonly number[];
  /** Channel axis of per-channel quantization (default 0). */
  quantizedDimension?: number;
  min?: readonly number[];
  max?: readonly number[];
}

export interface TensorSpec {
  name?: string;
  type: TensorType | number;
  shape: readonly number[];
  /**
   * Constant data. A typed array's bytes are copied as they are (platform order, little-endian on every
   * engine tflm targets); a plain number array is converted to the element type of `type`.
   */
  data?: ArrayBufferView | readonly number[];
  /** Explicit buffer index instead of `data` (e.g. to share a buffer, or to make a broken model). */
  buffer?: number;
  quantization?: QuantizationSpec;
  isVariable?: boolean;
  shapeSignature?: readonly number[];
}

export interface OpSpec {
  /** Builtin code; defaults to CUSTOM when `custom` is given. */
  code?: number;
  /** Custom code (for CUSTOM ops). */
  custom?: string;
  /** Op version (default 1). */
  version?: number;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: readonly number[];
  outputs: readonly number[];
  intermediates?: readonly number[];
  options?: OptionsSpec;
  options2?: OptionsSpec;
  customOptions?: Uint8Array;
}

export interface SignatureSpec {
  key: string;
  subgraph: number;
  inputs: readonly { name: string; tensor: number }[];
  outputs: readonly { name: string; tensor: number }[];
}

export interface FinishOptions {
  /**
   * Store every non-empty buffer (metadata included) after the flatbuffer, 16-byte aligned, referenced by
   * `Buffer.offset/size` (the > 2 GB layout) instead of `Buffer.data`. For testing that path: C++ TFLM
   * itself only reads `Buffer.data`.
   */
  buffersOutside?: boolean;
}

interface TensorRecord {
  spec: TensorSpec;
  buffer: number;
}

interface OpRecord {
  opcodeIndex: number;
  spec: OpSpec;
}

/** Builds one subgraph; get one from `ModelBuilder.subgraph()`. */
export class SubgraphBuilder {
  readonly index: number;
  name: string;
  private readonly model: ModelBuilder;
  private readonly tensors: TensorRecord[] = [];
  private readonly ops: OpRecord[] = [];
  private inputs: number[] = [];
  private outputs: number[] = [];

  /** @internal use `ModelBuilder.subgraph()` */
  constructor(model: ModelBuilder, index: number, name: string) {
    this.model = model;
    this.index = index;
    this.name = name;
  }

  get tensorCount(): number {
    return this.tensors.length;
  }

  get opCount(): number {
    return this.ops.length;
  }

  /** Add a tensor; returns its index in this subgraph. Constant `data` is copied into a new buffer. */
  tensor(spec: TensorSpec): number {
    let buffer = spec.buffer ?? 0;
    if (spec.data !== undefined) buffer = this.model.addBuffer(toBytes(spec.type, spec.data));
    this.tensors.push({ spec, buffer });
    return this.tensors.length - 1;
  }

  /** Add an operator (appended in execution order); returns its index. */
  op(spec: OpSpec): number {
    const code = spec.code ?? (spec.custom !== undefined ? BuiltinOperator.CUSTOM : undefined);
    if (code === undefined) throw new TflmError('ModelBuilder.op: give a builtin `code` or a `custom` code');
    const opcodeIndex = this.model.opcode(code, spec.custom, spec.version ?? 1);
    this.ops.push({ opcodeIndex, spec });
    return this.ops.length - 1;
  }

  setInputs(tensors: readonly number[]): void {
    this.inputs = [...tensors];
  }

  setOutputs(tensors: readonly number[]): void {
    this.outputs = [...tensors];
  }

  /** @internal */
  node(): FbNode {
    return {
      kind: 'table',
      fields: [
        { id: 0, node: { kind: 'offsets', items: this.tensors.map(tensorNode) } },
        { id: 1, node: int32s(this.inputs) },
        { id: 2, node: int32s(this.outputs) },
        { id: 3, node: { kind: 'offsets', items: this.ops.map(opNode) } },
        { id: 4, node: { kind: 'string', value: this.name } },
      ],
    };
  }
}

function int32s(values: ArrayLike<number>): FbNode {
  return { kind: 'vector', elem: 'int32', values };
}

function tensorNode({ spec, buffer }: TensorRecord): FbNode {
  const fields: FbField[] = [
    { id: 0, node: int32s(spec.shape) },
    { id: 1, scalar: 'int8', value: spec.type },
    { id: 2, scalar: 'uint32', value: buffer },
    { id: 3, node: { kind: 'string', value: spec.name ?? '' } },
  ];
  const q = spec.quantization;
  if (q) {
    const scales = typeof q.scale === 'number' ? [q.scale] : q.scale;
    const zp = q.zeroPoint ?? 0;
    const zps = typeof zp === 'number' ? scales.map(() => zp) : zp;
    const qf: FbField[] = [
      { id: 2, node: { kind: 'vector', elem: 'float32', values: scales } },
      { id: 3, node: { kind: 'vector', elem: 'int64', values: zps } },
      { id: 6, scalar: 'int32', value: q.quantizedDimension ?? 0 },
    ];
    if (q.min) qf.push({ id: 0, node: { kind: 'vector', elem: 'float32', values: q.min } });
    if (q.max) qf.push({ id: 1, node: { kind: 'vector', elem: 'float32', values: q.max } });
    fields.push({ id: 4, node: { kind: 'table', fields: qf } });
  }
  if (spec.isVariable) fields.push({ id: 5, scalar: 'bool', value: true });
  if (spec.shapeSignature) fields.push({ id: 7, node: int32s(spec.shapeSignature) });
  return { kind: 'table', fields };
}

function opNode({ opcodeIndex, spec }: OpRecord): FbNode {
  const fields: FbField[] = [
    { id: 0, scalar: 'uint32', value: opcodeIndex },
    { id: 1, node: int32s(spec.inputs) },
    { id: 2, node: int32s(spec.outputs) },
  ];
  if (spec.options) {
    fields.push({ id: 3, scalar: 'uint8', value: spec.options.type });
    fields.push({ id: 4, node: optionsTable(spec.options.fields) });
  }
  if (spec.customOptions) fields.push({ id: 5, node: { kind: 'bytes', value: spec.customOptions } });
  if (spec.intermediates) fields.push({ id: 8, node: int32s(spec.intermediates) });
  if (spec.options2) {
    fields.push({ id: 11, scalar: 'uint8', value: spec.options2.type });
    fields.push({ id: 12, node: optionsTable(spec.options2.fields) });
  }
  return { kind: 'table', fields };
}

/** Bytes of constant data: a typed array's own bytes (copied), or numbers converted to `type`'s elements. */
function toBytes(type: number, data: ArrayBufferView | readonly number[]): Uint8Array {
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const n = data.length;
  const Ctor = (
    {
      [TensorType.FLOAT32]: Float32Array, [TensorType.FLOAT64]: Float64Array, [TensorType.INT32]: Int32Array,
      [TensorType.UINT32]: Uint32Array, [TensorType.INT16]: Int16Array, [TensorType.UINT16]: Uint16Array,
      [TensorType.INT8]: Int8Array, [TensorType.UINT8]: Uint8Array, [TensorType.BOOL]: Uint8Array,
    } as Record<number, { new (values: readonly number[]): ArrayBufferView } | undefined>
  )[type];
  if (Ctor) return new Uint8Array(new Ctor(data).buffer);
  if (type === TensorType.INT64) return new Uint8Array(BigInt64Array.from(data, (v) => BigInt(v)).buffer);
  if (type === TensorType.UINT64) return new Uint8Array(BigUint64Array.from(data, (v) => BigInt(v)).buffer);
  throw new TflmError(`ModelBuilder: give ${n} values of type ${type} as a typed array (no number[] conversion for it)`);
}

/** Builds a `.tflite` model. See the module comment for an example. */
export class ModelBuilder {
  readonly description: string;
  private readonly subgraphs: SubgraphBuilder[] = [];
  /** Buffer 0 is the empty sentinel, as in converter output. */
  private readonly buffers: (Uint8Array | null)[] = [null];
  private readonly opcodes: { code: number; custom: string | undefined; version: number }[] = [];
  private readonly opcodeIndex = new Map<string, number>();
  private readonly metadata: { name: string; buffer: number }[] = [];
  private readonly signatures: SignatureSpec[] = [];

  constructor(options: { description?: string } = {}) {
    this.description = options.description ?? '';
  }

  /** Add a subgraph (the first is subgraph 0, the main graph). */
  subgraph(name?: string): SubgraphBuilder {
    const sg = new SubgraphBuilder(this, this.subgraphs.length, name ?? (this.subgraphs.length === 0 ? 'main' : `subgraph${this.subgraphs.length}`));
    this.subgraphs.push(sg);
    return sg;
  }

  /** Add a raw buffer (kept by reference until `finish`, not copied); returns its index. Empty → no data. */
  addBuffer(bytes: Uint8Array): number {
    this.buffers.push(bytes.length > 0 ? bytes : null);
    return this.buffers.length - 1;
  }

  /** Index of the operator code (code, custom, version), added on first use. */
  opcode(code: number, custom: string | undefined, version: number): number {
    const key = `${code}\u0000${custom ?? ''}\u0000${version}`;
    let i = this.opcodeIndex.get(key);
    if (i === undefined) {
      i = this.opcodes.length;
      this.opcodes.push({ code, custom, version });
      this.opcodeIndex.set(key, i);
    }
    return i;
  }

  /** Add a metadata entry (its bytes are copied into a new buffer); returns the buffer index. */
  addMetadata(name: string, bytes: Uint8Array): number {
    const buffer = this.addBuffer(bytes.slice());
    this.metadata.push({ name, buffer });
    return buffer;
  }

  /**
   * Add TFLM's offline memory plan (`OfflineMemoryAllocation`): one arena offset per tensor of all
   * subgraphs in order, -1 = plan online.
   */
  addOfflinePlan(offsets: readonly number[], options: { version?: number; subgraph?: number } = {}): number {
    const words = new Int32Array(3 + offsets.length);
    words[0] = options.version ?? 1;
    words[1] = options.subgraph ?? 0;
    words[2] = offsets.length;
    words.set(offsets, 3);
    return this.addMetadata('OfflineMemoryAllocation', new Uint8Array(words.buffer));
  }

  addSignature(sig: SignatureSpec): void {
    this.signatures.push(sig);
  }

  /** Serialize the model. May be called again after further additions. */
  finish(options: FinishOptions = {}): Uint8Array {
    const w = new FlatbufferWriter();
    const outside = options.buffersOutside === true;
    // With buffersOutside, the Buffer tables get offset/size placeholders patched once the data is placed.
    const patches: { pos: number; data: Uint8Array }[] = [];
    const bufferNodes: FbNode[] = this.buffers.map((data): FbNode => {
      if (!data) return { kind: 'table', fields: [] };
      if (!outside) return { kind: 'table', fields: [{ id: 0, node: { kind: 'bytes', value: data, align: 16 } }] };
      return {
        kind: 'table',
        fields: [
          { id: 1, scalar: 'uint64', value: 0, at: (pos) => patches.push({ pos, data }) },
          { id: 2, scalar: 'uint64', value: data.length },
        ],
      };
    });
    const tensorMaps = (list: SignatureSpec['inputs']): FbNode => ({
      kind: 'offsets',
      items: list.map((m) => ({
        kind: 'table',
        fields: [
          { id: 0, node: { kind: 'string', value: m.name } },
          { id: 1, scalar: 'uint32', value: m.tensor },
        ],
      })),
    });
    const root: FbNode = {
      kind: 'table',
      fields: [
        { id: 0, scalar: 'uint32', value: 3 },
        {
          id: 1,
          node: {
            kind: 'offsets',
            items: this.opcodes.map((c) => {
              // deprecated_builtin_code is an int8: codes above 126 go to builtin_code, with 127
              // (PLACEHOLDER_FOR_GREATER_OP_CODES) in the deprecated field.
              const fields: FbField[] = [
                { id: 0, scalar: 'int8', value: Math.min(c.code, 127) },
                { id: 2, scalar: 'int32', value: c.version },
                { id: 3, scalar: 'int32', value: c.code },
              ];
              if (c.custom !== undefined) fields.push({ id: 1, node: { kind: 'string', value: c.custom } });
              return { kind: 'table', fields };
            }),
          },
        },
        { id: 2, node: { kind: 'offsets', items: this.subgraphs.map((s) => s.node()) } },
        { id: 3, node: { kind: 'string', value: this.description } },
        {
          id: 6,
          node: {
            kind: 'offsets',
            items: this.metadata.map((m) => ({
              kind: 'table',
              fields: [
                { id: 0, node: { kind: 'string', value: m.name } },
                { id: 1, scalar: 'uint32', value: m.buffer },
              ],
            })),
          },
        },
        {
          id: 7,
          node: {
            kind: 'offsets',
            items: this.signatures.map((s) => ({
              kind: 'table',
              fields: [
                { id: 0, node: tensorMaps(s.inputs) },
                { id: 1, node: tensorMaps(s.outputs) },
                { id: 2, node: { kind: 'string', value: s.key } },
                { id: 4, scalar: 'uint32', value: s.subgraph },
              ],
            })),
          },
        },
        // Buffers last, so the graph structure stays together at the front and the weights follow.
        { id: 4, node: { kind: 'offsets', items: bufferNodes } },
      ],
    };
    w.finishRoot(root, 'TFL3');
    for (const p of patches) {
      w.align(16);
      w.setUint64(p.pos, w.appendBytes(p.data));
    }
    return w.bytes();
  }
}
