/**
 * TFLM's TFLM_DECODE states (micro/kernels/decode_state_lut.cc, _prune.cc, _huffman.cc) over raw bytes:
 *  - LUT: `bitWidth`-bit indices packed MSB first; each selects an element of its channel's value table.
 *  - Prune: a bitmask (MSB first), one bit per output element: set bits take the next value of the table,
 *    clear bits the (per-channel int8, else single) zero point.
 *  - Huffman: a big-endian bitstream of codewords walked through 16- or 32-bit lookup tables.
 * Elements are moved as bytes (`elementBytes` wide), so every type (bool, int8/16/32/64, float32 bits) decodes
 * exactly as TFLM's typed copies do. TFLM's optimized int8 LUT paths (widths 2, 3, 4) read the same index
 * stream as its generic one. Allocates nothing.
 */

/** The `bitWidth`-bit index number `k` of an MSB-first packed stream (TFLM's GetNextTableIndexWidthN). */
export function lutIndex(indices: Uint8Array, k: number, bitWidth: number): number {
  if (bitWidth === 0) return 0;
  let bit = k * bitWidth;
  let v = 0;
  for (let i = 0; i < bitWidth; i++, bit++) v = (v << 1) | ((indices[bit >> 3]! >> (7 - (bit & 7))) & 1);
  return v;
}

export interface LutParams {
  bitWidth: number;
  channels: number;
  /** Table elements per channel. */
  stride: number;
  count: number;
  altAxis: boolean;
  elementBytes: number;
}

/** DecompressToBufferWidthAny (and the equivalent optimized paths). `table` starts at the value table. */
export function lutDecode(p: LutParams, indices: Uint8Array, table: Uint8Array, tableAt: number, out: Uint8Array): void {
  const es = p.elementBytes;
  const { bitWidth, channels, stride, count } = p;
  let k = 0;
  let o = 0;
  if (p.altAxis) {
    for (let done = 0; done < count; done += channels) {
      for (let c = 0; c < channels; c++, k++, o += es) {
        const s = tableAt + (c * stride + lutIndex(indices, k, bitWidth)) * es;
        for (let b = 0; b < es; b++) out[o + b] = table[s + b]!;
      }
    }
    return;
  }
  const perChannel = Math.floor(count / channels);
  for (let c = 0; c < channels; c++) {
    const base = tableAt + c * stride * es;
    for (let e = 0; e < perChannel; e++, k++, o += es) {
      const s = base + lutIndex(indices, k, bitWidth) * es;
      for (let b = 0; b < es; b++) out[o + b] = table[s + b]!;
    }
  }
}

export interface PruneParams {
  count: number;
  channels: number;
  altAxis: boolean;
  elementBytes: number;
  /** Per-channel int8 zero points (int8 outputs with several channels and a nonzero one), else null. */
  zeroPoints: Int8Array | null;
  /** The single zero point, as the output type's little-endian bytes. */
  zeroBytes: Uint8Array;
}

/** DecompressToBuffer<T> / DecompressToBufferPerChannelInt8. */
export function pruneDecode(p: PruneParams, mask: Uint8Array, table: Uint8Array, tableAt: number, out: Uint8Array): void {
  const es = p.elementBytes;
  const zps = p.zeroPoints;
  let v = tableAt;
  if (zps === null) {
    const zb = p.zeroBytes;
    for (let i = 0, o = 0; i < p.count; i++, o += es) {
      if ((mask[i >> 3]! >> (7 - (i & 7))) & 1) {
        for (let b = 0; b < es; b++) out[o + b] = table[v++]!;
      } else {
        for (let b = 0; b < es; b++) out[o + b] = zb[b]!;
      }
    }
    return;
  }
  // int8, one byte per element.
  const channels = p.channels;
  let i = 0;
  if (p.altAxis) {
    for (let done = 0; done < p.count; done += channels) {
      for (let c = 0; c < channels; c++, i++) out[i] = (mask[i >> 3]! >> (7 - (i & 7))) & 1 ? table[v++]! : zps[c]!;
    }
    return;
  }
  const perChannel = Math.floor(p.count / channels);
  for (let c = 0; c < channels; c++) {
    const zp = zps[c]!;
    for (let e = 0; e < perChannel; e++, i++) out[i] = (mask[i >> 3]! >> (7 - (i & 7))) & 1 ? table[v++]! : zp;
  }
}

export interface HuffmanParams {
  count: number;
  use32: boolean;
  /** log2(initial table elements) - 1, from the metadata. */
  initialBits: number;
  /** Bytes per output element (1 for int8, 2 for int16). */
  elementBytes: number;
  /** Table entries available after the metadata. */
  tableEntries: number;
}

/** The next `n` (1..31) bits of an MSB-first stream at bit `pos` (bits past the end read as 0). */
function bitsAt(b: Uint8Array, pos: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++, pos++) {
    const byte = pos >> 3;
    v = (v * 2) + (byte < b.length ? (b[byte]! >> (7 - (pos & 7))) & 1 : 0);
  }
  return v;
}

/**
 * DecompressToBufferWith16BitTable / With32BitTable. TFLM's GetNextBits / PutBackBits over big-endian 32-bit
 * words are a bit cursor over the codeword bytes. Each symbol is the low 8 (int8) or 16 (int16) bits of its
 * table entry. Returns false when a table walk leaves the table (corrupt data; TFLM reads out of bounds).
 */
export function huffmanDecode(p: HuffmanParams, codewords: Uint8Array, tables: Uint8Array, tablesAt: number, out: Uint8Array): boolean {
  const initial = p.initialBits + 1;
  const found = p.use32 ? 0x80000000 : 0x8000;
  const countMask = p.use32 ? 0x78000000 : 0x7800;
  const countShift = p.use32 ? 27 : 11;
  const valueMask = p.use32 ? 0x07ffffff : 0x07ff;
  const entryBytes = p.use32 ? 4 : 2;
  const es = p.elementBytes;
  let pos = 0;
  for (let i = 0, o = 0; i < p.count; i++, o += es) {
    let used = initial;
    let offset = bitsAt(codewords, pos, used);
    pos += used;
    if (offset >= p.tableEntries) return false;
    let at = tablesAt + offset * entryBytes;
    let value = p.use32
      ? (tables[at]! | (tables[at + 1]! << 8) | (tables[at + 2]! << 16) | (tables[at + 3]! << 24)) >>> 0
      : tables[at]! | (tables[at + 1]! << 8);
    while (!(value & found)) {
      used = Math.floor((value & countMask) / 2 ** countShift) + 1;
      const index = bitsAt(codewords, pos, used);
      pos += used;
      offset += (value & valueMask) + index;
      if (offset >= p.tableEntries) return false;
      at = tablesAt + offset * entryBytes;
      value = p.use32
        ? (tables[at]! | (tables[at + 1]! << 8) | (tables[at + 2]! << 16) | (tables[at + 3]! << 24)) >>> 0
        : tables[at]! | (tables[at + 1]! << 8);
    }
    // *buffer++ = table_value: the low bytes of the entry (little-endian), as int8 / int16.
    out[o] = value & 0xff;
    if (es === 2) out[o + 1] = (value >>> 8) & 0xff;
    const residual = Math.floor((value & countMask) / 2 ** countShift);
    if (used > residual) pos -= used - residual;
  }
  return true;
}
