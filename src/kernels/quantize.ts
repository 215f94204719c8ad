import { BuiltinOperator } from '../model/schema.js';
import { TensorType } from '../model/types.js';
import { defineOp, type TypedArray } from '../runtime/kernel.js';
import { affineQuantize, requantize } from './internal/quantize.js';
import { multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierFor, quantizeMultiplierFor, type MultiplyByQuantizedMultiplierFn } from './internal/quantization.js';
import { expectArity, expectType, flatSize, quantOrDefault, quantParams, typeRange } from './util.js';

interface QuantizeData {
  /** float → int (affine) or int → int (requantize). */
  affine: boolean;
  scale: number;
  outputZeroPoint: number;
  inputZeroPoint: number;
  multiplier: number;
  shift: number;
  min: number;
  max: number;
  /** int8 ↔ uint8 with equal scales and zero points 128 apart: TFLM flips the sign bit. */
  xor: boolean;
  /** MultiplyByQuantizedMultiplier of the interpreter's rounding mode. */
  mbqm: MultiplyByQuantizedMultiplierFn;
}

const REQUANTIZE_PAIRS = new Set([
  `${TensorType.INT16}>${TensorType.INT8}`,
  `${TensorType.INT8}>${TensorType.INT8}`,
  `${TensorType.INT8}>${TensorType.UINT8}`,
  `${TensorType.UINT8}>${TensorType.INT8}`,
  `${TensorType.INT8}>${TensorType.INT16}`,
  `${TensorType.INT8}>${TensorType.INT32}`,
  `${TensorType.INT16}>${TensorType.INT16}`,
  `${TensorType.INT16}>${TensorType.INT32}`,
  `${TensorType.INT32}>${TensorType.INT8}`,
  `${TensorType.INT32}>${TensorType.INT16}`,
]);

/**
 * QUANTIZE: float32 → int8/int16 (affine), and requantization between integer types with a new scale (in the
 * interpreter's rounding mode: QuantizeMultiplier and MultiplyByQuantizedMultiplier of TFLM's default double
 * rounding, or of TFLITE_SINGLE_ROUNDING).
 */
export const QUANTIZE = defineOp<undefined, QuantizeData>({
  name: 'QUANTIZE',
  code: BuiltinOperator.QUANTIZE,
  init() {
    return {
      affine: true, scale: 1, outputZeroPoint: 0, inputZeroPoint: 0, multiplier: 0, shift: 0, min: 0, max: 0, xor: false,
      mbqm: multiplyByQuantizedMultiplier,
    };
  },
  prepare(ctx) {
    expectArity(ctx, 1, 1);
    const input = ctx.input(0);
    const output = ctx.output(0);
    const d = ctx.data;
    if (flatSize(input.shape) !== flatSize(output.shape)) ctx.fail('input and output sizes differ');
    const outQ = quantParams(ctx, output, 'output');
    if (output.quantization!.scale.length !== 1) ctx.fail('output must be per-tensor quantized');
    expectType(ctx, output, 'output', TensorType.INT8, TensorType.INT16, TensorType.INT32, TensorType.UINT8);
    const inQ = quantOrDefault(input);
    d.outputZeroPoint = outQ.zeroPoint;
    d.inputZeroPoint = inQ.zeroPoint;
    d.scale = outQ.scale;
    const r = typeRange(output.type);
    d.min = r.min;
    d.max = r.max;
    if (input.type === TensorType.FLOAT32) {
      expectType(ctx, output, 'output', TensorType.INT8, TensorType.INT16);
      d.affine = true;
      return;
    }
    if (!REQUANTIZE_PAIRS.has(`${input.type}>${output.type}`)) ctx.fail(`cannot quantize ${input.type} to ${output.type}`);
    d.affine = false;
    // Effective scale in double from the float32 scales, as TFLM.
    const m = quantizeMultiplierFor(ctx.rounding, inQ.scale / outQ.scale);
    d.multiplier = m.multiplier;
    d.shift = m.shift;
    d.mbqm = multiplyByQuantizedMultiplierFor(ctx.rounding);
    const sameScale = m.multiplier === 1 << 30 && m.shift === 1;
    const diff = inQ.zeroPoint - outQ.zeroPoint;
    d.xor = sameScale && ((input.type === TensorType.INT8 && output.type === TensorType.UINT8 && diff === -128) ||
      (input.type === TensorType.UINT8 && output.type === TensorType.INT8 && diff === 128));
  },
  invoke(ctx) {
    const d = ctx.data;
    const input = ctx.inputs[0]!;
    const output = ctx.outputs[0]!;
    if (d.affine) affineQuantize(input.data as Float32Array, output.data as Int8Array | Int16Array, d.scale, d.outputZeroPoint, d.min, d.max);
    else if (d.xor) {
      const x = input.bytes;
      const y = output.bytes;
      for (let i = 0; i < x.length; i++) y[i] = x[i]! ^ 0x80;
    } else requantize(input.data as Int8Array | Int16Array | Int32Array | Uint8Array, output.data as TypedArray as Int8Array,
      d.multiplier, d.shift, d.inputZeroPoint, d.outputZeroPoint, d.min, d.max, d.mbqm);
  },
});
