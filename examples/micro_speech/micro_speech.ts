/**
 * Keyword spotting as TFLM's micro_speech example does it (tensorflow/lite/micro/examples/micro_speech):
 *
 *   16 kHz 16-bit mono audio → 30 ms windows every 20 ms → audio_preprocessor_int8.tflite (one window per
 *   invoke, its noise estimate carrying over from window to window) → 40 int8 features per window →
 *   49 × 40 feature grid (about one second) → micro_speech_quantized.tflite → scores for
 *   silence / unknown / yes / no.
 *
 * `MicroSpeech.classify` reproduces TFLM's micro_speech_test flow for a clip (fresh preprocessor state, windows
 * from the start of the clip); `MicroSpeech.stream()` runs the same pipeline continuously on audio pushed in
 * chunks of any size, classifying the last second after every new window.
 */
import { ADD } from '../../src/kernels/add.js';
import { CAST } from '../../src/kernels/cast.js';
import { CONCATENATION } from '../../src/kernels/concatenation.js';
import { DEPTHWISE_CONV_2D } from '../../src/kernels/depthwise_conv_2d.js';
import { DIV } from '../../src/kernels/div.js';
import { FULLY_CONNECTED } from '../../src/kernels/fully_connected.js';
import { MAXIMUM } from '../../src/kernels/maximum.js';
import { MINIMUM } from '../../src/kernels/minimum.js';
import { MUL } from '../../src/kernels/mul.js';
import { RESHAPE } from '../../src/kernels/reshape.js';
import { SOFTMAX } from '../../src/kernels/softmax.js';
import { STRIDED_SLICE } from '../../src/kernels/strided_slice.js';
import { SIGNAL_ENERGY } from '../../src/kernels/signal/energy.js';
import { SIGNAL_FFT_AUTO_SCALE } from '../../src/kernels/signal/fft_auto_scale.js';
import { SIGNAL_FILTER_BANK } from '../../src/kernels/signal/filter_bank.js';
import { SIGNAL_FILTER_BANK_LOG } from '../../src/kernels/signal/filter_bank_log.js';
import { SIGNAL_FILTER_BANK_SPECTRAL_SUBTRACTION } from '../../src/kernels/signal/filter_bank_spectral_subtraction.js';
import { SIGNAL_FILTER_BANK_SQUARE_ROOT } from '../../src/kernels/signal/filter_bank_square_root.js';
import { SIGNAL_PCAN } from '../../src/kernels/signal/pcan.js';
import { SIGNAL_RFFT } from '../../src/kernels/signal/rfft.js';
import { SIGNAL_WINDOW } from '../../src/kernels/signal/window.js';
import { Model } from '../../src/model/reader.js';
import { TensorType } from '../../src/model/types.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import type { Tensor } from '../../src/runtime/kernel.js';
import { OpResolver } from '../../src/runtime/resolver.js';

/** micro_model_settings.h */
export const SAMPLE_RATE = 16000;
export const WINDOW_MS = 30;
export const STRIDE_MS = 20;
export const WINDOW_SAMPLES = (WINDOW_MS * SAMPLE_RATE) / 1000;
export const STRIDE_SAMPLES = (STRIDE_MS * SAMPLE_RATE) / 1000;
export const FEATURE_SIZE = 40;
export const FEATURE_COUNT = 49;
export const LABELS = ['silence', 'unknown', 'yes', 'no'] as const;
export type Label = (typeof LABELS)[number];

/** The error for models or audio that do not fit the micro_speech pipeline. */
export class MicroSpeechError extends Error {
  override name = 'MicroSpeechError';
}

/** Ops of audio_preprocessor_int8.tflite (TFLM's AudioPreprocessorOpResolver). */
export function audioPreprocessorResolver(): OpResolver {
  return new OpResolver([
    RESHAPE, CAST, STRIDED_SLICE, CONCATENATION, MUL, ADD, DIV, MINIMUM, MAXIMUM,
    SIGNAL_WINDOW, SIGNAL_FFT_AUTO_SCALE, SIGNAL_RFFT, SIGNAL_ENERGY, SIGNAL_FILTER_BANK,
    SIGNAL_FILTER_BANK_SQUARE_ROOT, SIGNAL_FILTER_BANK_SPECTRAL_SUBTRACTION, SIGNAL_PCAN, SIGNAL_FILTER_BANK_LOG,
  ]);
}

/** Ops of micro_speech_quantized.tflite (TFLM's MicroSpeechOpResolver). */
export function microSpeechResolver(): OpResolver {
  return new OpResolver([RESHAPE, FULLY_CONNECTED, DEPTHWISE_CONV_2D, SOFTMAX]);
}

function expectTensor(t: Tensor, what: string, type: number, last: number): void {
  const dims = t.shape;
  if (t.type !== type || dims.length === 0 || dims[dims.length - 1] !== last)
    throw new MicroSpeechError(`${what}: expected ${TensorType[type === TensorType.INT16 ? 'INT16' : 'INT8']} [..., ${last}], the model has type ${t.type} [${Array.from(dims).join(', ')}]`);
}

/**
 * The audio frontend: one interpreter of audio_preprocessor_int8.tflite. Windows must be fed in order: the
 * model's noise estimate (SignalFilterBankSpectralSubtraction) carries over from one window to the next.
 */
export class AudioFrontend {
  private readonly interp: Interpreter;
  private readonly input: Int16Array;
  private readonly output: Int8Array;

  constructor(modelBytes: Uint8Array) {
    this.interp = new Interpreter(Model.fromBytes(modelBytes), audioPreprocessorResolver());
    this.interp.allocateTensors();
    const i = this.interp.input(0);
    const o = this.interp.output(0);
    expectTensor(i, 'audio preprocessor input', TensorType.INT16, WINDOW_SAMPLES);
    expectTensor(o, 'audio preprocessor output', TensorType.INT8, FEATURE_SIZE);
    this.input = i.data as Int16Array;
    this.output = o.data as Int8Array;
  }

  /** Back to the state of a fresh interpreter (clears the noise estimate). */
  reset(): void {
    this.interp.reset();
  }

  /** Features of the 480 samples at `samples[offset..]` into `out[outOffset..]` (40 values). */
  window(samples: Int16Array, offset: number, out: Int8Array, outOffset: number): void {
    if (offset < 0 || offset + WINDOW_SAMPLES > samples.length) throw new MicroSpeechError(`a window needs ${WINDOW_SAMPLES} samples from ${offset}, have ${samples.length}`);
    this.input.set(samples.subarray(offset, offset + WINDOW_SAMPLES));
    this.interp.invoke();
    out.set(this.output, outOffset);
  }

  /**
   * TFLM's GenerateFeatures: from a fresh state, windows at 0, 20, 40 ms ... while 30 ms remain, at most 49.
   * Rows without audio stay 0. Returns the 49 × 40 grid and the number of windows computed.
   */
  clipFeatures(samples: Int16Array): { features: Int8Array; windows: number } {
    this.reset();
    const features = new Int8Array(FEATURE_COUNT * FEATURE_SIZE);
    let windows = 0;
    for (let at = 0; samples.length - at >= WINDOW_SAMPLES && windows < FEATURE_COUNT; at += STRIDE_SAMPLES) {
      this.window(samples, at, features, windows * FEATURE_SIZE);
      windows++;
    }
    return { features, windows };
  }
}

export interface Recognition {
  /** The highest-scoring label. */
  label: Label;
  /** Dequantized softmax scores (0..1) by label. */
  scores: Record<Label, number>;
}

/** The classifier: one interpreter of micro_speech_quantized.tflite over a 49 × 40 int8 grid. */
export class KeywordClassifier {
  private readonly interp: Interpreter;
  private readonly input: Int8Array;
  private readonly output: Int8Array;
  private readonly scale: number;
  private readonly zeroPoint: number;

  constructor(modelBytes: Uint8Array) {
    this.interp = new Interpreter(Model.fromBytes(modelBytes), microSpeechResolver());
    this.interp.allocateTensors();
    const i = this.interp.input(0);
    const o = this.interp.output(0);
    expectTensor(i, 'classifier input', TensorType.INT8, FEATURE_COUNT * FEATURE_SIZE);
    expectTensor(o, 'classifier output', TensorType.INT8, LABELS.length);
    this.input = i.data as Int8Array;
    this.output = o.data as Int8Array;
    this.scale = o.quantization?.scale[0] ?? 1;
    this.zeroPoint = o.quantization?.zeroPoint[0] ?? 0;
  }

  classify(features: Int8Array): Recognition {
    if (features.length !== FEATURE_COUNT * FEATURE_SIZE) throw new MicroSpeechError(`expected ${FEATURE_COUNT * FEATURE_SIZE} features, got ${features.length}`);
    this.input.set(features);
    this.interp.invoke();
    const scores = {} as Record<Label, number>;
    let best = 0;
    LABELS.forEach((l, k) => {
      scores[l] = (this.output[k]! - this.zeroPoint) * this.scale;
      // First maximum wins, as std::max_element in TFLM's test.
      if (this.output[k]! > this.output[best]!) best = k;
    });
    return { label: LABELS[best]!, scores };
  }
}

/** A keyword detected by the streaming recognizer (average score over `averageWindowMs` above the threshold). */
export interface Detection {
  label: Label;
  /** Average score of the label over the averaging window. */
  score: number;
  /** Time (ms since the stream started) of the end of the newest window. */
  timeMs: number;
}

export interface StreamResult {
  /** End of the newest window, in ms since the stream (re)started. */
  timeMs: number;
  recognition: Recognition;
  detection: Detection | null;
}

export interface StreamOptions {
  /** Scores averaged over this many ms of results (default 1000). */
  averageWindowMs?: number;
  /** Average score a keyword needs to be reported (default 0.8). */
  threshold?: number;
  /** No new detection this long after one (default 1500 ms). */
  suppressionMs?: number;
  /** Results needed in the averaging window before reporting (default 3). */
  minimumCount?: number;
}

/** Both models, used per clip (`classify`) or continuously (`stream`). */
export class MicroSpeech {
  readonly frontend: AudioFrontend;
  readonly classifier: KeywordClassifier;

  constructor(preprocessorModel: Uint8Array, classifierModel: Uint8Array) {
    this.frontend = new AudioFrontend(preprocessorModel);
    this.classifier = new KeywordClassifier(classifierModel);
  }

  /** The 49 × 40 feature grid of a clip, as TFLM's micro_speech_test computes it. */
  features(samples: Int16Array): Int8Array {
    return this.frontend.clipFeatures(samples).features;
  }

  /** Classify a clip (about one second of 16 kHz audio; shorter clips leave feature rows at 0). */
  classify(samples: Int16Array): Recognition {
    return this.classifier.classify(this.features(samples));
  }

  /** A streaming recognizer sharing these interpreters (use one stream at a time). */
  stream(options: StreamOptions = {}): MicroSpeechStream {
    return new MicroSpeechStream(this, options);
  }
}

/**
 * Continuous recognition: push audio in chunks of any size; every 20 ms of new audio gives a new feature row
 * (the preprocessor state carries over, as for one long clip), and once a second of rows is there, every new row
 * classifies the last 49 rows. Detections come from scores averaged over `averageWindowMs`, like the
 * RecognizeCommands stage of TFLM's older micro_speech example.
 */
export class MicroSpeechStream {
  private pending = new Int16Array(0);
  private readonly grid = new Int8Array(FEATURE_COUNT * FEATURE_SIZE);
  private rows = 0;
  private windows = 0;
  private history: { timeMs: number; scores: Record<Label, number> }[] = [];
  private lastDetectionMs = -Infinity;
  private readonly o: Required<StreamOptions>;

  constructor(
    private readonly ms: MicroSpeech,
    options: StreamOptions,
  ) {
    this.o = { averageWindowMs: 1000, threshold: 0.8, suppressionMs: 1500, minimumCount: 3, ...options };
    ms.frontend.reset();
  }

  /** Start over (fresh preprocessor state, empty grid, time back to 0). */
  reset(): void {
    this.pending = new Int16Array(0);
    this.grid.fill(0);
    this.rows = 0;
    this.windows = 0;
    this.history = [];
    this.lastDetectionMs = -Infinity;
    this.ms.frontend.reset();
  }

  /** The current 49 × 40 grid (oldest row first). */
  get features(): Int8Array {
    return this.grid;
  }

  /** Feed samples; returns one result per new window once the grid is full. */
  push(samples: Int16Array): StreamResult[] {
    const buf = new Int16Array(this.pending.length + samples.length);
    buf.set(this.pending);
    buf.set(samples, this.pending.length);
    const results: StreamResult[] = [];
    let at = 0;
    for (; buf.length - at >= WINDOW_SAMPLES; at += STRIDE_SAMPLES) {
      if (this.rows === FEATURE_COUNT) this.grid.copyWithin(0, FEATURE_SIZE);
      else this.rows++;
      this.ms.frontend.window(buf, at, this.grid, (this.rows - 1) * FEATURE_SIZE);
      this.windows++;
      if (this.rows === FEATURE_COUNT) results.push(this.result());
    }
    this.pending = buf.slice(at);
    return results;
  }

  private result(): StreamResult {
    const timeMs = (this.windows - 1) * STRIDE_MS + WINDOW_MS;
    const recognition = this.ms.classifier.classify(this.grid);
    this.history.push({ timeMs, scores: recognition.scores });
    while (this.history.length > 0 && this.history[0]!.timeMs <= timeMs - this.o.averageWindowMs) this.history.shift();
    let detection: Detection | null = null;
    if (this.history.length >= this.o.minimumCount) {
      let best: Label = LABELS[0];
      let bestScore = -1;
      for (const l of LABELS) {
        const avg = this.history.reduce((s, h) => s + h.scores[l], 0) / this.history.length;
        if (avg > bestScore) {
          bestScore = avg;
          best = l;
        }
      }
      if (best !== 'silence' && best !== 'unknown' && bestScore >= this.o.threshold && timeMs - this.lastDetectionMs >= this.o.suppressionMs) {
        detection = { label: best, score: bestScore, timeMs };
        this.lastDetectionMs = timeMs;
      }
    }
    return { timeMs, recognition, detection };
  }
}
