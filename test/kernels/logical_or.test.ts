/** LOGICAL_OR: TFLM logical_test cases, broadcasting both ways and to a larger output, rejections. */
import { LOGICAL_OR } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';
import { logicalRejections } from '../helpers/elementwise.js';

const b = (shape: number[], data?: number[]) => ({ type: T.BOOL, shape, data });
kernelTable('LOGICAL_OR', LOGICAL_OR, [
  { name: 'logical_test LogicalOr', inputs: [b([1, 1, 1, 4], [1, 0, 0, 1]), b([1, 1, 1, 4], [1, 0, 1, 0])], outputs: [b([1, 1, 1, 4], [1, 0, 1, 1])] },
  { name: 'logical_test BroadcastLogicalOr', inputs: [b([1, 1, 1, 4], [1, 0, 0, 1]), b([1, 1, 1, 1], [0])], outputs: [b([1, 1, 1, 4], [1, 0, 0, 1])] },
  { name: 'broadcast scalar true first', inputs: [b([], [1]), b([2, 2], [0, 0, 0, 0])], outputs: [b([2, 2], [1, 1, 1, 1])] },
  { name: 'both inputs broadcast to the output', inputs: [b([2, 1], [1, 0]), b([1, 3], [1, 0, 1])], outputs: [b([2, 3], [1, 1, 1, 1, 0, 1])] },
  { name: 'nonzero bytes other than 1 read as true', inputs: [b([2], [2, 0]), b([2], [0, 0])], outputs: [b([2], [1, 0])] },
  ...logicalRejections(),
]);
