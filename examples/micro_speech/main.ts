/**
 * `node build/examples/micro_speech/main.js MODEL_DIR FILE.wav... [--stream] [--chunk-ms N]`
 *
 * Clip mode (default): classify each WAV (16 kHz, 16-bit, mono) as TFLM's micro_speech test does.
 * Stream mode: play the files one after the other as one continuous stream, pushed in chunks of N ms (default
 * 100); print every detection, and the label of the last second at the end of each file.
 */
import { readFileSync } from 'node:fs';
import { loadMicroSpeech } from './load.js';
import { FEATURE_COUNT, LABELS, SAMPLE_RATE, STRIDE_SAMPLES, WINDOW_SAMPLES, type StreamResult } from './micro_speech.js';
import { readWavPcm16Mono } from './wav.js';

const args = process.argv.slice(2);
const stream = args.includes('--stream');
const chunkAt = args.indexOf('--chunk-ms');
const chunkMs = chunkAt >= 0 ? Number(args[chunkAt + 1]) : 100;
const positional = args.filter((a, i) => !a.startsWith('--') && (chunkAt < 0 || i !== chunkAt + 1));
const [dir, ...files] = positional;
if (!dir || files.length === 0 || !(chunkMs > 0)) {
  console.error('usage: micro_speech MODEL_DIR FILE.wav... [--stream] [--chunk-ms N]');
  process.exit(2);
}

const fmt = (s: Record<string, number>) => LABELS.map((l) => `${l} ${s[l]!.toFixed(3)}`).join(', ');

try {
  const ms = loadMicroSpeech(dir);
  if (!stream) {
    for (const file of files) {
      const samples = readWavPcm16Mono(new Uint8Array(readFileSync(file)), SAMPLE_RATE);
      const { windows } = ms.frontend.clipFeatures(samples);
      const r = ms.classify(samples);
      const note = windows < FEATURE_COUNT ? ` [only ${windows} of ${FEATURE_COUNT} windows: the clip is shorter than ${((FEATURE_COUNT - 1) * STRIDE_SAMPLES + WINDOW_SAMPLES) / SAMPLE_RATE * 1000} ms]` : '';
      console.log(`${file}: ${r.label} (${fmt(r.scores)})${note}`);
    }
  } else {
    // The files play one after the other as one continuous stream.
    const s = ms.stream();
    const chunk = Math.max(1, Math.round((chunkMs * SAMPLE_RATE) / 1000));
    let last: StreamResult | null = null;
    for (const file of files) {
      const samples = readWavPcm16Mono(new Uint8Array(readFileSync(file)), SAMPLE_RATE);
      console.log(`${file}: ${samples.length} samples, pushed in ${chunkMs} ms chunks`);
      for (let at = 0; at < samples.length; at += chunk) {
        for (const r of s.push(samples.subarray(at, at + chunk))) {
          last = r;
          if (r.detection) console.log(`  ${r.timeMs} ms: detected "${r.detection.label}" (average score ${r.detection.score.toFixed(3)})`);
        }
      }
      if (last) console.log(`  ${last.timeMs} ms: last second is ${last.recognition.label} (${fmt(last.recognition.scores)})`);
    }
  }
} catch (e) {
  console.error(`micro_speech: ${(e as Error).message}`);
  process.exit(1);
}
