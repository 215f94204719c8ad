import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ArenaError, describeMissingOps, InterpreterError, UnsupportedOpError } from '../../src/errors.js';
import { DEQUANTIZE } from '../../src/kernels/dequantize.js';
import { FULLY_CONNECTED } from '../../src/kernels/fully_connected.js';
import { QUANTIZE } from '../../src/kernels/quantize.js';
import { ModelBuilder } from '../../src/model/builder.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOperator, BuiltinOptions, builtinOperatorName } from '../../src/model/schema.js';
import { TensorType } from '../../src/model/types.js';
import { TensorArena } from '../../src/runtime/arena.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import { defineOp } from '../../src/runtime/kernel.js';
import { LinearMemoryPlanner } from '../../src/runtime/planner/linear.js';
import { MicroProfiler } from '../../src/runtime/profiler.js';
import { OpResolver } from '../../src/runtime/resolver.js';

/** float input → QUANTIZE → FC(int8, per-channel) → FC(int8) → DEQUANTIZE → float output. */
function mlpModel(units = 8): Uint8Array {
  const b = new ModelBuilder();
  const sg = b.subgraph();
  const x = sg.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 4] });
  const xq = sg.tensor({ name: 'xq', type: TensorType.INT8, shape: [1, 4], quantization: { scale: 0.05, zeroPoint: 3 } });
  const w1 = sg.tensor({
    name: 'w1', type: TensorType.INT8, shape: [units, 4],
    data: Int8Array.from({ length: units * 4 }, (_, i) => ((i * 37) % 255) - 127),
    quantization: { scale: Array.from({ length: units }, (_, i) => 0.01 + i * 0.001), zeroPoint: new Array(units).fill(0), quantizedDimension: 0 },
  });
  const b1 = sg.tensor({ name: 'b1', type: TensorType.INT32, shape: [units], data: Int32Array.from({ length: units }, (_, i) => i * 100 - 300) });
  const h = sg.tensor({ name: 'h', type: TensorType.INT8, shape: [1, units], quantization: { scale: 0.1, zeroPoint: -20 } });
  const w2 = sg.tensor({ name: 'w2', type: TensorType.INT8, shape: [2, units], data: Int8Array.from({ length: 2 * units }, (_, i) => (i * 11) % 100 - 50), quantization: { scale: 0.02, zeroPoint: 0 } });
  const yq = sg.tensor({ name: 'yq', type: TensorType.INT8, shape: [1, 2], quantization: { scale: 0.2, zeroPoint: 1 } });
  const y = sg.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, 2] });
  const relu = { type: BuiltinOptions.FullyConnectedOptions, fields: [{ id: 0, type: 'int8', value: 1 }] };
  sg.op({ code: BuiltinOperator.QUANTIZE, inputs: [x], outputs: [xq] });
  sg.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [xq, w1, b1], outputs: [h], options: relu as never });
  sg.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [h, w2, -1], outputs: [yq] });
  sg.op({ code: BuiltinOperator.DEQUANTIZE, inputs: [yq], outputs: [y] });
  sg.setInputs([x]);
  sg.setOutputs([y]);
  return b.finish();
}

const resolver = () => new OpResolver([QUANTIZE, FULLY_CONNECTED, DEQUANTIZE]);

function runOnce(interp: Interpreter, x: number[]): number[] {
  (interp.input(0).data as Float32Array).set(x);
  interp.invoke();
  return Array.from(interp.output(0).data as Float32Array);
}

describe('Interpreter', () => {
  const model = Model.fromBytes(mlpModel());

  test('runs end to end with an auto-sized arena', () => {
    const interp = new Interpreter(model, resolver());
    interp.allocateTensors();
    const y = runOnce(interp, [0.5, -1, 2, 0.25]);
    assert.equal(y.length, 2);
    assert.ok(y.every((v) => Number.isFinite(v)));
    assert.equal(interp.arena.capacity, interp.arenaUsedBytes, "'auto' sizes the arena exactly");
  });

  test('an exactly sufficient arena works; one byte less names the bytes needed', () => {
    const probe = new Interpreter(model, resolver());
    probe.allocateTensors();
    const needed = probe.arenaUsedBytes;
    const exact = new Interpreter(model, resolver(), { arena: new ArrayBuffer(needed) });
    exact.allocateTensors();
    assert.equal(exact.arenaUsedBytes, needed);
    assert.deepEqual(runOnce(exact, [1, 2, 3, 4]), runOnce(probe, [1, 2, 3, 4]));
    const small = new Interpreter(model, resolver(), { arena: new ArrayBuffer(needed - 1) });
    assert.throws(() => small.allocateTensors(), (e: unknown) => {
      assert.ok(e instanceof ArenaError);
      assert.equal(e.needed, needed);
      assert.match(e.message, new RegExp(`needs ${needed} bytes`));
      return true;
    });
  });

  test('the same interpreter gives the same outputs on every invoke', () => {
    const interp = new Interpreter(model, resolver());
    interp.allocateTensors();
    const first = runOnce(interp, [0.1, 0.2, 0.3, 0.4]);
    for (let i = 0; i < 5; i++) assert.deepEqual(runOnce(interp, [0.1, 0.2, 0.3, 0.4]), first);
  });

  test('linear planner: same outputs, no smaller head', () => {
    const g = new Interpreter(model, resolver());
    g.allocateTensors();
    const l = new Interpreter(model, resolver(), { planner: () => new LinearMemoryPlanner() });
    l.allocateTensors();
    assert.deepEqual(runOnce(l, [1, -1, 1, -1]), runOnce(g, [1, -1, 1, -1]));
    assert.ok(l.arenaBreakdown().head >= g.arenaBreakdown().head);
  });

  test('lists every missing op in one UnsupportedOpError', () => {
    const interp = new Interpreter(model, new OpResolver([FULLY_CONNECTED]));
    assert.throws(() => interp.allocateTensors(), (e: unknown) => {
      assert.ok(e instanceof UnsupportedOpError);
      assert.deepEqual(e.ops.map((o) => o.builtinCode).sort((a, b) => a - b), [BuiltinOperator.DEQUANTIZE, BuiltinOperator.QUANTIZE]);
      assert.equal(e.message, `unsupported ops: builtin op ${BuiltinOperator.QUANTIZE} (version 1), builtin op ${BuiltinOperator.DEQUANTIZE} (version 1)`);
      assert.equal(describeMissingOps(e.ops, builtinOperatorName), 'unsupported ops: QUANTIZE (version 1), DEQUANTIZE (version 1)');
      return true;
    });
  });

  test('resolver rejects duplicates; replace() swaps a kernel', () => {
    const r = new OpResolver([FULLY_CONNECTED]);
    assert.throws(() => r.add(FULLY_CONNECTED), /already registered/);
    const calls: string[] = [];
    const spy = defineOp({ ...FULLY_CONNECTED, invoke(ctx) { calls.push('spy'); FULLY_CONNECTED.invoke(ctx); } });
    r.replace(spy);
    r.add(QUANTIZE, DEQUANTIZE);
    const interp = new Interpreter(model, r);
    interp.allocateTensors();
    runOnce(interp, [0, 0, 0, 0]);
    assert.deepEqual(calls, ['spy', 'spy']);
  });

  test('API misuse is an InterpreterError', () => {
    const interp = new Interpreter(model, resolver());
    assert.throws(() => interp.invoke(), InterpreterError);
    assert.throws(() => interp.input(0), InterpreterError);
    interp.allocateTensors();
    assert.throws(() => interp.input(1), InterpreterError);
    assert.throws(() => interp.allocateTensors(), InterpreterError);
  });

  test('profiler gets one event per op', () => {
    const profiler = new MicroProfiler();
    const interp = new Interpreter(model, resolver(), { profiler });
    interp.allocateTensors();
    runOnce(interp, [1, 1, 1, 1]);
    assert.deepEqual(profiler.events().map((e) => e.tag), ['QUANTIZE', 'FULLY_CONNECTED', 'FULLY_CONNECTED', 'DEQUANTIZE']);
    assert.deepEqual(profiler.events().map((e) => e.node), [0, 1, 2, 3]);
  });

  test('memory plan: no two simultaneously live tensors overlap; plan bytes fit the head', () => {
    const interp = new Interpreter(model, resolver());
    interp.allocateTensors();
    const plan = interp.memoryPlan();
    const head = interp.arenaBreakdown().head;
    for (const a of plan) {
      assert.ok(a.offset + a.size <= head);
      for (const b of plan) {
        if (a === b || a.firstUse > b.lastUse || b.firstUse > a.lastUse) continue;
        assert.ok(a.offset + a.size <= b.offset || b.offset + b.size <= a.offset, `${a.name} overlaps ${b.name}`);
      }
    }
  });
});

describe('several models, one arena', () => {
  test('two different models invoked alternately give the same results as alone', () => {
    const m1 = Model.fromBytes(mlpModel(8));
    const m2 = Model.fromBytes(mlpModel(24));
    const alone1 = new Interpreter(m1, resolver());
    alone1.allocateTensors();
    const alone2 = new Interpreter(m2, resolver());
    alone2.allocateTensors();
    const arena = new TensorArena(new ArrayBuffer(64 * 1024));
    const a = new Interpreter(m1, resolver(), { arena });
    const b = new Interpreter(m2, resolver(), { arena });
    a.allocateTensors();
    b.allocateTensors();
    // Persistent data stacks; the head is sized to the larger plan.
    const u = arena.usage;
    assert.equal(u.tail, alone1.arenaBreakdown().tail + alone2.arenaBreakdown().tail);
    assert.equal(u.head, Math.max(alone1.arenaBreakdown().head, alone2.arenaBreakdown().head));
    for (let i = 0; i < 4; i++) {
      const x = [i, -i, i / 2, 1];
      assert.deepEqual(runOnce(a, x), runOnce(alone1, x));
      assert.deepEqual(runOnce(b, x), runOnce(alone2, x));
    }
  });

  test('a model that does not fit rolls back and leaves the other working', () => {
    const m1 = Model.fromBytes(mlpModel(8));
    const probe = new Interpreter(m1, resolver());
    probe.allocateTensors();
    const arena = new TensorArena(new ArrayBuffer(probe.arenaUsedBytes + 32));
    const a = new Interpreter(m1, resolver(), { arena });
    a.allocateTensors();
    const b = new Interpreter(Model.fromBytes(mlpModel(64)), resolver(), { arena });
    assert.throws(() => b.allocateTensors(), ArenaError);
    assert.deepEqual(runOnce(a, [1, 2, 3, 4]), runOnce(probe, [1, 2, 3, 4]));
  });
});
