/**
 * Audio for the micro_speech demo: 16 kHz 16-bit mono samples from a WAV file or the microphone.
 *
 * A 16 kHz 16-bit PCM mono WAV is read exactly as the example does (examples/micro_speech/wav.ts), so the page
 * classifies it as `node build/examples/micro_speech/main.js` does. Anything else the browser can decode
 * (other rates, stereo, MP3, ...) is resampled to 16 kHz mono by the browser first.
 */
import { readWavPcm16Mono, WavError } from '../../examples/micro_speech/wav.js';

export const SAMPLE_RATE = 16000;

function toInt16(f: Float32Array): Int16Array {
  const out = new Int16Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(f[i]! * 32768)));
  return out;
}

/** Samples of an audio file, and how they were obtained. */
export async function decodeAudioFile(bytes: ArrayBuffer): Promise<{ samples: Int16Array; note: string }> {
  try {
    return { samples: readWavPcm16Mono(new Uint8Array(bytes), SAMPLE_RATE), note: '16 kHz 16-bit mono WAV, read as is' };
  } catch (e) {
    if (!(e instanceof WavError)) throw e;
    // Not a 16 kHz 16-bit mono WAV: let the browser decode and resample it.
    const Offline = globalThis.OfflineAudioContext;
    if (!Offline) throw new Error(`${e.message}, and this browser cannot convert audio`);
    let decoded: AudioBuffer;
    try {
      decoded = await new Offline(1, 1, SAMPLE_RATE).decodeAudioData(bytes.slice(0));
    } catch {
      throw new Error(`${e.message}; the browser cannot decode it either`);
    }
    const length = Math.max(1, Math.ceil(decoded.duration * SAMPLE_RATE));
    const ctx = new Offline(1, length, SAMPLE_RATE);
    const src = ctx.createBufferSource();
    src.buffer = decoded;
    src.connect(ctx.destination);
    src.start();
    const rendered = await ctx.startRendering();
    return { samples: toInt16(rendered.getChannelData(0)), note: `${decoded.sampleRate} Hz, ${decoded.numberOfChannels} channel(s), resampled to 16 kHz mono by the browser` };
  }
}

/** The worklet that hands microphone blocks (128 samples) to the page. */
const WORKLET = `registerProcessor('tflm-capture', class extends AudioWorkletProcessor {
  process(inputs) { const ch = inputs[0] && inputs[0][0]; if (ch) this.port.postMessage(ch.slice()); return true; }
});`;

/**
 * Linear-interpolation resampler for a stream of blocks (used only when the browser will not capture at 16 kHz;
 * no anti-aliasing filter, good enough for speech).
 */
class Resampler {
  /** Position of the next output sample in the current block's indices (-1: the previous block's last sample). */
  private t = 0;
  private last = 0;
  constructor(private readonly ratio: number) {}

  push(block: Float32Array): Float32Array {
    const out: number[] = [];
    const n = block.length;
    for (; this.t <= n - 1; this.t += this.ratio) {
      const i = Math.floor(this.t);
      const f = this.t - i;
      const a = i < 0 ? this.last : block[i]!;
      const b = i + 1 < n ? block[i + 1]! : a;
      out.push(a + (b - a) * f);
    }
    this.t -= n;
    if (n > 0) this.last = block[n - 1]!;
    return Float32Array.from(out);
  }
}

export interface Microphone {
  stop(): void;
  readonly sampleRate: number;
}

/** Capture the microphone as 16 kHz int16 chunks of about `chunkMs`, passed to `onChunk`. */
export async function startMicrophone(onChunk: (samples: Int16Array) => void, chunkMs = 100): Promise<Microphone> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser (or an insecure http:// page) gives no microphone access');
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  let ctx: AudioContext;
  let source: MediaStreamAudioSourceNode;
  try {
    ctx = new AudioContext({ sampleRate: SAMPLE_RATE });
    source = ctx.createMediaStreamSource(stream);
  } catch {
    // Some browsers cannot capture at a rate other than the device's: capture at that rate and resample.
    ctx = new AudioContext();
    source = ctx.createMediaStreamSource(stream);
  }
  const url = URL.createObjectURL(new Blob([WORKLET], { type: 'application/javascript' }));
  await ctx.audioWorklet.addModule(url);
  URL.revokeObjectURL(url);
  const node = new AudioWorkletNode(ctx, 'tflm-capture');
  const resampler = ctx.sampleRate === SAMPLE_RATE ? null : new Resampler(ctx.sampleRate / SAMPLE_RATE);
  const chunk = Math.round((SAMPLE_RATE * chunkMs) / 1000);
  let pending: number[] = [];
  node.port.onmessage = (e: MessageEvent<Float32Array>) => {
    const block = resampler ? resampler.push(e.data) : e.data;
    for (const v of block) pending.push(v);
    if (pending.length >= chunk) {
      onChunk(toInt16(Float32Array.from(pending)));
      pending = [];
    }
  };
  source.connect(node);
  const rate = ctx.sampleRate;
  return {
    sampleRate: rate,
    stop() {
      node.port.onmessage = null;
      source.disconnect();
      for (const t of stream.getTracks()) t.stop();
      void ctx.close();
    },
  };
}
