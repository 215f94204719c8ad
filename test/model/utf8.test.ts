// decodeUtf8 (no TextDecoder, for engines without it) against Node's TextDecoder.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeUtf8, encodeUtf8 } from '../../src/model/utf8.js';

const strict = new TextDecoder('utf-8', { fatal: true });
function reference(b: Uint8Array): string | null {
  try {
    return strict.decode(b);
  } catch {
    return null;
  }
}

describe('decodeUtf8', () => {
  test('valid text round-trips (ASCII, 2/3/4-byte forms, edges of each range)', () => {
    const samples = ['', 'conv2d/weights', 'é', 'µ-law', '€', '\u07ff', '\u0800', '\uffff', '\ud7ff', '\ue000', '😀', '\u{10ffff}', 'a\u0000b'];
    for (const s of samples) assert.equal(decodeUtf8(new TextEncoder().encode(s), true), s);
  });

  test('malformed input: null when fatal, exactly where TextDecoder fails', () => {
    const bad = [[0x80], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xff]];
    for (const b of bad) {
      assert.equal(reference(Uint8Array.from(b)), null);
      assert.equal(decodeUtf8(Uint8Array.from(b), true), null, `${b}`);
      assert.ok(decodeUtf8(Uint8Array.from(b)).includes('\ufffd'));
    }
  });

  test('20,000 random byte strings: fatal result equals TextDecoder (valid or not)', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let n = 0; n < 20000; n++) {
      const len = rnd() % 8;
      // Bias towards bytes that form multi-byte sequences.
      const b = Uint8Array.from({ length: len }, () => (rnd() < 128 ? 0x80 | (rnd() & 0x3f) : rnd()));
      assert.equal(decodeUtf8(b, true), reference(b), `${Array.from(b)}`);
    }
  });

  test('encodeUtf8 equals TextEncoder, lone surrogates included (20,000 random strings)', () => {
    const enc = new TextEncoder();
    const pool = ['a', 'Z', '%', '\u0000', 'é', '\u07ff', '\u0800', '€', '\uffff', '😀', '\u{10ffff}', '\ud800', '\udfff', '\udbff\udc00'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % n;
    for (let n = 0; n < 20000; n++) {
      const s = Array.from({ length: rnd(6) }, () => pool[rnd(pool.length)]!).join('');
      assert.deepEqual(encodeUtf8(s), enc.encode(s), JSON.stringify(s));
    }
  });
});
