/** LOGICAL_AND: TFLM logical_test cases, broadcasting both ways and to a larger output, rejections. */
import { LOGICAL_AND } from '../../src/kernels/index.js';
import { TensorType as T } from '../../src/model/types.js';
import { kernelTable } from '../helpers/kernel-runner.js';
import { logicalRejections } from '../helpers/elementwise.js';

const b = (shape: number[], data?: number[]) => ({ type: T.BOOL, shape, data });
kernelTable('LOGICAL_AND', LOGICAL_AND, [
  { name: 'logical_test LogicalAnd', inputs: [b([1, 1, 1, 4], [1, 0, 0, 1]), b([1, 1, 1, 4], [1, 0, 1, 0])], outputs: [b([1, 1, 1, 4], [1, 0, 0, 0])] },
  { name: 'logical_test BroadcastLogicalAnd', inputs: [b([1, 1, 1, 4], [1, 0, 0, 1]), b([1, 1, 1, 1], [1])], outputs: [b([1, 1, 1, 4], [1, 0, 0, 1])] },
  { name: 'broadcast scalar false first', inputs: [b([], [0]), b([2, 2], [1, 1, 0, 1])], outputs: [b([2, 2], [0, 0, 0, 0])] },
  { name: 'both inputs broadcast to the output', inputs: [b([2, 1], [1, 0]), b([1, 3], [1, 0, 1])], outputs: [b([2, 3], [1, 0, 1, 0, 0, 0])] },
  { name: 'nonzero bytes other than 1 read as true', inputs: [b([2], [2, 255]), b([2], [1, 0])], outputs: [b([2], [1, 0])] },
  ...logicalRejections(),
]);
