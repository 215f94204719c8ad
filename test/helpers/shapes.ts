/**
 * Kernel tables that also check output shapes (ops that compute their output shape in prepare): every case
 * runs through the shared runner (kernelTable), and cases with `outShapes` additionally assert the dims of
 * each output after allocateTensors.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Model } from '../../src/model/reader.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import type { OpDescriptor } from '../../src/runtime/kernel.js';
import { OpResolver } from '../../src/runtime/resolver.js';
import { buildCaseModel, kernelTable, type OpCase } from './kernel-runner.js';

export interface ShapedCase extends OpCase {
  /** Expected dims of each output after prepare. */
  outShapes?: number[][];
}

/** Output dims of a case after allocateTensors. */
export function outputShapes(op: OpDescriptor, c: OpCase): number[][] {
  const interp = new Interpreter(Model.fromBytes(buildCaseModel(op, c)), new OpResolver([op]), c.interpreter);
  interp.allocateTensors();
  return c.outputs.map((_, i) => Array.from(interp.output(i).shape));
}

export function shapedKernelTable(title: string, op: OpDescriptor, cases: ShapedCase[]): void {
  kernelTable(title, op, cases);
  const shaped = cases.filter((c) => c.outShapes && !c.expectError);
  if (shaped.length === 0) return;
  describe(`${title}: output shapes`, () => {
    for (const c of shaped) test(c.name, () => assert.deepEqual(outputShapes(op, c), c.outShapes));
  });
}
