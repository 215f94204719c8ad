/**
 * The data-movement engine on its own: random loop nests (axis merging, negative steps, element bytes) run
 * through every view kind, by element loops and by native copyWithin runs, against a per-element walk of the
 * unsimplified nest.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  COPY_PLAN_SIZE,
  copyKindOf,
  copyPlanCount,
  copyTensor,
  simplifyAxes,
  writeCopyPlan,
  arenaViewsOver,
  type CopyAxis,
} from '../../src/kernels/internal/strided_copy.js';
import { TensorType as T } from '../../src/model/types.js';
import type { Tensor } from '../../src/runtime/kernel.js';
import { typedView } from '../../src/runtime/tensor.js';
import { Lcg } from '../helpers/lcg.js';

/** A stand-in tensor: `elements` of `type` at `byteOffset` in `buffer`. */
function fakeTensor(type: number, buffer: ArrayBuffer, byteOffset: number, byteLength: number): Tensor {
  const bytes = new Uint8Array(buffer, byteOffset, byteLength);
  return { bytes, data: typedView(type, bytes) } as unknown as Tensor;
}

/** dst byte positions written by the nest, with the src byte each one takes (element size `size`). */
function walk(axes: CopyAxis[], srcBase: number, dstBase: number, size: number, visit: (s: number, d: number) => void): void {
  const rec = (k: number, s: number, d: number): void => {
    if (k === axes.length) {
      for (let b = 0; b < size; b++) visit(s * size + b, d * size + b);
      return;
    }
    const a = axes[k]!;
    for (let i = 0; i < a.count; i++) rec(k + 1, s + i * a.src, d + i * a.dst);
  };
  rec(0, srcBase, dstBase);
}

describe('strided copy engine', () => {
  test('simplifyAxes merges contiguous axes and drops size-1 axes', () => {
    assert.deepEqual(simplifyAxes([{ count: 2, src: 12, dst: 12 }, { count: 3, src: 4, dst: 4 }, { count: 4, src: 1, dst: 1 }]), [{ count: 24, src: 1, dst: 1 }]);
    assert.deepEqual(simplifyAxes([{ count: 1, src: 99, dst: 7 }, { count: 5, src: 1, dst: 1 }]), [{ count: 5, src: 1, dst: 1 }]);
    assert.deepEqual(simplifyAxes([{ count: 2, src: 10, dst: 4 }, { count: 4, src: 1, dst: 1 }]), [{ count: 2, src: 10, dst: 4 }, { count: 4, src: 1, dst: 1 }]);
    assert.deepEqual(simplifyAxes([{ count: 2, src: -3, dst: 3 }, { count: 3, src: -1, dst: 1 }]), [{ count: 6, src: -1, dst: 1 }]);
    assert.deepEqual(simplifyAxes([{ count: 3, src: 1, dst: 1 }, { count: 0, src: 1, dst: 1 }]), [{ count: 0, src: 0, dst: 0 }]);
  });

  test('more than six axes after simplification is refused', () => {
    const axes = Array.from({ length: 7 }, (_, k) => ({ count: 2, src: 3 ** k, dst: 2 ** (6 - k) }));
    assert.equal(writeCopyPlan(new Int32Array(COPY_PLAN_SIZE), 0, axes, 0, 0), false);
  });

  const rng = new Lcg(29);
  const types = [T.FLOAT32, T.INT32, T.INT16, T.INT8, T.UINT8, T.BOOL, T.INT64];
  for (let k = 0; k < 120; k++) {
    const type = types[k % types.length]!;
    const viaArena = k % 3 !== 2;
    const native = k % 3 === 0;
    test(`random nest #${k}, type ${type}, ${viaArena ? (native ? 'arena, long runs' : 'arena, short runs') : 'own views'}`, () => {
      const { kind, unit } = copyKindOf(type);
      const size = unit * (kind === 0 ? 1 : kind === 1 ? 2 : 4);
      // Source: a random gather over a random source shape (possibly reversed axes); destination: in order.
      const rank = rng.int(1, 5);
      const shape = rng.ints(rank, 1, native ? 6 : 4);
      if (native) shape[rank - 1] = rng.int(20, 40);
      const srcStrides: number[] = [];
      let s = 1;
      for (let i = rank - 1; i >= 0; i--) {
        srcStrides[i] = s;
        s *= shape[i]! + rng.int(0, 2);
      }
      const srcElements = s;
      const axes: CopyAxis[] = shape.map((c, i) => ({ count: c, src: srcStrides[i]!, dst: 0 }));
      let srcBase = 0;
      axes.forEach((a, i) => {
        if (i < rank - 1 && rng.int(0, 3) === 0) {
          srcBase += (a.count - 1) * a.src;
          a.src = -a.src;
        }
      });
      let step = 1;
      for (let i = rank - 1; i >= 0; i--) {
        axes[i]!.dst = step;
        step *= axes[i]!.count;
      }
      const dstElements = step;
      const buffer = new ArrayBuffer(16 + srcElements * size + 16 + dstElements * size + 16);
      const srcOff = 16;
      const dstOff = 16 + Math.ceil((srcElements * size) / 16) * 16 + 16;
      const arena = new Uint8Array(buffer);
      for (let i = 0; i < arena.length; i++) arena[i] = rng.int(0, 255);
      // Own Float32Array views may quiet signaling NaNs (documented); keep those runs free of NaN patterns.
      if (!viaArena && type === T.FLOAT32) for (let i = 3; i < arena.length; i += 4) arena[i]! &= 0x3f;
      const src = fakeTensor(type, buffer, srcOff, srcElements * size);
      const dst = fakeTensor(type, buffer, dstOff, dstElements * size);
      const expected = arena.slice();
      walk(axes, srcBase, 0, size, (sb, db) => (expected[dstOff + db] = arena[srcOff + sb]!));
      const plan = new Int32Array(2 * COPY_PLAN_SIZE);
      assert.ok(writeCopyPlan(plan, COPY_PLAN_SIZE, axes, srcBase, 0, unit));
      assert.equal(copyPlanCount(plan, COPY_PLAN_SIZE), dstElements * unit);
      copyTensor(kind, src, dst, plan, COPY_PLAN_SIZE, viaArena ? arenaViewsOver(buffer) : null);
      assert.deepEqual(arena, expected);
    });
  }
});
