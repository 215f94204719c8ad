/**
 * What MEAN, SUM, REDUCE_MAX and REDUCE_MIN share (TFLM reduce_common.cc): ReducerOptions, op data, Prepare
 * with TFLM's scratch requests (per-output int32 accumulator for int8/int16 MEAN/SUM, the input index
 * iterator and the resolved axes), and Eval.
 */
import { TensorType } from '../model/types.js';
import type { Table } from '../model/types.js';
import type { KernelContext, ScratchBuffer, Tensor } from '../runtime/kernel.js';
import { meanFloat, quantizedMeanOrSum, reduceGeneric, Reducer, resolveAxis, type QuantizedReduceParams } from './internal/reduce.js';
import { FLT_MAX, multiplyByQuantizedMultiplierFor, quantizeMultiplierFor } from './internal/quantization.js';
import { expectArity, expectType, flatSize, quantOrDefault, typeRange } from './util.js';

export interface ReducerOptions {
  keepDims: boolean;
}

export interface ReduceData {
  type: number;
  numAxis: number;
  numOutputs: number;
  q: QuantizedReduceParams;
  accumulator: ScratchBuffer | null;
  inputIter: ScratchBuffer | null;
  resolvedAxis: ScratchBuffer | null;
}

export type ReduceCtx = KernelContext<ReducerOptions, ReduceData>;

/** ReducerOptions: keep_dims (0). keep_dims only shapes the output, whose dims come from the model. */
export function parseReducerOptions(t: Table | null): ReducerOptions {
  return { keepDims: t ? t.bool(0, false) : false };
}

export function initReduce(): ReduceData {
  return {
    type: TensorType.FLOAT32,
    numAxis: 0,
    numOutputs: 0,
    q: { inputZeroPoint: 0, outputZeroPoint: 0, multiplier: 0, shift: 0, mbqm: multiplyByQuantizedMultiplierFor('double'), qmin: 0, qmax: 0 },
    accumulator: null,
    inputIter: null,
    resolvedAxis: null,
  };
}

/**
 * PrepareSimple's checks (2 inputs, 1 output, int32 axis) and, when the axis tensor is constant, what Eval
 * would reject: an axis out of range, or an output whose size is not the product of the kept input dims.
 */
function checkCommon(ctx: ReduceCtx, kinds: readonly number[]): { input: Tensor; axis: Tensor; output: Tensor } {
  expectArity(ctx, 2, 1);
  const input = ctx.input(0);
  const axis = ctx.input(1);
  const output = ctx.output(0);
  expectType(ctx, axis, 'axis', TensorType.INT32);
  expectType(ctx, input, 'input', ...kinds);
  expectType(ctx, output, 'output', input.type);
  if (axis.isConstant) {
    const resolved = new Int32Array(Math.max(1, axis.elementCount));
    const n = resolveAxis(input.shape.length, axis.data as Int32Array, axis.elementCount, resolved);
    if (n < 0) ctx.fail(`axis [${Array.from(axis.data as Int32Array).join(',')}] out of range for rank ${input.shape.length}`);
    let kept = 1;
    for (let d = 0; d < input.shape.length; d++) if (!resolved.subarray(0, n).includes(d)) kept *= input.shape[d]!;
    if (flatSize(output.shape) !== kept)
      ctx.fail(`output [${output.shape.join(',')}] does not hold the ${kept} elements reducing [${input.shape.join(',')}] leaves`);
  }
  return { input, axis, output };
}

/** PrepareMeanOrSumHelper: float32, int8, int16 (input and output of one type). */
export function prepareMeanOrSum(ctx: ReduceCtx): void {
  const { input, axis, output } = checkCommon(ctx, [TensorType.FLOAT32, TensorType.INT8, TensorType.INT16]);
  const d = ctx.data;
  d.type = input.type;
  d.numAxis = axis.elementCount;
  d.numOutputs = output.elementCount;
  if (input.type === TensorType.INT8 || input.type === TensorType.INT16) {
    const inQ = quantOrDefault(input);
    const outQ = quantOrDefault(output);
    if (!(inQ.scale > 0) || !(outQ.scale > 0)) ctx.fail('int8/int16 input and output must be quantized with positive scales');
    // double(input_scale) / double(output_scale) from the float32 scales.
    const m = quantizeMultiplierFor(ctx.rounding, Math.fround(inQ.scale) / Math.fround(outQ.scale));
    const r = typeRange(input.type);
    Object.assign(d.q, {
      inputZeroPoint: inQ.zeroPoint,
      outputZeroPoint: outQ.zeroPoint,
      multiplier: m.multiplier,
      shift: m.shift,
      mbqm: multiplyByQuantizedMultiplierFor(ctx.rounding),
      qmin: r.min,
      qmax: r.max,
    });
    d.accumulator = ctx.requestScratch(4 * d.numOutputs);
  }
  d.inputIter = ctx.requestScratch(4 * input.shape.length);
  d.resolvedAxis = ctx.requestScratch(4 * d.numAxis);
}

/** PrepareMinMaxHelper: float32 and int8 (int8 needs the input's scale and zero point on the output). */
export function prepareMinMax(ctx: ReduceCtx): void {
  const { input, axis, output } = checkCommon(ctx, [TensorType.FLOAT32, TensorType.INT8]);
  const d = ctx.data;
  d.type = input.type;
  d.numAxis = axis.elementCount;
  d.numOutputs = output.elementCount;
  if (input.type === TensorType.INT8) {
    const inQ = quantOrDefault(input);
    const outQ = quantOrDefault(output);
    if (Math.fround(inQ.scale) !== Math.fround(outQ.scale)) ctx.fail(`input scale ${inQ.scale} != output scale ${outQ.scale}`);
    if (inQ.zeroPoint !== outQ.zeroPoint) ctx.fail(`input zero point ${inQ.zeroPoint} != output zero point ${outQ.zeroPoint}`);
  }
  d.inputIter = ctx.requestScratch(4 * input.shape.length);
  d.resolvedAxis = ctx.requestScratch(4 * d.numAxis);
}

function axisFail(ctx: ReduceCtx): never {
  return ctx.fail(`axis [${Array.from(ctx.inputs[1]!.data as Int32Array).join(',')}] out of range for rank ${ctx.inputs[0]!.shape.length}`);
}

/** EvalMeanHelper / EvalSumHelper. */
export function evalMeanOrSum(ctx: ReduceCtx, computeSum: boolean): void {
  const d = ctx.data;
  const input = ctx.inputs[0]!;
  const axis = ctx.inputs[1]!.data as Int32Array;
  const output = ctx.outputs[0]!;
  const iter = d.inputIter!.i32;
  const resolved = d.resolvedAxis!.i32;
  let ok: boolean;
  if (d.type === TensorType.FLOAT32) {
    ok = computeSum
      ? reduceGeneric(input.data as Float32Array, input.shape, output.data as Float32Array, axis, d.numAxis, iter, resolved, 0, Reducer.SUM)
      : meanFloat(input.data as Float32Array, input.shape, output.data as Float32Array, axis, d.numAxis, iter, resolved);
  } else {
    ok = quantizedMeanOrSum(input.data as Int8Array | Int16Array, input.shape, output.data as Int8Array | Int16Array, axis, d.numAxis,
      iter, resolved, d.accumulator!.i32, d.numOutputs, d.q, computeSum);
  }
  if (!ok) axisFail(ctx);
}

/** std::numeric_limits<float>::lowest(). */
const LOWEST_FLOAT = -FLT_MAX;

/** EvalMaxHelper / EvalMinHelper: the output starts at the type's lowest (MAX) or max (MIN) value. */
export function evalMinMax(ctx: ReduceCtx, reducer: Reducer): void {
  const d = ctx.data;
  const input = ctx.inputs[0]!;
  const output = ctx.outputs[0]!;
  const isMax = reducer === Reducer.MAX;
  // Module constants, not `-FLT_MAX` here: a computed non-integer argument would be boxed (allocated) per invoke.
  const init = d.type === TensorType.FLOAT32 ? (isMax ? LOWEST_FLOAT : FLT_MAX) : isMax ? -128 : 127;
  const ok = reduceGeneric(input.data as Float32Array | Int8Array, input.shape, output.data as Float32Array | Int8Array,
    ctx.inputs[1]!.data as Int32Array, d.numAxis, d.inputIter!.i32, d.resolvedAxis!.i32, init, reducer);
  if (!ok) axisFail(ctx);
}
