// ModelBuilder → Model.fromBytes round trips: everything the builder writes comes back as written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelBuilder, opt, type OptionField } from '../../src/model/builder.js';
import { FlatbufferReader, type FbTable } from '../../src/model/flatbuffers.js';
import { Model, signatureDefs } from '../../src/model/reader.js';
import { BuiltinOperator, BuiltinOptions, BuiltinOptions2, operatorName } from '../../src/model/schema.js';
import { TensorType } from '../../src/model/types.js';
import { setVtableEntry } from './fixtures.js';

const f32 = Math.fround;

/** A model exercising most of what the builder can write. */
function richModel(buffersOutside = false): { bytes: Uint8Array; weights: Int8Array; bias: Int32Array } {
  const b = new ModelBuilder({ description: 'rich model ✓' });
  const sg = b.subgraph('main');
  const weights = new Int8Array(24).map((_, i) => i - 12);
  const bias = new Int32Array([100, -200, 300]);
  const x = sg.tensor({ name: 'x', type: TensorType.INT8, shape: [1, 8], shapeSignature: [-1, 8], quantization: { scale: 0.5, zeroPoint: -3 } });
  const w = sg.tensor({
    name: 'w',
    type: TensorType.INT8,
    shape: [3, 8],
    data: weights,
    quantization: { scale: [0.25, 0.5, 0.125], quantizedDimension: 0 },
  });
  const bb = sg.tensor({ name: 'b', type: TensorType.INT32, shape: [3], data: bias, quantization: { scale: [0.1, 0.2, 0.3], zeroPoint: [0, 0, 0] } });
  const y = sg.tensor({ name: 'y', type: TensorType.INT8, shape: [1, 3], quantization: { scale: 0.75, zeroPoint: 5, min: [-1.5], max: [2.5] } });
  const state = sg.tensor({ name: 'state', type: TensorType.INT16, shape: [1, 3], isVariable: true });
  const fl = sg.tensor({ name: 'floats', type: TensorType.FLOAT32, shape: [2, 2], data: [1.5, -2, 0.25, 8] });
  sg.op({
    code: BuiltinOperator.FULLY_CONNECTED,
    version: 9,
    inputs: [x, w, bb],
    outputs: [y],
    options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, 1), opt.bool(2, true), opt.int8(4, TensorType.INT32)] },
  });
  sg.op({ code: BuiltinOperator.FULLY_CONNECTED, version: 9, inputs: [x, w, -1], outputs: [y] });
  sg.op({ custom: 'SignalWindow', inputs: [y], outputs: [state], customOptions: new Uint8Array([7, 8, 9]) });
  sg.op({
    code: BuiltinOperator.STABLEHLO_COMPOSITE,
    inputs: [fl],
    outputs: [y],
    intermediates: [state],
    options2: { type: BuiltinOptions2.StableHLOCompositeOptions, fields: [opt.string(0, 'comp'), opt.int32(1, 1)] },
  });
  sg.setInputs([x]);
  sg.setOutputs([y]);
  const sg1 = b.subgraph('body');
  const a = sg1.tensor({ name: 'a', type: TensorType.FLOAT32, shape: [] });
  sg1.setInputs([a]);
  sg1.setOutputs([a]);
  b.addMetadata('min_runtime_version', new TextEncoder().encode('1.5.0'));
  b.addOfflinePlan([-1, -1, -1, 0, 16, -1, 32]);
  b.addSignature({ key: 'serving_default', subgraph: 0, inputs: [{ name: 'in', tensor: x }], outputs: [{ name: 'out', tensor: y }] });
  return { bytes: b.finish({ buffersOutside }), weights, bias };
}

function checkRich(m: Model, weights: Int8Array, bias: Int32Array): void {
  assert.equal(m.version, 3);
  assert.equal(m.description, 'rich model ✓');
  assert.equal(m.subgraphs.length, 2);
  const sg = m.subgraphs[0]!;
  assert.equal(sg.name, 'main');
  assert.equal(m.subgraphs[1]!.name, 'body');
  assert.deepEqual(Array.from(sg.inputs), [0]);
  assert.deepEqual(Array.from(sg.outputs), [3]);
  assert.deepEqual(sg.tensors.map((t) => t.name), ['x', 'w', 'b', 'y', 'state', 'floats']);

  const [x, w, b, y, state, fl] = sg.tensors as [typeof sg.tensors[0], ...typeof sg.tensors];
  assert.equal(x.type, TensorType.INT8);
  assert.deepEqual(Array.from(x.shape), [1, 8]);
  assert.deepEqual(Array.from(x.shapeSignature!), [-1, 8]);
  assert.equal(x.data, null);
  assert.equal(x.buffer, 0);
  assert.deepEqual(Array.from(x.quantization!.scale), [0.5]);
  assert.deepEqual(Array.from(x.quantization!.zeroPoint), [-3]);
  assert.equal(w!.shapeSignature, null);

  // Constant data: exact bytes, zero-copy views on the model bytes, 16-byte aligned.
  assert.deepEqual(new Int8Array(w!.data!.buffer, w!.data!.byteOffset, w!.data!.byteLength), weights);
  assert.deepEqual(new Int32Array(b!.data!.slice().buffer), bias);
  assert.deepEqual(Array.from(new Float32Array(fl!.data!.slice().buffer)), [1.5, -2, 0.25, 8]);
  for (const t of [w!, b!, fl!]) {
    assert.equal(t.data!.buffer, m.bytes.buffer, `${t.name}: view on the model bytes`);
    assert.equal(t.data!.byteOffset % 16, 0, `${t.name}: 16-byte aligned`);
    assert.equal(m.buffers[t.buffer], t.data);
  }
  assert.equal(m.buffers[0], null, 'buffer 0 is the empty sentinel');

  const qw = w!.quantization!;
  assert.deepEqual(Array.from(qw.scale), [0.25, 0.5, 0.125]);
  assert.deepEqual(Array.from(qw.zeroPoint), [0, 0, 0]);
  assert.equal(qw.quantizedDimension, 0);
  assert.deepEqual(Array.from(b!.quantization!.scale), [f32(0.1), f32(0.2), f32(0.3)]);
  const qy = y!.quantization!;
  assert.deepEqual([qy.scale[0], qy.zeroPoint[0], qy.min[0], qy.max[0]], [0.75, 5, -1.5, 2.5]);
  assert.equal(state!.isVariable, true);
  assert.equal(y!.isVariable, false);
  assert.equal(state!.quantization, null);
  assert.equal(m.subgraphs[1]!.tensors[0]!.shape.length, 0, 'scalar');

  // Operator codes: deduplicated by (code, custom, version).
  assert.deepEqual(m.operatorCodes, [
    { builtinCode: BuiltinOperator.FULLY_CONNECTED, customCode: null, version: 9 },
    { builtinCode: BuiltinOperator.CUSTOM, customCode: 'SignalWindow', version: 1 },
    { builtinCode: BuiltinOperator.STABLEHLO_COMPOSITE, customCode: null, version: 1 },
  ]);
  assert.deepEqual(sg.operators.map((o) => operatorName(m.operatorCodes[o.opcodeIndex]!)), ['FULLY_CONNECTED', 'FULLY_CONNECTED', 'SignalWindow', 'STABLEHLO_COMPOSITE']);

  const [fc, fc2, custom, comp] = sg.operators as [typeof sg.operators[0], ...typeof sg.operators];
  assert.deepEqual(Array.from(fc.inputs), [0, 1, 2]);
  assert.deepEqual(Array.from(fc2!.inputs), [0, 1, -1]);
  assert.equal(fc.builtinOptionsType, BuiltinOptions.FullyConnectedOptions);
  const o = fc.builtinOptions!;
  assert.equal(o.int8(0), 1);
  assert.equal(o.int8(1, 42), 42, 'absent field → default');
  assert.equal(o.bool(2), true);
  assert.equal(o.bool(3), false);
  assert.equal(o.int8(4), TensorType.INT32);
  assert.equal(fc2!.builtinOptionsType, 0);
  assert.equal(fc2!.builtinOptions, null);
  assert.equal(fc.customOptions, null);
  assert.deepEqual(Array.from(custom!.customOptions!), [7, 8, 9]);
  assert.equal(custom!.customOptions!.buffer, m.bytes.buffer);
  assert.equal(comp!.builtinOptions2Type, BuiltinOptions2.StableHLOCompositeOptions);
  assert.equal(comp!.builtinOptions2!.string(0), 'comp');
  assert.equal(comp!.builtinOptions2!.int32(1), 1);
  assert.deepEqual(Array.from(comp!.intermediates), [4]);
  assert.equal(comp!.builtinOptions, null);

  // Metadata, offline plan, signatures.
  assert.deepEqual(m.metadata.map((e) => e.name), ['min_runtime_version', 'OfflineMemoryAllocation']);
  assert.equal(new TextDecoder().decode(m.metadataByName('min_runtime_version')!.data!), '1.5.0');
  assert.equal(m.metadataByName('nope'), null);
  const plan = m.offlinePlan()!;
  assert.equal(plan.version, 1);
  assert.equal(plan.subgraph, 0);
  assert.deepEqual(Array.from(plan.offsets), [-1, -1, -1, 0, 16, -1, 32]);
  assert.deepEqual(signatureDefs(m), [
    { signatureKey: 'serving_default', subgraphIndex: 0, inputs: [{ name: 'in', tensorIndex: 0 }], outputs: [{ name: 'out', tensorIndex: 3 }] },
  ]);
}

describe('ModelBuilder → Model round trip', () => {
  test('tensors, quantization, ops, options, metadata, offline plan, signatures', () => {
    const { bytes, weights, bias } = richModel();
    checkRich(Model.fromBytes(bytes), weights, bias);
  });

  test('buffersOutside: data after the flatbuffer via Buffer.offset/size', () => {
    const { bytes, weights, bias } = richModel(true);
    const m = Model.fromBytes(bytes);
    checkRich(m, weights, bias);
    // The Buffer tables have no data vector: their views come from offset/size, past the flatbuffer.
    const inline = richModel(false).bytes;
    const root = new FlatbufferReader(bytes).root();
    const buffers = root.tableVector(4, 'buffers');
    for (let i = 1; i < buffers.length; i++) {
      assert.equal(buffers[i]!.has(0), false, `buffer ${i} has no data vector`);
      assert.equal(buffers[i]!.uint64(1), m.buffers[i]!.byteOffset, `buffer ${i} offset`);
      assert.equal(buffers[i]!.uint64(2), m.buffers[i]!.byteLength, `buffer ${i} size`);
    }
    const lastTable = buffers[buffers.length - 1]!.pos;
    for (let i = 1; i < buffers.length; i++) assert.ok(m.buffers[i]!.byteOffset > lastTable, `buffer ${i} data follows the flatbuffer`);
    assert.ok(bytes.length > inline.length, 'external layout adds offset/size fields');
  });

  test('ArrayBuffer input, and a model inside a larger buffer (nonzero byteOffset)', () => {
    const { bytes, weights, bias } = richModel();
    checkRich(Model.fromBytes(bytes.buffer as ArrayBuffer), weights, bias);
    const big = new Uint8Array(bytes.length + 64);
    big.set(bytes, 16);
    const m = Model.fromBytes(big.subarray(16, 16 + bytes.length));
    checkRich(m, weights, bias);
    assert.equal(m.subgraphs[0]!.tensors[1]!.data!.byteOffset % 16, 0, 'aligned: model placed at a 16-byte offset');
    // Zero-copy: writing the model bytes shows through the tensor view.
    big[m.subgraphs[0]!.tensors[1]!.data!.byteOffset] = 99;
    assert.equal(m.subgraphs[0]!.tensors[1]!.data![0], 99);
  });

  test('operator codes > 127: deprecated_builtin_code = 127, builtin_code = code; below: both = code', () => {
    const b = new ModelBuilder();
    const sg = b.subgraph();
    const t = sg.tensor({ type: TensorType.FLOAT32, shape: [2] });
    sg.op({ code: BuiltinOperator.STABLEHLO_WHILE, inputs: [t], outputs: [t] });
    sg.op({ code: BuiltinOperator.ADD, inputs: [t, t], outputs: [t] });
    sg.op({ code: BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES, inputs: [t], outputs: [t] });
    sg.op({ code: BuiltinOperator.ADD, version: 2, inputs: [t, t], outputs: [t] });
    sg.op({ code: BuiltinOperator.ADD, inputs: [t, t], outputs: [t] });
    const bytes = b.finish();
    const m = Model.fromBytes(bytes);
    assert.deepEqual(
      m.operatorCodes.map((c) => [c.builtinCode, c.version]),
      [[200, 1], [0, 1], [127, 1], [0, 2]],
    );
    assert.deepEqual(Array.from(m.subgraphs[0]!.operators, (o) => o.opcodeIndex), [0, 1, 2, 3, 1]);
    assert.equal(operatorName(m.operatorCodes[0]!), 'STABLEHLO_WHILE');
    const raw = new FlatbufferReader(bytes).root().tableVector(1, 'operator_codes');
    assert.deepEqual(raw.map((c) => [c.int8(0), c.int32(3)]), [[127, 200], [0, 0], [127, 127], [0, 0]]);
  });

  test('old files: only deprecated_builtin_code set (builtin_code absent) still decode', () => {
    const b = new ModelBuilder();
    const sg = b.subgraph();
    const t = sg.tensor({ type: TensorType.FLOAT32, shape: [2] });
    sg.op({ code: BuiltinOperator.SOFTMAX, inputs: [t], outputs: [t] });
    const bytes = b.finish();
    // Erase builtin_code (field 3) from the vtable, as an old converter would have written it.
    const code = new FlatbufferReader(bytes).root().tableVector(1, 'operator_codes')[0]!;
    setVtableEntry(bytes, code, 3, 0);
    const m = Model.fromBytes(bytes);
    assert.equal(m.operatorCodes[0]!.builtinCode, BuiltinOperator.SOFTMAX);
    assert.equal(operatorName(m.operatorCodes[0]!), 'SOFTMAX');
  });

  test('Table accessors: every scalar type, vectors, strings, nested tables, defaults', () => {
    const fields: OptionField[] = [
      opt.bool(0, true),
      opt.int8(1, -5),
      opt.uint8(2, 250),
      opt.int16(3, -30000),
      opt.uint16(4, 60000),
      opt.int32(5, -2000000000),
      opt.uint32(6, 4000000000),
      opt.int64(7, -(2 ** 40) - 3),
      opt.float32(8, 1.1),
      opt.float64(9, Math.PI),
      opt.int32s(10, [1, -2, 3]),
      opt.float32s(11, [0.5, -0.25]),
      opt.bytes(12, [1, 2, 255]),
      opt.string(13, 'héllo'),
      opt.table(14, [opt.int32(0, 7), opt.table(1, [opt.string(0, 'deep')])]),
      opt.int64s(15, [1n, -2n, 7n]),
      opt.uint64(16, 2n ** 50n),
      opt.strings(17, ['a', 'b']),
      { id: 19, type: 'int16[]', value: [-1, 2] },
    ];
    const b = new ModelBuilder();
    const sg = b.subgraph();
    const t = sg.tensor({ type: TensorType.FLOAT32, shape: [1] });
    sg.op({ code: BuiltinOperator.ADD, inputs: [t, t], outputs: [t], options: { type: BuiltinOptions.AddOptions, fields } });
    const m = Model.fromBytes(b.finish());
    const o = m.subgraphs[0]!.operators[0]!.builtinOptions! as FbTable;
    assert.equal(o.path, 'subgraphs[0].operators[0].builtin_options');
    assert.equal(o.bool(0), true);
    assert.equal(o.int8(1), -5);
    assert.equal(o.uint8(2), 250);
    assert.equal(o.int16(3), -30000);
    assert.equal(o.uint16(4), 60000);
    assert.equal(o.int32(5), -2000000000);
    assert.equal(o.uint32(6), 4000000000);
    assert.equal(o.int64(7), -(2 ** 40) - 3);
    assert.equal(o.float32(8), f32(1.1));
    assert.equal(o.float64(9), Math.PI);
    assert.deepEqual(Array.from(o.int32Vector(10)!), [1, -2, 3]);
    assert.deepEqual(Array.from(o.float32Vector(11)!), [0.5, -0.25]);
    assert.deepEqual(Array.from(o.bytesVector(12)!), [1, 2, 255]);
    assert.equal(o.string(13), 'héllo');
    const nested = o.table(14)!;
    assert.equal(nested.int32(0), 7);
    assert.equal(nested.table(1)!.string(0), 'deep');
    assert.equal(nested.path, 'subgraphs[0].operators[0].builtin_options.field14');
    assert.deepEqual(Array.from(o.int64VectorAsInt32(15)!), [1, -2, 7]);
    assert.equal(o.uint64(16), 2 ** 50);
    assert.equal(o.has(17), true);
    assert.equal(o.has(18), false);
    // Absent fields give the caller's default (or the schema-neutral 0/false/null).
    assert.equal(o.int32(18, 3), 3);
    assert.equal(o.float32(18, 0.5), 0.5);
    assert.equal(o.bool(18, true), true);
    assert.equal(o.string(18), null);
    assert.equal(o.int32Vector(18), null);
    assert.equal(o.table(18), null);
    assert.equal(o.int32(1000), 0, 'field ids beyond the vtable are absent');
  });

  test('number[] constant data is converted to the tensor type', () => {
    const b = new ModelBuilder();
    const sg = b.subgraph();
    const specs: [number, number[], ArrayLike<number | bigint>][] = [
      [TensorType.INT8, [-1, 2], new Int8Array([-1, 2])],
      [TensorType.UINT8, [255, 2], new Uint8Array([255, 2])],
      [TensorType.INT16, [-300, 2], new Int16Array([-300, 2])],
      [TensorType.INT32, [-70000, 2], new Int32Array([-70000, 2])],
      [TensorType.FLOAT32, [0.5, 2], new Float32Array([0.5, 2])],
      [TensorType.INT64, [-1, 2 ** 40], new BigInt64Array([-1n, 2n ** 40n])],
      [TensorType.BOOL, [1, 0], new Uint8Array([1, 0])],
    ];
    for (const [type, data] of specs) sg.tensor({ type, shape: [2], data });
    const m = Model.fromBytes(b.finish());
    specs.forEach(([, , expected], i) => {
      const e = expected as unknown as ArrayBufferView;
      assert.deepEqual(m.subgraphs[0]!.tensors[i]!.data, new Uint8Array(e.buffer, e.byteOffset, e.byteLength));
    });
  });

  test('Model.verify and empty optional parts', () => {
    const b = new ModelBuilder();
    b.subgraph();
    const bytes = b.finish();
    assert.doesNotThrow(() => Model.verify(bytes));
    const m = Model.fromBytes(bytes);
    assert.equal(m.description, '');
    assert.equal(m.subgraphs[0]!.tensors.length, 0);
    assert.equal(m.offlinePlan(), null);
    assert.deepEqual(m.metadata, []);
    assert.deepEqual(signatureDefs(m), []);
    assert.deepEqual(m.buffers, [null]);
  });
});
