import { STRIDED_SLICE } from '../../src/kernels/index.js';
import { opt } from '../../src/model/builder.js';
import { BuiltinOptions } from '../../src/model/schema.js';
import { TensorType as T } from '../../src/model/types.js';
import { Lcg, product } from '../helpers/lcg.js';
import { shapedKernelTable, type ShapedCase } from '../helpers/shapes.js';

const F32 = T.FLOAT32;
const I8 = T.INT8;
const I16 = T.INT16;
const I32 = T.INT32;
const BOOL = T.BOOL;

/** [beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask, offset] */
type Masks = number[];
const options = (m: Masks) => ({
  type: BuiltinOptions.StridedSliceOptions,
  fields: [opt.int32(0, m[0]!), opt.int32(1, m[1]!), opt.int32(2, m[2]!), opt.int32(3, m[3]!), opt.int32(4, m[4]!), opt.bool(5, m[5] === 1)],
});
const vec = (v: number[], type: number = I32) => ({ type, shape: [v.length], data: v, constant: true });

function ssCase(name: string, type: number, inShape: number[], input: number[], begin: number[], end: number[], strides: number[],
  masks: Masks, outShape: number[], golden: number[], invokes = 1, indexType: number = I32): ShapedCase {
  const q = type === I8 || type === I16 ? { scale: 1, zeroPoint: 0 } : {};
  return {
    name,
    inputs: [{ type, shape: inShape, data: input, ...q }, vec(begin, indexType), vec(end, indexType), vec(strides, indexType)],
    options: options(masks),
    outputs: [{ type, shape: outShape, data: golden, ...q }],
    outShapes: [outShape],
    invokes,
  };
}

/**
 * TFLM strided_slice_test.cc, every case: [name, type, input shape, input, begin, end, strides, masks,
 * output shape, golden, invokes]. Shapes are the test's (count-prefixed arrays read up to their count).
 */
type Row = [string, number, number[], number[], number[], number[], number[], Masks, number[], number[], number];
const TFLM: Row[] = [
  ['UnsupportedInputSize', F32, [2, 2, 2, 2, 2], [0], [0], [0], [0], [0, 0, 0, 0, 0, 0], [], [0], 1],
  ['In1D', F32, [4], [1, 2, 3, 4], [1], [3], [1], [0, 0, 0, 0, 0, 0], [2], [2, 3], 1],
  ['In1D_EmptyOutput', F32, [4], [1, 2, 3, 4], [10], [3], [1], [0, 0, 0, 0, 0, 0], [0], [], 1],
  ['In1D_NegativeBegin', F32, [4], [1, 2, 3, 4], [-3], [3], [1], [0, 0, 0, 0, 0, 0], [2], [2, 3], 1],
  ['In1D_OutOfRangeBegin', F32, [4], [1, 2, 3, 4], [-5], [3], [1], [0, 0, 0, 0, 0, 0], [3], [1, 2, 3], 1],
  ['In1D_NegativeEnd', F32, [4], [1, 2, 3, 4], [1], [-2], [1], [0, 0, 0, 0, 0, 0], [1], [2], 1],
  ['In1D_OutOfRangeEnd', F32, [4], [1, 2, 3, 4], [-3], [5], [1], [0, 0, 0, 0, 0, 0], [3], [2, 3, 4], 1],
  ['In1D_BeginMask', F32, [4], [1, 2, 3, 4], [1], [3], [1], [1, 0, 0, 0, 0, 0], [3], [1, 2, 3], 1],
  ['In1D_NegativeBeginNegativeStride', F32, [4], [1, 2, 3, 4], [-2], [-3], [-1], [0, 0, 0, 0, 0, 0], [1], [3], 1],
  ['In1D_OutOfRangeBeginNegativeStride', F32, [4], [1, 2, 3, 4], [5], [2], [-1], [0, 0, 0, 0, 0, 0], [1], [4], 1],
  ['In1D_NegativeEndNegativeStride', F32, [4], [1, 2, 3, 4], [2], [-4], [-1], [0, 0, 0, 0, 0, 0], [2], [3, 2], 1],
  ['In1D_OutOfRangeEndNegativeStride', F32, [4], [1, 2, 3, 4], [-3], [-5], [-1], [0, 0, 0, 0, 0, 0], [2], [2, 1], 1],
  ['In1D_EndMask', F32, [4], [1, 2, 3, 4], [1], [3], [1], [0, 1, 0, 0, 0, 0], [3], [2, 3, 4], 1],
  ['In1D_NegStride', F32, [3], [1, 2, 3], [-1], [-4], [-1], [0, 0, 0, 0, 0, 0], [3], [3, 2, 1], 1],
  ['In1D_EvenLenStride2', F32, [2], [1, 2], [0], [4], [2], [0, 0, 0, 0, 0, 0], [1], [1], 1],
  ['In1D_OddLenStride2', F32, [3], [1, 2, 3], [0], [3], [2], [0, 0, 0, 0, 0, 0], [2], [1, 3], 1],
  ['In2D_Identity', F32, [2, 3], [1, 2, 3, 4, 5, 6], [0, 0], [2, 3], [1, 1], [0, 0, 0, 0, 0, 0], [2, 3], [1, 2, 3, 4, 5, 6], 1],
  ['In2D', F32, [2, 3], [1, 2, 3, 4, 5, 6], [1, 0], [2, 2], [1, 1], [0, 0, 0, 0, 0, 0], [1, 2], [4, 5], 1],
  ['In2D_Stride2', F32, [2, 3], [1, 2, 3, 4, 5, 6], [0, 0], [2, 3], [2, 2], [0, 0, 0, 0, 0, 0], [1, 2], [1, 3], 1],
  ['In2D_NegStride', F32, [2, 3], [1, 2, 3, 4, 5, 6], [1, -1], [2, -4], [2, -1], [0, 0, 0, 0, 0, 0], [1, 3], [6, 5, 4], 1],
  ['In2D_BeginMask', F32, [2, 3], [1, 2, 3, 4, 5, 6], [1, 0], [2, 2], [1, 1], [1, 0, 0, 0, 0, 0], [2, 2], [1, 2, 4, 5], 1],
  ['In2D_EndMask', F32, [2, 3], [1, 2, 3, 4, 5, 6], [1, 0], [2, 2], [1, 1], [0, 2, 0, 0, 0, 0], [1, 3], [4, 5, 6], 1],
  ['In2D_NegStrideBeginMask', F32, [2, 3], [1, 2, 3, 4, 5, 6], [1, -2], [2, -4], [1, -1], [2, 0, 0, 0, 0, 0], [1, 3], [6, 5, 4], 1],
  ['In2D_NegStrideEndMask', F32, [2, 3], [1, 2, 3, 4, 5, 6], [1, -2], [2, -3], [1, -1], [0, 2, 0, 0, 0, 0], [1, 2], [5, 4], 1],
  ['In3D_Identity', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [2, 3, 2], [1, 1, 1], [0, 0, 0, 0, 0, 0], [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 1],
  ['In3D_NegStride', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [2, 3, 2], [1, 1, 1], [0, 0, 0, 0, 0, 0], [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 1],
  ['In3D_Strided2', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [2, 3, 2], [2, 2, 2], [0, 0, 0, 0, 0, 0], [1, 2, 1], [1, 5], 1],
  ['In1D_ShrinkAxisMask1', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [2, 3, 2], [1, 1, 1], [0, 0, 0, 0, 0, 0], [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 1],
  ['In1D_ShrinkAxisMask1_NegativeSlice', F32, [4], [0, 1, 2, 3], [-1], [0], [1], [0, 0, 0, 0, 1, 0], [], [3], 1],
  ['In2D_ShrinkAxis3_NegativeSlice', F32, [4, 1], [0, 1, 2, 3], [-2, -1], [-1, 0], [1, 1], [0, 0, 0, 0, 3, 0], [], [2], 1],
  ['In2D_ShrinkAxis2_BeginEndAxis1_NegativeSlice', F32, [4, 1], [0, 1, 2, 3], [0, -1], [0, 0], [1, 1], [1, 1, 0, 0, 2, 0], [4], [0, 1, 2, 3], 1],
  ['In1D_BeginMaskShrinkAxisMask1', F32, [4], [1, 2, 3, 4], [1], [1], [1], [1, 0, 0, 0, 1, 0], [], [1], 1],
  ['In2D_ShrinkAxisMask1', F32, [2, 3], [1, 2, 3, 4, 5, 6], [0, 0], [1, 3], [1, 1], [0, 0, 0, 0, 1, 0], [3], [1, 2, 3], 1],
  ['In2D_ShrinkAxisMask2', F32, [2, 3], [1, 2, 3, 4, 5, 6], [0, 0], [2, 1], [1, 1], [0, 0, 0, 0, 2, 0], [2], [1, 4], 1],
  ['In2D_ShrinkAxisMask3', F32, [2, 3], [1, 2, 3, 4, 5, 6], [0, 0], [1, 1], [1, 1], [0, 0, 0, 0, 3, 0], [], [1], 1],
  ['In3D_IdentityShrinkAxis1', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [1, 3, 2], [1, 1, 1], [0, 0, 0, 0, 1, 0], [3, 2], [1, 2, 3, 4, 5, 6], 1],
  ['In3D_IdentityShrinkAxis2', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [2, 1, 2], [1, 1, 1], [0, 0, 0, 0, 2, 0], [2, 2], [1, 2, 7, 8], 1],
  ['In3D_IdentityShrinkAxis3', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [1, 1, 2], [1, 1, 1], [0, 0, 0, 0, 3, 0], [2], [1, 2], 1],
  ['In3D_IdentityShrinkAxis4', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [2, 3, 2], [1, 1, 1], [0, 0, 0, 0, 4, 0], [2, 3], [1, 3, 5, 7, 9, 11], 1],
  ['In3D_IdentityShrinkAxis5', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [1, 3, 1], [1, 1, 1], [0, 0, 0, 0, 5, 0], [3], [1, 3, 5], 1],
  ['In3D_IdentityShrinkAxis6', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [2, 1, 1], [1, 1, 1], [0, 0, 0, 0, 6, 0], [2], [1, 7], 1],
  ['In3D_IdentityShrinkAxis7', F32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [1, 1, 1], [1, 1, 1], [0, 0, 0, 0, 7, 0], [], [1], 1],
  ['RunTwice', F32, [2, 3], [1, 2, 3, 4, 5, 6], [1, 0], [2, 2], [1, 1], [1, 0, 0, 0, 0, 0], [2, 2], [1, 2, 4, 5], 2],
  ['In3D_IdentityShrinkAxis1int8', I8, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [1, 3, 2], [1, 1, 1], [0, 0, 0, 0, 1, 0], [3, 2], [1, 2, 3, 4, 5, 6], 1],
  ['In3D_IdentityShrinkAxis1int16', I16, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [1, 3, 2], [1, 1, 1], [0, 0, 0, 0, 1, 0], [3, 2], [1, 2, 3, 4, 5, 6], 1],
  ['In3D_IdentityShrinkAxis1int32', I32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [1, 3, 2], [1, 1, 1], [0, 0, 0, 0, 1, 0], [3, 2], [1, 2, 3, 4, 5, 6], 1],
  ['In3D_Strided2int32', I32, [2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 0, 0], [2, 3, 2], [2, 2, 2], [0, 0, 0, 0, 0, 0], [1, 2, 1], [1, 5], 1],
  ['In3D_Strided2bool', BOOL, [2, 3, 2], [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0], [2, 3, 2], [2, 2, 2], [0, 0, 0, 0, 0, 0], [1, 2, 1], [1, 1], 1],
  ['MinusThreeMinusFourMinusOne', F32, [4], [1, 2, 3, 4], [-3], [-4], [-1], [0, 0, 0, 0, 0, 0], [1], [2], 1],
  ['MinusFourMinusThreeOne', F32, [4], [1, 2, 3, 4], [-4], [-3], [1], [0, 0, 0, 0, 0, 0], [1], [1], 1],
  ['In3D_BackwardSmallBeginEndMask', F32, [1], [1], [1], [0], [1], [0, 1, 0, 0, 0, 0], [0], [], 1],
  ['OneOneOne', F32, [1], [1], [1], [1], [1], [0, 0, 0, 0, 0, 0], [0], [], 1],
  ['StrideOutOfBounds', F32, [1], [0], [1], [4], [7], [0, 0, 0, 0, 1, 0], [], [1], 1],
  ['OutOfBounds', F32, [1], [0], [1], [2], [1], [0, 0, 0, 0, 1, 0], [], [0], 1],
];

const cases: ShapedCase[] = [];
for (const r of TFLM) {
  const c = ssCase(`${r[0]} (TFLM)`, ...(r.slice(1) as [number, number[], number[], number[], number[], number[], Masks, number[], number[], number]));
  if (r[0] === 'UnsupportedInputSize') c.expectError = /input dim should not exceed 4/;
  // TFLM accepts a shrink index past the end of its axis and then writes nothing (the output keeps whatever
  // the arena held); here prepare rejects it.
  if (r[0] === 'StrideOutOfBounds' || r[0] === 'OutOfBounds') c.expectError = /shrink axis 0 selects no element/;
  cases.push(c);
}

const iota = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);
const x3 = iota(12); // a [2, 3, 2] tensor 1..12

cases.push(
  // The seanet streaming models' slice: drop the oldest frames of a [1, T, W, C] buffer (begin -k on axis 1).
  ssCase('seanet-style int16 [1,8,5,2] begin [0,-6,0,0] masks 13/15', I16, [1, 8, 5, 2], iota(80, -40).map((v) => v * 800),
    [0, -6, 0, 0], [0, 0, 0, 2], [1, 1, 1, 1], [13, 15, 0, 0, 0, 0], [1, 6, 5, 2], iota(60, -20).map((v) => v * 800)),
  ssCase('seanet-style int16 [1,3,4,2] keep the last frame', I16, [1, 3, 4, 2], iota(24, -32768), [0, 0, 1, 0], [0, 0, -1, 0],
    [1, 1, 1, 1], [9, 11, 0, 0, 0, 0], [1, 3, 2, 2], [-32766, -32765, -32764, -32763, -32758, -32757, -32756, -32755, -32750, -32749, -32748, -32747]),
  ssCase('int16 extremes', I16, [4], [-32768, 32767, 0, -1], [3], [0], [-1], [0, 0, 0, 0, 0, 0], [3], [-1, 0, 32767]),
  ssCase('int8 extremes', I8, [2, 2], [-128, 127, 1, -1], [1, 0], [2, 2], [1, 1], [0, 0, 0, 0, 1, 0], [2], [1, -1]),
  ssCase('int64 begin/end/strides', F32, [2, 3], [1, 2, 3, 4, 5, 6], [0, 1], [2, 3], [1, 1], [0, 0, 0, 0, 0, 0], [2, 2], [2, 3, 5, 6], 1, T.INT64),
  // TFLite semantics where TFLM ignores the field (see strided_slice.ts).
  ssCase('ellipsis x[..., 1]', F32, [2, 3, 2], x3, [0, 1], [0, 2], [1, 1], [0, 0, 1, 0, 2, 0], [2, 3], [2, 4, 6, 8, 10, 12]),
  ssCase('ellipsis x[1:, ...]', F32, [2, 3, 2], x3, [1, 0], [2, 0], [1, 1], [0, 0, 2, 0, 0, 0], [1, 3, 2], iota(6, 7)),
  ssCase('ellipsis x[..., ::-1]', I16, [2, 3, 2], x3, [0, 0], [0, 0], [1, -1], [2, 2, 1, 0, 0, 0], [2, 3, 2], [2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11]),
  ssCase('new axis x[:, newaxis]', F32, [2, 3], iota(6), [0, 0], [2, 0], [1, 1], [0, 0, 0, 2, 0, 0], [2, 1, 3], iota(6)),
  ssCase('new axis x[newaxis, 1]', I8, [2, 3], iota(6), [0, 1], [0, 2], [1, 1], [0, 0, 0, 1, 2, 0], [1, 3], [4, 5, 6]),
  ssCase('offset: end counts from begin', F32, [4], [1, 2, 3, 4], [1], [2], [1], [0, 0, 0, 0, 0, 1], [2], [2, 3]),
  ssCase('offset with negative begin', I32, [2, 4], iota(8), [0, -3], [2, 2], [1, 1], [0, 0, 0, 0, 0, 1], [2, 2], [2, 3, 6, 7]),
  ssCase('ellipsis: fewer indices than dims', F32, [2, 3, 2], x3, [1, 0], [2, 0], [1, 1], [0, 0, 2, 0, 0, 0], [1, 3, 2], iota(6, 7)),
);
cases.push({
  ...ssCase('fewer indices than dims without ellipsis fails (TFLM needs one per dim)', F32, [2, 3, 2], x3, [1], [2], [1], [0, 0, 0, 0, 0, 0], [1, 3, 2], iota(6, 7)),
  expectError: /begin has 1 entries for rank 3/,
});

cases.push(
  {
    name: 'placeholder output shape is replaced',
    inputs: [{ type: F32, shape: [4], data: [1, 2, 3, 4] }, vec([1]), vec([3]), vec([1])],
    options: options([0, 0, 0, 0, 0, 0]),
    outputs: [{ type: F32, shape: [1], data: [2, 3] }],
    outShapes: [[2]],
  },
  {
    name: 'stride 0 fails (TFLM)',
    inputs: [{ type: F32, shape: [4], data: [1, 2, 3, 4] }, vec([1]), vec([3]), vec([0])],
    options: options([0, 0, 0, 0, 0, 0]),
    outputs: [{ type: F32, shape: [2] }],
    expectError: /stride value has to be non-zero/,
  },
  {
    name: 'non-constant begin fails (TFLM)',
    inputs: [{ type: F32, shape: [4], data: [1, 2, 3, 4] }, { type: I32, shape: [1], data: [1] }, vec([3]), vec([1])],
    options: options([0, 0, 0, 0, 0, 0]),
    outputs: [{ type: F32, shape: [2] }],
    expectError: /non-constant begin/,
  },
  {
    name: 'uint8 input fails (TFLM)',
    inputs: [{ type: T.UINT8, shape: [4], data: [1, 2, 3, 4] }, vec([1]), vec([3]), vec([1])],
    options: options([0, 0, 0, 0, 0, 0]),
    outputs: [{ type: T.UINT8, shape: [2] }],
    expectError: /input has type UINT8/,
  },
  {
    name: 'begin/end length mismatch fails',
    inputs: [{ type: F32, shape: [2, 2], data: [1, 2, 3, 4] }, vec([0, 0]), vec([1]), vec([1, 1])],
    options: options([0, 0, 0, 0, 0, 0]),
    outputs: [{ type: F32, shape: [1, 2] }],
    expectError: /begin, end and strides have 2, 1 and 2 entries/,
  },
  {
    name: 'more than 5 dims with new axes fails',
    inputs: [{ type: F32, shape: [1, 1, 1, 1], data: [1] }, vec([0, 0, 0, 0, 0, 0]), vec([1, 1, 1, 1, 1, 1]), vec([1, 1, 1, 1, 1, 1])],
    options: options([0, 0, 0, 3, 0, 0]),
    outputs: [{ type: F32, shape: [1, 1, 1, 1, 1, 1] }],
    expectError: /6 dims including new axes exceed 5/,
  },
);

/**
 * TFLM's StridedSlice, transcribed independently of the kernel: output dims from StartForAxis/StopForAxis and
 * a float ceil (prepare), data from the 5-D loop over StridedSliceStartForAxis/EndForAxis (eval).
 */
function ssOracle(shape: number[], input: number[], begin: number[], end: number[], strides: number[], bm: number, em: number, sm: number) {
  const clamp = (v: number, lo: number, hi: number) => (v > hi ? hi : v < lo ? lo : v);
  const outShape: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const size = shape[i]!;
    const s = strides[i]!;
    let b = bm & (1 << i) ? (s > 0 ? -2147483648 : 2147483647) : begin[i]!;
    if (b < 0) b += size;
    b = s > 0 ? clamp(b, 0, size) : clamp(b, -1, size - 1);
    let e: number;
    if (sm & (1 << i)) e = b + 1;
    else {
      e = em & (1 << i) ? (s > 0 ? 2147483647 : -2147483648) : end[i]!;
      if (e < 0) e += size;
      e = s > 0 ? clamp(e, 0, size) : clamp(e, -1, size - 1);
    }
    const d = Math.max(0, Math.ceil(Math.fround((e - b) / s)));
    if (!(sm & (1 << i))) outShape.push(d);
  }
  const pad = 5 - shape.length;
  const sh = [...new Array<number>(pad).fill(1), ...shape];
  const st = [...new Array<number>(pad).fill(0), ...begin];
  const sp = [...new Array<number>(pad).fill(1), ...end];
  const sd = [...new Array<number>(pad).fill(1), ...strides];
  const bmp = ((bm << pad) | ((1 << pad) - 1)) >>> 0;
  const emp = ((em << pad) | ((1 << pad) - 1)) >>> 0;
  const smp = sm << pad;
  const starts: number[] = [];
  const stops: number[] = [];
  for (let a = 0; a < 5; a++) {
    const size = sh[a]!;
    const s = sd[a]!;
    let b = st[a]!;
    if (b < 0) b += size;
    b = s > 0 ? clamp(b, 0, size) : clamp(b, -1, size - 1);
    if (bmp & (1 << a)) b = s > 0 ? 0 : size - 1;
    let e: number;
    if (smp & (1 << a)) e = b >= size ? b : b + 1;
    else {
      e = sp[a]!;
      if (e < 0) e += size;
      e = s > 0 ? clamp(e, 0, size) : clamp(e, -1, size - 1);
      if (emp & (1 << a)) e = s > 0 ? size : -1;
    }
    starts.push(b);
    stops.push(e);
  }
  const go = (a: number, i: number, s: number) => (s > 0 ? i < stops[a]! : i > stops[a]!);
  const out: number[] = [];
  for (let i0 = starts[0]!; go(0, i0, sd[0]!); i0 += sd[0]!)
    for (let i1 = starts[1]!; go(1, i1, sd[1]!); i1 += sd[1]!)
      for (let i2 = starts[2]!; go(2, i2, sd[2]!); i2 += sd[2]!)
        for (let i3 = starts[3]!; go(3, i3, sd[3]!); i3 += sd[3]!)
          for (let i4 = starts[4]!; go(4, i4, sd[4]!); i4 += sd[4]!)
            out.push(input[(((i0 * sh[1]! + i1) * sh[2]! + i2) * sh[3]! + i3) * sh[4]! + i4]!);
  return { shape: outShape, data: out };
}

const rng = new Lcg(3);
const types = [F32, I8, I16, I32, BOOL];
for (let k = 0; k < 150; k++) {
  const rank = rng.int(1, 4);
  const shape = rng.ints(rank, 1, 5);
  const strides = shape.map(() => (rng.int(0, 3) === 0 ? -rng.int(1, 3) : rng.int(1, 3)));
  const begin = shape.map((d) => rng.int(-d - 1, d + 1));
  const end = shape.map((d) => rng.int(-d - 1, d + 1));
  const bm = rng.int(0, (1 << rank) - 1) & rng.int(0, 15);
  const em = rng.int(0, (1 << rank) - 1) & rng.int(0, 15);
  let sm = rng.int(0, 3) === 0 ? rng.int(0, (1 << rank) - 1) : 0;
  // Keep shrink indices inside their axis and shrink strides positive (TFLM leaves the output unwritten
  // otherwise; the kernel rejects those).
  shape.forEach((d, i) => {
    if (sm & (1 << i) && !(begin[i]! >= -d && begin[i]! < d && !(bm & (1 << i)) && strides[i]! > 0)) sm &= ~(1 << i);
  });
  const type = types[k % types.length]!;
  const input = type === BOOL ? rng.ints(product(shape), 0, 1) : rng.ints(product(shape), -128, 127);
  const o = ssOracle(shape, input, begin, end, strides, bm, em, sm);
  cases.push(ssCase(`grid #${k} [${shape}] b[${begin}] e[${end}] s[${strides}] masks ${bm}/${em}/${sm} type ${type}`, type, shape, input,
    begin, end, strides, [bm, em, 0, 0, sm, 0], o.shape, o.data));
}
{
  const shape = [2, 3, 4, 2];
  const input = iota(48);
  const [b, e, st] = [[1, 2, 3, 1], [-3, -4, -5, -3], [-1, -2, -3, -1]];
  const o = ssOracle(shape, input, b, e, st, 0, 0, 0);
  cases.push(ssCase('4D, every axis with a negative stride', I32, shape, input, b, e, st, [0, 0, 0, 0, 0, 0], o.shape, o.data));
}
cases.push({
  ...ssCase('shrink with a negative stride fails (TFLM writes nothing)', F32, [3], [1, 2, 3], [1], [2], [-1], [0, 0, 0, 0, 1, 0], [], [2]),
  expectError: /shrink axis 0 selects no element/,
});

shapedKernelTable('STRIDED_SLICE', STRIDED_SLICE, cases);
