import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type KernelContext, type ScratchBuffer } from '../runtime/kernel.js';
import { svdfFloat, svdfInteger, type SvdfIntParams } from './internal/svdf.js';
import { multiplyByQuantizedMultiplierFor, quantizeMultiplierFor } from './internal/quantization.js';
import { expectType, quantOrDefault, quantParams, readActivation, typeRange } from './util.js';

export interface SvdfOptions {
  rank: number;
  activation: number;
  asymmetricQuantizeInputs: boolean;
}

interface SvdfData {
  kind: 'float' | 'int';
  p: SvdfIntParams;
  scratch: ScratchBuffer | null;
  scratchOut: ScratchBuffer | null;
}

type Ctx = KernelContext<SvdfOptions, SvdfData>;

const INPUT = 0;
const WEIGHTS_FEATURE = 1;
const WEIGHTS_TIME = 2;
const BIAS = 3;
const STATE = 4;

/**
 * SVDF (TFLM svdf.cc / svdf_common.cc): float32; int8 input and feature weights with int16 or int8 time
 * weights and activation state, int32 bias, int8 output. The activation state (input 4) is a variable tensor
 * [batch, memory * filters] carried across invokes. The integer path ignores the fused activation, as TFLM's
 * does.
 */
export const SVDF = defineOp<SvdfOptions, SvdfData>({
  name: 'SVDF',
  code: BuiltinOperator.SVDF,
  parseOptions(t) {
    return {
      rank: t ? t.int32(0, 0) : 0,
      activation: readActivation(t, 1),
      asymmetricQuantizeInputs: t ? t.bool(2, false) : false,
    };
  },
  init() {
    return {
      kind: 'float',
      p: {
        batch: 0, inputSize: 0, filters: 0, units: 0, rank: 0, memory: 0,
        inputZeroPoint: 0, stateZeroPoint: 0, outputZeroPoint: 0, multiplier1: 0, shift1: 0, multiplier2: 0, shift2: 0,
        stateMin: 0, stateMax: 0, mbqm: multiplyByQuantizedMultiplierFor('double'),
      },
      scratch: null,
      scratchOut: null,
    };
  },
  prepare(ctx) {
    const d = ctx.data;
    const p = d.p;
    const input = ctx.input(INPUT);
    const wFeature = ctx.input(WEIGHTS_FEATURE);
    const wTime = ctx.input(WEIGHTS_TIME);
    // TFLM marks the bias optional but dereferences it (int8 Prepare reads its scale; float Eval DCHECKs its
    // data), so a model without one cannot run there: reject it.
    const bias = ctx.optionalInput(BIAS) ?? ctx.fail('bias (input 3) is required');
    const state = ctx.input(STATE);
    const rank = ctx.options.rank;

    if (input.shape.length !== 2) ctx.fail(`input must have rank 2, has ${input.shape.length}`);
    if (wFeature.shape.length !== 2) ctx.fail(`feature weights must have rank 2, has ${wFeature.shape.length}`);
    if (wTime.shape.length !== 2) ctx.fail(`time weights must have rank 2, has ${wTime.shape.length}`);
    if (!(rank > 0)) ctx.fail(`rank must be positive, is ${rank}`);
    const batch = input.shape[0]!;
    const inputSize = input.shape[1]!;
    const filters = wFeature.shape[0]!;
    if (filters % rank !== 0) ctx.fail(`${filters} filters are not a multiple of rank ${rank}`);
    const units = filters / rank;
    const memory = wTime.shape[1]!;
    Object.assign(p, { batch, inputSize, filters, units, rank, memory });

    expectType(ctx, input, 'input', TensorType.FLOAT32, TensorType.INT8);
    if (ctx.outputs.length !== 1) ctx.fail(`expected 1 output, got ${ctx.outputs.length}`);
    const output = ctx.output(0);
    if (output.shape.length !== 2 || output.shape[0] !== batch || output.shape[1] !== units)
      ctx.fail(`output has shape [${Array.from(output.shape).join(',')}], expected [${batch},${units}]`);
    if (wFeature.shape[1] !== inputSize) ctx.fail(`feature weights have ${wFeature.shape[1]} columns, input has ${inputSize}`);
    if (wTime.shape[0] !== filters) ctx.fail(`time weights have ${wTime.shape[0]} rows, expected ${filters} filters`);
    if (bias.shape[0] !== units) ctx.fail(`bias has ${bias.shape[0]} elements, expected ${units}`);
    if (state.shape.length !== 2 || state.shape[0] !== batch || state.shape[1] !== memory * filters)
      ctx.fail(`activation state has shape [${Array.from(state.shape).join(',')}], expected [${batch},${memory * filters}]`);
    if (!state.isVariable) ctx.fail('activation state (input 4) must be a variable tensor');
    if (ctx.inputs.length !== 5) ctx.fail(`expected 5 inputs, got ${ctx.inputs.length}`);

    if (input.type === TensorType.INT8) {
      expectType(ctx, wFeature, 'feature weights', TensorType.INT8);
      expectType(ctx, wTime, 'time weights', TensorType.INT16, TensorType.INT8);
      expectType(ctx, state, 'activation state', TensorType.INT16, TensorType.INT8);
      if (state.type !== wTime.type)
        ctx.fail(`activation state type ${tensorTypeName(state.type)} differs from time weights type ${tensorTypeName(wTime.type)}`);
      expectType(ctx, bias, 'bias', TensorType.INT32);
      expectType(ctx, output, 'output', TensorType.INT8);
      prepareInteger(ctx);
      d.kind = 'int';
      d.scratch = ctx.requestScratch(batch * filters * 4);
      d.scratchOut = ctx.requestScratch(batch * units * 4);
    } else {
      expectType(ctx, wFeature, 'feature weights', TensorType.FLOAT32);
      expectType(ctx, wTime, 'time weights', TensorType.FLOAT32);
      expectType(ctx, state, 'activation state', TensorType.FLOAT32);
      expectType(ctx, bias, 'bias', TensorType.FLOAT32);
      expectType(ctx, output, 'output', TensorType.FLOAT32);
      d.kind = 'float';
      d.scratch = ctx.requestScratch(batch * filters * 4);
    }
  },
  invoke(ctx) {
    const d = ctx.data;
    const ins = ctx.inputs;
    const bias = ins[BIAS]!;
    if (d.kind === 'int') {
      svdfInteger(d.p, ins[INPUT]!.data as Int8Array, ins[WEIGHTS_FEATURE]!.data as Int8Array,
        ins[WEIGHTS_TIME]!.data as Int16Array, bias.data as Int32Array, ins[STATE]!.data as Int16Array,
        d.scratch!.i32, d.scratchOut!.i32, ctx.outputs[0]!.data as Int8Array);
    } else {
      svdfFloat(d.p, ctx.options.activation, ins[INPUT]!.data as Float32Array, ins[WEIGHTS_FEATURE]!.data as Float32Array,
        ins[WEIGHTS_TIME]!.data as Float32Array, bias.data as Float32Array, ins[STATE]!.data as Float32Array,
        d.scratch!.f32, ctx.outputs[0]!.data as Float32Array);
    }
  },
});

/**
 * Integer scales, computed as TFLM does: the products and quotients of the float32 scales in float32, then
 * widened to double for QuantizeMultiplier. TFLM requires the bias scale to equal state scale * time-weights
 * scale within 1e-5.
 */
function prepareInteger(ctx: Ctx): void {
  const p = ctx.data.p;
  const f = Math.fround;
  const inQ = quantParams(ctx, ctx.input(INPUT), 'input');
  const wfQ = quantParams(ctx, ctx.input(WEIGHTS_FEATURE), 'feature weights');
  const wtQ = quantParams(ctx, ctx.input(WEIGHTS_TIME), 'time weights');
  const stQ = quantParams(ctx, ctx.input(STATE), 'activation state');
  const outQ = quantParams(ctx, ctx.output(0), 'output');
  const scale1 = f(f(inQ.scale * wfQ.scale) / stQ.scale);
  const scale2 = f(f(stQ.scale * wtQ.scale) / outQ.scale);
  const biasScale = quantOrDefault(ctx.input(BIAS)).scale;
  if (!(Math.abs(biasScale - f(stQ.scale * wtQ.scale)) < 1e-5))
    ctx.fail(`bias scale ${biasScale} differs from state scale * time weights scale ${f(stQ.scale * wtQ.scale)}`);
  const m1 = quantizeMultiplierFor(ctx.rounding, scale1);
  const m2 = quantizeMultiplierFor(ctx.rounding, scale2);
  p.multiplier1 = m1.multiplier;
  p.shift1 = m1.shift;
  p.multiplier2 = m2.multiplier;
  p.shift2 = m2.shift;
  p.inputZeroPoint = inQ.zeroPoint;
  p.outputZeroPoint = outQ.zeroPoint;
  p.stateZeroPoint = stQ.zeroPoint;
  const r = typeRange(ctx.input(STATE).type);
  p.stateMin = r.min;
  p.stateMax = r.max;
  p.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
}
