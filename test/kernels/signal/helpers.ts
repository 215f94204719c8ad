/**
 * Test helpers for the signal ops: streaming cases (several invokes on one interpreter, with per-step inputs and
 * expected outputs, optional resets — the form of TFLM's framer/stacker/delay/overlap_add tests), exact
 * comparison of 64-bit outputs, and access to TFLM's large FFT tables in ../tflm-src (skipped when absent).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { Model } from '../../../src/model/reader.js';
import { TensorType } from '../../../src/model/types.js';
import { Interpreter } from '../../../src/runtime/interpreter.js';
import type { OpDescriptor } from '../../../src/runtime/kernel.js';
import { OpResolver } from '../../../src/runtime/resolver.js';
import { buildCaseModel, toTyped, variantsOf, type TensorSpec } from '../../helpers/kernel-runner.js';
import { REPO_ROOT } from '../../helpers/shared.js';

export interface StreamStep {
  /** Data of each non-constant input for this invoke. */
  inputs: ArrayLike<number | bigint>[];
  /** Expected data of each output after this invoke (undefined: not checked). */
  outputs: (ArrayLike<number | bigint> | undefined)[];
  /** Call interpreter.reset() before this step. */
  reset?: boolean;
}

export interface StreamCase {
  name: string;
  /** Tensor specs (data only for constant inputs). */
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  customOptions?: Uint8Array;
  steps: StreamStep[];
  /** Absolute tolerance for float outputs (default exact). */
  tolerance?: number;
}

/** Run a streaming case against every variant of `op`: one interpreter, one invoke per step. */
export function streamTable(title: string, op: OpDescriptor, cases: StreamCase[]): void {
  describe(title, () => {
    for (const variant of variantsOf(op)) {
      for (const c of cases) {
        test(`${c.name} [${variant.name}]`, () => {
          const built = buildCaseModel(op, { name: c.name, inputs: c.inputs, outputs: c.outputs, customOptions: c.customOptions });
          const setup = variant.setup(built);
          const interp = new Interpreter(Model.fromBytes(setup.bytes), new OpResolver([setup.op]), setup.options);
          interp.allocateTensors();
          c.steps.forEach((step, s) => {
            if (step.reset) interp.reset();
            let k = 0;
            c.inputs.forEach((spec) => {
              if (spec.constant) return;
              const src = toTyped(spec.type, step.inputs[k]!);
              interp.input(k++).bytes.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
            });
            interp.invoke();
            step.outputs.forEach((want, i) => {
              if (!want) return;
              expectData(c.outputs[i]!.type, interp.output(i).data, want, c.tolerance ?? 0, `${c.name} step ${s} output ${i}`);
            });
          });
        });
      }
    }
  });
}

/** Exact comparison (BigInt for 64-bit types), or within `tolerance` for floats. */
export function expectData(type: number, got: ArrayLike<number | bigint>, want: ArrayLike<number | bigint>, tolerance: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  if (type === TensorType.FLOAT32 || type === TensorType.FLOAT64) {
    for (let j = 0; j < want.length; j++) {
      const a = Number(got[j]!);
      const e = Number(want[j]!);
      assert.ok(Math.abs(a - e) <= tolerance, `${what}[${j}] = ${a}, expected ${e} (±${tolerance})`);
    }
    return;
  }
  const a = Array.from(got, (v) => BigInt(v));
  const e = Array.from(want, (v) => BigInt(v));
  assert.deepEqual(a, e, what);
}

const TFLM_SRC = process.env.TFLM_SRC ? resolve(process.env.TFLM_SRC) : resolve(REPO_ROOT, '..', 'tflm-src');

/** Path of a TFLM source file, or null when ../tflm-src is not there. */
export function tflmSource(rel: string): string | null {
  const p = join(TFLM_SRC, rel);
  return existsSync(p) ? p : null;
}

export const SKIP_TFLM_SRC = tflmSource('signal/testdata/fft_test_data.cc') ? false : `TFLM sources not found at ${TFLM_SRC}`;

/**
 * A numeric array `name` from a TFLM C++ source (`const T name[] = {...};`), taking the last definition when
 * #if branches define it twice (the #else, non-Xtensa one). Null when the file is absent.
 */
export function tflmArray(rel: string, name: string): number[] | null {
  const p = tflmSource(rel);
  if (!p) return null;
  const src = readFileSync(p, 'utf8');
  const re = new RegExp(`\\b${name}\\[\\]\\s*=\\s*\\{([^}]*)\\}`, 'g');
  let m: RegExpExecArray | null;
  let body: string | null = null;
  while ((m = re.exec(src))) body = m[1]!;
  if (body === null) throw new Error(`${name} not found in ${rel}`);
  return body
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/[fF]$/, '')));
}
