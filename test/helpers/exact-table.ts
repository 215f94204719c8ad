/**
 * A kernel table whose float outputs must match bit for bit, including infinities, NaN and the sign of zero
 * (kernelTable's float comparison is relative, which cannot express ±Infinity or -0). Integer outputs are
 * compared exactly too. Every registered kernel variant runs every case, as in kernelTable.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OpDescriptor } from '../../src/runtime/kernel.js';
import { runCase, variantsOf, type OpCase } from './kernel-runner.js';

function same(a: number | bigint, e: number | bigint): boolean {
  if (typeof a === 'number' && typeof e === 'number') return Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e));
  return BigInt(a) === BigInt(e);
}

export function exactKernelTable(title: string, op: OpDescriptor, cases: OpCase[]): void {
  describe(title, () => {
    for (const variant of variantsOf(op)) {
      for (const c of cases) {
        test(`${c.name} [${variant.name}]`, () => {
          const got = runCase(variant, c, op);
          c.outputs.forEach((spec, i) => {
            if (!spec.data) return;
            const actual = Array.from(got[i]! as ArrayLike<number | bigint>);
            assert.equal(actual.length, spec.data.length, `${c.name}: output ${i} length`);
            for (let j = 0; j < actual.length; j++) {
              const e: number | bigint = spec.data[j]!;
              if (!same(actual[j]!, e)) assert.fail(`${c.name} [${variant.name}]: output ${i}[${j}] = ${String(actual[j])}, expected ${String(e)}`);
            }
          });
        });
      }
    }
  });
}
