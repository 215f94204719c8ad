import { BuiltinOperator } from '../model/schema.js';
import { TensorType, tensorTypeName } from '../model/types.js';
import { defineOp, type KernelContext, type ScratchBuffer, type Tensor } from '../runtime/kernel.js';
import { evalLstm, int16ActivationScaling, type LstmBuffers, type LstmGate, type LstmParams } from './internal/lstm.js';
import {
  getQuantizedConvolutionMultiplier,
  multiplyByQuantizedMultiplierFor,
  quantizeMultiplierFor,
  quantizeRound,
} from './internal/quantization.js';
import { Activation, flatSize, quantOrDefault, quantParams, typeRange } from './util.js';

export interface UnidirectionalSequenceLstmOptions {
  activation: number;
  /** 0 means no clipping. */
  cellClip: number;
  projClip: number;
  timeMajor: boolean;
  asymmetricQuantizeInputs: boolean;
  diagonalRecurrentTensors: boolean;
}

interface LstmData {
  p: LstmParams;
  scratch: ScratchBuffer[];
  buffers: LstmBuffers;
}

type Ctx = KernelContext<UnidirectionalSequenceLstmOptions, LstmData>;

// Input tensor indices (lstm_shared.h).
const INPUT = 0;
const INPUT_TO_INPUT_W = 1;
const INPUT_TO_FORGET_W = 2;
const INPUT_TO_CELL_W = 3;
const INPUT_TO_OUTPUT_W = 4;
const RECURRENT_TO_INPUT_W = 5;
const RECURRENT_TO_FORGET_W = 6;
const RECURRENT_TO_CELL_W = 7;
const RECURRENT_TO_OUTPUT_W = 8;
const INPUT_GATE_BIAS = 12;
const FORGET_GATE_BIAS = 13;
const CELL_GATE_BIAS = 14;
const OUTPUT_GATE_BIAS = 15;
const HIDDEN_STATE = 18;
const CELL_STATE = 19;

/** Gate pre-activations are Q3.12 and gate outputs Q0.15 (lstm_eval_common.cc). */
const NONLINEAR_INPUT_SCALE = 0.000244140625;
const NONLINEAR_OUTPUT_SCALE = 0.000030517578125;

const EMPTY16 = new Int16Array(0);

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM, TFLM's kernel (standard LSTM only: no peephole, projection, layer norm or
 * CIFG): float32; int8 activations x int8 weights with int32 bias and int16 cell state (8x8→16); int16
 * activations x int8 weights with int64 bias and int16 cell state (16x8→16). The hidden state (input 18) and
 * cell state (input 19) are variable tensors carried across invokes.
 */
export const UNIDIRECTIONAL_SEQUENCE_LSTM = defineOp<UnidirectionalSequenceLstmOptions, LstmData>({
  name: 'UNIDIRECTIONAL_SEQUENCE_LSTM',
  code: BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
  parseOptions(t) {
    return {
      activation: t ? t.int8(0, 0) : 0,
      cellClip: t ? t.float32(1, 0) : 0,
      projClip: t ? t.float32(2, 0) : 0,
      timeMajor: t ? t.bool(3, false) : false,
      asymmetricQuantizeInputs: t ? t.bool(4, false) : false,
      diagonalRecurrentTensors: t ? t.bool(5, false) : false,
    };
  },
  init() {
    const gate = (): LstmGate => ({
      inputWeights: new Int8Array(0), recurrentWeights: new Int8Array(0), bias: null,
      inMultiplier: 0, inShift: 0, inWeightsOffset: 0, recMultiplier: 0, recShift: 0, recWeightsOffset: 0,
    });
    return {
      p: {
        kind: 'float', timeMajor: false, batch: 0, time: 0, inputDim: 0, stateDim: 0,
        gates: [gate(), gate(), gate(), gate()],
        inputOffset: 0, hiddenOffset: 0, cellClip: 0, quantizedCellClip: 0, cellTanhMultiplier: 0, cellTanhShift: 0,
        forgetMulMultiplier: 0, forgetMulShift: 0, inputMulMultiplier: 0, inputMulShift: 0,
        outputMulMultiplier: 0, outputMulShift: 0, hiddenZeroPoint: 0, hiddenMin: 0, hiddenMax: 0,
        mbqm: multiplyByQuantizedMultiplierFor('double'),
      },
      scratch: [],
      buffers: { b0: EMPTY16, b1: EMPTY16, b2: EMPTY16, b3: EMPTY16 },
    };
  },
  prepare(ctx) {
    if (ctx.outputs.length !== 1) ctx.fail(`expected 1 output, got ${ctx.outputs.length}`);
    if (ctx.inputs.length !== 24) ctx.fail(`expected 24 inputs, got ${ctx.inputs.length}`);
    const d = ctx.data;
    const p = d.p;
    const o = ctx.options;
    const input = ctx.input(INPUT);
    const hidden = ctx.input(HIDDEN_STATE);
    const cell = ctx.input(CELL_STATE);
    const output = ctx.output(0);

    // LstmTensors::ValidateTensorStatus.
    if (!hidden.isVariable) ctx.fail('hidden state (input 18) must be a variable tensor');
    if (hidden.type !== input.type)
      ctx.fail(`hidden state type ${tensorTypeName(hidden.type)} differs from input type ${tensorTypeName(input.type)}`);
    if (!cell.isVariable) ctx.fail('cell state (input 19) must be a variable tensor');
    if (output.type !== input.type)
      ctx.fail(`output type ${tensorTypeName(output.type)} differs from input type ${tensorTypeName(input.type)}`);
    const weightType = ctx.input(INPUT_TO_FORGET_W).type;
    for (let i = 1; i < 9; i++) {
      const w = ctx.inputs[i] ?? ctx.fail(`weights input ${i} is required (CIFG LSTMs are not supported)`);
      if (w.type !== weightType) ctx.fail(`weights input ${i} has type ${tensorTypeName(w.type)}, expected ${tensorTypeName(weightType)}`);
    }
    const biasType = ctx.input(FORGET_GATE_BIAS).type;
    for (let i = 12; i < 16; i++) {
      const b = ctx.inputs[i] ?? ctx.fail(`bias input ${i} is required`);
      if (b.type !== biasType) ctx.fail(`bias input ${i} has type ${tensorTypeName(b.type)}, expected ${tensorTypeName(biasType)}`);
    }
    for (let i = 9; i < 12; i++) if (ctx.inputs[i]) ctx.fail(`peephole weights (input ${i}) are not supported`);
    for (let i = 16; i < 18; i++) if (ctx.inputs[i]) ctx.fail(`projection (input ${i}) is not supported`);
    for (let i = 20; i < 24; i++) if (ctx.inputs[i]) ctx.fail(`layer normalization (input ${i}) is not supported`);

    // CreateLstmSizeInfo + ValidateTensorSize.
    if (input.shape.length !== 3) ctx.fail(`input must have rank 3, has ${input.shape.length}`);
    if (hidden.shape.length < 2) ctx.fail(`hidden state must have rank 2, has ${hidden.shape.length}`);
    p.timeMajor = o.timeMajor;
    p.batch = o.timeMajor ? input.shape[1]! : input.shape[0]!;
    p.time = o.timeMajor ? input.shape[0]! : input.shape[1]!;
    p.inputDim = input.shape[2]!;
    p.stateDim = hidden.shape[1]!;
    const { batch, stateDim, inputDim } = p;
    const dims = (t: Tensor): string => `[${Array.from(t.shape).join(',')}]`;
    for (let i = 1; i < 9; i++) {
      const w = ctx.inputs[i]!;
      const cols = i < 5 ? inputDim : stateDim;
      if (w.shape.length !== 2 || w.shape[0] !== stateDim || w.shape[1] !== cols)
        ctx.fail(`weights input ${i} has shape ${dims(w)}, expected [${stateDim},${cols}]`);
    }
    for (let i = 12; i < 16; i++) {
      const b = ctx.inputs[i]!;
      if (b.shape.length !== 1 || b.shape[0] !== stateDim) ctx.fail(`bias input ${i} has shape ${dims(b)}, expected [${stateDim}]`);
    }
    if (flatSize(hidden.shape) !== batch * stateDim) ctx.fail(`hidden state has ${flatSize(hidden.shape)} elements, expected ${batch * stateDim}`);
    if (flatSize(cell.shape) !== batch * stateDim) ctx.fail(`cell state has ${flatSize(cell.shape)} elements, expected ${batch * stateDim}`);
    if (output.shape.length !== 3 || output.shape[0] !== input.shape[0] || output.shape[1] !== input.shape[1] || output.shape[2] !== stateDim)
      ctx.fail(`output has shape ${dims(output)}, expected [${input.shape[0]},${input.shape[1]},${stateDim}]`);

    // The cell gate's nonlinearity is the node's activation; TFLM only implements tanh (and sigmoid, which the
    // schema cannot express) and asserts otherwise.
    if (o.activation !== Activation.TANH) ctx.fail(`activation ${o.activation} is not supported (only TANH)`);

    p.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    p.cellClip = Math.fround(o.cellClip);
    let cellSize = 0;
    if (cell.type === TensorType.FLOAT32) {
      if (input.type !== TensorType.FLOAT32) ctx.fail(`float32 cell state needs float32 activations, got ${tensorTypeName(input.type)}`);
      if (weightType !== TensorType.FLOAT32) ctx.fail(`float32 LSTM needs float32 weights, got ${tensorTypeName(weightType)}`);
      if (biasType !== TensorType.FLOAT32) ctx.fail(`float32 LSTM needs float32 biases, got ${tensorTypeName(biasType)}`);
      p.kind = 'float';
      setGateTensors(ctx, p, 'float');
      cellSize = 4;
    } else if (cell.type === TensorType.INT16) {
      prepareInteger(ctx, input, hidden, cell, weightType, biasType);
      cellSize = 2;
    } else {
      ctx.fail(`cell state type ${tensorTypeName(cell.type)} is not supported (float32 or int16)`);
    }

    // Four scratch buffers of batch * state cells, as TFLM requests them.
    d.scratch = [];
    for (let i = 0; i < 4; i++) d.scratch.push(ctx.requestScratch(batch * stateDim * cellSize));
  },
  invoke(ctx) {
    const d = ctx.data;
    const p = d.p;
    const s = d.scratch;
    const b = d.buffers;
    if (p.kind === 'float') {
      b.b0 = s[0]!.f32;
      b.b1 = s[1]!.f32;
      b.b2 = s[2]!.f32;
      b.b3 = s[3]!.f32;
    } else {
      b.b0 = s[0]!.i16;
      b.b1 = s[1]!.i16;
      b.b2 = s[2]!.i16;
      b.b3 = s[3]!.i16;
    }
    const ins = ctx.inputs;
    // Weight and bias views (constant tensors normally; re-read so that non-constant ones work too).
    const gates = p.gates;
    for (let g = 0; g < 4; g++) {
      const t = GATE_TENSORS[g]!;
      const gate = gates[g]!;
      gate.inputWeights = ins[t[0]]!.data as Int8Array;
      gate.recurrentWeights = ins[t[1]]!.data as Int8Array;
      if (p.kind !== 'int16') gate.bias = ins[t[2]]!.data as Int32Array;
    }
    evalLstm(p, ins[INPUT]!.data as Int8Array, ins[HIDDEN_STATE]!.data as Int8Array, ins[CELL_STATE]!.data as Int16Array,
      ctx.outputs[0]!.data as Int8Array, b);
  },
});

/** Gate order in LstmParams.gates: forget, input, cell, output (the order lstm_eval computes them). */
const GATE_TENSORS: readonly (readonly [number, number, number])[] = [
  [INPUT_TO_FORGET_W, RECURRENT_TO_FORGET_W, FORGET_GATE_BIAS],
  [INPUT_TO_INPUT_W, RECURRENT_TO_INPUT_W, INPUT_GATE_BIAS],
  [INPUT_TO_CELL_W, RECURRENT_TO_CELL_W, CELL_GATE_BIAS],
  [INPUT_TO_OUTPUT_W, RECURRENT_TO_OUTPUT_W, OUTPUT_GATE_BIAS],
];

/**
 * Bind the int64 biases of a 16x8 LSTM (other weight and bias views are read at invoke, when every tensor's
 * view is final).
 */
function setGateTensors(ctx: Ctx, p: LstmParams, kind: 'float' | 'int8' | 'int16'): void {
  for (let g = 0; g < 4; g++) {
    const bi = GATE_TENSORS[g]![2];
    const gate = p.gates[g]!;
    const bias = ctx.input(bi);
    if (kind === 'int16') {
      // The int64 bias as int32 halves (low word first), read exactly in invoke without BigInt.
      const bytes = bias.bytes;
      if (!bias.isConstant) ctx.fail(`int64 bias (input ${bi}) must be constant`);
      gate.bias = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
    }
  }
}

/** The FC parameters of one gate half (CalculateOpDataFullyConnected with a Q3.12 int16 output). */
function fcMultiplier(ctx: Ctx, activation: Tensor, weights: Tensor, what: string): { multiplier: number; shift: number } {
  const wq = weights.quantization;
  if (wq && wq.scale.length > 1)
    ctx.fail(`${what} is quantized per channel; TFLM's LSTM only handles per-tensor weights`);
  const aS = quantParams(ctx, activation, activation === ctx.inputs[INPUT] ? 'input' : 'hidden state').scale;
  const wS = quantParams(ctx, weights, what).scale;
  return quantizeMultiplierFor(ctx.rounding, getQuantizedConvolutionMultiplier(aS, wS, NONLINEAR_INPUT_SCALE));
}

function prepareInteger(ctx: Ctx, input: Tensor, hidden: Tensor, cell: Tensor, weightType: number, biasType: number): void {
  const p = ctx.data.p;
  if (input.type === TensorType.INT8) {
    p.kind = 'int8';
    if (weightType !== TensorType.INT8) ctx.fail(`int8 LSTM needs int8 weights, got ${tensorTypeName(weightType)}`);
    if (biasType !== TensorType.INT32) ctx.fail(`int8 LSTM needs int32 biases, got ${tensorTypeName(biasType)}`);
  } else if (input.type === TensorType.INT16) {
    p.kind = 'int16';
    if (weightType !== TensorType.INT8) ctx.fail(`int16 LSTM needs int8 weights, got ${tensorTypeName(weightType)}`);
    if (biasType !== TensorType.INT64) ctx.fail(`int16 LSTM needs int64 biases, got ${tensorTypeName(biasType)}`);
  } else {
    ctx.fail(`int16 cell state needs int8 or int16 activations, got ${tensorTypeName(input.type)}`);
  }
  setGateTensors(ctx, p, p.kind);

  // Gate FCs: input -> Q3.12 (with the gate bias) and hidden -> Q3.12 (no bias).
  const inQ = quantParams(ctx, input, 'input');
  const hQ = quantParams(ctx, hidden, 'hidden state');
  p.inputOffset = 0 - inQ.zeroPoint; // 0 - zp, not -zp: -0 is a heap number (a boxed field, boxed again per call)
  p.hiddenOffset = 0 - hQ.zeroPoint;
  for (let g = 0; g < 4; g++) {
    const [wi, wr] = GATE_TENSORS[g]!;
    const gate = p.gates[g]!;
    const wIn = ctx.input(wi);
    const wRec = ctx.input(wr);
    const mi = fcMultiplier(ctx, input, wIn, `weights input ${wi}`);
    const mr = fcMultiplier(ctx, hidden, wRec, `weights input ${wr}`);
    gate.inMultiplier = mi.multiplier;
    gate.inShift = mi.shift;
    gate.inWeightsOffset = 0 - quantOrDefault(wIn).zeroPoint;
    gate.recMultiplier = mr.multiplier;
    gate.recShift = mr.shift;
    gate.recWeightsOffset = 0 - quantOrDefault(wRec).zeroPoint;
  }

  // Cell state: 2^power = scale (CheckedLog2, in float as TFLM computes it), quantized clip.
  const cellScale = Math.fround(quantParams(ctx, cell, 'cell state').scale);
  if (!(cellScale > 0)) ctx.fail(`cell state scale ${cellScale} must be positive`);
  const power = checkedLog2(cellScale);
  const clip = Math.min(Math.max(Math.fround(ctx.options.cellClip) / cellScale, -32768), 32767);
  p.quantizedCellClip = Math.trunc(clip);
  // lstm_internal::Tanh: left shift (15 + power) - 3; a negative one becomes a right shift with multiplier 3.
  let tanhShift = 15 + power - 3;
  let tanhMultiplier = 0;
  if (tanhShift < 0) {
    tanhShift = -tanhShift;
    tanhMultiplier = 3;
  }
  if (tanhMultiplier === 0 && tanhShift > 28) ctx.fail(`cell state scale ${cellScale} is too large for the int16 tanh`);
  const ts = int16ActivationScaling(tanhMultiplier, tanhShift);
  p.cellTanhMultiplier = ts.multiplier;
  p.cellTanhShift = ts.shift;

  // Inter-gate products (CreateInterGateMulParams): scales multiplied and divided in double.
  const mul = (s1: number, s2: number, out: number): { multiplier: number; shift: number } =>
    quantizeMultiplierFor(ctx.rounding, (Math.fround(s1) * Math.fround(s2)) / Math.fround(out));
  const fm = mul(NONLINEAR_OUTPUT_SCALE, cellScale, cellScale);
  p.forgetMulMultiplier = fm.multiplier;
  p.forgetMulShift = fm.shift;
  const im = mul(NONLINEAR_OUTPUT_SCALE, NONLINEAR_OUTPUT_SCALE, cellScale);
  p.inputMulMultiplier = im.multiplier;
  p.inputMulShift = im.shift;
  const om = mul(NONLINEAR_OUTPUT_SCALE, NONLINEAR_OUTPUT_SCALE, hQ.scale);
  p.outputMulMultiplier = om.multiplier;
  p.outputMulShift = om.shift;
  p.hiddenZeroPoint = hQ.zeroPoint;
  const r = typeRange(hidden.type);
  p.hiddenMin = r.min;
  p.hiddenMax = r.max;
}

/**
 * CheckedLog2: round(logf(x) * (1 / logf(2))) in float32 (the fractional-part check result is ignored by the
 * LSTM, as in TFLM).
 */
function checkedLog2(x: number): number {
  const f = Math.fround;
  const log2 = f(f(Math.log(x)) * f(1 / f(Math.log(2))));
  return quantizeRound(log2);
}
