/**
 * The playground page: file pickers, summaries, results and the demos. Everything that touches a model runs in
 * the worker (worker.ts); this file only talks to it and draws. Every failure ends up as a readable message on
 * the page (never only in the console).
 */
import { decodeAudioFile, startMicrophone, type Microphone } from './audio.js';
import type { Api, InputSource, Method, ModelSummary, OutputValues, PersonResult, Request, Response, RunResult, SpeechScores, TensorSummary } from './protocol.js';

// ---- page helpers ----

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`page element #${id} is missing`);
  return e as T;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; title?: string } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.title) e.title = props.title;
  e.append(...children);
  return e;
}

function showError(box: HTMLElement, message: string | null): void {
  box.hidden = message === null;
  box.textContent = message ?? '';
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

const globalError = $('global-error');
window.addEventListener('error', (e) => showError(globalError, `Unexpected error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => showError(globalError, `Unexpected error: ${messageOf(e.reason)}`));

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const shapeText = (s: number[]) => `[${s.join(', ')}]`;
function quantText(t: TensorSummary): string {
  const q = t.quantization;
  if (!q) return '';
  return 'scale' in q ? `scale ${q.scale.toPrecision(6)}, zero point ${q.zeroPoint}` : `per-channel (${q.channels} along dim ${q.quantizedDimension})`;
}

// ---- the worker ----

let worker: Worker;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let inFlight = 0;
const busy = $('busy');

function startWorker(): void {
  worker = new Worker('worker.js');
  worker.onmessage = (e: MessageEvent<Response>) => {
    const r = e.data;
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    if (r.ok) p.resolve(r.result);
    else p.reject(new Error(r.error));
  };
  worker.onerror = (e) => {
    e.preventDefault();
    const msg = `The inference worker failed: ${e.message || 'could not start worker.js'} (reload the page to retry)`;
    showError(globalError, msg);
    for (const p of pending.values()) p.reject(new Error(msg));
    pending.clear();
  };
}

/** Call the worker; rejects with the worker's readable message. */
function call<M extends Method>(method: M, args: Api[M]['args'], transfer: Transferable[] = []): Promise<Api[M]['result']> {
  const id = nextId++;
  inFlight++;
  busy.hidden = false;
  return new Promise<Api[M]['result']>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    worker.postMessage({ id, method, args } satisfies Request<M>, transfer);
  }).finally(() => {
    if (--inFlight === 0) busy.hidden = true;
  });
}

// ---- 1. model ----

const modelFile = $<HTMLInputElement>('model-file');
const drop = $('drop');
const modelError = $('model-error');
let summary: ModelSummary | null = null;

async function loadModel(file: File): Promise<void> {
  showError(modelError, null);
  $('summary').hidden = true;
  $('run-section').hidden = true;
  $('results').hidden = true;
  summary = null;
  try {
    const bytes = await file.arrayBuffer();
    const s = await call('load', { bytes, name: file.name }, [bytes]);
    summary = s;
    renderSummary(s);
  } catch (e) {
    showError(modelError, `Could not load ${file.name}: ${messageOf(e)}`);
  }
}

modelFile.addEventListener('change', () => {
  const f = modelFile.files?.[0];
  if (f) void loadModel(f);
});
for (const type of ['dragenter', 'dragover'] as const)
  drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
for (const type of ['dragleave', 'drop'] as const) drop.addEventListener(type, () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  const f = e.dataTransfer?.files[0];
  if (f) void loadModel(f);
});

function tensorTable(table: HTMLTableElement, tensors: TensorSummary[]): void {
  table.replaceChildren(el('tr', {}, el('th', { text: '#' }), el('th', { text: 'name' }), el('th', { text: 'type' }), el('th', { text: 'shape' }), el('th', { text: 'quantization' })));
  tensors.forEach((t, i) => table.append(el('tr', {}, el('td', { text: String(i) }), el('td', { className: 'mono', text: t.name || `tensor ${t.index}` }), el('td', { text: t.type }), el('td', { className: 'mono', text: shapeText(t.shape) }), el('td', { text: quantText(t) }))));
}

function tensorInline(t: TensorSummary | null): Node {
  if (!t) return el('span', { className: 't', text: '(none)' });
  return el('span', { className: 't', title: `tensor ${t.index}` }, el('span', { className: 'mono', text: t.name || `#${t.index}` }), ` ${t.type} ${shapeText(t.shape)}`);
}

function renderSummary(s: ModelSummary): void {
  const fact = (label: string, value: string) => el('div', {}, el('b', { text: value }), label);
  const arena = 'error' in s.arena ? null : s.arena;
  $('summary-facts').replaceChildren(
    fact('file', s.name),
    fact('bytes', s.bytes.toLocaleString('en-US')),
    fact('subgraphs', String(s.subgraphs)),
    fact('tensors', String(s.tensors)),
    fact('operators', String(s.operators)),
    fact('arena bytes (exact)', arena ? arena.used.toLocaleString('en-US') : '—'),
    fact('kernels', s.kernels === 'simd' ? 'WebAssembly SIMD' : 'reference'),
  );
  if (s.description) $('summary-facts').append(fact('description', s.description));
  tensorTable($<HTMLTableElement>('summary-inputs'), s.inputs);
  tensorTable($<HTMLTableElement>('summary-outputs'), s.outputs);
  const ops = $<HTMLTableElement>('summary-ops');
  ops.replaceChildren(el('tr', {}, el('th', { text: 'op' }), el('th', { text: 'count' }), el('th', { text: 'versions' }), el('th', { text: 'supported' })));
  for (const o of s.ops)
    ops.append(el('tr', {}, el('td', { className: 'mono', text: o.name }), el('td', { className: 'num', text: String(o.count) }), el('td', { text: o.versions.join(', ') }), el('td', { className: o.supported ? 'yes' : 'no', text: o.supported ? 'yes' : 'NOT SUPPORTED' })));
  const graph = $('graph');
  graph.replaceChildren(
    ...s.graph.map((n) => {
      const li = el('li', {}, el('span', { className: 'op', text: n.op }), n.subgraph ? ` (subgraph ${n.subgraph})` : '', ': ');
      n.inputs.forEach((t, i) => li.append(i ? ', ' : '', tensorInline(t)));
      li.append(' → ');
      n.outputs.forEach((t, i) => li.append(i ? ', ' : '', tensorInline(t)));
      return li;
    }),
  );
  $('summary').hidden = false;
  const badge = $('kernels-badge');
  badge.title = s.kernelsNote;
  if ('error' in s.arena) {
    showError(modelError, `This model cannot run here: ${s.arena.error}`);
    return;
  }
  renderInputFiles(s.inputs);
  $('run-section').hidden = false;
}

// ---- 2. run ----

const runForm = $<HTMLFormElement>('run-form');
const runError = $('run-error');
const inputFiles = $('input-files');

function renderInputFiles(inputs: TensorSummary[]): void {
  inputFiles.replaceChildren(
    ...inputs.map((t, i) =>
      el('label', {}, `input ${i} (${t.type} ${shapeText(t.shape)}, ${t.bytes} bytes): `, Object.assign(document.createElement('input'), { type: 'file', className: 'input-file' })),
    ),
  );
}

for (const radio of runForm.querySelectorAll<HTMLInputElement>('input[name=source]'))
  radio.addEventListener('change', () => (inputFiles.hidden = radio.value !== 'files' || !radio.checked));

runForm.addEventListener('submit', (e) => {
  e.preventDefault();
  void runModel();
});

async function runModel(): Promise<void> {
  showError(runError, null);
  const kind = (runForm.querySelector<HTMLInputElement>('input[name=source]:checked')?.value ?? 'random') as InputSource['kind'];
  const runBtn = $<HTMLButtonElement>('run');
  runBtn.disabled = true;
  try {
    let source: InputSource;
    const transfer: Transferable[] = [];
    if (kind === 'files') {
      const pickers = [...inputFiles.querySelectorAll<HTMLInputElement>('input.input-file')];
      const buffers: ArrayBuffer[] = [];
      for (const [i, p] of pickers.entries()) {
        const f = p.files?.[0];
        if (!f) throw new Error(`pick a file for input ${i}`);
        buffers.push(await f.arrayBuffer());
      }
      transfer.push(...buffers);
      source = { kind: 'files', buffers };
    } else source = { kind };
    const profileRuns = Number($<HTMLInputElement>('profile-runs').value) || 1;
    renderResult(await call('run', { source, profileRuns }, transfer));
  } catch (err) {
    showError(runError, `Run failed: ${messageOf(err)}`);
  } finally {
    runBtn.disabled = false;
  }
}

function valuesText(v: (number | string)[], limit = 64): string {
  const shown = v.slice(0, limit).map((x) => (typeof x === 'number' && !Number.isInteger(x) ? x.toPrecision(7) : String(x)));
  return `[${shown.join(', ')}${v.length > limit ? `, … (${v.length} values)` : ''}]`;
}

function renderOutputs(outputs: OutputValues[]): void {
  const box = $('outputs');
  box.replaceChildren();
  outputs.forEach((o, i) => {
    const t = el('table', { className: 'output' });
    t.dataset.index = String(i);
    t.dataset.values = JSON.stringify(o.values);
    if (o.dequantized) t.dataset.dequantized = JSON.stringify(o.dequantized);
    t.append(
      el('tr', {}, el('th', { text: `output ${i}` }), el('td', {}, el('span', { className: 'mono', text: o.name }), ` ${o.type} ${shapeText(o.shape)} ${quantText(o)}`)),
      el('tr', {}, el('th', { text: 'values' }), el('td', { className: 'mono values', text: valuesText(o.values) })),
    );
    if (o.dequantized) t.append(el('tr', {}, el('th', { text: 'dequantized' }), el('td', { className: 'mono values', text: valuesText(o.dequantized) })));
    box.append(t);
  });
}

const SVG = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Horizontal bars: mean ms per invoke of each op type (slowest first), from summarizeProfile. */
function renderProfile(r: RunResult): void {
  const ops = r.profile.ops;
  const rowH = 24;
  const labelW = 230;
  const barW = 520;
  const W = labelW + barW + 150;
  const H = ops.length * rowH + 30;
  const max = Math.max(1e-9, ...ops.map((o) => o.ms));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, 'font-size': 12, 'font-family': 'system-ui, sans-serif', role: 'img' });
  chart.append(svg('title', {}, `per-op profile: mean over ${r.profileRuns} invokes`));
  ops.forEach((o, i) => {
    const y = 6 + i * rowH;
    const g = svg('g', { class: 'op-bar' });
    g.dataset.op = o.op;
    g.append(
      svg('text', { x: labelW - 8, y: y + 15, 'text-anchor': 'end' }, `${o.op} ×${o.count}`),
      svg('rect', { x: labelW, y: y + 3, width: Math.max(1, (o.ms / max) * barW), height: rowH - 8, rx: 3, fill: `hsl(${28 + ((i * 47) % 200)}, 80%, 55%)` }),
      svg('text', { x: labelW + Math.max(1, (o.ms / max) * barW) + 6, y: y + 15, fill: '#444' }, `${fmtMs(o.ms)} ms (${o.percent.toFixed(1)}%)`),
    );
    g.append(svg('title', {}, `${o.op}: ${o.count} node(s), ${o.ms.toFixed(4)} ms per invoke, ${o.percent.toFixed(1)}% of op time`));
    chart.append(g);
  });
  const coarse = r.profile.totalMs < 0.05 ? ' (below this browser\'s timer resolution: without cross-origin isolation it is about 0.1 ms)' : '';
  chart.append(svg('text', { x: labelW, y: H - 6, fill: '#666' }, `ops total ${fmtMs(r.profile.totalMs)} ms per invoke (mean of ${r.profileRuns})${coarse}`));
  const top = el('details', {}, el('summary', { text: 'slowest nodes' }));
  const t = el('table');
  t.append(el('tr', {}, el('th', { text: 'node' }), el('th', { text: 'op' }), el('th', { text: 'ms / invoke' })));
  for (const n of r.profile.nodes) t.append(el('tr', {}, el('td', { className: 'num', text: n.subgraph ? `${n.subgraph}:${n.node}` : String(n.node) }), el('td', { className: 'mono', text: n.op }), el('td', { className: 'num', text: n.ms.toFixed(4) })));
  top.append(t);
  $('profile').replaceChildren(chart, top);
}

let downloadUrls: string[] = [];
function renderResult(r: RunResult): void {
  $('timing').replaceChildren(
    'invoke ', el('b', { text: `${fmtMs(r.meanMs)} ms` }), ` mean of ${r.profileRuns} (after warm-up); first after reset ${fmtMs(r.invokeMs)} ms, `,
    `median with the profiler ${fmtMs(r.medianMs)} ms`,
  );
  renderOutputs(r.outputs);
  for (const u of downloadUrls) URL.revokeObjectURL(u);
  downloadUrls = r.inputs.map((b) => URL.createObjectURL(new Blob([b], { type: 'application/octet-stream' })));
  const links = $('input-downloads');
  links.replaceChildren('Inputs used (raw bytes, for ', el('code', { text: 'tflm run MODEL --input FILE' }), '): ');
  downloadUrls.forEach((u, i) => {
    const a = el('a', { text: `input ${i}` });
    a.href = u;
    a.download = `input${i}.bin`;
    a.className = 'input-download';
    links.append(a);
  });
  renderProfile(r);
  const plan = $('plan');
  // planSvg escapes every name it writes; drop the XML declaration for inline use.
  plan.innerHTML = r.planSvg.replace(/^<\?xml[^>]*>\s*/, '');
  plan.dataset.buffers = String(r.planBuffers);
  plan.dataset.head = String(r.planHead);
  $('breakdown').textContent = r.breakdown;
  $('results').hidden = false;
}

// ---- 3a. person detection ----

const personError = $('person-error');
const personCanvas = $<HTMLCanvasElement>('person-canvas');
const personVideo = $<HTMLVideoElement>('person-video');
const webcamBtn = $<HTMLButtonElement>('person-webcam');
const personImage = $<HTMLInputElement>('person-image');
let personSize = { width: 96, height: 96 };
let webcam: { stream: MediaStream; stop: boolean } | null = null;

$<HTMLInputElement>('person-model').addEventListener('change', async (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (!f) return;
  showError(personError, null);
  stopWebcam();
  webcamBtn.disabled = personImage.disabled = true;
  const res = $('person-result');
  res.replaceChildren();
  delete res.dataset.person;
  delete res.dataset.noPerson;
  try {
    const bytes = await f.arrayBuffer();
    const r = await call('personLoad', { bytes, name: f.name }, [bytes]);
    personSize = { width: r.width, height: r.height };
    personCanvas.width = r.width;
    personCanvas.height = r.height;
    webcamBtn.disabled = personImage.disabled = false;
    $('person-result').replaceChildren(`Model ready (${r.kernels === 'simd' ? 'WebAssembly SIMD' : 'reference'} kernels). Start the webcam or pick an image.`);
  } catch (err) {
    showError(personError, `Could not load ${f.name}: ${messageOf(err)}`);
  }
});

function bars(scores: [string, number][]): HTMLElement {
  const b = el('div', { className: 'bars' });
  for (const [label, v] of scores) {
    const track = el('div', { className: 'bar-track' });
    const bar = el('div', { className: 'bar' });
    bar.style.width = `${Math.max(0, Math.min(1, v)) * 100}%`;
    track.append(bar);
    b.append(el('span', { text: label }), track, el('span', { className: 'mono', text: v.toFixed(3) }));
  }
  return b;
}

function showPerson(r: PersonResult): void {
  const ctx = personCanvas.getContext('2d')!;
  const img = ctx.createImageData(r.width, r.height);
  for (let i = 0; i < r.pixels.length; i++) {
    const g = r.pixels[i]!;
    img.data.set([g, g, g, 255], 4 * i);
  }
  ctx.putImageData(img, 0, 0);
  const res = $('person-result');
  res.dataset.person = String(r.person);
  res.dataset.noPerson = String(r.noPerson);
  res.replaceChildren(
    el('div', { className: 'label', text: r.isPerson ? 'person' : 'no person' }),
    bars([['person', r.personProbability]]),
    el('div', { className: 'hint', text: `scores: person ${r.person}, no person ${r.noPerson} (int8); invoke ${fmtMs(r.ms)} ms` }),
  );
}

/** 8-bit gray from RGBA, as PIL's convert('L') (the same formula as examples/person_detection/image.ts). */
function grayOf(rgba: Uint8ClampedArray): Uint8Array {
  const out = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = (rgba[4 * i]! * 19595 + rgba[4 * i + 1]! * 38470 + rgba[4 * i + 2]! * 7471 + 0x8000) >> 16;
  return out;
}

personImage.addEventListener('change', async () => {
  const f = personImage.files?.[0];
  if (!f) return;
  showError(personError, null);
  stopWebcam();
  try {
    const bytes = await f.arrayBuffer();
    const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
    const isBmpOrPgm = (head[0] === 0x42 && head[1] === 0x4d) || (head[0] === 0x50 && (head[1] === 0x35 || head[1] === 0x32));
    if (isBmpOrPgm) {
      // Decoded by examples/person_detection/image.ts in the worker, exactly as the Node example does.
      showPerson(await call('personImage', { bytes }, [bytes]));
      return;
    }
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(new Blob([bytes]));
    } catch {
      throw new Error('not an image this browser can decode (BMP, PGM, PNG, JPEG, ... expected)');
    }
    const c = document.createElement('canvas');
    c.width = bitmap.width;
    c.height = bitmap.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const pixels = grayOf(ctx.getImageData(0, 0, c.width, c.height).data);
    showPerson(await call('personGray', { pixels, width: c.width, height: c.height }, [pixels.buffer]));
  } catch (err) {
    showError(personError, `Could not classify ${f.name}: ${messageOf(err)}`);
  }
});

function stopWebcam(): void {
  if (!webcam) return;
  webcam.stop = true;
  for (const t of webcam.stream.getTracks()) t.stop();
  webcam = null;
  personVideo.hidden = true;
  webcamBtn.textContent = 'Start webcam';
}

webcamBtn.addEventListener('click', async () => {
  if (webcam) return stopWebcam();
  showError(personError, null);
  try {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser (or an insecure http:// page) gives no camera access');
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, facingMode: 'user' } });
    personVideo.srcObject = stream;
    personVideo.hidden = false;
    await personVideo.play();
    const cam = { stream, stop: false };
    webcam = cam;
    webcamBtn.textContent = 'Stop webcam';
    // Canvas → W×H gray: the largest centered square of the frame, scaled by the browser.
    const c = document.createElement('canvas');
    c.width = personSize.width;
    c.height = personSize.height;
    const ctx = c.getContext('2d', { willReadFrequently: true })!;
    const frame = async () => {
      if (cam.stop) return;
      const vw = personVideo.videoWidth;
      const vh = personVideo.videoHeight;
      if (vw > 0 && vh > 0) {
        const side = Math.min(vw, vh);
        ctx.drawImage(personVideo, (vw - side) / 2, (vh - side) / 2, side, side, 0, 0, c.width, c.height);
        const pixels = grayOf(ctx.getImageData(0, 0, c.width, c.height).data);
        try {
          showPerson(await call('personGray', { pixels, width: c.width, height: c.height }, [pixels.buffer]));
        } catch (err) {
          showError(personError, `Webcam frame failed: ${messageOf(err)}`);
          return stopWebcam();
        }
      }
      setTimeout(() => requestAnimationFrame(() => void frame()), 100);
    };
    void frame();
  } catch (err) {
    stopWebcam();
    showError(personError, `Camera unavailable: ${messageOf(err)}`);
  }
});

// ---- 3b. micro_speech ----

const speechError = $('speech-error');
const micBtn = $<HTMLButtonElement>('speech-mic');
const speechWav = $<HTMLInputElement>('speech-wav');
const speechLog = $('speech-log');
let mic: Microphone | null = null;

$<HTMLInputElement>('speech-models').addEventListener('change', async (e) => {
  const files = [...((e.target as HTMLInputElement).files ?? [])];
  if (files.length === 0) return;
  showError(speechError, null);
  stopMicrophone();
  micBtn.disabled = speechWav.disabled = true;
  $('speech-result').replaceChildren();
  speechLog.replaceChildren();
  try {
    const models = await Promise.all(files.map(async (f) => ({ bytes: await f.arrayBuffer(), name: f.name })));
    const r = await call('speechLoad', { models }, models.map((m) => m.bytes));
    micBtn.disabled = speechWav.disabled = false;
    $('speech-result').replaceChildren(`Models ready (features: ${r.preprocessor}, classifier: ${r.classifier}). Start the microphone or pick a WAV file.`);
  } catch (err) {
    showError(speechError, `Could not load the micro_speech models: ${messageOf(err)}`);
  }
});

function showSpeech(r: SpeechScores, note: string): void {
  const res = $('speech-result');
  res.dataset.label = r.label;
  res.dataset.scores = JSON.stringify(r.scores);
  res.replaceChildren(el('div', { className: 'label', text: r.label }), bars(Object.entries(r.scores)), el('div', { className: 'hint', text: note }));
}

speechWav.addEventListener('change', async () => {
  const f = speechWav.files?.[0];
  if (!f) return;
  showError(speechError, null);
  try {
    const { samples, note } = await decodeAudioFile(await f.arrayBuffer());
    const r = await call('speechClip', { samples }, [samples.buffer]);
    showSpeech(r, `${f.name}: ${note}; ${r.windows} feature windows; ${fmtMs(r.ms)} ms`);
  } catch (err) {
    showError(speechError, `Could not classify ${f.name}: ${messageOf(err)}`);
  }
});

function stopMicrophone(): void {
  if (!mic) return;
  mic.stop();
  mic = null;
  micBtn.textContent = 'Start microphone';
}

micBtn.addEventListener('click', async () => {
  if (mic) return stopMicrophone();
  showError(speechError, null);
  let first = true;
  try {
    mic = await startMicrophone((samples) => {
      const reset = first;
      first = false;
      call('speechStream', { samples, reset }, [samples.buffer])
        .then((r) => {
          if (r.last) showSpeech(r.last, `listening: last second at ${(r.last.timeMs / 1000).toFixed(1)} s`);
          for (const d of r.detections) speechLog.prepend(el('li', { text: `${(d.timeMs / 1000).toFixed(2)} s: “${d.label}” (${d.score.toFixed(2)})` }));
        })
        .catch((err: unknown) => showError(speechError, `Recognition failed: ${messageOf(err)}`));
    });
    micBtn.textContent = 'Stop microphone';
    $('speech-result').replaceChildren(`Listening (captured at ${mic.sampleRate} Hz${mic.sampleRate === 16000 ? '' : ', resampled to 16 kHz'}); say “yes” or “no”.`);
  } catch (err) {
    mic = null;
    showError(speechError, `Microphone unavailable: ${messageOf(err)}`);
  }
});

// ---- start ----

try {
  startWorker();
  call('info', {})
    .then(({ simd }) => {
      const badge = $('kernels-badge');
      badge.textContent = simd ? 'WebAssembly SIMD kernels' : 'reference kernels (no WebAssembly SIMD here)';
      badge.className = `badge ${simd ? 'simd' : 'reference'}`;
    })
    .catch((e: unknown) => showError(globalError, `The inference worker does not answer: ${messageOf(e)}`));
} catch (e) {
  showError(globalError, `Cannot start the inference worker: ${messageOf(e)}`);
}
