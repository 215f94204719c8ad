/**
 * A small WAV (RIFF/WAVE) reader for the micro_speech example: walks the chunks, checks every size against the
 * file, and decodes 16-bit PCM. Anything else (other encodings, truncated or non-WAV files) fails with a
 * WavError saying what was found.
 */

/** The file is not a WAV file we can read, or not in the format required. */
export class WavError extends Error {
  override name = 'WavError';
}

export interface WavInfo {
  /** WAVE format tag: 1 = PCM, 3 = IEEE float, 6/7 = A-law/µ-law, 0xFFFE = extensible (resolved to its subformat). */
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** The data chunk's bytes (a view on the input). */
  data: Uint8Array;
}

const FORMAT_NAMES: Record<number, string> = { 1: 'PCM', 3: 'IEEE float', 6: 'A-law', 7: 'µ-law', 0x11: 'IMA ADPCM', 0x55: 'MP3' };

function fourcc(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
}

/** Parse the RIFF structure: the fmt and data chunks (other chunks, e.g. LIST, are skipped). */
export function parseWav(bytes: Uint8Array): WavInfo {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) throw new WavError(`not a WAV file: ${bytes.length} bytes, a RIFF header needs 12`);
  const riff = fourcc(bytes, 0);
  if (riff === 'RIFX' || riff === 'RF64') throw new WavError(`${riff} files are not supported (only little-endian RIFF WAV)`);
  if (riff !== 'RIFF') throw new WavError(`not a WAV file: starts with ${JSON.stringify(riff)} instead of "RIFF"`);
  if (fourcc(bytes, 8) !== 'WAVE') throw new WavError(`not a WAV file: RIFF type ${JSON.stringify(fourcc(bytes, 8))} instead of "WAVE"`);
  let fmt: Omit<WavInfo, 'data'> | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = fourcc(bytes, at);
    const size = dv.getUint32(at + 4, true);
    const body = at + 8;
    if (size > bytes.length - body) throw new WavError(`chunk "${id}" at byte ${at} claims ${size} bytes but only ${bytes.length - body} remain (truncated file?)`);
    if (id === 'fmt ') {
      if (size < 16) throw new WavError(`fmt chunk of ${size} bytes is too short (16 needed)`);
      let format = dv.getUint16(body, true);
      if (format === 0xfffe) {
        if (size < 40) throw new WavError(`extensible fmt chunk of ${size} bytes is too short (40 needed)`);
        format = dv.getUint16(body + 24, true);
      }
      fmt = {
        format,
        channels: dv.getUint16(body + 2, true),
        sampleRate: dv.getUint32(body + 4, true),
        bitsPerSample: dv.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavError('data chunk before the fmt chunk');
      return { ...fmt, data: bytes.subarray(body, body + size) };
    }
    at = body + size + (size & 1);
  }
  throw new WavError(fmt ? 'no data chunk' : 'no fmt chunk');
}

function describe(w: Omit<WavInfo, 'data'>): string {
  const name = FORMAT_NAMES[w.format] ?? `format ${w.format}`;
  const ch = w.channels === 1 ? 'mono' : w.channels === 2 ? 'stereo' : `${w.channels} channels`;
  return `${w.bitsPerSample}-bit ${name} ${ch} at ${w.sampleRate} Hz`;
}

/**
 * Decode a WAV file that must be 16-bit PCM, mono, at `sampleRate` Hz (16 kHz for micro_speech).
 * Returns the samples (a copy). Throws WavError naming what the file holds otherwise.
 */
export function readWavPcm16Mono(bytes: Uint8Array, sampleRate = 16000): Int16Array {
  const w = parseWav(bytes);
  if (w.format !== 1 || w.bitsPerSample !== 16 || w.channels !== 1 || w.sampleRate !== sampleRate)
    throw new WavError(`expected 16-bit PCM mono at ${sampleRate} Hz, got ${describe(w)}`);
  if (w.data.length % 2 !== 0) throw new WavError(`data chunk of ${w.data.length} bytes is not a whole number of 16-bit samples`);
  const n = w.data.length / 2;
  const out = new Int16Array(n);
  const dv = new DataView(w.data.buffer, w.data.byteOffset, w.data.byteLength);
  for (let i = 0; i < n; i++) out[i] = dv.getInt16(2 * i, true);
  return out;
}

/** Encode 16-bit PCM mono samples as a WAV file (for tests and recordings). */
export function writeWavPcm16Mono(samples: Int16Array, sampleRate = 16000): Uint8Array {
  const out = new Uint8Array(44 + 2 * samples.length);
  const dv = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  dv.setUint32(4, 36 + 2 * samples.length, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  dv.setUint32(16, 16, true);
  dv.setUint16(20, 1, true);
  dv.setUint16(22, 1, true);
  dv.setUint32(24, sampleRate, true);
  dv.setUint32(28, 2 * sampleRate, true);
  dv.setUint16(32, 2, true);
  dv.setUint16(34, 16, true);
  ascii(36, 'data');
  dv.setUint32(40, 2 * samples.length, true);
  for (let i = 0; i < samples.length; i++) dv.setInt16(44 + 2 * i, samples[i]!, true);
  return out;
}
