/**
 * ADD_N: TFLM add_n_test's float case, C++ reference goldens for int8 (2 to 5 inputs, extreme zero points,
 * including TFLM's accumulator that starts at the rescaled raw zero; both rounding builds), float summation
 * order, and prepare's rejections.
 */
import { ADD_N } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';
import { field, goldens, withSingleRounding } from '../helpers/elementwise.js';

const f = (shape: number[], data?: number[]) => ({ type: T.FLOAT32, shape, data });
const q = (shape: number[], data: number[] | undefined, scale = 0.1, zeroPoint = 0) => ({ type: T.INT8, shape, data, scale, zeroPoint });

kernelTable('ADD_N (TFLM add_n_test, float)', ADD_N, [
  {
    name: 'FloatAddNOpAddMultipleTensors',
    inputs: [f([1, 2, 2, 1], [-2, 0.2, 0.7, 0.8]), f([1, 2, 2, 1], [0.1, 0.2, 0.3, 0.5]), f([1, 2, 2, 1], [0.5, 0.1, 0.1, 0.2])],
    outputs: [f([1, 2, 2, 1], [-1.4, 0.5, 1.1, 1.5])],
  },
  {
    // Summed in float in input order: (1e8 + 1) + -1e8 = 0 in float32 (1e8 + 1 rounds back to 1e8).
    name: 'float sums in input order, rounding each step',
    inputs: [f([2], [1e8, 1]), f([2], [1, 1e8]), f([2], [-1e8, -1e8])],
    outputs: [f([2], [0, 0])],
    tolerance: 0,
  },
  { name: 'constant inputs', inputs: [{ ...f([2], [1, 2]), constant: true }, f([2], [3, 4])], outputs: [f([2], [4, 6])] },
]);

kernelTable('ADD_N (int8, TFLM reference)', ADD_N, goldens('ADD_N').flatMap((g) => {
  const shape = field<number[]>(g, 'shape');
  const inScale = field<number>(g, 'inScale');
  const inZp = field<number>(g, 'inZp');
  return withSingleRounding({
    name: `${g.name} (TFLM reference)`,
    inputs: field<number[][]>(g, 'inputs').map((d) => q(shape, d, inScale, inZp)),
    outputs: [q(shape, field<number[]>(g, 'expected'), field<number>(g, 'outScale'), field<number>(g, 'outZp'))],
  }, g);
}));

kernelTable('ADD_N (int8 edges, rejections)', ADD_N, [
  {
    // zp_in = 10: TFLM's accumulator starts at the rescaled raw 0, i.e. -10 * s_in, so 1 + 1 (real 0 + 0) comes
    // out as real -1 (raw -10 at the output's scale and zero point).
    name: 'int8: the bias of the accumulator starting at the raw zero (TFLM behaviour)',
    inputs: [q([1], [10], 0.1, 10), q([1], [10], 0.1, 10)],
    outputs: [q([1], [-10], 0.1, 0)],
  },
  { name: 'one input', inputs: [f([2], [1, 2])], outputs: [f([2])], expectError: /at least 2 inputs/ },
  { name: 'shapes differ', inputs: [f([2], [1, 2]), f([1, 2], [1, 2])], outputs: [f([2])], expectError: /shape/ },
  { name: 'input types differ', inputs: [f([2], [1, 2]), q([2], [1, 2])], outputs: [f([2])], expectError: /input 1 type/ },
  { name: 'output type differs', inputs: [f([2], [1, 2]), f([2], [1, 2])], outputs: [q([2], undefined)], expectError: /output type/ },
  { name: 'int8 zero points differ', inputs: [q([2], [1, 2], 0.1, 0), q([2], [1, 2], 0.1, 1)], outputs: [q([2], undefined)], expectError: /zero point/ },
  { name: 'int8 scales differ', inputs: [q([2], [1, 2], 0.1, 0), q([2], [1, 2], 0.2, 0)], outputs: [q([2], undefined)], expectError: /scale/ },
  { name: 'int32 is not supported', inputs: [{ type: T.INT32, shape: [2], data: [1, 2] }, { type: T.INT32, shape: [2], data: [1, 2] }], outputs: [{ type: T.INT32, shape: [2] }], expectError: /only supports/ },
  { name: 'output element count differs', inputs: [f([2], [1, 2]), f([2], [1, 2])], outputs: [f([3])], expectError: /output shape/ },
  {
    // real_output_multiplier = 2 s_in / (2^20 s_out) must be < 1 (TFLM's QuantizeMultiplierSmallerThanOneExp aborts).
    name: 'int8 output scale too small for the 2^20 headroom',
    inputs: [q([2], [1, 2], 1, 0), q([2], [1, 2], 1, 0)],
    outputs: [q([2], undefined, 1e-7, 0)],
    expectError: /< 1|multiplier/,
  },
]);
