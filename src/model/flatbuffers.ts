/**
 * A small, bounds-checked FlatBuffers reader (little-endian, DataView based) for untrusted `.tflite` bytes.
 *
 * Every read is verified before it happens; a malformed buffer raises `ModelError` naming the path of the
 * offending field (e.g. `subgraphs[0].tensors[3].shape`), never a RangeError or TypeError. What is checked:
 * - uoffsets (unsigned, forward, non-zero, below 2^31) land inside the buffer;
 * - a table's vtable lies inside the buffer, its size is even and >= 4, and the table's inline object (size
 *   from the vtable) lies inside the buffer; every field the vtable lists starts inside that inline object,
 *   and each field read also ends inside it;
 * - a vector's `length * elementSize` fits between its start and the end of the buffer (compared by division,
 *   so lengths near 2^32 cannot overflow);
 * - a string is NUL-terminated inside the buffer;
 * - table nesting is at most `MAX_DEPTH` deep, and a work budget bounds the total decoding effort, so shared
 *   (DAG) sub-objects cannot turn a small file into an unbounded amount of work.
 *
 * Alignment is not required: DataView reads any offset. Zero-copy byte views (`bytesVector`) are `subarray`s
 * of the bytes the reader was given; the caller owns those bytes and must keep them unchanged.
 */
import { ModelError } from '../errors.js';
import type { Table } from './types.js';
import { decodeUtf8 } from './utf8.js';

/** Deepest table nesting accepted (the TFLite schema needs fewer than 10 levels). */
export const MAX_DEPTH = 64;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `a.b`, `b` when `a` is empty (the root table's path is empty). */
export function joinPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** A checked (position, length) of a vector's elements. */
export interface VectorRef {
  /** Byte position of the first element. */
  readonly pos: number;
  readonly length: number;
}

/** Verifying reader over one flatbuffer. Positions are byte indices into `bytes`. */
export class FlatbufferReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly length: number;
  /** Remaining work units (tables opened + scalar vector elements copied); Infinity when unbounded. */
  private budget = Infinity;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  /** Bound the work of the following reads (call with Infinity to lift the bound). */
  setBudget(units: number): void {
    this.budget = units;
  }

  /** Charge `units` of work; throws ModelError when the budget is exhausted. */
  spend(units: number, path: string): void {
    this.budget -= units;
    if (this.budget < 0) throw new ModelError(path, 'too complex: shared sub-objects exceed the decoding budget');
  }

  /** Throw unless `[pos, pos + size)` lies inside the buffer. */
  check(pos: number, size: number, path: string, what: string): void {
    if (!(pos >= 0 && size >= 0 && pos <= this.length - size))
      throw new ModelError(path, `${what} at byte ${pos} (+${size}) is outside the ${this.length}-byte buffer`);
  }

  /** Follow the uoffset stored at `pos` (which must be checked); returns the verified target position. */
  follow(pos: number, path: string, what: string): number {
    const off = this.view.getUint32(pos, true);
    // As the reference verifier: an offset may not point to itself, and files are below 2 GB (int32 range).
    if (off === 0 || off >= 0x80000000) throw new ModelError(path, `${what} offset ${off} at byte ${pos} is invalid`);
    const target = pos + off;
    // uoffsets point forward; the target must leave room for at least a 4-byte prefix (length/soffset).
    this.check(target, 4, path, what);
    return target;
  }

  /** The root table (uoffset at byte 0). */
  root(): FbTable {
    this.check(0, 8, '', 'root offset');
    return this.tableAt(this.follow(0, '', 'root table'), '', 0);
  }

  /** Open and verify the table whose object starts at `pos`. */
  tableAt(pos: number, path: string, depth: number): FbTable {
    if (depth > MAX_DEPTH) throw new ModelError(path, `tables nested deeper than ${MAX_DEPTH}`);
    this.spend(1, path);
    this.check(pos, 4, path, 'table');
    // The table starts with an soffset to its vtable: vtable = table - soffset (signed, either direction).
    const vt = pos - this.view.getInt32(pos, true);
    this.check(vt, 4, path, 'vtable');
    const vtSize = this.view.getUint16(vt, true);
    const objSize = this.view.getUint16(vt + 2, true);
    if (vtSize < 4 || (vtSize & 1) !== 0) throw new ModelError(path, `vtable size ${vtSize} is not an even number >= 4`);
    this.check(vt, vtSize, path, 'vtable');
    if (objSize < 4) throw new ModelError(path, `table size ${objSize} < 4`);
    this.check(pos, objSize, path, 'table');
    // Every present field must start inside the inline object, after the soffset (each access re-checks
    // the end of the field against its size; this catches garbage entries of fields never read).
    for (let e = 4; e + 2 <= vtSize; e += 2) {
      const off = this.view.getUint16(vt + e, true);
      if (off !== 0 && (off < 4 || off >= objSize))
        throw new ModelError(joinPath(path, `field${(e - 4) / 2}`), `field at offset ${off} does not fit the ${objSize}-byte table`);
    }
    return new FbTable(this, pos, vt, vtSize, objSize, path, depth);
  }

  /** Verify the vector at `pos` (its uint32 length prefix) holding `elemSize`-byte elements. */
  vectorAt(pos: number, elemSize: number, path: string): VectorRef {
    this.check(pos, 4, path, 'vector length');
    const length = this.view.getUint32(pos, true);
    // length * elemSize < 2^35: exact in a double, no overflow.
    this.check(pos + 4, length * elemSize, path, `vector of ${length} × ${elemSize}-byte elements`);
    return { pos: pos + 4, length };
  }

  /**
   * The bytes of a verified 4-byte-element vector when a typed array can view them directly (little-endian
   * host and 4-byte aligned in memory); null otherwise (then read element by element with DataView).
   */
  aligned4(v: VectorRef): Uint8Array | null {
    return LITTLE_ENDIAN && (this.bytes.byteOffset + v.pos) % 4 === 0 ? this.bytes.subarray(v.pos, v.pos + 4 * v.length) : null;
  }

  /** Decode the string at `pos` (uint32 length, UTF-8 bytes, NUL). */
  stringAt(pos: number, path: string): string {
    const v = this.vectorAt(pos, 1, path);
    const end = v.pos + v.length;
    if (end >= this.length || this.bytes[end] !== 0) throw new ModelError(path, 'string not NUL-terminated');
    if (v.length === 0) return '';
    return decodeUtf8(this.bytes.subarray(v.pos, end));
  }
}

/**
 * One verified table. Implements `Table` (field ids = schema declaration order) for lazily-parsed builtin
 * options; the extra methods (named `*Named` or taking a `name`) are what the model decoder uses, naming
 * fields in error paths instead of ids.
 */
export class FbTable implements Table {
  readonly reader: FlatbufferReader;
  /** Byte position of the table object (its soffset). */
  readonly pos: number;
  readonly path: string;
  readonly depth: number;
  private readonly vt: number;
  private readonly vtSize: number;
  private readonly objSize: number;

  constructor(reader: FlatbufferReader, pos: number, vt: number, vtSize: number, objSize: number, path: string, depth: number) {
    this.reader = reader;
    this.pos = pos;
    this.vt = vt;
    this.vtSize = vtSize;
    this.objSize = objSize;
    this.path = path;
    this.depth = depth;
  }

  private fieldPath(field: number | string): string {
    return joinPath(this.path, typeof field === 'number' ? `field${field}` : field);
  }

  /**
   * Absolute position of `field` holding `size` bytes, or -1 when absent (vtable too short or entry 0).
   * The field must lie inside the table's inline object and after its soffset.
   */
  fieldPos(field: number, size: number, name?: string): number {
    if (!Number.isInteger(field) || field < 0) throw new ModelError(this.fieldPath(name ?? field), `bad field id ${field}`);
    const entry = 4 + 2 * field;
    if (entry + 2 > this.vtSize) return -1;
    const off = this.reader.view.getUint16(this.vt + entry, true);
    if (off === 0) return -1;
    if (off < 4 || off + size > this.objSize)
      throw new ModelError(this.fieldPath(name ?? field), `field at offset ${off} does not fit the ${this.objSize}-byte table`);
    return this.pos + off;
  }

  /** Target of the uoffset field, or -1 when absent. */
  offsetField(field: number, name?: string): number {
    const p = this.fieldPos(field, 4, name);
    return p < 0 ? -1 : this.reader.follow(p, this.fieldPath(name ?? field), 'field');
  }

  // ---- Table interface (field ids) ----

  has(field: number): boolean {
    return this.fieldPos(field, 1) >= 0;
  }

  bool(field: number, dflt = false): boolean {
    const p = this.fieldPos(field, 1);
    return p < 0 ? dflt : this.reader.view.getUint8(p) !== 0;
  }

  int8(field: number, dflt = 0): number {
    const p = this.fieldPos(field, 1);
    return p < 0 ? dflt : this.reader.view.getInt8(p);
  }

  uint8(field: number, dflt = 0): number {
    const p = this.fieldPos(field, 1);
    return p < 0 ? dflt : this.reader.view.getUint8(p);
  }

  int16(field: number, dflt = 0): number {
    const p = this.fieldPos(field, 2);
    return p < 0 ? dflt : this.reader.view.getInt16(p, true);
  }

  uint16(field: number, dflt = 0): number {
    const p = this.fieldPos(field, 2);
    return p < 0 ? dflt : this.reader.view.getUint16(p, true);
  }

  int32(field: number, dflt = 0): number {
    const p = this.fieldPos(field, 4);
    return p < 0 ? dflt : this.reader.view.getInt32(p, true);
  }

  uint32(field: number, dflt = 0): number {
    const p = this.fieldPos(field, 4);
    return p < 0 ? dflt : this.reader.view.getUint32(p, true);
  }

  int64(field: number, dflt = 0, name?: string): number {
    const p = this.fieldPos(field, 8, name);
    return p < 0 ? dflt : this.readInt64(p, this.fieldPath(name ?? field));
  }

  /** uint64 as a number; ModelError when above 2^53 - 1. */
  uint64(field: number, dflt = 0, name?: string): number {
    const p = this.fieldPos(field, 8, name);
    if (p < 0) return dflt;
    const v = this.reader.view.getUint32(p + 4, true) * 0x100000000 + this.reader.view.getUint32(p, true);
    if (!Number.isSafeInteger(v)) throw new ModelError(this.fieldPath(name ?? field), 'value beyond 2^53');
    return v;
  }

  float32(field: number, dflt = 0): number {
    const p = this.fieldPos(field, 4);
    return p < 0 ? dflt : this.reader.view.getFloat32(p, true);
  }

  float64(field: number, dflt = 0): number {
    const p = this.fieldPos(field, 8);
    return p < 0 ? dflt : this.reader.view.getFloat64(p, true);
  }

  string(field: number, name?: string): string | null {
    const t = this.offsetField(field, name);
    return t < 0 ? null : this.reader.stringAt(t, this.fieldPath(name ?? field));
  }

  int32Vector(field: number, name?: string): Int32Array | null {
    const v = this.vector(field, 4, name);
    if (!v) return null;
    this.reader.spend(v.length, this.fieldPath(name ?? field));
    const fast = this.reader.aligned4(v);
    if (fast) return new Int32Array(fast.buffer, fast.byteOffset, v.length).slice();
    const out = new Int32Array(v.length);
    const dv = this.reader.view;
    for (let i = 0; i < v.length; i++) out[i] = dv.getInt32(v.pos + 4 * i, true);
    return out;
  }

  float32Vector(field: number, name?: string): Float32Array | null {
    const v = this.vector(field, 4, name);
    if (!v) return null;
    this.reader.spend(v.length, this.fieldPath(name ?? field));
    const fast = this.reader.aligned4(v);
    if (fast) return new Float32Array(fast.buffer, fast.byteOffset, v.length).slice();
    const out = new Float32Array(v.length);
    const dv = this.reader.view;
    for (let i = 0; i < v.length; i++) out[i] = dv.getFloat32(v.pos + 4 * i, true);
    return out;
  }

  /** An int64 vector whose values must all fit int32 (e.g. zero points), as an Int32Array. */
  int64VectorAsInt32(field: number, name?: string): Int32Array | null {
    const v = this.vector(field, 8, name);
    if (!v) return null;
    const path = this.fieldPath(name ?? field);
    this.reader.spend(v.length, path);
    const out = new Int32Array(v.length);
    const dv = this.reader.view;
    for (let i = 0; i < v.length; i++) {
      const p = v.pos + 8 * i;
      const lo = dv.getInt32(p, true);
      // In int32 range exactly when the high word is the sign extension of the low word.
      if (dv.getInt32(p + 4, true) !== lo >> 31) {
        const wide = dv.getInt32(p + 4, true) * 0x100000000 + dv.getUint32(p, true);
        throw new ModelError(`${path}[${i}]`, `value ${wide} exceeds int32`);
      }
      out[i] = lo;
    }
    return out;
  }

  bytesVector(field: number, name?: string): Uint8Array | null {
    const v = this.vector(field, 1, name);
    return v ? this.reader.bytes.subarray(v.pos, v.pos + v.length) : null;
  }

  table(field: number, name?: string): FbTable | null {
    const t = this.offsetField(field, name);
    return t < 0 ? null : this.reader.tableAt(t, this.fieldPath(name ?? field), this.depth + 1);
  }

  // ---- decoder helpers ----

  /** The verified vector of `elemSize`-byte elements in `field`, or null when absent. */
  vector(field: number, elemSize: number, name?: string): VectorRef | null {
    const t = this.offsetField(field, name);
    return t < 0 ? null : this.reader.vectorAt(t, elemSize, this.fieldPath(name ?? field));
  }

  /** A vector of tables; each element is verified and named `name[i]`. Empty when absent. */
  tableVector(field: number, name: string): FbTable[] {
    const v = this.vector(field, 4, name);
    if (!v) return [];
    const base = this.fieldPath(name);
    const out = new Array<FbTable>(v.length);
    for (let i = 0; i < v.length; i++) {
      const p = v.pos + 4 * i;
      const path = `${base}[${i}]`;
      out[i] = this.reader.tableAt(this.reader.follow(p, path, 'table'), path, this.depth + 1);
    }
    return out;
  }

  /** A union member table: `typeField` holds the uint8 tag, `typeField + 1` the table. */
  union(typeField: number, name: string): { type: number; table: FbTable | null } {
    const type = this.uint8(typeField);
    if (type === 0) return { type, table: null };
    return { type, table: this.table(typeField + 1, name) };
  }

  /** int64 at a checked position; must be exactly representable as a number. */
  private readInt64(p: number, path: string): number {
    const dv = this.reader.view;
    const v = dv.getInt32(p + 4, true) * 0x100000000 + dv.getUint32(p, true);
    if (!Number.isSafeInteger(v)) throw new ModelError(path, 'value beyond 2^53');
    return v;
  }
}
