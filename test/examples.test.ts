import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { floatModel, int8Model } from '../examples/hello_world/model.js';
import { evaluate } from '../examples/hello_world/run.js';
import { quantizeMlp, sineData, train } from '../examples/hello_world/train.js';
import { decodeBmp, decodeImage, decodePgm, ImageError, resizeGray } from '../examples/person_detection/image.js';
import { PersonDetector } from '../examples/person_detection/detect.js';
import { REPO_ROOT, SHARED_DIR, SKIP_SHARED } from './helpers/shared.js';

describe('hello_world example', () => {
  test('training is deterministic and reproduces the committed models; int8 error is small', () => {
    const data = sineData(1000, 1);
    const mlp = train(data, { seed: 1, epochs: 500 });
    const int8 = int8Model(quantizeMlp(mlp, data.x));
    const float = floatModel(mlp);
    const dir = join(REPO_ROOT, 'examples', 'hello_world');
    assert.deepEqual(int8, new Uint8Array(readFileSync(join(dir, 'hello_world_int8.tflite'))));
    assert.deepEqual(float, new Uint8Array(readFileSync(join(dir, 'hello_world_float.tflite'))));
    assert.ok(evaluate(int8).mae < 0.04, `int8 MAE ${evaluate(int8).mae}`);
    assert.ok(evaluate(float).mae < 0.03, `float MAE ${evaluate(float).mae}`);
  });

  test('npm run demo prints the tensors, a table and a plot', () => {
    const out = execFileSync(process.execPath, [join(REPO_ROOT, 'build', 'examples', 'hello_world', 'demo.js')], { encoding: 'utf8' });
    assert.match(out, /input 0: {2}"x" INT8 \[1,1\]/);
    assert.match(out, /output 0: "y" INT8 \[1,1\]/);
    assert.match(out, /x {3}int8 model {6}sin\(x\)/);
    assert.match(out, /\(\* model, \. sin x\)/);
  });
});

describe('person_detection images', () => {
  /** A BMP of `w`×`h` 8-bit palette pixels (bottom-up) or 24-bit. */
  function bmp(w: number, h: number, bpp: 8 | 24, pixel: (x: number, y: number) => number[]): Uint8Array {
    const stride = Math.ceil((w * bpp) / 32) * 4;
    const palette = bpp === 8 ? 1024 : 0;
    const off = 54 + palette;
    const out = new Uint8Array(off + stride * h);
    const v = new DataView(out.buffer);
    out.set([0x42, 0x4d]);
    v.setUint32(2, out.length, true);
    v.setUint32(10, off, true);
    v.setUint32(14, 40, true);
    v.setInt32(18, w, true);
    v.setInt32(22, h, true);
    v.setUint16(26, 1, true);
    v.setUint16(28, bpp, true);
    if (bpp === 8) for (let i = 0; i < 256; i++) out.set([i, i, i, 0], 54 + 4 * i);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const p = pixel(x, y);
        const row = off + (h - 1 - y) * stride;
        if (bpp === 8) out[row + x] = p[0]!;
        else out.set([p[2]!, p[1]!, p[0]!], row + 3 * x);
      }
    return out;
  }

  test('8-bit and 24-bit BMPs and PGMs decode top row first', () => {
    const g = decodeBmp(bmp(3, 2, 8, (x, y) => [10 * x + 100 * y]));
    assert.deepEqual([g.width, g.height, ...g.pixels], [3, 2, 0, 10, 20, 100, 110, 120]);
    const c = decodeBmp(bmp(2, 1, 24, (x) => (x === 0 ? [255, 255, 255] : [255, 0, 0])));
    assert.deepEqual([...c.pixels], [255, 76]);
    const pgm = decodePgm(new TextEncoder().encode('P2\n# c\n2 2\n255\n0 1\n2 3\n'));
    assert.deepEqual([...pgm.pixels], [0, 1, 2, 3]);
    const p5 = decodeImage(Uint8Array.from([...new TextEncoder().encode('P5 2 1 255\n'), 7, 9]));
    assert.deepEqual([...p5.pixels], [7, 9]);
    assert.deepEqual([...resizeGray({ width: 2, height: 2, pixels: Uint8Array.of(0, 2, 4, 6) }, 1, 1).pixels], [3]);
  });

  test('bad images give clear errors', () => {
    assert.throws(() => decodeImage(new Uint8Array([1, 2, 3])), ImageError);
    assert.throws(() => decodeBmp(bmp(4, 4, 8, () => [0]).subarray(0, 100)), /truncated/);
    const b16 = bmp(2, 2, 8, () => [0]);
    new DataView(b16.buffer).setUint16(28, 16, true);
    assert.throws(() => decodeBmp(b16), /16-bit BMPs are not supported/);
  });

  test('TFLM test images classify as TFLM expects', { skip: SKIP_SHARED }, () => {
    const dir = join(SHARED_DIR, 'models', 'tflm', 'person_detection');
    const det = new PersonDetector(new Uint8Array(readFileSync(join(dir, 'person_detect.tflite'))));
    const person = det.detectImage(new Uint8Array(readFileSync(join(dir, 'testdata', 'person.bmp'))));
    const none = det.detectImage(new Uint8Array(readFileSync(join(dir, 'testdata', 'no_person.bmp'))));
    assert.ok(person.person > person.noPerson, `person.bmp: ${person.person} vs ${person.noPerson}`);
    assert.ok(none.noPerson > none.person, `no_person.bmp: ${none.person} vs ${none.noPerson}`);
  });
});
