import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName, tensorTypeSize } from '../model/types.js';
import { defineOp, type KernelContext, type Tensor } from '../runtime/kernel.js';
import {
  huffmanDecode,
  lutDecode,
  lutIndex,
  pruneDecode,
  type HuffmanParams,
  type LutParams,
  type PruneParams,
} from './internal/decode.js';

/** Decode Common Metadata (DCM): 16 bytes ahead of each ancillary tensor's tables. */
const DCM_BYTES = 16;
const TYPE_LUT = 0;
const TYPE_HUFFMAN = 1;
const TYPE_PRUNE = 2;
const TYPE_CUSTOM = 127;

type DecodeState =
  | { kind: typeof TYPE_LUT; p: LutParams }
  | { kind: typeof TYPE_PRUNE; p: PruneParams }
  | { kind: typeof TYPE_HUFFMAN; p: HuffmanParams };

interface DecodeData {
  states: DecodeState[];
}

type Ctx = KernelContext<undefined, DecodeData>;

/** TFLM's channel layout: per-channel quantization on the first dim, or on the last with several channels. */
function channelsOf(ctx: Ctx, out: Tensor): { channels: number; altAxis: boolean } {
  const q = out.quantization;
  if (!q || q.scale.length === 0) return { channels: 1, altAxis: false };
  const channels = q.scale.length;
  if (q.quantizedDimension === out.shape.length - 1 && channels > 1) return { channels, altAxis: true };
  if (q.quantizedDimension !== 0) ctx.fail(`unsupported quantization axis ${q.quantizedDimension}`);
  return { channels, altAxis: false };
}

function popcount(mask: Uint8Array, bits: number): number {
  let n = 0;
  for (let i = 0; i < bits; i++) n += (mask[i >> 3]! >> (7 - (i & 7))) & 1;
  return n;
}

const LUT_TYPES = [TensorType.BOOL, TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.INT64];

function setupLut(ctx: Ctx, input: Tensor, anc: Uint8Array, out: Tensor): DecodeState {
  if (anc[4] !== 1) ctx.fail(`unsupported LUT version ${anc[4]}`);
  const { channels, altAxis } = channelsOf(ctx, out);
  if (!LUT_TYPES.includes(out.type as never)) ctx.fail(`unsupported tensor type ${tensorTypeName(out.type)}`);
  const p: LutParams = {
    bitWidth: anc[5]! & 0x07, channels, stride: anc[6]!, count: out.elementCount, altAxis, elementBytes: tensorTypeSize(out.type),
  };
  if (altAxis && p.count % channels !== 0) ctx.fail(`${p.count} elements do not split into ${channels} channels`);
  // Everything is constant: check every index and table read now (TFLM trusts the data).
  const read = altAxis ? p.count : Math.floor(p.count / channels) * channels;
  if (Math.ceil((read * p.bitWidth) / 8) > input.bytes.length) ctx.fail(`${input.bytes.length} bytes hold fewer than ${read} ${p.bitWidth}-bit indices`);
  const perChannel = altAxis ? 1 : Math.floor(p.count / channels);
  let need = 0;
  for (let k = 0; k < read; k++) {
    const c = altAxis ? k % channels : Math.floor(k / perChannel);
    need = Math.max(need, c * p.stride + lutIndex(input.bytes, k, p.bitWidth) + 1);
  }
  if (DCM_BYTES + need * p.elementBytes > anc.length) ctx.fail(`value table holds fewer than the ${need} elements the indices use`);
  return { kind: TYPE_LUT, p };
}

const PRUNE_TYPES = [TensorType.BOOL, TensorType.FLOAT32, TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.INT64];

function setupPrune(ctx: Ctx, input: Tensor, anc: Uint8Array, out: Tensor): DecodeState {
  if (anc[4] !== 1) ctx.fail(`unsupported prune version ${anc[4]}`);
  const { channels, altAxis } = channelsOf(ctx, out);
  const es = tensorTypeSize(out.type);
  const p: PruneParams = { count: out.elementCount, channels, altAxis, elementBytes: es, zeroPoints: null, zeroBytes: new Uint8Array(8) };
  const q = out.quantization;
  if (q && q.scale.length > 0) {
    const zps = Array.from({ length: channels }, (_, c) => q.zeroPoint[c] ?? 0);
    const nonZero = zps.some((z) => z !== 0);
    if (out.type !== TensorType.INT8 && nonZero) ctx.fail('all zero-points must be zero');
    if (channels > 1 && nonZero) p.zeroPoints = Int8Array.from(zps);
    else p.zeroBytes[0] = zps[0]! & 0xff;
  }
  if (!PRUNE_TYPES.includes(out.type as never)) ctx.fail(`unsupported tensor type ${tensorTypeName(out.type)}`);
  if (p.zeroPoints && altAxis && p.count % channels !== 0) ctx.fail(`${p.count} elements do not split into ${channels} channels`);
  const bits = p.zeroPoints && !altAxis ? Math.floor(p.count / channels) * channels : p.count;
  if (Math.ceil(bits / 8) > input.bytes.length) ctx.fail(`${input.bytes.length} bytes hold fewer than ${bits} mask bits`);
  const kept = popcount(input.bytes, bits);
  if (DCM_BYTES + kept * es > anc.length) ctx.fail(`value table holds fewer than the ${kept} kept values`);
  return { kind: TYPE_PRUNE, p };
}

function setupHuffman(ctx: Ctx, anc: Uint8Array, out: Tensor): DecodeState {
  if (anc[4] !== 1) ctx.fail(`unsupported Huffman version ${anc[4]}`);
  const use32 = (anc[5]! & 0x01) !== 0;
  if (!use32 && out.type !== TensorType.INT8) ctx.fail(`16-bit Huffman tables decode to INT8, output is ${tensorTypeName(out.type)}`);
  if (out.type !== TensorType.INT8 && out.type !== TensorType.INT16) ctx.fail(`unsupported tensor type ${tensorTypeName(out.type)}`);
  const p: HuffmanParams = {
    count: out.elementCount,
    use32,
    initialBits: (anc[5]! & 0xf0) >> 4,
    elementBytes: tensorTypeSize(out.type),
    tableEntries: Math.floor((anc.length - DCM_BYTES) / (use32 ? 4 : 2)),
  };
  return { kind: TYPE_HUFFMAN, p };
}

/**
 * TFLM_DECODE (custom op, TFLM's compression): N (encoded, ancillary) input pairs, both constant, decoded into N
 * outputs. The ancillary tensor starts with 16 bytes of metadata (type, version) followed by the tables: LUT
 * (bit-packed indices into per-channel value tables: bool, int8, int16, int32, int64, float32), prune (bitmask +
 * kept values + zero points) or Huffman (int8 / int16). Custom decode types fail, as in TFLM. Every table read is
 * checked against the constant data in prepare (TFLM trusts it); outputs are decoded again at every invoke,
 * since planned output memory is shared.
 */
export const DECODE = defineOp<undefined, DecodeData>({
  name: 'TFLM_DECODE',
  code: BuiltinOperator.CUSTOM,
  custom: 'TFLM_DECODE',
  init() {
    return { states: [] };
  },
  prepare(ctx) {
    const outputs = ctx.outputs.length;
    if (!(outputs > 0)) ctx.fail('expected at least one output');
    if (ctx.inputs.length !== outputs * 2) ctx.fail(`expected ${outputs * 2} inputs for ${outputs} outputs, got ${ctx.inputs.length}`);
    const states: DecodeState[] = [];
    for (let i = 0; i < outputs; i++) {
      const input = ctx.input(2 * i);
      const ancillary = ctx.input(2 * i + 1);
      const out = ctx.output(i);
      if (!input.isConstant) ctx.fail(`encoded input ${2 * i} is not constant`);
      if (!ancillary.isConstant) ctx.fail(`ancillary input ${2 * i + 1} is not constant`);
      const anc = ancillary.bytes;
      if (anc.length < DCM_BYTES) ctx.fail(`ancillary tensor ${2 * i + 1} holds ${anc.length} bytes, less than the 16-byte metadata`);
      if (anc[1] !== 1) ctx.fail(`version ${anc[1]} != 1`);
      const type = anc[0]!;
      if (type === TYPE_LUT) states.push(setupLut(ctx, input, anc, out));
      else if (type === TYPE_PRUNE) states.push(setupPrune(ctx, input, anc, out));
      else if (type === TYPE_HUFFMAN) states.push(setupHuffman(ctx, anc, out));
      else if (type === TYPE_CUSTOM) ctx.fail('custom decode type not yet supported');
      else ctx.fail(`unsupported decode type ${type}`);
    }
    ctx.data.states = states;
  },
  invoke(ctx) {
    const states = ctx.data.states;
    for (let i = 0; i < states.length; i++) {
      const s = states[i]!;
      const encoded = ctx.inputs[2 * i]!.bytes;
      const anc = ctx.inputs[2 * i + 1]!.bytes;
      const out = ctx.outputs[i]!.bytes;
      if (s.kind === TYPE_LUT) lutDecode(s.p, encoded, anc, DCM_BYTES, out);
      else if (s.kind === TYPE_PRUNE) pruneDecode(s.p, encoded, anc, DCM_BYTES, out);
      else if (!huffmanDecode(s.p, encoded, anc, DCM_BYTES, out)) ctx.fail(`Huffman codewords of output ${i} leave the decode table`);
    }
  },
});
