/**
 * Messages between the page (main.ts) and the inference worker (worker.ts). Every request carries an id; the
 * worker answers each with `{ id, ok: true, result }` or `{ id, ok: false, error }` (a readable message).
 */

export interface TensorSummary {
  index: number;
  name: string;
  type: string;
  shape: number[];
  bytes: number;
  /** Per-tensor quantization, or the number of channels of per-channel quantization. */
  quantization?: { scale: number; zeroPoint: number } | { channels: number; quantizedDimension: number };
}

export interface OpSummary {
  name: string;
  count: number;
  supported: boolean;
  versions: number[];
}

export interface GraphNode {
  subgraph: number;
  index: number;
  op: string;
  inputs: (TensorSummary | null)[];
  outputs: TensorSummary[];
}

export interface ModelSummary {
  name: string;
  bytes: number;
  description: string;
  subgraphs: number;
  tensors: number;
  operators: number;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  ops: OpSummary[];
  graph: GraphNode[];
  /** Exact arena bytes, or why the model cannot run. */
  arena: { used: number; head: number; tail: number } | { error: string };
  /** Kernels used: 'simd' (WebAssembly SIMD where available, reference otherwise) or 'reference'. */
  kernels: 'simd' | 'reference';
  kernelsNote: string;
}

export type InputSource = { kind: 'zero' } | { kind: 'random' } | { kind: 'files'; buffers: ArrayBuffer[] };

export interface OutputValues extends TensorSummary {
  values: (number | string)[];
  dequantized?: number[];
}

export interface OpBar {
  op: string;
  count: number;
  ms: number;
  percent: number;
}

export interface RunResult {
  outputs: OutputValues[];
  /** The bytes each input tensor held (so random inputs can be saved and replayed with the CLI). */
  inputs: ArrayBuffer[];
  /** The first invoke after reset, in ms. */
  invokeMs: number;
  /** Mean over a batch of `profileRuns` invokes (after a warm-up), without the profiler. */
  meanMs: number;
  /** Median over the profiled invokes. */
  medianMs: number;
  profileRuns: number;
  profile: { ops: OpBar[]; totalMs: number; nodes: { node: number; subgraph: number; op: string; ms: number }[] };
  planSvg: string;
  planBuffers: number;
  planHead: number;
  breakdown: string;
}

export interface PersonResult {
  person: number;
  noPerson: number;
  personProbability: number;
  isPerson: boolean;
  ms: number;
  /** The 96×96 gray image the model saw. */
  pixels: Uint8Array;
  width: number;
  height: number;
}

export interface SpeechScores {
  label: string;
  scores: Record<string, number>;
}

export interface SpeechClipResult extends SpeechScores {
  windows: number;
  ms: number;
}

export interface SpeechStreamResult {
  /** The newest recognition (last second), if a full second has been heard. */
  last: (SpeechScores & { timeMs: number }) | null;
  detections: { label: string; score: number; timeMs: number }[];
}

/** Requests and their results. */
export interface Api {
  info: { args: Record<string, never>; result: { simd: boolean } };
  load: { args: { bytes: ArrayBuffer; name: string }; result: ModelSummary };
  run: { args: { source: InputSource; profileRuns: number }; result: RunResult };
  personLoad: { args: { bytes: ArrayBuffer; name: string }; result: { kernels: string; width: number; height: number } };
  personImage: { args: { bytes: ArrayBuffer }; result: PersonResult };
  personGray: { args: { pixels: Uint8Array; width: number; height: number }; result: PersonResult };
  speechLoad: { args: { models: { bytes: ArrayBuffer; name: string }[] }; result: { preprocessor: string; classifier: string } };
  speechClip: { args: { samples: Int16Array }; result: SpeechClipResult };
  speechStream: { args: { samples: Int16Array; reset?: boolean }; result: SpeechStreamResult };
}

export type Method = keyof Api;

export interface Request<M extends Method = Method> {
  id: number;
  method: M;
  args: Api[M]['args'];
}

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
