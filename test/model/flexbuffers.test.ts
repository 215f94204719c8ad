/**
 * FlexBuffers reader and writer. The byte strings are TFLM's own generated test options
 * (signal/micro/kernels/*_flexbuffers_generated_data.cc): the reader must decode them, and the writer must
 * reproduce them byte for byte. Fuzzed and truncated buffers must fail with ModelError only.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelError } from '../../src/errors.js';
import { FlexBuilder, flexFloat, flexMap, FlexType, parseFlexbuffer, parseFlexMap } from '../../src/model/flexbuffers.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/).map((x) => parseInt(x, 16)));

/** TFLM generated options, with the map they encode and the insertion order its generator used. */
const TFLM_SAMPLES: { name: string; bytes: string; value: Record<string, number | boolean> }[] = [
  { name: 'window shift 12', bytes: '73 68 69 66 74 00 01 07 01 01 01 0c 04 02 24 01', value: { shift: 12 } },
  {
    name: 'energy start 2 end 4',
    bytes: '73 74 61 72 74 5f 69 6e 64 65 78 00 65 6e 64 5f 69 6e 64 65 78 00 02 0b 18 02 01 02 04 02 04 04 04 24 01',
    value: { start_index: 2, end_index: 4 },
  },
  {
    name: 'fft length 512 int16',
    bytes: '66 66 74 5f 6c 65 6e 67 74 68 00 54 00 02 03 0f 02 00 01 00 02 00 07 00 00 02 05 05 06 25 01',
    value: { fft_length: 512, T: 7 },
  },
  {
    name: 'fft length 64 float',
    bytes: '66 66 74 5f 6c 65 6e 67 74 68 00 54 00 02 03 0f 02 01 02 00 40 04 04 04 24 01',
    value: { fft_length: 64, T: 0 },
  },
  {
    name: 'framer 5 2 prefill',
    bytes:
      '66 72 61 6d 65 5f 73 69 7a 65 00 66 72 61 6d 65 5f 73 74 65 70 00 70 72 65 66 69 6c 6c 00 03 1f 15 0b 03 01 03 05 02 01 04 04 68 06 24 01',
    value: { frame_size: 5, frame_step: 2, prefill: true },
  },
  {
    name: 'filter bank log 32768 / 5',
    bytes:
      '6f 75 74 70 75 74 5f 73 63 61 6c 65 00 69 6e 70 75 74 5f 63 6f 72 72 65 63 74 69 6f 6e 5f 62 69 74 73 00 02 17 25 00 00 04 00 00 00 01 00 00 00 02 00 00 00 05 00 00 00 00 80 00 00 06 06 0a 26 01',
    value: { output_scale: 32768, input_correction_bits: 5 },
  },
  {
    name: 'stacker 3 channels step 1',
    bytes:
      '6e 75 6d 5f 63 68 61 6e 6e 65 6c 73 00 73 74 61 63 6b 65 72 5f 6c 65 66 74 5f 63 6f 6e 74 65 78 74 00 73 74 61 63 6b 65 72 5f 72 69 67 68 74 5f 63 6f 6e 74 65 78 74 00 73 74 61 63 6b 65 72 5f 73 74 65 70 00 04 46 3a 26 11 04 01 04 03 01 00 01 04 04 04 04 08 24 01',
    value: { num_channels: 3, stacker_left_context: 1, stacker_right_context: 0, stacker_step: 1 },
  },
  {
    name: 'spectral subtraction 32 channels',
    bytes:
      '6e 75 6d 5f 63 68 61 6e 6e 65 6c 73 00 73 6d 6f 6f 74 68 69 6e 67 00 6f 6e 65 5f 6d 69 6e 75 73 5f 73 6d 6f 6f 74 68 69 6e 67 00 61 6c 74 65 72 6e 61 74 65 5f 73 6d 6f 6f 74 68 69 6e 67 00 61 6c 74 65 72 6e 61 74 65 5f 6f 6e 65 5f 6d 69 6e 75 73 5f 73 6d 6f 6f 74 68 69 6e 67 00 73 6d 6f 6f 74 68 69 6e 67 5f 62 69 74 73 00 6d 69 6e 5f 73 69 67 6e 61 6c 5f 72 65 6d 61 69 6e 69 6e 67 00 63 6c 61 6d 70 69 6e 67 00 73 70 65 63 74 72 61 6c 5f 73 75 62 74 72 61 63 74 69 6f 6e 5f 62 69 74 73 00 09 66 7b 26 3c a9 93 9e 4f 23 09 00 01 00 09 00 71 3d 8f 02 00 00 33 03 20 00 71 3d 8f 02 00 00 0e 00 05 05 05 05 05 05 05 05 05 1b 25 01',
    value: {
      num_channels: 32,
      smoothing: 655,
      one_minus_smoothing: 15729,
      alternate_smoothing: 655,
      alternate_one_minus_smoothing: 15729,
      smoothing_bits: 0,
      min_signal_remaining: 819,
      clamping: 0,
      spectral_subtraction_bits: 14,
    },
  },
];

describe('FlexBuffers reader', () => {
  for (const s of TFLM_SAMPLES) {
    test(`decodes TFLM's ${s.name}`, () => {
      const m = parseFlexMap(hex(s.bytes));
      assert.deepEqual(m.toJS(), Object.fromEntries(Object.keys(s.value).sort().map((k) => [k, s.value[k]])));
      // Keys are stored sorted: position i is what TFLM's FlexbufferWrapper reads as element i.
      assert.deepEqual([...m.keys], Object.keys(s.value).sort());
      for (const [k, v] of Object.entries(s.value)) {
        if (typeof v === 'boolean') assert.equal(m.bool(k), v);
        else assert.equal(m.int(k), v);
      }
    });
  }

  test('typed accessors, defaults, missing keys', () => {
    const bytes = flexMap({ a: 1, b: flexFloat(0.5), c: true, d: [1, -2, 300], e: 'hi', f: { floats: [1.5, -2] } });
    const m = parseFlexMap(bytes, 'node.custom_options');
    assert.equal(m.int('a'), 1);
    assert.equal(m.int32('a'), 1);
    assert.equal(m.float('b'), 0.5);
    assert.equal(m.float('a'), 1);
    assert.equal(m.bool('c'), true);
    assert.deepEqual(m.intVector('d'), [1, -2, 300]);
    assert.deepEqual(m.floatVector('f'), [1.5, -2]);
    assert.equal(m.string('e'), 'hi');
    assert.equal(m.int('zz', 7), 7);
    assert.equal(m.has('zz'), false);
    assert.throws(() => m.int('zz'), (e: unknown) => e instanceof ModelError && e.path === 'node.custom_options.zz');
    assert.throws(() => m.int('e'), (e: unknown) => e instanceof ModelError && /expected an integer, found STRING/.test(e.message));
    assert.throws(() => m.float('d'), ModelError);
    assert.throws(() => m.bool('b'), ModelError);
    assert.equal(m.at(0).asInt(), 1);
  });

  test('all scalar widths, signed and unsigned, 4- and 8-byte floats', () => {
    const b = new FlexBuilder();
    const start = b.startMap();
    b.int('i8', -100).int('i16', -30000).int('i32', -2000000000).int('i64', -(2 ** 52));
    b.uint('u8', 200).uint('u16', 60000).uint('u32', 4000000000).uint('u64', 2 ** 52 + 1);
    b.float('f32', 1.25).double('f64', 0.1).bool('t', true).null('n');
    b.endMap(start);
    const m = parseFlexMap(b.finish());
    assert.equal(m.int('i8'), -100);
    assert.equal(m.int('i16'), -30000);
    assert.equal(m.int('i32'), -2000000000);
    assert.equal(m.int('i64'), -(2 ** 52));
    assert.equal(m.int('u8'), 200);
    assert.equal(m.int('u16'), 60000);
    assert.equal(m.int('u32'), 4000000000);
    assert.equal(m.int('u64'), 2 ** 52 + 1);
    assert.equal(m.float('f32'), 1.25);
    assert.equal(m.float('f64'), 0.1);
    assert.equal(m.value('u64').asBigInt(), 2n ** 52n + 1n);
    assert.ok(m.value('n').isNull);
    assert.throws(() => m.int32('u32'), /does not fit in int32/);
  });

  test('nested maps, untyped vectors, blobs, fixed typed vectors', () => {
    const b = new FlexBuilder();
    const root = b.startMap();
    const inner = b.startMap('inner');
    b.int('x', 3);
    b.endMap(inner);
    const v = b.startVector('mixed');
    b.int(1).string('two').float(3.5).bool(false);
    b.endVector(v);
    b.blob('blob', Uint8Array.of(1, 2, 3));
    const fixed = b.startVector('fixed');
    b.int(7).int(8).int(9);
    b.endVector(fixed, true, true);
    b.endMap(root);
    const m = parseFlexMap(b.finish());
    assert.deepEqual(m.value('inner').asMap().toJS(), { x: 3 });
    assert.deepEqual(m.value('mixed').toJS(), [1, 'two', 3.5, false]);
    assert.deepEqual(Array.from(m.value('blob').asBlob()), [1, 2, 3]);
    assert.equal(m.value('fixed').type, FlexType.VECTOR_INT3);
    assert.deepEqual(m.intVector('fixed'), [7, 8, 9]);
  });

  test('root scalars and strings', () => {
    const b = new FlexBuilder();
    b.int(-5);
    assert.equal(parseFlexbuffer(b.finish()).asInt(), -5);
    const s = new FlexBuilder();
    s.string('héllo');
    assert.equal(parseFlexbuffer(s.finish()).asString(), 'héllo');
  });
});

describe('FlexBuffers writer', () => {
  for (const s of TFLM_SAMPLES) {
    test(`reproduces TFLM's ${s.name} byte for byte`, () => {
      assert.deepEqual(Array.from(flexMap(s.value)), Array.from(hex(s.bytes)));
    });
  }

  test('int vectors pick the narrowest width', () => {
    const m = parseFlexMap(flexMap({ v: [1, 2, 70000] }));
    assert.equal(m.value('v').type, FlexType.VECTOR_INT);
    assert.equal(m.value('v').byteWidth, 4);
    assert.deepEqual(m.intVector('v'), [1, 2, 70000]);
  });
});

/** Deterministic LCG for the fuzz loops. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

/** Decode everything reachable; only ModelError may escape. */
function exercise(bytes: Uint8Array): void {
  try {
    const root = parseFlexbuffer(bytes);
    root.toJS();
    if (root.isMap) {
      const m = root.asMap();
      for (const k of m.keys) {
        const v = m.value(k);
        for (const f of [() => v.asInt(), () => v.asFloat(), () => v.asBool(), () => v.asString(), () => v.asVector().toInts()]) {
          try {
            f();
          } catch (e) {
            if (!(e instanceof ModelError)) throw e;
          }
        }
      }
    }
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
  }
}

describe('FlexBuffers robustness', () => {
  const seeds = TFLM_SAMPLES.map((s) => hex(s.bytes)).concat([
    flexMap({ a: [1, 2, 3], b: 'text', c: { map: { d: 1.5, e: [4, 5] } }, f: { floats: [0.25] } }),
  ]);

  test('every truncation of every sample throws ModelError or decodes', () => {
    for (const s of seeds) {
      for (let n = 0; n < s.length; n++) {
        for (const cut of [s.subarray(0, n), s.subarray(s.length - n)]) {
          assert.doesNotThrow(() => exercise(cut), `length ${n}`);
        }
      }
      assert.throws(() => parseFlexbuffer(s.subarray(0, 2)), ModelError);
    }
  });

  test('5,000 byte-mutated buffers give only ModelError', () => {
    const next = lcg(20240611);
    for (let i = 0; i < 5000; i++) {
      const src = seeds[i % seeds.length]!;
      const b = src.slice();
      const edits = 1 + (next() % 4);
      for (let e = 0; e < edits; e++) b[next() % b.length] = next() & 0xff;
      assert.doesNotThrow(() => exercise(b), `case ${i}: ${Array.from(b).join(',')}`);
    }
  });

  test('random buffers give only ModelError', () => {
    const next = lcg(99);
    for (let i = 0; i < 3000; i++) {
      const b = new Uint8Array(next() % 40);
      for (let j = 0; j < b.length; j++) b[j] = next() & 0xff;
      assert.doesNotThrow(() => exercise(b), `case ${i}`);
    }
  });

  test('self-referencing offsets do not loop forever', () => {
    // A vector whose single element is an offset 0 pointing at itself (a cycle through toJS).
    const b = Uint8Array.of(1, 0, 0x28, 2, 0x28, 1);
    assert.throws(() => parseFlexbuffer(b).toJS(), ModelError);
  });
});
