/**
 * CIRCULAR_BUFFER: TFLM circular_buffer_test.cc sequences (period 2 by default, period 1 from the options or for
 * 5-slot outputs; the kTfLiteAbort invokes, here KernelErrors after the buffer update; reset), and Prepare
 * rejections.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CIRCULAR_BUFFER } from '../../src/kernels/circular_buffer.js';
import { Model } from '../../src/model/reader.js';
import { TensorType as T } from '../../src/model/types.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import { OpResolver } from '../../src/runtime/resolver.js';
import { buildCaseModel, kernelTable, type OpCase } from '../helpers/kernel-runner.js';

/** TFLM's generated options: {cycles_max: 1}. */
const CYCLES_MAX_1 = new Uint8Array([0x63, 0x79, 0x63, 0x6c, 0x65, 0x73, 0x5f, 0x6d, 0x61, 0x78, 0x00, 0x01, 0x0c, 0x01, 0x01, 0x01, 0x01, 0x04, 0x02, 0x24, 0x01]);

function interpreter(depth: number, slots: number, customOptions?: Uint8Array): Interpreter {
  const c: OpCase = {
    name: 'circular buffer',
    inputs: [{ type: T.INT8, shape: [1, 1, 1, depth], scale: 1, zeroPoint: 0 }],
    outputs: [{ type: T.INT8, shape: [1, slots, 1, depth], scale: 1, zeroPoint: 0, variable: true }],
    customOptions,
  };
  const interp = new Interpreter(Model.fromBytes(buildCaseModel(CIRCULAR_BUFFER, c)), new OpResolver([CIRCULAR_BUFFER]));
  interp.allocateTensors();
  return interp;
}

/** Invoke once with `input`; returns whether the invoke ran to the end (false: TFLM's kTfLiteAbort). */
function step(interp: Interpreter, input: number[]): boolean {
  (interp.input(0).data as Int8Array).set(input);
  try {
    interp.invoke();
    return true;
  } catch (e) {
    assert.match((e as Error).message, /kTfLiteAbort/);
    assert.equal((e as Error).name, 'KernelError');
    return false;
  }
}

const GOLDEN4 = [
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3],
  [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6],
  [0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
];

describe('CIRCULAR_BUFFER sequences', () => {
  test('OutputTensorLength4: runs every other invoke (TFLM)', () => {
    const interp = interpreter(3, 4);
    for (let i = 0; i < 5; i++) {
      const ok = step(interp, [3 * i + 1, 3 * i + 2, 3 * i + 3]);
      assert.deepEqual(Array.from(interp.output(0).data as Int8Array), GOLDEN4[i]);
      assert.equal(ok, i % 2 === 1);
    }
  });
  test('OutputTensorOnEveryIterationLength4: cycles_max 1 from the options (TFLM)', () => {
    const interp = interpreter(3, 4, CYCLES_MAX_1);
    for (let i = 0; i < 5; i++) {
      assert.equal(step(interp, [3 * i + 1, 3 * i + 2, 3 * i + 3]), true);
      assert.deepEqual(Array.from(interp.output(0).data as Int8Array), GOLDEN4[i]);
    }
  });
  test('OutputTensorLength5: 5 slots run on every invoke (TFLM heuristic)', () => {
    const interp = interpreter(4, 5);
    const expected = new Array<number>(20).fill(0);
    for (let i = 0; i < 6; i++) {
      const input = [4 * i + 1, 4 * i + 2, 4 * i + 3, 4 * i + 4];
      assert.equal(step(interp, input), true);
      expected.splice(0, 4);
      expected.push(...input);
      assert.deepEqual(Array.from(interp.output(0).data as Int8Array), expected);
    }
  });
  test('Reset restores the period (TFLM)', () => {
    const interp = interpreter(1, 2);
    assert.equal(step(interp, [1]), false);
    interp.reset();
    assert.equal(step(interp, [2]), false);
    assert.equal(step(interp, [3]), true);
  });
});

const cases: OpCase[] = [
  {
    name: 'float32 fails (TFLM: int8 only)',
    inputs: [{ type: T.FLOAT32, shape: [1, 1, 1, 3] }],
    outputs: [{ type: T.FLOAT32, shape: [1, 4, 1, 3] }],
    expectError: /only INT8/,
  },
  {
    name: 'input with two rows fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [1, 2, 1, 3] }],
    outputs: [{ type: T.INT8, shape: [1, 4, 1, 3] }],
    expectError: /input dim 1 is 2, expected 1/,
  },
  {
    name: 'depth mismatch fails (TFLM)',
    inputs: [{ type: T.INT8, shape: [1, 1, 1, 3] }],
    outputs: [{ type: T.INT8, shape: [1, 4, 1, 2] }],
    expectError: /input dim 3 \(3\) != output dim 3 \(2\)/,
  },
  {
    name: 'mixed types fail (TFLM)',
    inputs: [{ type: T.INT8, shape: [1, 1, 1, 3] }],
    outputs: [{ type: T.INT16, shape: [1, 4, 1, 3] }],
    expectError: /input type INT8 != output type INT16/,
  },
  {
    name: 'rank 3 fails',
    inputs: [{ type: T.INT8, shape: [1, 1, 3] }],
    outputs: [{ type: T.INT8, shape: [1, 4, 3] }],
    expectError: /must have rank 4/,
  },
];

kernelTable('CIRCULAR_BUFFER rejections', CIRCULAR_BUFFER, cases);
