/**
 * FlexBuffers: the schemaless format of TFLite `custom_options` (signal ops, DETECTION_POSTPROCESS, ...).
 *
 * Reader: `parseFlexbuffer(bytes)` returns the root `FlexValue`; `.asMap()` gives a `FlexMap` with typed
 * accessors (`int`, `float`, `bool`, `intVector`, ...). Every read is bounds-checked: malformed or truncated
 * input throws `ModelError` naming the place (`custom_options.fft_length: ...`), never a RangeError or garbage.
 * Values are decoded lazily from the caller's bytes (nothing is copied); keep the bytes alive while reading.
 *
 * Writer: `FlexBuilder` / `flexMap({...})` produce the byte layout of the C++ `flexbuffers::Builder`
 * (keys in insertion order, map entries sorted by key, minimal widths), for tests that build custom-op models.
 *
 * Format summary (flatbuffers/flexbuffers.h): the buffer ends with [root value][packed type][root byte width].
 * A packed type is `(type << 2) | log2(byte width)`. Scalars are stored inline in their parent's width;
 * everything else is an unsigned offset back from the slot. Vectors are [size][elements] (+ one packed type
 * byte per element for untyped vectors); maps are [keys offset][keys width][size][values][types].
 */
import { ModelError } from '../errors.js';
import { decodeUtf8, encodeUtf8 } from './utf8.js';

/** FlexBuffers value types (flexbuffers::Type). */
export const FlexType = {
  NULL: 0,
  INT: 1,
  UINT: 2,
  FLOAT: 3,
  KEY: 4,
  STRING: 5,
  INDIRECT_INT: 6,
  INDIRECT_UINT: 7,
  INDIRECT_FLOAT: 8,
  MAP: 9,
  VECTOR: 10,
  VECTOR_INT: 11,
  VECTOR_UINT: 12,
  VECTOR_FLOAT: 13,
  VECTOR_KEY: 14,
  VECTOR_STRING_DEPRECATED: 15,
  VECTOR_INT2: 16,
  VECTOR_UINT2: 17,
  VECTOR_FLOAT2: 18,
  VECTOR_INT3: 19,
  VECTOR_UINT3: 20,
  VECTOR_FLOAT3: 21,
  VECTOR_INT4: 22,
  VECTOR_UINT4: 23,
  VECTOR_FLOAT4: 24,
  BLOB: 25,
  BOOL: 26,
  VECTOR_BOOL: 36,
} as const;

const typeNames: string[] = [];
for (const [k, v] of Object.entries(FlexType)) typeNames[v] = k;

/** Name of a FlexBuffers type code (`INT`, `MAP`, ... or `TYPE_<n>`). */
export function flexTypeName(t: number): string {
  return typeNames[t] ?? `TYPE_${t}`;
}

const TWO32 = 4294967296;

/** Shared view of the buffer with checked primitive reads. */
class FlexBytes {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  check(pos: number, width: number, path: string, what: string): void {
    if (!Number.isInteger(pos) || pos < 0 || pos + width > this.bytes.length)
      throw new ModelError(path, `${what} at byte ${pos} (${width} bytes) is outside the ${this.bytes.length}-byte buffer`);
  }

  /** Unsigned integer of `width` bytes; 8-byte values must be below 2^53. */
  uint(pos: number, width: number, path: string, what = 'value'): number {
    this.check(pos, width, path, what);
    const v = this.view;
    switch (width) {
      case 1:
        return v.getUint8(pos);
      case 2:
        return v.getUint16(pos, true);
      case 4:
        return v.getUint32(pos, true);
      case 8: {
        const lo = v.getUint32(pos, true);
        const hi = v.getUint32(pos + 4, true);
        if (hi >= 0x200000) throw new ModelError(path, `${what} ${(BigInt(hi) << 32n) | BigInt(lo)} exceeds 2^53`);
        return hi * TWO32 + lo;
      }
      default:
        throw new ModelError(path, `invalid byte width ${width}`);
    }
  }

  /** Signed integer of `width` bytes; 8-byte values must lie within ±2^53. */
  int(pos: number, width: number, path: string, what = 'value'): number {
    this.check(pos, width, path, what);
    const v = this.view;
    switch (width) {
      case 1:
        return v.getInt8(pos);
      case 2:
        return v.getInt16(pos, true);
      case 4:
        return v.getInt32(pos, true);
      case 8: {
        const lo = v.getUint32(pos, true);
        const hi = v.getInt32(pos + 4, true);
        if (hi >= 0x200000 || hi < -0x200000) throw new ModelError(path, `${what} ${(BigInt(hi) << 32n) + BigInt(lo)} exceeds ±2^53`);
        return hi * TWO32 + lo;
      }
      default:
        throw new ModelError(path, `invalid byte width ${width}`);
    }
  }

  bigint(pos: number, width: number, signed: boolean, path: string): bigint {
    this.check(pos, width, path, 'value');
    const v = this.view;
    switch (width) {
      case 1:
        return BigInt(signed ? v.getInt8(pos) : v.getUint8(pos));
      case 2:
        return BigInt(signed ? v.getInt16(pos, true) : v.getUint16(pos, true));
      case 4:
        return BigInt(signed ? v.getInt32(pos, true) : v.getUint32(pos, true));
      case 8:
        return signed ? v.getBigInt64(pos, true) : v.getBigUint64(pos, true);
      default:
        throw new ModelError(path, `invalid byte width ${width}`);
    }
  }

  float(pos: number, width: number, path: string): number {
    this.check(pos, width, path, 'float');
    if (width === 4) return this.view.getFloat32(pos, true);
    if (width === 8) return this.view.getFloat64(pos, true);
    throw new ModelError(path, `float of width ${width} bytes is not supported (only 4 and 8)`);
  }

  /** Position `offset` bytes before `pos` (an offset slot's target). */
  target(pos: number, width: number, path: string): number {
    const off = this.uint(pos, width, path, 'offset');
    const t = pos - off;
    if (t < 0 || t >= this.bytes.length) throw new ModelError(path, `offset ${off} at byte ${pos} points outside the buffer`);
    return t;
  }

  /** A NUL-terminated string starting at `pos`. */
  cstring(pos: number, path: string): string {
    this.check(pos, 1, path, 'key');
    const end = this.bytes.indexOf(0, pos);
    if (end < 0) throw new ModelError(path, `key at byte ${pos} has no terminating NUL`);
    return utf8(this.bytes.subarray(pos, end), path);
  }
}

function utf8(b: Uint8Array, path: string): string {
  const s = decodeUtf8(b, true);
  if (s === null) throw new ModelError(path, 'string is not valid UTF-8');
  return s;
}

function isTypedVector(t: number): boolean {
  return (t >= FlexType.VECTOR_INT && t <= FlexType.VECTOR_STRING_DEPRECATED) || t === FlexType.VECTOR_BOOL;
}

function isFixedTypedVector(t: number): boolean {
  return t >= FlexType.VECTOR_INT2 && t <= FlexType.VECTOR_FLOAT4;
}

function typedVectorElementType(t: number): number {
  if (t === FlexType.VECTOR_BOOL) return FlexType.BOOL;
  if (isTypedVector(t)) return t - FlexType.VECTOR_INT + FlexType.INT;
  return ((t - FlexType.VECTOR_INT2) % 3) + FlexType.INT;
}

function fixedTypedVectorLength(t: number): number {
  return Math.floor((t - FlexType.VECTOR_INT2) / 3) + 2;
}

/** Largest nesting `toJS` follows (FlexBuffers offsets can form cycles in malicious input). */
const MAX_DEPTH = 64;

/**
 * One value: where it is stored (`pos`, in a slot of `parentWidth` bytes) and its packed type. Decoding happens
 * in the accessors; each checks the type and the bounds and throws ModelError (with `path`) otherwise.
 */
export class FlexValue {
  /** FlexType code. */
  readonly type: number;
  /** Byte width from the packed type (element width of vectors, width of indirect scalars and strings' size). */
  readonly byteWidth: number;

  /** @internal */
  constructor(
    private readonly buf: FlexBytes,
    private readonly pos: number,
    private readonly parentWidth: number,
    packedType: number,
    readonly path: string,
  ) {
    this.type = packedType >> 2;
    this.byteWidth = 1 << (packedType & 3);
  }

  get typeName(): string {
    return flexTypeName(this.type);
  }

  get isNull(): boolean {
    return this.type === FlexType.NULL;
  }

  get isNumber(): boolean {
    const t = this.type;
    return t === FlexType.INT || t === FlexType.UINT || t === FlexType.FLOAT || t === FlexType.BOOL ||
      t === FlexType.INDIRECT_INT || t === FlexType.INDIRECT_UINT || t === FlexType.INDIRECT_FLOAT;
  }

  get isMap(): boolean {
    return this.type === FlexType.MAP;
  }

  get isVector(): boolean {
    return this.type === FlexType.VECTOR || this.type === FlexType.MAP || isTypedVector(this.type) || isFixedTypedVector(this.type);
  }

  private fail(detail: string): never {
    throw new ModelError(this.path, detail);
  }

  private indirect(): number {
    return this.buf.target(this.pos, this.parentWidth, this.path);
  }

  /**
   * An integer (INT, UINT, BOOL, their indirect forms, or a FLOAT holding an integral value). Throws beyond
   * ±2^53 (use `asBigInt`).
   */
  asInt(): number {
    const b = this.buf;
    switch (this.type) {
      case FlexType.INT:
        return b.int(this.pos, this.parentWidth, this.path);
      case FlexType.UINT:
      case FlexType.BOOL:
        return b.uint(this.pos, this.parentWidth, this.path);
      case FlexType.INDIRECT_INT:
        return b.int(this.indirect(), this.byteWidth, this.path);
      case FlexType.INDIRECT_UINT:
        return b.uint(this.indirect(), this.byteWidth, this.path);
      case FlexType.FLOAT:
      case FlexType.INDIRECT_FLOAT: {
        const f = this.asFloat();
        if (!Number.isSafeInteger(f)) this.fail(`expected an integer, found the float ${f}`);
        return f;
      }
      default:
        return this.fail(`expected an integer, found ${this.typeName}`);
    }
  }

  /** An integer as an int32 (ModelError when out of range). */
  asInt32(): number {
    const v = this.asInt();
    if (v < -0x80000000 || v > 0x7fffffff) this.fail(`${v} does not fit in int32`);
    return v;
  }

  /** Exact 64-bit integer of INT/UINT/BOOL values (direct or indirect). */
  asBigInt(): bigint {
    const b = this.buf;
    switch (this.type) {
      case FlexType.INT:
        return b.bigint(this.pos, this.parentWidth, true, this.path);
      case FlexType.UINT:
      case FlexType.BOOL:
        return b.bigint(this.pos, this.parentWidth, false, this.path);
      case FlexType.INDIRECT_INT:
        return b.bigint(this.indirect(), this.byteWidth, true, this.path);
      case FlexType.INDIRECT_UINT:
        return b.bigint(this.indirect(), this.byteWidth, false, this.path);
      default:
        return BigInt(this.asInt());
    }
  }

  /** A number: FLOAT (4 or 8 bytes), or an integer type converted. */
  asFloat(): number {
    const b = this.buf;
    switch (this.type) {
      case FlexType.FLOAT:
        return b.float(this.pos, this.parentWidth, this.path);
      case FlexType.INDIRECT_FLOAT:
        return b.float(this.indirect(), this.byteWidth, this.path);
      case FlexType.INT:
      case FlexType.UINT:
      case FlexType.BOOL:
      case FlexType.INDIRECT_INT:
      case FlexType.INDIRECT_UINT:
        return this.asInt();
      default:
        return this.fail(`expected a number, found ${this.typeName}`);
    }
  }

  /** BOOL, or an integer (non-zero is true). */
  asBool(): boolean {
    switch (this.type) {
      case FlexType.BOOL:
      case FlexType.INT:
      case FlexType.UINT:
      case FlexType.INDIRECT_INT:
      case FlexType.INDIRECT_UINT:
        return this.asInt() !== 0;
      default:
        return this.fail(`expected a bool, found ${this.typeName}`);
    }
  }

  /** STRING or KEY. */
  asString(): string {
    if (this.type === FlexType.KEY) return this.buf.cstring(this.indirect(), this.path);
    if (this.type !== FlexType.STRING) this.fail(`expected a string, found ${this.typeName}`);
    const { at, size } = this.sized();
    return utf8(this.buf.bytes.subarray(at, at + size), this.path);
  }

  /** BLOB (or STRING) bytes: a view on the buffer, not a copy. */
  asBlob(): Uint8Array {
    if (this.type !== FlexType.BLOB && this.type !== FlexType.STRING) this.fail(`expected a blob, found ${this.typeName}`);
    const { at, size } = this.sized();
    return this.buf.bytes.subarray(at, at + size);
  }

  /** Data position and element count of a size-prefixed object (string, blob, vector, map). */
  private sized(): { at: number; size: number } {
    const at = this.indirect();
    const w = this.byteWidth;
    if (at < w) this.fail(`size field before byte ${at} is outside the buffer`);
    const size = this.buf.uint(at - w, w, this.path, 'size');
    const elem = this.type === FlexType.STRING || this.type === FlexType.BLOB ? 1 : w;
    this.buf.check(at, size * elem, this.path, `${this.typeName} of ${size} elements`);
    if (this.type === FlexType.VECTOR || this.type === FlexType.MAP) this.buf.check(at + size * w, size, this.path, 'element types');
    return { at, size };
  }

  /** Any vector (untyped, typed, fixed typed, or a map's values). */
  asVector(): FlexVector {
    const t = this.type;
    if (t === FlexType.VECTOR || t === FlexType.MAP) {
      const { at, size } = this.sized();
      return new FlexVector(this.buf, at, size, this.byteWidth, -1, this.path);
    }
    if (isTypedVector(t)) {
      const { at, size } = this.sized();
      return new FlexVector(this.buf, at, size, this.byteWidth, typedVectorElementType(t), this.path);
    }
    if (isFixedTypedVector(t)) {
      const at = this.indirect();
      const n = fixedTypedVectorLength(t);
      this.buf.check(at, n * this.byteWidth, this.path, `fixed vector of ${n} elements`);
      return new FlexVector(this.buf, at, n, this.byteWidth, typedVectorElementType(t), this.path);
    }
    return this.fail(`expected a vector, found ${this.typeName}`);
  }

  asMap(): FlexMap {
    if (this.type !== FlexType.MAP) this.fail(`expected a map, found ${this.typeName}`);
    const { at, size } = this.sized();
    const w = this.byteWidth;
    if (at < 3 * w) this.fail('map header is outside the buffer');
    const keysSlot = at - 3 * w;
    const keysAt = this.buf.target(keysSlot, w, this.path);
    const keysWidth = this.buf.uint(at - 2 * w, w, this.path, 'keys byte width');
    if (keysWidth !== 1 && keysWidth !== 2 && keysWidth !== 4 && keysWidth !== 8) this.fail(`invalid keys byte width ${keysWidth}`);
    if (keysAt < keysWidth) this.fail('keys vector size is outside the buffer');
    const keysSize = this.buf.uint(keysAt - keysWidth, keysWidth, this.path, 'keys size');
    if (keysSize !== size) this.fail(`map has ${size} values but ${keysSize} keys`);
    this.buf.check(keysAt, size * keysWidth, this.path, `keys vector of ${size} keys`);
    const values = new FlexVector(this.buf, at, size, w, -1, this.path);
    const keys: string[] = [];
    for (let i = 0; i < size; i++) {
      const slot = keysAt + i * keysWidth;
      keys.push(this.buf.cstring(this.buf.target(slot, keysWidth, `${this.path}.keys[${i}]`), `${this.path}.keys[${i}]`));
    }
    return new FlexMap(keys, values, this.path);
  }

  /** Plain JS value (numbers, booleans, strings, arrays, objects; blobs as Uint8Array). Nesting is limited. */
  toJS(depth = 0): unknown {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    switch (this.type) {
      case FlexType.NULL:
        return null;
      case FlexType.BOOL:
        return this.asBool();
      case FlexType.INT:
      case FlexType.UINT:
      case FlexType.INDIRECT_INT:
      case FlexType.INDIRECT_UINT:
        return this.asInt();
      case FlexType.FLOAT:
      case FlexType.INDIRECT_FLOAT:
        return this.asFloat();
      case FlexType.KEY:
      case FlexType.STRING:
        return this.asString();
      case FlexType.BLOB:
        return this.asBlob();
      case FlexType.MAP: {
        const m = this.asMap();
        const o: Record<string, unknown> = {};
        for (const k of m.keys) o[k] = m.get(k)!.toJS(depth + 1);
        return o;
      }
      default: {
        if (!this.isVector) this.fail(`unsupported type ${this.typeName}`);
        const v = this.asVector();
        const out: unknown[] = [];
        for (let i = 0; i < v.length; i++) out.push(v.at(i).toJS(depth + 1));
        return out;
      }
    }
  }
}

/** Elements of a vector (untyped: each with its own packed type byte after the elements). */
export class FlexVector {
  /** @internal */
  constructor(
    private readonly buf: FlexBytes,
    private readonly start: number,
    readonly length: number,
    private readonly width: number,
    /** Element type of typed vectors, -1 for untyped ones. */
    private readonly elementType: number,
    readonly path: string,
  ) {}

  at(i: number, path = `${this.path}[${i}]`): FlexValue {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new ModelError(path, `index out of range (length ${this.length})`);
    const packed =
      this.elementType >= 0
        ? (this.elementType << 2) | Math.log2(this.width)
        : this.buf.uint(this.start + this.length * this.width + i, 1, path, 'packed type');
    return new FlexValue(this.buf, this.start + i * this.width, this.width, packed, path);
  }

  /** Every element as an integer (see FlexValue.asInt). */
  toInts(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i).asInt());
    return out;
  }

  toFloats(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i).asFloat());
    return out;
  }
}

/**
 * A map: keys (sorted, as stored) and values. Accessors throw ModelError naming `path.key` when a required
 * key is missing or has the wrong type; pass a default to make a key optional.
 */
export class FlexMap {
  /** @internal */
  constructor(
    readonly keys: readonly string[],
    private readonly values: FlexVector,
    readonly path: string,
  ) {}

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.keys.includes(key);
  }

  /** The value under `key`, or undefined. */
  get(key: string): FlexValue | undefined {
    const i = this.keys.indexOf(key);
    if (i < 0) return undefined;
    return this.values.at(i, `${this.path}.${key}`);
  }

  /** The value under `key`; ModelError when missing. */
  value(key: string): FlexValue {
    const v = this.get(key);
    if (!v) throw new ModelError(`${this.path}.${key}`, `missing (keys: ${this.keys.join(', ') || 'none'})`);
    return v;
  }

  /** Value at sorted position `i` (how TFLM's FlexbufferWrapper addresses options). */
  at(i: number): FlexValue {
    return this.values.at(i, `${this.path}[${i}]`);
  }

  int(key: string, fallback?: number): number {
    const v = this.get(key);
    if (!v) return fallback ?? this.value(key).asInt();
    return v.asInt();
  }

  int32(key: string, fallback?: number): number {
    const v = this.get(key);
    if (!v) return fallback ?? this.value(key).asInt32();
    return v.asInt32();
  }

  float(key: string, fallback?: number): number {
    const v = this.get(key);
    if (!v) return fallback ?? this.value(key).asFloat();
    return v.asFloat();
  }

  bool(key: string, fallback?: boolean): boolean {
    const v = this.get(key);
    if (!v) return fallback ?? this.value(key).asBool();
    return v.asBool();
  }

  string(key: string, fallback?: string): string {
    const v = this.get(key);
    if (!v) return fallback ?? this.value(key).asString();
    return v.asString();
  }

  intVector(key: string, fallback?: number[]): number[] {
    const v = this.get(key);
    if (!v) return fallback ?? this.value(key).asVector().toInts();
    return v.asVector().toInts();
  }

  floatVector(key: string, fallback?: number[]): number[] {
    const v = this.get(key);
    if (!v) return fallback ?? this.value(key).asVector().toFloats();
    return v.asVector().toFloats();
  }

  toJS(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const k of this.keys) o[k] = this.value(k).toJS(1);
    return o;
  }
}

/**
 * The root value of a FlexBuffer. `path` prefixes error messages (default `custom_options`).
 * Throws ModelError when the buffer is too short or its root header is invalid.
 */
export function parseFlexbuffer(bytes: Uint8Array, path = 'custom_options'): FlexValue {
  const buf = new FlexBytes(bytes);
  const n = bytes.length;
  if (n < 3) throw new ModelError(path, `FlexBuffer of ${n} bytes is too short (at least 3)`);
  const width = bytes[n - 1]!;
  if (width !== 1 && width !== 2 && width !== 4 && width !== 8) throw new ModelError(path, `invalid root byte width ${width}`);
  const packed = bytes[n - 2]!;
  const pos = n - 2 - width;
  if (pos < 0) throw new ModelError(path, `root value of ${width} bytes does not fit in ${n} bytes`);
  return new FlexValue(buf, pos, width, packed, path);
}

/** The root map of a FlexBuffer (the form of every TFLM signal op's options). */
export function parseFlexMap(bytes: Uint8Array, path = 'custom_options'): FlexMap {
  return parseFlexbuffer(bytes, path).asMap();
}

// ---------------------------------------------------------------------------------------------------------
// Writer

const BW8 = 0;
const BW16 = 1;
const BW32 = 2;
const BW64 = 3;

function widthU(u: number): number {
  if (u <= 0xff) return BW8;
  if (u <= 0xffff) return BW16;
  if (u <= 0xffffffff) return BW32;
  return BW64;
}

function widthI(i: number): number {
  if (i >= -128 && i <= 127) return BW8;
  if (i >= -32768 && i <= 32767) return BW16;
  if (i >= -2147483648 && i <= 2147483647) return BW32;
  return BW64;
}

function widthF(f: number): number {
  return Math.fround(f) === f || Number.isNaN(f) ? BW32 : BW64;
}

function isInline(type: number): boolean {
  return type <= FlexType.FLOAT || type === FlexType.BOOL;
}

interface StackValue {
  type: number;
  /** Integer payload / absolute offset of out-of-line data. */
  n: number;
  /** Float payload. */
  f: number;
  minBitWidth: number;
  key?: string;
}

/**
 * A FlexBuffers builder following the C++ `flexbuffers::Builder` (so the bytes match what TFLM's generators
 * write): `b.startMap(); b.int('x', 1); b.endMap(start); b.finish()`. Supports ints, uints, floats, bools,
 * strings, blobs, nested maps and vectors, typed int/float vectors.
 */
export class FlexBuilder {
  private buf: number[] = [];
  private stack: StackValue[] = [];
  private finished = false;

  private key(k: string | undefined): void {
    if (k === undefined) return;
    const off = this.buf.length;
    for (const b of encodeUtf8(k)) this.buf.push(b);
    this.buf.push(0);
    this.stack.push({ type: FlexType.KEY, n: off, f: 0, minBitWidth: BW8, key: k });
  }

  null(key?: string): this {
    this.key(key);
    this.stack.push({ type: FlexType.NULL, n: 0, f: 0, minBitWidth: BW8 });
    return this;
  }

  int(a: string | number, b?: number): this {
    const [k, v] = typeof a === 'string' ? [a, b!] : [undefined, a];
    if (!Number.isSafeInteger(v)) throw new RangeError(`FlexBuilder.int: ${v} is not a safe integer`);
    this.key(k);
    this.stack.push({ type: FlexType.INT, n: v, f: 0, minBitWidth: widthI(v) });
    return this;
  }

  uint(a: string | number, b?: number): this {
    const [k, v] = typeof a === 'string' ? [a, b!] : [undefined, a];
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`FlexBuilder.uint: ${v} is not a safe unsigned integer`);
    this.key(k);
    this.stack.push({ type: FlexType.UINT, n: v, f: 0, minBitWidth: widthU(v) });
    return this;
  }

  /** A 32-bit float (as C++ `Float`). */
  float(a: string | number, b?: number): this {
    const [k, v] = typeof a === 'string' ? [a, b!] : [undefined, a];
    this.key(k);
    this.stack.push({ type: FlexType.FLOAT, n: 0, f: Math.fround(v), minBitWidth: BW32 });
    return this;
  }

  /** A double (as C++ `Double`: stored in 4 bytes when exactly representable as float). */
  double(a: string | number, b?: number): this {
    const [k, v] = typeof a === 'string' ? [a, b!] : [undefined, a];
    this.key(k);
    this.stack.push({ type: FlexType.FLOAT, n: 0, f: v, minBitWidth: widthF(v) });
    return this;
  }

  bool(a: string | boolean, b?: boolean): this {
    const [k, v] = typeof a === 'string' ? [a, b!] : [undefined, a];
    this.key(k);
    this.stack.push({ type: FlexType.BOOL, n: v ? 1 : 0, f: 0, minBitWidth: BW8 });
    return this;
  }

  string(a: string, b?: string): this {
    const [k, v] = b !== undefined ? [a, b] : [undefined, a];
    this.key(k);
    this.blobLike(encodeUtf8(v), FlexType.STRING, 1);
    return this;
  }

  blob(a: string | Uint8Array, b?: Uint8Array): this {
    const [k, v] = typeof a === 'string' ? [a, b!] : [undefined, a];
    this.key(k);
    this.blobLike(v, FlexType.BLOB, 0);
    return this;
  }

  private blobLike(data: Uint8Array, type: number, trailing: number): void {
    const bitWidth = widthU(data.length);
    const byteWidth = this.align(bitWidth);
    this.writeUInt(data.length, byteWidth);
    const at = this.buf.length;
    for (const x of data) this.buf.push(x);
    for (let i = 0; i < trailing; i++) this.buf.push(0);
    this.stack.push({ type, n: at, f: 0, minBitWidth: bitWidth });
  }

  /** A typed vector of ints (VECTOR_INT). */
  intVector(a: string | number[], b?: number[]): this {
    const [k, v] = typeof a === 'string' ? [a, b!] : [undefined, a];
    this.key(k);
    const start = this.stack.length;
    for (const x of v) this.int(x);
    this.endVector(start, true, false);
    return this;
  }

  /** A typed vector of floats (VECTOR_FLOAT), each stored as float32 unless it needs a double. */
  floatVector(a: string | number[], b?: number[]): this {
    const [k, v] = typeof a === 'string' ? [a, b!] : [undefined, a];
    this.key(k);
    const start = this.stack.length;
    for (const x of v) this.double(x);
    this.endVector(start, true, false);
    return this;
  }

  /** Begin a map or vector (optionally under `key` in the enclosing map); returns the start for `end*`. */
  startMap(key?: string): number {
    this.key(key);
    return this.stack.length;
  }

  startVector(key?: string): number {
    this.key(key);
    return this.stack.length;
  }

  endVector(start: number, typed = false, fixed = false): this {
    const len = this.stack.length - start;
    const v = this.createVector(start, len, 1, typed, fixed, null);
    this.stack.length = start;
    this.stack.push(v);
    return this;
  }

  endMap(start: number): this {
    const len = (this.stack.length - start) / 2;
    if (!Number.isInteger(len)) throw new Error('FlexBuilder.endMap: every map value needs a key');
    const pairs: [StackValue, StackValue][] = [];
    for (let i = 0; i < len; i++) {
      const k = this.stack[start + 2 * i]!;
      if (k.type !== FlexType.KEY) throw new Error('FlexBuilder.endMap: every map value needs a key');
      pairs.push([k, this.stack[start + 2 * i + 1]!]);
    }
    pairs.sort((x, y) => compareBytes(x[0].key!, y[0].key!));
    pairs.forEach(([k, v], i) => {
      this.stack[start + 2 * i] = k;
      this.stack[start + 2 * i + 1] = v;
    });
    const keys = this.createVector(start, len, 2, true, false, null);
    const vec = this.createVector(start + 1, len, 2, false, false, keys);
    this.stack.length = start;
    this.stack.push(vec);
    return this;
  }

  /** Write the root and return the buffer. */
  finish(): Uint8Array {
    if (this.finished) throw new Error('FlexBuilder.finish called twice');
    if (this.stack.length !== 1) throw new Error(`FlexBuilder.finish: expected one root value, have ${this.stack.length}`);
    const root = this.stack[0]!;
    const byteWidth = this.align(this.elemWidth(root, this.buf.length, 0));
    this.writeAny(root, byteWidth);
    this.buf.push(this.storedPackedType(root, BW8));
    this.buf.push(byteWidth);
    this.finished = true;
    return Uint8Array.from(this.buf);
  }

  private createVector(start: number, len: number, step: number, typed: boolean, fixed: boolean, keys: StackValue | null): StackValue {
    let bitWidth = widthU(len);
    let prefixElems = 1;
    if (keys) {
      bitWidth = Math.max(bitWidth, this.elemWidth(keys, this.buf.length, 0));
      prefixElems += 2;
    }
    let vectorType: number = FlexType.KEY;
    for (let i = start; i < this.stack.length; i += step) {
      const e = this.stack[i]!;
      bitWidth = Math.max(bitWidth, this.elemWidth(e, this.buf.length, (i - start) / step + prefixElems));
      if (typed) {
        if (i === start) vectorType = e.type;
        else if (e.type !== vectorType) throw new Error('FlexBuilder: typed vector elements differ in type');
      }
    }
    const byteWidth = this.align(bitWidth);
    if (keys) {
      this.writeOffset(keys.n, byteWidth);
      this.writeUInt(1 << keys.minBitWidth, byteWidth);
    }
    if (!fixed) this.writeUInt(len, byteWidth);
    const vloc = this.buf.length;
    for (let i = start; i < this.stack.length; i += step) this.writeAny(this.stack[i]!, byteWidth);
    if (!typed) for (let i = start; i < this.stack.length; i += step) this.buf.push(this.storedPackedType(this.stack[i]!, bitWidth));
    let type: number;
    if (keys) type = FlexType.MAP;
    else if (!typed) type = FlexType.VECTOR;
    else if (fixed) type = (vectorType - FlexType.INT) + (len - 2) * 3 + FlexType.VECTOR_INT2;
    else type = vectorType === FlexType.BOOL ? FlexType.VECTOR_BOOL : vectorType - FlexType.INT + FlexType.VECTOR_INT;
    return { type, n: vloc, f: 0, minBitWidth: bitWidth };
  }

  private elemWidth(v: StackValue, bufSize: number, elemIndex: number): number {
    if (isInline(v.type)) return v.minBitWidth;
    for (let byteWidth = 1; byteWidth <= 8; byteWidth *= 2) {
      const offsetLoc = bufSize + padding(bufSize, byteWidth) + elemIndex * byteWidth;
      const offset = offsetLoc - v.n;
      const bw = widthU(offset);
      if (1 << bw === byteWidth) return bw;
    }
    return BW64;
  }

  private storedPackedType(v: StackValue, parentBitWidth: number): number {
    const w = isInline(v.type) ? Math.max(v.minBitWidth, parentBitWidth) : v.minBitWidth;
    return w | (v.type << 2);
  }

  private align(bitWidth: number): number {
    const byteWidth = 1 << bitWidth;
    const pad = padding(this.buf.length, byteWidth);
    for (let i = 0; i < pad; i++) this.buf.push(0);
    return byteWidth;
  }

  private writeAny(v: StackValue, byteWidth: number): void {
    switch (v.type) {
      case FlexType.NULL:
      case FlexType.INT:
        this.writeInt(v.n, byteWidth);
        break;
      case FlexType.BOOL:
      case FlexType.UINT:
        this.writeUInt(v.n, byteWidth);
        break;
      case FlexType.FLOAT:
        this.writeFloat(v.f, byteWidth);
        break;
      default:
        this.writeOffset(v.n, byteWidth);
    }
  }

  private writeOffset(target: number, byteWidth: number): void {
    this.writeUInt(this.buf.length - target, byteWidth);
  }

  private writeInt(v: number, byteWidth: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt(v), true);
    for (let i = 0; i < byteWidth; i++) this.buf.push(b[i]!);
  }

  private writeUInt(v: number, byteWidth: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    for (let i = 0; i < byteWidth; i++) this.buf.push(b[i]!);
  }

  private writeFloat(v: number, byteWidth: number): void {
    const b = new Uint8Array(8);
    const dv = new DataView(b.buffer);
    if (byteWidth === 8) dv.setFloat64(0, v, true);
    else if (byteWidth === 4) dv.setFloat32(0, v, true);
    else throw new Error(`FlexBuilder: cannot store a float in ${byteWidth} bytes`);
    for (let i = 0; i < byteWidth; i++) this.buf.push(b[i]!);
  }
}

function padding(size: number, align: number): number {
  return (-size) & (align - 1);
}

function compareBytes(a: string, b: string): number {
  const x = encodeUtf8(a);
  const y = encodeUtf8(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** A value for `flexMap`: an explicit float/double/uint/string wrapper, or a plain JS value. */
export type FlexInput =
  | number
  | boolean
  | string
  | number[]
  | { float: number }
  | { double: number }
  | { uint: number }
  | { floats: number[] }
  | { map: Record<string, FlexInput> };

/** Wrap a number so `flexMap` stores it as a float32 even when it is integral. */
export function flexFloat(v: number): { float: number } {
  return { float: v };
}

/**
 * One FlexBuffer map from a plain object, keys in insertion order as the C++ builder writes them:
 * integers → INT, other numbers → FLOAT (double if needed), booleans → BOOL, strings → STRING,
 * number[] → typed int vector, `{float}` / `{double}` / `{uint}` / `{floats}` / `{map}` for the rest.
 */
export function flexMap(entries: Record<string, FlexInput>): Uint8Array {
  const b = new FlexBuilder();
  writeMap(b, undefined, entries);
  return b.finish();
}

function writeMap(b: FlexBuilder, key: string | undefined, entries: Record<string, FlexInput>): void {
  const start = b.startMap(key);
  for (const [k, v] of Object.entries(entries)) {
    if (typeof v === 'number') {
      if (Number.isInteger(v)) b.int(k, v);
      else b.double(k, v);
    } else if (typeof v === 'boolean') b.bool(k, v);
    else if (typeof v === 'string') b.string(k, v);
    else if (Array.isArray(v)) b.intVector(k, v);
    else if ('float' in v) b.float(k, v.float);
    else if ('double' in v) b.double(k, v.double);
    else if ('uint' in v) b.uint(k, v.uint);
    else if ('floats' in v) b.floatVector(k, v.floats);
    else writeMap(b, k, v.map);
  }
  b.endMap(start);
}
