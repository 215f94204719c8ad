import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KernelError, ModelError } from '../../src/errors.js';
import { ASSIGN_VARIABLE } from '../../src/kernels/assign_variable.js';
import { CALL_ONCE } from '../../src/kernels/call_once.js';
import { FULLY_CONNECTED } from '../../src/kernels/fully_connected.js';
import { IF } from '../../src/kernels/if.js';
import { READ_VARIABLE } from '../../src/kernels/read_variable.js';
import { VAR_HANDLE } from '../../src/kernels/var_handle.js';
import { WHILE } from '../../src/kernels/while.js';
import { ModelBuilder, opt, type SubgraphBuilder } from '../../src/model/builder.js';
import { Model } from '../../src/model/reader.js';
import { BuiltinOperator, BuiltinOptions } from '../../src/model/schema.js';
import { TensorType } from '../../src/model/types.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import { defineOp } from '../../src/runtime/kernel.js';
import { OpResolver } from '../../src/runtime/resolver.js';

/** Test-only custom ops (registered exactly as users register theirs). */
const LESS_THAN = defineOp<number>({
  name: 'TestLessThan',
  code: BuiltinOperator.CUSTOM,
  custom: 'TestLessThan',
  parseOptions: (_t, custom) => (custom && custom.length > 0 ? custom[0]! : 0),
  prepare(ctx) {
    if (ctx.input(0).type !== TensorType.FLOAT32 || ctx.output(0).type !== TensorType.BOOL) ctx.fail('float in, bool out');
  },
  invoke(ctx) {
    (ctx.outputs[0]!.data as Uint8Array)[0] = (ctx.inputs[0]!.data as Float32Array)[0]! < ctx.options ? 1 : 0;
  },
});
const ADD_F = defineOp({
  name: 'TestAdd',
  code: BuiltinOperator.CUSTOM,
  custom: 'TestAdd',
  invoke(ctx) {
    const a = ctx.inputs[0]!.data as Float32Array;
    const b = ctx.inputs[1]!.data as Float32Array;
    const o = ctx.outputs[0]!.data as Float32Array;
    for (let i = 0; i < o.length; i++) o[i] = a[i]! + b[i]!;
  },
});

const ops = () => new OpResolver([IF, WHILE, CALL_ONCE, VAR_HANDLE, READ_VARIABLE, ASSIGN_VARIABLE, FULLY_CONNECTED, LESS_THAN, ADD_F]);

/** y = x·w + bias (float FC), as a one-op subgraph. */
function fcSubgraph(sg: SubgraphBuilder, w: number[][], bias: number[]): void {
  const n = w[0]!.length;
  const x = sg.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, n] });
  const wt = sg.tensor({ name: 'w', type: TensorType.FLOAT32, shape: [w.length, n], data: Float32Array.from(w.flat()) });
  const bt = sg.tensor({ name: 'b', type: TensorType.FLOAT32, shape: [w.length], data: Float32Array.from(bias) });
  const y = sg.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, w.length] });
  sg.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [x, wt, bt], outputs: [y] });
  sg.setInputs([x]);
  sg.setOutputs([y]);
}

function ifModel(): Uint8Array {
  const b = new ModelBuilder();
  const main = b.subgraph('main');
  const cond = main.tensor({ name: 'cond', type: TensorType.BOOL, shape: [1] });
  const x = main.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 2] });
  const y = main.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, 2] });
  main.op({ code: BuiltinOperator.IF, inputs: [cond, x], outputs: [y], options: { type: BuiltinOptions.IfOptions, fields: [opt.int32(0, 1), opt.int32(1, 2)] } });
  main.setInputs([cond, x]);
  main.setOutputs([y]);
  fcSubgraph(b.subgraph('then'), [[2, 0], [0, 2]], [0, 0]);
  fcSubgraph(b.subgraph('else'), [[-1, 0], [0, -1]], [10, 10]);
  return b.finish();
}

/** x → WHILE (x < limit) { x = x + 1.5 } → y. */
function whileModel(limit: number, step = 1.5): Uint8Array {
  const b = new ModelBuilder();
  const main = b.subgraph('main');
  const x = main.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 1] });
  const y = main.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, 1] });
  main.op({ code: BuiltinOperator.WHILE, inputs: [x], outputs: [y], options: { type: BuiltinOptions.WhileOptions, fields: [opt.int32(0, 1), opt.int32(1, 2)] } });
  main.setInputs([x]);
  main.setOutputs([y]);
  const cond = b.subgraph('cond');
  const cx = cond.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 1] });
  const cb = cond.tensor({ name: 'go', type: TensorType.BOOL, shape: [1] });
  cond.op({ code: BuiltinOperator.CUSTOM, custom: 'TestLessThan', inputs: [cx], outputs: [cb], customOptions: Uint8Array.of(limit) });
  cond.setInputs([cx]);
  cond.setOutputs([cb]);
  fcSubgraph(b.subgraph('body'), [[1]], [step]);
  return b.finish();
}

describe('control flow', () => {
  test('IF runs the branch the condition picks', () => {
    const interp = new Interpreter(Model.fromBytes(ifModel()), ops());
    interp.allocateTensors();
    const run = (c: boolean, x: number[]) => {
      (interp.input(0).data as Uint8Array)[0] = c ? 1 : 0;
      (interp.input(1).data as Float32Array).set(x);
      interp.invoke();
      return Array.from(interp.output(0).data as Float32Array);
    };
    assert.deepEqual(run(true, [1, 3]), [2, 6]);
    assert.deepEqual(run(false, [1, 3]), [9, 7]);
    assert.deepEqual(run(true, [-4, 0.5]), [-8, 1]);
  });

  test('WHILE loops a data-dependent number of times', () => {
    const interp = new Interpreter(Model.fromBytes(whileModel(10)), ops());
    interp.allocateTensors();
    for (const [x, want] of [[0, 10.5], [9.9, 11.4], [20, 20], [-5, 10]] as const) {
      (interp.input(0).data as Float32Array)[0] = x;
      interp.invoke();
      assert.ok(Math.abs((interp.output(0).data as Float32Array)[0]! - want) < 1e-5, `x=${x}`);
    }
  });

  test('an endless WHILE fails with a KernelError instead of hanging', () => {
    const interp = new Interpreter(Model.fromBytes(whileModel(10, 0)), ops(), { maxLoopIterations: 1000 });
    interp.allocateTensors();
    (interp.input(0).data as Float32Array)[0] = 0;
    assert.throws(() => interp.invoke(), (e: unknown) => e instanceof KernelError && /more than 1000 iterations/.test(e.message));
  });

  test('a subgraph that calls itself is a ModelError, not a stack overflow', () => {
    const b = new ModelBuilder();
    const main = b.subgraph('main');
    const x = main.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 1] });
    const y = main.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, 1] });
    main.op({ code: BuiltinOperator.WHILE, inputs: [x], outputs: [y], options: { type: BuiltinOptions.WhileOptions, fields: [opt.int32(0, 1), opt.int32(1, 1)] } });
    main.setInputs([x]);
    main.setOutputs([y]);
    const loop = b.subgraph('loop');
    const lx = loop.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 1] });
    const ly = loop.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, 1] });
    loop.op({ code: BuiltinOperator.WHILE, inputs: [lx], outputs: [ly], options: { type: BuiltinOptions.WhileOptions, fields: [opt.int32(0, 1), opt.int32(1, 0)] } });
    loop.setInputs([lx]);
    loop.setOutputs([ly]);
    const interp = new Interpreter(Model.fromBytes(b.finish()), ops());
    assert.throws(() => interp.allocateTensors(), (e: unknown) => e instanceof ModelError && /calls itself/.test(e.message));
  });
});

describe('resource variables', () => {
  /** CALL_ONCE initializes `acc` to [100]; each invoke: acc = acc + x, output acc. */
  function accumulatorModel(): Uint8Array {
    const b = new ModelBuilder();
    const main = b.subgraph('main');
    const handleOpts = { type: BuiltinOptions.VarHandleOptions, fields: [opt.string(0, 'c'), opt.string(1, 'acc')] };
    const x = main.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1] });
    const h = main.tensor({ name: 'h', type: TensorType.RESOURCE, shape: [1] });
    const v = main.tensor({ name: 'v', type: TensorType.FLOAT32, shape: [1] });
    const s = main.tensor({ name: 's', type: TensorType.FLOAT32, shape: [1] });
    main.op({ code: BuiltinOperator.CALL_ONCE, inputs: [], outputs: [], options: { type: BuiltinOptions.CallOnceOptions, fields: [opt.int32(0, 1)] } });
    main.op({ code: BuiltinOperator.VAR_HANDLE, inputs: [], outputs: [h], options: handleOpts });
    main.op({ code: BuiltinOperator.READ_VARIABLE, inputs: [h], outputs: [v] });
    main.op({ code: BuiltinOperator.CUSTOM, custom: 'TestAdd', inputs: [v, x], outputs: [s] });
    main.op({ code: BuiltinOperator.ASSIGN_VARIABLE, inputs: [h, s], outputs: [] });
    main.setInputs([x]);
    main.setOutputs([s]);
    const init = b.subgraph('init');
    const ih = init.tensor({ name: 'h', type: TensorType.RESOURCE, shape: [1] });
    const c = init.tensor({ name: 'c', type: TensorType.FLOAT32, shape: [1], data: Float32Array.of(100) });
    init.op({ code: BuiltinOperator.VAR_HANDLE, inputs: [], outputs: [ih], options: handleOpts });
    init.op({ code: BuiltinOperator.ASSIGN_VARIABLE, inputs: [ih, c], outputs: [] });
    return b.finish();
  }

  test('CALL_ONCE initializes; state accumulates across invokes; reset() starts over', () => {
    const interp = new Interpreter(Model.fromBytes(accumulatorModel()), ops());
    interp.allocateTensors();
    const step = (x: number) => {
      (interp.input(0).data as Float32Array)[0] = x;
      interp.invoke();
      return (interp.output(0).data as Float32Array)[0];
    };
    assert.equal(step(1), 101);
    assert.equal(step(2), 103);
    assert.equal(step(3), 106);
    interp.reset();
    assert.equal(step(1), 101);
  });
});
