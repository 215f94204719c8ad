// Shared fixtures of the model tests (not a test file itself).
import assert from 'node:assert/strict';
import { ModelError } from '../../src/errors.js';
import { ModelBuilder, opt } from '../../src/model/builder.js';
import { FlatbufferReader, type FbTable } from '../../src/model/flatbuffers.js';
import type { Model } from '../../src/model/reader.js';
import { BuiltinOperator, BuiltinOptions } from '../../src/model/schema.js';
import { TensorType, type Table } from '../../src/model/types.js';

/** A small model touching most of the schema: quantization, constants, options, custom options, metadata. */
export function smallModel(options: { buffersOutside?: boolean } = {}): Uint8Array {
  const b = new ModelBuilder({ description: 'small' });
  const sg = b.subgraph();
  const x = sg.tensor({ name: 'x', type: TensorType.INT8, shape: [1, 4], quantization: { scale: 0.5, zeroPoint: -1 } });
  const w = sg.tensor({
    name: 'w',
    type: TensorType.INT8,
    shape: [2, 4],
    data: new Int8Array([1, -2, 3, -4, 5, -6, 7, -8]),
    quantization: { scale: [0.1, 0.2], quantizedDimension: 0 },
  });
  const bias = sg.tensor({ name: 'b', type: TensorType.INT32, shape: [2], data: new Int32Array([10, -20]), quantization: { scale: [0.05, 0.1] } });
  const y = sg.tensor({ name: 'y', type: TensorType.INT8, shape: [1, 2], shapeSignature: [-1, 2], quantization: { scale: 0.25, zeroPoint: 3 } });
  const z = sg.tensor({ name: 'z', type: TensorType.INT8, shape: [1, 2], isVariable: true });
  sg.op({
    code: BuiltinOperator.FULLY_CONNECTED,
    inputs: [x, w, bias],
    outputs: [y],
    options: { type: BuiltinOptions.FullyConnectedOptions, fields: [opt.int8(0, 1), opt.bool(2, true)] },
  });
  sg.op({ code: BuiltinOperator.SQUEEZE, inputs: [y], outputs: [z], options: { type: BuiltinOptions.SqueezeOptions, fields: [opt.int32s(0, [0])] } });
  sg.op({ custom: 'MyOp', version: 2, inputs: [z, -1], outputs: [y], customOptions: new Uint8Array([1, 2, 3, 4]) });
  sg.setInputs([x]);
  sg.setOutputs([y]);
  b.addMetadata('min_runtime_version', new TextEncoder().encode('1.0'));
  b.addOfflinePlan([-1, -1, -1, 0, 8]);
  b.addSignature({ key: 'serving_default', subgraph: 0, inputs: [{ name: 'x', tensor: x }], outputs: [{ name: 'y', tensor: y }] });
  return b.finish(options);
}

/** The root table of a model (no validation beyond the flatbuffer structure). */
export function rootOf(bytes: Uint8Array): FbTable {
  return new FlatbufferReader(bytes).root();
}

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Byte position of `field` (inline, `size` bytes) of table `t`; fails when absent. */
export function fieldPos(t: FbTable, field: number, size = 4): number {
  const p = t.fieldPos(field, size);
  assert.ok(p >= 0, `field ${field} present`);
  return p;
}

/** Position of the uint32 length prefix of the vector (or string) in `field`. */
export function vectorPos(t: FbTable, field: number): number {
  const p = t.offsetField(field);
  assert.ok(p >= 0, `vector field ${field} present`);
  return p;
}

/** Set a table's vtable entry for `field` (0 = absent). */
export function setVtableEntry(bytes: Uint8Array, t: FbTable, field: number, value: number): void {
  const dv = dataView(bytes);
  const vt = t.pos - dv.getInt32(t.pos, true);
  dv.setUint16(vt + 4 + 2 * field, value, true);
}

/** Assert `fn` throws a ModelError (never another error type); optionally check the message. */
export function throwsModelError(fn: () => unknown, message?: RegExp | string): ModelError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, 'expected a ModelError, nothing was thrown');
  if (!(caught instanceof ModelError)) throw caught;
  if (typeof message === 'string') assert.equal(caught.message, message);
  else if (message) assert.match(caught.message, message);
  return caught;
}

/** Run `fn`; a ModelError is an acceptable outcome, any other error is not. */
function modelErrorOk(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
  }
}

/** Read every lazily-parsed part of a model (options tables) with every accessor, as kernels would. */
export function touchLazyParts(m: Model): void {
  const touch = (t: Table | null, depth: number): void => {
    if (!t || depth > 3) return;
    for (let f = 0; f < 8; f++) {
      const reads: (() => unknown)[] = [
        () => t.has(f), () => t.bool(f), () => t.int8(f), () => t.uint8(f), () => t.int16(f), () => t.uint16(f),
        () => t.int32(f), () => t.uint32(f), () => t.int64(f), () => t.float32(f), () => t.float64(f),
        () => t.string(f), () => t.int32Vector(f), () => t.float32Vector(f), () => t.bytesVector(f),
      ];
      for (const read of reads) modelErrorOk(() => void read());
      modelErrorOk(() => touch(t.table(f), depth + 1));
    }
  };
  for (const sg of m.subgraphs) for (const op of sg.operators) for (const t of [op.builtinOptions, op.builtinOptions2]) touch(t, 0);
}
