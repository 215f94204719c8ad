/**
 * Structure-aware-ish mutations of .tflite bytes: random bit flips and byte sets, truncation, 32-bit words set to
 * values that stress a flatbuffer reader (offsets to the header, to the end, near 2^31, negative), splices, and
 * vtable-sized field rewrites. Deterministic for a given RNG.
 */

export type Rng = () => number;

/** xorshift-based PRNG in [0, 1). */
export function rng(seed: number): Rng {
  let s = (seed >>> 0) || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const INTERESTING32 = [0, 1, 2, 4, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7ffffffe, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];

function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

export type Mutation = (b: Uint8Array, r: Rng) => Uint8Array;

export const mutations: Record<string, Mutation> = {
  bitFlips(b, r) {
    const out = b.slice();
    const n = 1 + Math.floor(r() * 8);
    for (let i = 0; i < n; i++) out[Math.floor(r() * out.length)]! ^= 1 << Math.floor(r() * 8);
    return out;
  },
  byteSet(b, r) {
    const out = b.slice();
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) out[Math.floor(r() * out.length)] = pick(r, [0, 1, 0x7f, 0x80, 0xff]);
    return out;
  },
  truncate(b, r) {
    return b.slice(0, Math.floor(r() * b.length));
  },
  word32(b, r) {
    const out = b.slice();
    if (out.length < 8) return out;
    const v = new DataView(out.buffer);
    const at = Math.floor(r() * (out.length - 4)) & ~3;
    const choices = [...INTERESTING32, out.length, out.length - 4, out.length + 4, (out.length - at) >>> 0, (-at) >>> 0, 4, 8];
    v.setUint32(at, pick(r, choices) >>> 0, true);
    return out;
  },
  /** Point a uoffset at the header or past the end. */
  offsetToHeader(b, r) {
    const out = b.slice();
    if (out.length < 16) return out;
    const v = new DataView(out.buffer);
    const at = 8 + (Math.floor(r() * (out.length - 12)) & ~3);
    v.setUint32(at, (pick(r, [0, 4, 8, out.length, out.length * 2]) - at) >>> 0, true);
    return out;
  },
  word16(b, r) {
    const out = b.slice();
    if (out.length < 4) return out;
    const v = new DataView(out.buffer);
    const at = Math.floor(r() * (out.length - 2)) & ~1;
    v.setUint16(at, pick(r, [0, 2, 4, 0x7ffe, 0xfffe, 0xffff, 0x8000]), true);
    return out;
  },
  splice(b, r) {
    const out = b.slice();
    const len = Math.floor(r() * 64);
    const from = Math.floor(r() * Math.max(1, out.length - len));
    const to = Math.floor(r() * Math.max(1, out.length - len));
    out.copyWithin(to, from, from + len);
    return out;
  },
  /** Shrink a small int32 (a dimension, index or count): set it to -1, 0, a big value, or off by one. */
  smallInts(b, r) {
    const out = b.slice();
    const v = new DataView(out.buffer);
    for (let tries = 0; tries < 64 && out.length >= 8; tries++) {
      const at = Math.floor(r() * (out.length - 4)) & ~3;
      const x = v.getInt32(at, true);
      if (x > 0 && x < 4096) {
        v.setInt32(at, pick(r, [-1, 0, x + 1, x - 1, x * 1000, 0x40000000, 65536]), true);
        break;
      }
    }
    return out;
  },
};

const names = Object.keys(mutations);

/** Apply 1–3 random mutations. Returns the bytes and a description. */
export function mutate(b: Uint8Array, r: Rng): { bytes: Uint8Array; how: string[] } {
  let out = b;
  const how: string[] = [];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const name = pick(r, names);
    out = mutations[name]!(out, r);
    how.push(name);
  }
  return { bytes: out, how };
}
