// Malformed and inconsistent models: every one must be rejected with a ModelError naming the place,
// never a RangeError/TypeError, never a hang.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelError } from '../../src/errors.js';
import { ModelBuilder, opt, type TensorSpec } from '../../src/model/builder.js';
import { MAX_DEPTH } from '../../src/model/flatbuffers.js';
import { Model, signatureDefs } from '../../src/model/reader.js';
import { BuiltinOperator, BuiltinOptions } from '../../src/model/schema.js';
import { TensorType } from '../../src/model/types.js';
import { dataView, fieldPos, rootOf, setVtableEntry, smallModel, throwsModelError, touchLazyParts, vectorPos } from './fixtures.js';

/** A one-subgraph model of the given tensors and one ADD-like op per `ops` entry. */
function modelOf(tensors: TensorSpec[], ops: { inputs: number[]; outputs: number[]; intermediates?: number[] }[] = [], io?: { inputs?: number[]; outputs?: number[] }): Uint8Array {
  const b = new ModelBuilder();
  const sg = b.subgraph();
  for (const t of tensors) sg.tensor(t);
  for (const o of ops) sg.op({ code: BuiltinOperator.ADD, ...o });
  sg.setInputs(io?.inputs ?? []);
  sg.setOutputs(io?.outputs ?? []);
  return b.finish();
}

const f32 = (shape: number[], extra: Partial<TensorSpec> = {}): TensorSpec => ({ type: TensorType.FLOAT32, shape, ...extra });

/** Deterministic PRNG (LCG, Numerical Recipes constants) so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

describe('malformed models', () => {
  test('empty, tiny and non-byte inputs', () => {
    throwsModelError(() => Model.fromBytes(new Uint8Array(0)), 'model too small: 0 bytes');
    throwsModelError(() => Model.fromBytes(new ArrayBuffer(0)), /too small/);
    throwsModelError(() => Model.fromBytes(new Uint8Array(15)), /too small/);
    throwsModelError(() => Model.fromBytes('TFL3' as never), /Uint8Array or an ArrayBuffer/);
    throwsModelError(() => Model.fromBytes(new Uint8Array(64)), /file identifier/);
  });

  test('every prefix of a small model throws ModelError', () => {
    for (const buffersOutside of [false, true]) {
      const bytes = smallModel({ buffersOutside });
      assert.doesNotThrow(() => Model.fromBytes(bytes));
      for (let len = 0; len < bytes.length; len++) {
        throwsModelError(() => Model.fromBytes(bytes.subarray(0, len)));
        throwsModelError(() => Model.fromBytes(bytes.slice(0, len)));
      }
    }
  });

  test('wrong file identifier', () => {
    const bytes = smallModel();
    bytes[7] = '2'.charCodeAt(0);
    throwsModelError(() => Model.fromBytes(bytes), 'file identifier is "TFL2", expected "TFL3" (not a .tflite model)');
  });

  test('schema version other than 3', () => {
    const bytes = smallModel();
    dataView(bytes).setUint32(fieldPos(rootOf(bytes), 0), 2, true);
    throwsModelError(() => Model.fromBytes(bytes), 'version: schema version 2 is not supported (expected 3)');
  });

  test('out-of-range tensor index in an operator input: exact path and message', () => {
    const tensors = Array.from({ length: 56 }, () => f32([1]));
    const ops = [0, 1, 2].map((i) => ({ inputs: [i, i + 1], outputs: [i + 2] }));
    ops.push({ inputs: [0, 57], outputs: [1] });
    throwsModelError(() => Model.fromBytes(modelOf(tensors, ops)), 'subgraphs[0].operators[3].inputs[1]: tensor 57 out of range (56 tensors)');
  });

  test('index checks: outputs, intermediates, subgraph I/O, buffers, opcodes', () => {
    const two = [f32([1]), f32([1])];
    assert.doesNotThrow(() => Model.fromBytes(modelOf(two, [{ inputs: [0, -1], outputs: [1] }])), '-1 = omitted optional input');
    throwsModelError(() => Model.fromBytes(modelOf(two, [{ inputs: [0, -2], outputs: [1] }])), 'subgraphs[0].operators[0].inputs[1]: tensor -2 out of range (2 tensors)');
    throwsModelError(() => Model.fromBytes(modelOf(two, [{ inputs: [0], outputs: [-1] }])), 'subgraphs[0].operators[0].outputs[0]: tensor -1 out of range (2 tensors)');
    throwsModelError(
      () => Model.fromBytes(modelOf(two, [{ inputs: [0], outputs: [1], intermediates: [2] }])),
      'subgraphs[0].operators[0].intermediates[0]: tensor 2 out of range (2 tensors)',
    );
    throwsModelError(() => Model.fromBytes(modelOf(two, [], { inputs: [-1] })), 'subgraphs[0].inputs[0]: tensor -1 out of range (2 tensors)');
    throwsModelError(() => Model.fromBytes(modelOf(two, [], { outputs: [0, 9] })), 'subgraphs[0].outputs[1]: tensor 9 out of range (2 tensors)');
    throwsModelError(() => Model.fromBytes(modelOf([f32([1], { buffer: 7 })])), 'subgraphs[0].tensors[0].buffer: buffer 7 out of range (1 buffers)');

    const bytes = modelOf(two, [{ inputs: [0], outputs: [1] }]);
    const op = rootOf(bytes).tableVector(2, 'subgraphs')[0]!.tableVector(3, 'operators')[0]!;
    dataView(bytes).setUint32(fieldPos(op, 0), 9, true);
    throwsModelError(() => Model.fromBytes(bytes), 'subgraphs[0].operators[0].opcode_index: opcode 9 out of range (1 operator codes)');

    throwsModelError(() => Model.fromBytes(new ModelBuilder().finish()), 'subgraphs: model has no subgraphs');
  });

  test('metadata and signature indices', () => {
    const bytes = smallModel();
    const meta = rootOf(bytes).tableVector(6, 'metadata')[0]!;
    dataView(bytes).setUint32(fieldPos(meta, 1), 1000, true);
    throwsModelError(() => Model.fromBytes(bytes), /^metadata\[0\]\.buffer: buffer 1000 out of range \(\d+ buffers\)$/);

    const sig = (subgraph: number, tensor: number): Uint8Array => {
      const b = new ModelBuilder();
      const sg = b.subgraph();
      sg.tensor(f32([1]));
      b.addSignature({ key: 'k', subgraph, inputs: [{ name: 'a', tensor: 0 }], outputs: [{ name: 'b', tensor }] });
      return b.finish();
    };
    // Signature defs are verified when read (signatureDefs), not by fromBytes: the runtime never uses them.
    assert.doesNotThrow(() => signatureDefs(Model.fromBytes(sig(0, 0))));
    throwsModelError(() => signatureDefs(Model.fromBytes(sig(1, 0))), 'signature_defs[0].subgraph_index: subgraph 1 out of range (1 subgraphs)');
    throwsModelError(() => signatureDefs(Model.fromBytes(sig(0, 1))), 'signature_defs[0].outputs[0].tensor_index: tensor 1 out of range (1 tensors)');
  });

  test('vector lengths near 2^31 and 2^32', () => {
    for (const len of [0x7fffffff, 0x80000000, 0xffffffff, 0x3fffffff]) {
      const bytes = smallModel();
      const tensor = rootOf(bytes).tableVector(2, 'subgraphs')[0]!.tableVector(0, 'tensors')[0]!;
      dataView(bytes).setUint32(vectorPos(tensor, 0), len, true);
      throwsModelError(() => Model.fromBytes(bytes), new RegExp(`^subgraphs\\[0\\]\\.tensors\\[0\\]\\.shape: vector of ${len} × 4-byte elements`));

      const bytes2 = smallModel();
      dataView(bytes2).setUint32(vectorPos(rootOf(bytes2), 2), len, true);
      throwsModelError(() => Model.fromBytes(bytes2), /^subgraphs: vector of/);

      const bytes3 = smallModel();
      dataView(bytes3).setUint32(vectorPos(rootOf(bytes3), 3), len, true);
      throwsModelError(() => Model.fromBytes(bytes3), /^description: vector of/);
    }
  });

  test('offsets pointing into the header', () => {
    for (const rootOffset of [0, 4, 0xfffffff0]) {
      const bytes = smallModel();
      dataView(bytes).setUint32(0, rootOffset, true);
      throwsModelError(() => Model.fromBytes(bytes));
    }
    // The root table's soffset aimed so that its vtable is the root offset / the identifier.
    for (const vtable of [0, 4, -4]) {
      const bytes = smallModel();
      const root = rootOf(bytes).pos;
      dataView(bytes).setInt32(root, root - vtable, true);
      throwsModelError(() => Model.fromBytes(bytes));
    }
  });

  test('broken vtables and fields outside their table', () => {
    const cases: [string, (dv: DataView, vt: number) => void, RegExp][] = [
      ['odd vtable size', (dv, vt) => dv.setUint16(vt, 7, true), /vtable size 7 is not an even number >= 4/],
      ['vtable size 2', (dv, vt) => dv.setUint16(vt, 2, true), /vtable size 2/],
      ['table size 2', (dv, vt) => dv.setUint16(vt + 2, 2, true), /table size 2/],
      ['table beyond the buffer', (dv, vt) => dv.setUint16(vt + 2, 0xfff0, true), /outside the/],
      ['field beyond the table', (dv, vt) => dv.setUint16(vt + 4, 0x100, true), /^field0: field at offset 256 does not fit the \d+-byte table$/],
      ['field inside the soffset', (dv, vt) => dv.setUint16(vt + 4, 2, true), /field at offset 2/],
      ['vtable beyond the buffer', (dv, vt) => dv.setUint16(vt, 0xfffe, true), /vtable at byte/],
    ];
    for (const [name, patch, message] of cases) {
      const bytes = smallModel();
      const root = rootOf(bytes);
      const dv = dataView(bytes);
      patch(dv, root.pos - dv.getInt32(root.pos, true));
      const e = throwsModelError(() => Model.fromBytes(bytes), message);
      assert.ok(e instanceof ModelError, name);
    }
  });

  test('string not NUL-terminated', () => {
    const bytes = smallModel();
    const p = vectorPos(rootOf(bytes), 3);
    bytes[p + 4 + dataView(bytes).getUint32(p, true)] = 0x41;
    throwsModelError(() => Model.fromBytes(bytes), 'description: string not NUL-terminated');
  });

  test('unknown tensor types', () => {
    throwsModelError(() => Model.fromBytes(modelOf([{ type: 23, shape: [1] }])), 'subgraphs[0].tensors[0].type: unknown tensor type 23');
    throwsModelError(() => Model.fromBytes(modelOf([{ type: -1, shape: [1] }])), 'subgraphs[0].tensors[0].type: unknown tensor type -1');
    assert.doesNotThrow(() => Model.fromBytes(modelOf([{ type: 22, shape: [1], data: new Uint8Array(1) }])), 'FLOAT8_E5M2');
  });

  test('negative dims; shape_signature may hold -1', () => {
    throwsModelError(
      () => Model.fromBytes(modelOf([f32([1]), f32([1, -2])])),
      'subgraphs[0].tensors[1].shape[1]: negative dimension -2',
    );
    assert.doesNotThrow(() => Model.fromBytes(modelOf([f32([1, 2], { shapeSignature: [-1, 2] })])));
    throwsModelError(() => Model.fromBytes(modelOf([f32([1, 2], { shapeSignature: [-2, 2] })])), 'subgraphs[0].tensors[0].shape_signature[0]: invalid dimension -2');
  });

  test('constant buffer size must match shape × element size', () => {
    throwsModelError(
      () => Model.fromBytes(modelOf([{ type: TensorType.INT8, shape: [2, 4], data: new Int8Array(7) }])),
      'subgraphs[0].tensors[0]: constant data has 7 bytes; INT8 shape [2, 4] needs 8',
    );
    throwsModelError(() => Model.fromBytes(modelOf([f32([3], { data: new Float32Array(4) })])), /constant data has 16 bytes; FLOAT32 shape \[3\] needs 12/);
    throwsModelError(() => Model.fromBytes(modelOf([f32([], { data: new Float32Array(2) })])), /shape \[\] needs 4/);
    // INT4 packs two per byte (rounded up); STRING carries its own layout and is not checked.
    assert.doesNotThrow(() => Model.fromBytes(modelOf([{ type: TensorType.INT4, shape: [3], data: new Uint8Array(2) }])));
    throwsModelError(() => Model.fromBytes(modelOf([{ type: TensorType.INT4, shape: [3], data: new Uint8Array(3) }])), /needs 2/);
    assert.doesNotThrow(() => Model.fromBytes(modelOf([{ type: TensorType.STRING, shape: [2], data: new Uint8Array(23) }])));
    assert.doesNotThrow(() => Model.fromBytes(modelOf([{ type: TensorType.INT64, shape: [2], data: new BigInt64Array(2) }])));
  });

  test('tensors above 2^31 bytes are rejected; zero-size ones are fine', () => {
    throwsModelError(() => Model.fromBytes(modelOf([f32([65536, 32768])])), 'subgraphs[0].tensors[0].shape: shape [65536, 32768] exceeds 2^31 bytes');
    throwsModelError(() => Model.fromBytes(modelOf([f32([2147483647, 2147483647, 3])])), /shape \[2147483647, 2147483647, 3\] exceeds 2\^31 bytes/);
    assert.doesNotThrow(() => Model.fromBytes(modelOf([f32([2147483647, 2147483647, 0])])));
    assert.doesNotThrow(() => Model.fromBytes(modelOf([{ type: TensorType.INT8, shape: [65536, 32768] }])), 'exactly 2^31 bytes');
  });

  test('quantization checks and TFLM leniencies', () => {
    const q = (shape: number[], quantization: TensorSpec['quantization'], type: number = TensorType.INT8) =>
      Model.fromBytes(modelOf([{ type, shape, quantization }])).subgraphs[0]!.tensors[0]!.quantization;
    throwsModelError(() => q([2, 3], { scale: [1, 2], quantizedDimension: 1 }), 'subgraphs[0].tensors[0].quantization.scale: 2 scales but dimension 1 of shape [2, 3] is 3');
    throwsModelError(() => q([2, 3], { scale: [1, 2], quantizedDimension: 2 }), 'subgraphs[0].tensors[0].quantization.quantized_dimension: quantized dimension 2 out of range for shape [2, 3]');
    throwsModelError(() => q([2, 3], { scale: [1, 2], quantizedDimension: -1 }), /quantized dimension -1 out of range/);
    throwsModelError(() => q([2], { scale: [1, 2], zeroPoint: [0, 0, 0] }), 'subgraphs[0].tensors[0].quantization.zero_point: 3 zero points for 2 scales');
    throwsModelError(() => q([1], { scale: 1, zeroPoint: [2 ** 31] }), 'subgraphs[0].tensors[0].quantization.zero_point[0]: value 2147483648 exceeds int32');
    throwsModelError(() => q([1], { scale: 1, zeroPoint: [-(2 ** 31) - 1] }), /value -2147483649 exceeds int32/);
    assert.deepEqual(Array.from(q([1], { scale: 1, zeroPoint: [-(2 ** 31)] })!.zeroPoint), [-(2 ** 31)]);

    // Rank-1 per-channel bias naming the filter's axis (person_detect.tflite): accepted, axis reported as 0.
    const bias = q([4], { scale: [1, 2, 3, 4], quantizedDimension: 3 }, TensorType.INT32)!;
    assert.equal(bias.quantizedDimension, 0);
    throwsModelError(() => q([4], { scale: [1, 2, 3], quantizedDimension: 3 }, TensorType.INT32), /quantized dimension 3 out of range/);
    // A single scale makes the axis irrelevant.
    assert.equal(q([2, 2], { scale: 0.5, quantizedDimension: 7 })!.quantizedDimension, 0);
    assert.equal(q([2, 2, 3], { scale: [1, 2, 3], quantizedDimension: 2 })!.quantizedDimension, 2);
    // Zero points: empty → zeros; one for several scales → broadcast (TFLM's convention for weights).
    assert.deepEqual(Array.from(q([3], { scale: [1, 2, 3], zeroPoint: [] })!.zeroPoint), [0, 0, 0]);
    assert.deepEqual(Array.from(q([3], { scale: [1, 2, 3], zeroPoint: [4] })!.zeroPoint), [4, 4, 4]);
    // No scale → unquantized, as in TFLM.
    assert.equal(q([3], { scale: [], zeroPoint: [] }), null);
  });

  test('external buffers (Buffer.offset/size) must lie inside the model', () => {
    for (const [field, value] of [[2, 1 << 20], [1, 1 << 20], [1, 2 ** 52]] as const) {
      const bytes = smallModel({ buffersOutside: true });
      const buffer = rootOf(bytes).tableVector(4, 'buffers')[1]!;
      dataView(bytes).setBigUint64(fieldPos(buffer, field, 8), BigInt(value), true);
      throwsModelError(() => Model.fromBytes(bytes), /^buffers\[1\]\.offset: external data \[\d+, \d+\) is outside the \d+-byte model$/);
    }
    const bytes = smallModel({ buffersOutside: true });
    const buffer = rootOf(bytes).tableVector(4, 'buffers')[1]!;
    dataView(bytes).setBigUint64(fieldPos(buffer, 1, 8), 2n ** 60n, true);
    throwsModelError(() => Model.fromBytes(bytes), 'buffers[1].offset: value beyond 2^53');
    // offset 1 means "unset": the buffer is empty, and the tensor then has no data.
    dataView(bytes).setBigUint64(fieldPos(buffer, 1, 8), 1n, true);
    const m = Model.fromBytes(bytes);
    assert.equal(m.buffers[1], null);
  });

  test('offline plan: header, length and tensor count', () => {
    const withPlan = (words: number[]) => {
      const b = new ModelBuilder();
      const sg = b.subgraph();
      sg.tensor(f32([1]));
      sg.tensor(f32([1]));
      b.addMetadata('OfflineMemoryAllocation', new Uint8Array(new Int32Array(words).buffer));
      return b.finish();
    };
    assert.deepEqual(Array.from(Model.fromBytes(withPlan([1, 0, 2, -1, 64])).offlinePlan()!.offsets), [-1, 64]);
    throwsModelError(() => Model.fromBytes(withPlan([1, 0])), 'metadata[0]: OfflineMemoryAllocation is truncated');
    throwsModelError(() => Model.fromBytes(withPlan([1, 0, 3, -1, 64])), 'metadata[0]: OfflineMemoryAllocation is truncated');
    throwsModelError(() => Model.fromBytes(withPlan([1, 0, 1, -1])), 'metadata[0]: OfflineMemoryAllocation has 1 offsets; the model has 2 tensors');
    throwsModelError(() => Model.fromBytes(withPlan([1, 0, 0x7fffffff])), /OfflineMemoryAllocation is truncated/);
  });

  test('lazy option reads are bounds-checked with their path', () => {
    const b = new ModelBuilder();
    const sg = b.subgraph();
    const t = sg.tensor(f32([1]));
    sg.op({
      code: BuiltinOperator.ADD,
      inputs: [t, t],
      outputs: [t],
      options: { type: BuiltinOptions.AddOptions, fields: [opt.int64(0, 2n ** 60n), opt.int8(1, 3)] },
    });
    const m = Model.fromBytes(b.finish());
    const o = m.subgraphs[0]!.operators[0]!.builtinOptions!;
    throwsModelError(() => o.int64(0), 'subgraphs[0].operators[0].builtin_options.field0: value beyond 2^53');
    throwsModelError(() => o.int32(1), /^subgraphs\[0\]\.operators\[0\]\.builtin_options\.field1: field at offset \d+ does not fit the \d+-byte table$/);
    throwsModelError(() => o.string(1), /builtin_options\.field1/);
    throwsModelError(() => o.int32(-1), /bad field id -1/);
  });

  test(`table nesting deeper than ${MAX_DEPTH} is refused`, () => {
    let fields = [opt.int32(1, 42)];
    for (let i = 0; i < MAX_DEPTH + 5; i++) fields = [opt.table(0, fields)];
    const b = new ModelBuilder();
    const sg = b.subgraph();
    const t = sg.tensor(f32([1]));
    sg.op({ code: BuiltinOperator.ADD, inputs: [t], outputs: [t], options: { type: BuiltinOptions.AddOptions, fields } });
    const m = Model.fromBytes(b.finish());
    let cur = m.subgraphs[0]!.operators[0]!.builtinOptions;
    throwsModelError(() => {
      for (let i = 0; i < MAX_DEPTH + 10 && cur; i++) cur = cur.table(0);
    }, new RegExp(`tables nested deeper than ${MAX_DEPTH}`));
  });

  test('shared sub-objects cannot blow up decoding work', () => {
    // 2000 tensors whose shape vectors are all redirected to one 100k-element vector: 2e8 element reads
    // if decoded naively; the decoding budget stops it early.
    const n = 2000;
    const tensors: TensorSpec[] = Array.from({ length: n }, () => f32([1]));
    tensors.push(f32(new Array<number>(100_000).fill(0)));
    const bytes = modelOf(tensors);
    const tts = rootOf(bytes).tableVector(2, 'subgraphs')[0]!.tableVector(0, 'tensors');
    const big = vectorPos(tts[n]!, 0);
    const dv = dataView(bytes);
    for (let i = 0; i < n; i++) {
      const at = fieldPos(tts[i]!, 0);
      dv.setUint32(at, big - at, true);
    }
    const t0 = performance.now();
    throwsModelError(() => Model.fromBytes(bytes), /too complex: shared sub-objects exceed the decoding budget/);
    assert.ok(performance.now() - t0 < 2000, 'stopped early');
  });

  test('random bit flips (2,000): the model loads or throws ModelError, nothing else', () => {
    const next = lcg(12345);
    for (const buffersOutside of [false, true]) {
      const original = smallModel({ buffersOutside });
      let loaded = 0;
      for (let i = 0; i < 1000; i++) {
        const bytes = original.slice();
        const flips = 1 + (next() % 3);
        for (let k = 0; k < flips; k++) {
          const bit = next() % (bytes.length * 8);
          bytes[bit >> 3]! ^= 1 << (bit & 7);
        }
        try {
          touchLazyParts(Model.fromBytes(bytes));
          loaded++;
        } catch (e) {
          if (!(e instanceof ModelError)) throw new Error(`flip set ${i}: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
        }
      }
      assert.ok(loaded > 0 && loaded < 1000, `some corruptions load (${loaded}), most do not`);
    }
  });

  test('random 32-bit overwrites with boundary values (2,000): load or ModelError', () => {
    const next = lcg(777);
    const values = [0, 1, 2, 3, 4, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffc, 0xfffe, 0x10000, 0x7ffffffc];
    const original = smallModel();
    for (let i = 0; i < 2000; i++) {
      const bytes = original.slice();
      const pos = (next() % (bytes.length >> 2)) << 2;
      const v = i % 2 === 0 ? values[next() % values.length]! : next();
      dataView(bytes).setUint32(pos, v >>> 0, true);
      try {
        touchLazyParts(Model.fromBytes(bytes));
      } catch (e) {
        if (!(e instanceof ModelError)) throw new Error(`overwrite ${i} at ${pos} with ${v}: ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
      }
    }
  });

  test('a vtable entry removed makes the field absent, not an error', () => {
    const bytes = smallModel();
    setVtableEntry(bytes, rootOf(bytes), 3, 0); // description
    assert.equal(Model.fromBytes(bytes).description, '');
  });
});
