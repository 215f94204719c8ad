/**
 * A float copy of a hybrid (dynamic-range quantized) model: every constant INT8 tensor with quantization
 * parameters becomes a FLOAT32 constant holding scale[c] * (q - zeroPoint[c]) (float32, along the quantized
 * dimension), everything else is copied as it is. Running the copy with the float kernels is the float
 * evaluation a hybrid model approximates (the hybrid kernels additionally quantize the activations).
 *
 * Only the builtin options of the ops these models use are carried over (a table of field ids and types per
 * options type); an op with options of any other type fails loudly.
 */
import { ModelBuilder, type OptionField, type OptionsSpec } from '../../src/model/builder.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType, type Table } from '../../src/model/types.js';

type FieldType = 'int8' | 'int32' | 'bool' | 'float32' | 'int32[]';

/** schema.fbs field ids and types of the options tables copied. */
const OPTION_FIELDS: Record<number, [number, FieldType][]> = {
  [BuiltinOptions.FullyConnectedOptions]: [[0, 'int8'], [1, 'int8'], [2, 'bool'], [3, 'bool'], [4, 'int8']],
  [BuiltinOptions.Conv2DOptions]: [[0, 'int8'], [1, 'int32'], [2, 'int32'], [3, 'int8'], [4, 'int32'], [5, 'int32'], [6, 'int8']],
  [BuiltinOptions.DepthwiseConv2DOptions]: [[0, 'int8'], [1, 'int32'], [2, 'int32'], [3, 'int32'], [4, 'int8'], [5, 'int32'], [6, 'int32']],
  [BuiltinOptions.Pool2DOptions]: [[0, 'int8'], [1, 'int32'], [2, 'int32'], [3, 'int32'], [4, 'int32'], [5, 'int8']],
  [BuiltinOptions.ReshapeOptions]: [[0, 'int32[]']],
  [BuiltinOptions.SoftmaxOptions]: [[0, 'float32']],
};

function copyOptions(type: number, t: Table | null): OptionsSpec | undefined {
  if (type === 0 || t === null) return undefined;
  const fields = OPTION_FIELDS[type];
  if (!fields) throw new Error(`dequantizedFloatModel: options type ${type} not supported`);
  const out: OptionField[] = [];
  for (const [id, ft] of fields) {
    if (!t.has(id)) continue;
    if (ft === 'int8') out.push({ id, type: 'int8', value: t.int8(id) });
    else if (ft === 'int32') out.push({ id, type: 'int32', value: t.int32(id) });
    else if (ft === 'bool') out.push({ id, type: 'bool', value: t.bool(id) });
    else if (ft === 'float32') out.push({ id, type: 'float32', value: t.float32(id) });
    else out.push({ id, type: 'int32[]', value: t.int32Vector(id) ?? [] });
  }
  return { type, fields: out };
}

/** The float copy of `bytes` (first subgraph only). */
export function dequantizedFloatModel(bytes: Uint8Array): Uint8Array {
  const m = Model.fromBytes(bytes);
  if (m.subgraphs.length !== 1) throw new Error('dequantizedFloatModel: one subgraph only');
  const info = m.subgraphs[0]!;
  const b = new ModelBuilder({ description: `${m.description} (weights dequantized)` });
  const sg = b.subgraph();
  for (const t of info.tensors) {
    const q = t.quantization;
    if (t.data && t.type === TensorType.INT8 && q && q.scale.length > 0) {
      const qv = new Int8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      const dims = Array.from(t.shape);
      const qd = q.quantizedDimension;
      let inner = 1;
      for (let i = qd + 1; i < dims.length; i++) inner *= dims[i]!;
      const channels = dims[qd] ?? 1;
      const f = new Float32Array(qv.length);
      for (let i = 0; i < qv.length; i++) {
        const c = q.scale.length === 1 ? 0 : Math.floor(i / inner) % channels;
        const zp = q.zeroPoint.length === 0 ? 0 : q.zeroPoint[q.zeroPoint.length === 1 ? 0 : c]!;
        f[i] = Math.fround(q.scale[c]! * (qv[i]! - zp));
      }
      sg.tensor({ name: t.name, type: TensorType.FLOAT32, shape: dims, data: f });
    } else {
      sg.tensor({
        name: t.name,
        type: t.type,
        shape: Array.from(t.shape),
        data: t.data ?? undefined,
        quantization: q && q.scale.length > 0
          ? { scale: Array.from(q.scale), zeroPoint: Array.from(q.zeroPoint), quantizedDimension: q.quantizedDimension }
          : undefined,
        isVariable: t.isVariable,
      });
    }
  }
  for (const op of info.operators) {
    const code = m.operatorCodes[op.opcodeIndex]!;
    sg.op({
      code: code.builtinCode,
      version: code.version,
      inputs: Array.from(op.inputs),
      outputs: Array.from(op.outputs),
      options: copyOptions(op.builtinOptionsType, op.builtinOptions),
    });
  }
  sg.setInputs(Array.from(info.inputs));
  sg.setOutputs(Array.from(info.outputs));
  return b.finish();
}
