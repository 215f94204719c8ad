/**
 * Reports over what the runtime records: per-op profiles and the arena's memory plan. Pure functions returning
 * data or strings (text tables, CSV, SVG), usable in any JS environment; the CLI only prints them.
 */
import type { ArenaBreakdown, PlannedBuffer } from './interpreter.js';
import type { ProfileEvent } from './profiler.js';

export interface NodeTiming {
  readonly subgraph: number;
  readonly node: number;
  readonly op: string;
  /** Mean milliseconds per invoke. */
  readonly ms: number;
}

export interface OpTypeTiming {
  readonly op: string;
  readonly count: number;
  /** Mean milliseconds per invoke, summed over the nodes of this op type. */
  readonly ms: number;
  /** Share of the summed op time, in percent. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly invokes: number;
  readonly nodes: NodeTiming[];
  readonly ops: OpTypeTiming[];
  /** Mean summed op time per invoke (ms). */
  readonly totalMs: number;
}

/** Aggregate events recorded over `invokes` invokes into per-node and per-op-type means, slowest first. */
export function summarizeProfile(events: readonly ProfileEvent[], invokes: number): ProfileSummary {
  const n = Math.max(1, invokes);
  const byNode = new Map<string, { subgraph: number; node: number; op: string; ms: number }>();
  for (const e of events) {
    const key = `${e.subgraph}:${e.node}`;
    const r = byNode.get(key) ?? { subgraph: e.subgraph, node: e.node, op: e.tag, ms: 0 };
    r.ms += e.end - e.start;
    byNode.set(key, r);
  }
  const nodes = [...byNode.values()].map((r) => ({ ...r, ms: r.ms / n }));
  const totalMs = nodes.reduce((s, r) => s + r.ms, 0);
  const byOp = new Map<string, { op: string; count: number; ms: number }>();
  for (const r of nodes) {
    const o = byOp.get(r.op) ?? { op: r.op, count: 0, ms: 0 };
    o.count++;
    o.ms += r.ms;
    byOp.set(r.op, o);
  }
  const ops = [...byOp.values()].map((o) => ({ ...o, percent: totalMs > 0 ? (100 * o.ms) / totalMs : 0 }));
  nodes.sort((a, b) => b.ms - a.ms);
  ops.sort((a, b) => b.ms - a.ms);
  return { invokes: n, nodes, ops, totalMs };
}

function table(header: string[], rows: (string | number)[][], right: boolean[]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const w = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (right[i] ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ').trimEnd()).join('\n');
}

/** Human-readable profile: per op type, then the slowest nodes. */
export function profileText(p: ProfileSummary, invokeMs?: number, topNodes = 15): string {
  const ops = table(
    ['op', 'count', 'ms/invoke', '%'],
    p.ops.map((o) => [o.op, o.count, o.ms.toFixed(4), o.percent.toFixed(1)]),
    [false, true, true, true],
  );
  const nodes = table(
    ['node', 'op', 'ms/invoke', '%'],
    p.nodes.slice(0, topNodes).map((r) => [r.subgraph === 0 ? `${r.node}` : `${r.subgraph}:${r.node}`, r.op, r.ms.toFixed(4), p.totalMs > 0 ? ((100 * r.ms) / p.totalMs).toFixed(1) : '0.0']),
    [true, false, true, true],
  );
  const head = `${p.invokes} invoke${p.invokes === 1 ? '' : 's'}; ops total ${p.totalMs.toFixed(4)} ms/invoke` +
    (invokeMs !== undefined ? `; invoke ${invokeMs.toFixed(4)} ms (interpreter overhead ${Math.max(0, invokeMs - p.totalMs).toFixed(4)} ms)` : '');
  return `${head}\n\nby op type (slowest first):\n${ops}\n\nslowest nodes:\n${nodes}`;
}

export function profileCsv(p: ProfileSummary): string {
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['subgraph,node,op,ms_per_invoke', ...p.nodes.map((r) => `${r.subgraph},${r.node},${esc(r.op)},${r.ms}`)].join('\n') + '\n';
}

/** TFLM's plan ordinal characters: 0-9, a-z, A-Z, repeating. */
function ordinal(i: number): string {
  const k = i % 62;
  return k < 10 ? String.fromCharCode(48 + k) : k < 36 ? String.fromCharCode(97 + k - 10) : String.fromCharCode(65 + k - 36);
}

/**
 * The memory plan as text, like TFLM's PrintMemoryPlan: one line per allocation scope (time), the head's bytes
 * across the line; each buffer drawn with its ordinal character where it is live, '.' where memory is free.
 */
export function planText(plan: readonly PlannedBuffer[], headBytes: number, width = 80): string {
  const lines: string[] = [];
  plan.forEach((b, i) =>
    lines.push(`${ordinal(i)}: ${b.kind === 'scratch' ? b.name : `tensor ${b.subgraph === 0 ? '' : `${b.subgraph}:`}${b.index} ${JSON.stringify(b.name)}`} ${b.size} bytes, offset ${b.offset}, live ${b.firstUse}..${b.lastUse}`),
  );
  const maxT = plan.reduce((m, b) => Math.max(m, b.lastUse), 0);
  const scale = headBytes > 0 ? width / headBytes : 0;
  lines.push('');
  for (let t = 0; t <= maxT; t++) {
    const row = new Array<string>(width).fill('.');
    plan.forEach((b, i) => {
      if (t < b.firstUse || t > b.lastUse || b.size === 0) return;
      const s = Math.floor(b.offset * scale);
      const e = Math.max(s + 1, Math.ceil((b.offset + b.size) * scale));
      for (let c = s; c < Math.min(e, width); c++) row[c] = ordinal(i);
    });
    lines.push(`${String(t).padStart(4)}: ${row.join('')}`);
  }
  return lines.join('\n');
}

/** The memory plan as an SVG picture: time (allocation scope) across, arena offset down, one bar per buffer. */
export function planSvg(plan: readonly PlannedBuffer[], headBytes: number, title = 'tflm memory plan'): string {
  const W = 900;
  const H = 520;
  const left = 80;
  const top = 40;
  const right = 20;
  const bottom = 40;
  const maxT = plan.reduce((m, b) => Math.max(m, b.lastUse), 0) + 1;
  const xs = (W - left - right) / Math.max(1, maxT);
  const ys = (H - top - bottom) / Math.max(1, headBytes);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const rects = plan.map((b, i) => {
    const x = left + Math.max(0, b.firstUse) * xs;
    const w = Math.max(1, (b.lastUse - Math.max(0, b.firstUse) + 1) * xs);
    const y = top + b.offset * ys;
    const h = Math.max(1, b.size * ys);
    const hue = (i * 137) % 360;
    const label = `${b.kind === 'scratch' ? b.name : `tensor ${b.index} ${b.name}`}: ${b.size} B @ ${b.offset}, scopes ${b.firstUse}..${b.lastUse}`;
    return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="hsl(${hue},60%,60%)" stroke="#333" stroke-width="0.5"><title>${esc(label)}</title></rect>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<text x="${left}" y="20">${esc(title)}: ${plan.length} buffers, head ${headBytes} bytes</text>`,
    `<rect x="${left}" y="${top}" width="${W - left - right}" height="${H - top - bottom}" fill="#f8f8f8" stroke="#999"/>`,
    ...rects,
    `<text x="${left}" y="${H - 12}">allocation scope (op index) →</text>`,
    `<text x="10" y="${top + 12}">offset 0</text>`,
    `<text x="10" y="${H - bottom}">${headBytes}</text>`,
    `</svg>`,
  ].join('\n') + '\n';
}

/** The arena breakdown as text lines. */
export function breakdownText(b: ArenaBreakdown): string {
  const rows: [string, number, number | string][] = [
    ['planned tensors (head)', b.plannedTensorBytes, b.plannedTensorCount],
    ['scratch buffers (head)', b.scratchBytes, b.scratchCount],
    ['tensor metadata (dims)', b.tensorMetadataBytes, ''],
    ['op data + persistent buffers', b.opDataBytes, ''],
    ['variable tensors', b.variableTensorBytes, b.variableTensorCount],
    ['copied (misaligned) weights', b.copiedWeightBytes, b.copiedWeightCount],
  ];
  return [
    `arena: ${b.used} bytes used of ${b.capacity} (head ${b.head}, persistent tail ${b.tail}, free ${b.capacity - b.used})`,
    table(['kind', 'bytes', 'count'], rows.map(([k, n, c]) => [k, n, c]), [false, true, true]),
  ].join('\n');
}
