/**
 * TFLM's hello_world without Python: fit y = sin(x) on x in [0, 2π) with a 1→16→16→1 ReLU MLP, trained with
 * Adam on noisy samples from a fixed seed, then quantize it post-training to full int8 (per-channel weights).
 * Pure TypeScript, deterministic: the same seed gives the same model bytes.
 */

/** mulberry32: a small seeded PRNG in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Layer {
  /** Weights [out][in], row-major. */
  w: Float64Array;
  b: Float64Array;
  inputs: number;
  outputs: number;
  relu: boolean;
}

export type Mlp = Layer[];

function layer(inputs: number, outputs: number, relu: boolean, rand: () => number): Layer {
  const w = new Float64Array(inputs * outputs);
  const limit = Math.sqrt(6 / (inputs + outputs)); // Glorot uniform, as Keras' default
  for (let i = 0; i < w.length; i++) w[i] = (rand() * 2 - 1) * limit;
  return { w, b: new Float64Array(outputs), inputs, outputs, relu };
}

/** Forward pass keeping every layer's activations (index 0 = input). */
export function forward(m: Mlp, x: number): Float64Array[] {
  const acts = [Float64Array.of(x)];
  for (const l of m) {
    const inp = acts[acts.length - 1]!;
    const out = new Float64Array(l.outputs);
    for (let o = 0; o < l.outputs; o++) {
      let s = l.b[o]!;
      for (let i = 0; i < l.inputs; i++) s += l.w[o * l.inputs + i]! * inp[i]!;
      out[o] = l.relu && s < 0 ? 0 : s;
    }
    acts.push(out);
  }
  return acts;
}

export function predict(m: Mlp, x: number): number {
  const a = forward(m, x);
  return a[a.length - 1]![0]!;
}

export interface Dataset {
  x: Float64Array;
  y: Float64Array;
}

/** `n` points x uniform in [0, 2π), y = sin(x) + 0.1·noise, as the TFLM notebook does. */
export function sineData(n: number, seed: number): Dataset {
  const rand = rng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rand() * 2 * Math.PI;
    // Box–Muller normal noise.
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    y[i] = Math.sin(x[i]!) + 0.1 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return { x, y };
}

/** Train with Adam on mean squared error, minibatches of 16. */
export function train(data: Dataset, opts: { seed: number; epochs: number; lr?: number }): Mlp {
  const rand = rng(opts.seed);
  const m: Mlp = [layer(1, 16, true, rand), layer(16, 16, true, rand), layer(16, 1, false, rand)];
  const params = m.flatMap((l) => [l.w, l.b]);
  const grads = params.map((p) => new Float64Array(p.length));
  const mom = params.map((p) => new Float64Array(p.length));
  const vel = params.map((p) => new Float64Array(p.length));
  const lr = opts.lr ?? 0.01;
  const [b1, b2, eps] = [0.9, 0.999, 1e-7];
  const n = data.x.length;
  const order = Array.from({ length: n }, (_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    // Cosine decay from lr to lr/100 over the run: fast progress first, fine convergence at the end.
    const rate = lr * (0.01 + 0.99 * 0.5 * (1 + Math.cos((Math.PI * epoch) / opts.epochs)));
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < n; start += 16) {
      const batch = order.slice(start, start + 16);
      for (const g of grads) g.fill(0);
      for (const k of batch) {
        const acts = forward(m, data.x[k]!);
        // dLoss/dy for MSE averaged over the batch.
        let delta = Float64Array.of((2 * (acts[3]![0]! - data.y[k]!)) / batch.length);
        for (let li = m.length - 1; li >= 0; li--) {
          const l = m[li]!;
          const inp = acts[li]!;
          const gw = grads[2 * li]!;
          const gb = grads[2 * li + 1]!;
          const prev = new Float64Array(l.inputs);
          for (let o = 0; o < l.outputs; o++) {
            const d = delta[o]!;
            gb[o]! += d;
            for (let i = 0; i < l.inputs; i++) {
              gw[o * l.inputs + i]! += d * inp[i]!;
              prev[i]! += d * l.w[o * l.inputs + i]!;
            }
          }
          if (li > 0 && m[li - 1]!.relu) for (let i = 0; i < l.inputs; i++) if (inp[i]! <= 0) prev[i] = 0;
          delta = prev;
        }
      }
      step++;
      const c1 = 1 - b1 ** step;
      const c2 = 1 - b2 ** step;
      params.forEach((p, pi) => {
        const g = grads[pi]!;
        const mo = mom[pi]!;
        const ve = vel[pi]!;
        for (let i = 0; i < p.length; i++) {
          mo[i] = b1 * mo[i]! + (1 - b1) * g[i]!;
          ve[i] = b2 * ve[i]! + (1 - b2) * g[i]! * g[i]!;
          p[i]! -= (rate * (mo[i]! / c1)) / (Math.sqrt(ve[i]! / c2) + eps);
        }
      });
    }
  }
  return m;
}

export interface QParams {
  scale: number;
  zeroPoint: number;
}

/** Asymmetric int8 parameters for a float range, nudged to contain 0 exactly (as TFLite's converter does). */
export function int8Params(min: number, max: number): QParams {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = Math.fround(hi > lo ? (hi - lo) / 255 : 1);
  const zeroPoint = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
  return { scale, zeroPoint };
}

export interface QuantizedLayer {
  weights: Int8Array;
  weightScales: number[];
  bias: Int32Array;
  input: QParams;
  output: QParams;
  inputs: number;
  outputs: number;
  relu: boolean;
}

/**
 * Post-training full-integer quantization: activation ranges calibrated on `calibration` inputs; weights int8
 * symmetric per output channel; biases int32 with scale input_scale × weight_scale.
 */
export function quantizeMlp(m: Mlp, calibration: Float64Array): QuantizedLayer[] {
  const mins = new Array<number>(m.length + 1).fill(Infinity);
  const maxs = new Array<number>(m.length + 1).fill(-Infinity);
  for (const x of calibration) {
    forward(m, x).forEach((a, i) => {
      for (const v of a) {
        mins[i] = Math.min(mins[i]!, v);
        maxs[i] = Math.max(maxs[i]!, v);
      }
    });
  }
  const act = mins.map((lo, i) => int8Params(lo, maxs[i]!));
  return m.map((l, li) => {
    const weights = new Int8Array(l.w.length);
    const weightScales: number[] = [];
    const bias = new Int32Array(l.outputs);
    for (let o = 0; o < l.outputs; o++) {
      let amax = 0;
      for (let i = 0; i < l.inputs; i++) amax = Math.max(amax, Math.abs(l.w[o * l.inputs + i]!));
      const s = Math.fround(amax > 0 ? amax / 127 : 1);
      weightScales.push(s);
      for (let i = 0; i < l.inputs; i++) weights[o * l.inputs + i] = Math.max(-127, Math.min(127, Math.round(l.w[o * l.inputs + i]! / s)));
      bias[o] = Math.round(l.b[o]! / (act[li]!.scale * s));
    }
    return { weights, weightScales, bias, input: act[li]!, output: act[li + 1]!, inputs: l.inputs, outputs: l.outputs, relu: l.relu };
  });
}
