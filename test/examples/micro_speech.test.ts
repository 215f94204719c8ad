/**
 * The micro_speech example: WAV reading (and its errors), the audio frontend against TFLM's micro_speech_test
 * expected features, clip classification of TFLM's test WAVs (yes, no, silence, noise → silence), and the
 * streaming recognizer (same features as clip mode for any chunking; detections in continuous audio).
 * Models and WAVs come from ../shared/models/tflm/micro_speech (skipped when absent).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadMicroSpeech } from '../../examples/micro_speech/load.js';
import { FEATURE_COUNT, FEATURE_SIZE, MicroSpeechError, type MicroSpeech } from '../../examples/micro_speech/micro_speech.js';
import { parseWav, readWavPcm16Mono, WavError, writeWavPcm16Mono } from '../../examples/micro_speech/wav.js';
import { SHARED_DIR } from '../helpers/shared.js';

const DIR = join(SHARED_DIR, 'models', 'tflm', 'micro_speech');
const SKIP = existsSync(join(DIR, 'micro_speech_quantized.tflite')) ? false : `micro_speech models not found in ${DIR}`;
const wav = (name: string) => readWavPcm16Mono(new Uint8Array(readFileSync(join(DIR, 'testdata', `${name}.wav`))));

/** A WAV header + chunks, for the reader's error paths. */
function riff(chunks: { id: string; body: Uint8Array }[], type = 'WAVE', magic = 'RIFF'): Uint8Array {
  const parts: number[] = [];
  const ascii = (s: string) => parts.push(...Array.from(s, (c) => c.charCodeAt(0)));
  const u32 = (v: number) => parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
  ascii(magic);
  u32(0);
  ascii(type);
  for (const c of chunks) {
    ascii(c.id);
    u32(c.body.length);
    parts.push(...c.body);
    if (c.body.length & 1) parts.push(0);
  }
  return Uint8Array.from(parts);
}
function fmt(format: number, channels: number, rate: number, bits: number): Uint8Array {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, format, true);
  dv.setUint16(2, channels, true);
  dv.setUint32(4, rate, true);
  dv.setUint32(8, (rate * channels * bits) / 8, true);
  dv.setUint16(12, (channels * bits) / 8, true);
  dv.setUint16(14, bits, true);
  return b;
}

describe('micro_speech WAV reader', () => {
  test('round trip, odd-sized chunks before data are skipped', () => {
    const samples = Int16Array.of(0, 1, -1, 32767, -32768);
    assert.deepEqual(readWavPcm16Mono(writeWavPcm16Mono(samples)), samples);
    const bytes = riff([
      { id: 'fmt ', body: fmt(1, 1, 16000, 16) },
      { id: 'LIST', body: Uint8Array.of(1, 2, 3) },
      { id: 'data', body: Uint8Array.of(0x34, 0x12, 0xff, 0xff) },
    ]);
    assert.deepEqual(Array.from(readWavPcm16Mono(bytes)), [0x1234, -1]);
  });

  const errors: [string, Uint8Array, RegExp][] = [
    ['empty file', new Uint8Array(0), /not a WAV file: 0 bytes/],
    ['not RIFF', Uint8Array.from(Array.from('ID3\u0004xxxxxxxxxxxx', (c) => c.charCodeAt(0))), /starts with "ID3\\u0004" instead of "RIFF"/],
    ['RIFF but not WAVE', riff([], 'AVI '), /RIFF type "AVI " instead of "WAVE"/],
    ['big-endian RIFX', riff([], 'WAVE', 'RIFX'), /RIFX files are not supported/],
    ['no fmt chunk', riff([{ id: 'data', body: new Uint8Array(2) }]), /data chunk before the fmt chunk/],
    ['no data chunk', riff([{ id: 'fmt ', body: fmt(1, 1, 16000, 16) }]), /no data chunk/],
    ['truncated data', riff([{ id: 'fmt ', body: fmt(1, 1, 16000, 16) }, { id: 'data', body: new Uint8Array(8) }]).subarray(0, 50), /chunk "data" at byte 36 claims 8 bytes but only 6 remain/],
    ['short fmt chunk', riff([{ id: 'fmt ', body: new Uint8Array(8) }, { id: 'data', body: new Uint8Array(2) }]), /fmt chunk of 8 bytes is too short/],
    ['float samples', riff([{ id: 'fmt ', body: fmt(3, 1, 16000, 32) }, { id: 'data', body: new Uint8Array(4) }]), /expected 16-bit PCM mono at 16000 Hz, got 32-bit IEEE float mono at 16000 Hz/],
    ['stereo', riff([{ id: 'fmt ', body: fmt(1, 2, 16000, 16) }, { id: 'data', body: new Uint8Array(4) }]), /got 16-bit PCM stereo at 16000 Hz/],
    ['44.1 kHz', riff([{ id: 'fmt ', body: fmt(1, 1, 44100, 16) }, { id: 'data', body: new Uint8Array(4) }]), /got 16-bit PCM mono at 44100 Hz/],
    ['8-bit', riff([{ id: 'fmt ', body: fmt(1, 1, 16000, 8) }, { id: 'data', body: new Uint8Array(4) }]), /got 8-bit PCM mono at 16000 Hz/],
    ['odd data size', riff([{ id: 'fmt ', body: fmt(1, 1, 16000, 16) }, { id: 'data', body: new Uint8Array(3) }]), /not a whole number of 16-bit samples/],
  ];
  for (const [name, bytes, re] of errors) {
    test(`rejects ${name} with a WavError`, () => {
      assert.throws(() => readWavPcm16Mono(bytes), (e: unknown) => e instanceof WavError && re.test(e.message));
    });
  }

  test('reads TFLM test WAVs as 16 kHz mono 16-bit', { skip: SKIP }, () => {
    const info = parseWav(new Uint8Array(readFileSync(join(DIR, 'testdata', 'yes_1000ms.wav'))));
    assert.deepEqual([info.format, info.channels, info.sampleRate, info.bitsPerSample, info.data.length], [1, 1, 16000, 16, 32000]);
    assert.equal(wav('no_30ms').length, 480);
  });
});

describe('micro_speech pipeline', { skip: SKIP }, () => {
  let ms: MicroSpeech;
  const get = () => (ms ??= loadMicroSpeech(DIR));

  // TFLM micro_speech_test.cc NoFeatureTest / YesFeatureTest (non-Xtensa: exact).
  const NO_FEATURES = [126, 103, 124, 102, 124, 102, 123, 100, 118, 97, 118, 100, 118, 98, 121, 100, 121, 98, 117, 91, 96, 74, 54, 87, 100, 87, 109, 92, 91, 80, 64, 55, 83, 74, 74, 78, 114, 95, 101, 81];
  const YES_FEATURES = [124, 105, 126, 103, 125, 101, 123, 100, 116, 98, 115, 97, 113, 90, 91, 82, 104, 96, 117, 97, 121, 103, 126, 101, 125, 104, 126, 104, 125, 101, 116, 90, 81, 74, 80, 71, 83, 76, 82, 71];

  test('TFLM NoFeatureTest: features of no_30ms.wav', () => {
    assert.deepEqual(Array.from(get().features(wav('no_30ms')).subarray(0, FEATURE_SIZE)), NO_FEATURES);
  });

  test('TFLM YesFeatureTest: features of yes_30ms.wav (after other audio: clip mode starts fresh)', () => {
    get().classify(wav('noise_1000ms'));
    const f = get().features(wav('yes_30ms'));
    assert.deepEqual(Array.from(f.subarray(0, FEATURE_SIZE)), YES_FEATURES);
    assert.ok(f.subarray(FEATURE_SIZE).every((v) => v === 0), 'rows without audio stay 0');
  });

  for (const [file, label] of [['yes_1000ms', 'yes'], ['no_1000ms', 'no'], ['silence_1000ms', 'silence'], ['noise_1000ms', 'silence']] as const) {
    test(`TFLM ${label === 'silence' && file.startsWith('noise') ? 'NoiseTest' : `${label[0]!.toUpperCase()}${label.slice(1)}Test`}: ${file}.wav → ${label}`, () => {
      const samples = wav(file);
      assert.equal(get().frontend.clipFeatures(samples).windows, FEATURE_COUNT);
      const r = get().classify(samples);
      assert.equal(r.label, label, JSON.stringify(r.scores));
      const total = Object.values(r.scores).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 1) < 0.05, `scores sum to ${total}`);
    });
  }

  test('streaming a clip in uneven chunks gives the clip-mode features and result', () => {
    for (const file of ['yes_1000ms', 'no_1000ms']) {
      const samples = wav(file);
      const clip = get().features(samples);
      const expected = get().classify(samples);
      const s = get().stream();
      const results = [];
      const sizes = [1, 479, 7, 320, 1000, 33];
      for (let at = 0, k = 0; at < samples.length; k++) {
        const n = sizes[k % sizes.length]!;
        results.push(...s.push(samples.subarray(at, at + n)));
        at += n;
      }
      assert.deepEqual(s.features, clip, `${file}: streamed grid`);
      assert.equal(results.length, 1, 'one full grid in one second of audio');
      assert.equal(results[0]!.timeMs, 990);
      assert.deepEqual(results[0]!.recognition, expected);
    }
  });

  test('streaming continuous audio detects "yes" then "no"', () => {
    const s = get().stream();
    const detections: string[] = [];
    for (const file of ['silence_1000ms', 'yes_1000ms', 'silence_1000ms', 'no_1000ms', 'noise_1000ms']) {
      const samples = wav(file);
      for (let at = 0; at < samples.length; at += 1600) for (const r of s.push(samples.subarray(at, at + 1600))) if (r.detection) detections.push(r.detection.label);
    }
    assert.deepEqual(detections, ['yes', 'no']);
    s.reset();
    assert.deepEqual(s.push(wav('yes_1000ms')).length, 1, 'reset starts a new second');
  });

  test('model directory errors are clear', () => {
    assert.throws(() => loadMicroSpeech(join(DIR, 'testdata')), (e: unknown) => e instanceof MicroSpeechError && /audio_preprocessor_int8\.tflite not found/.test(e.message));
  });
});
