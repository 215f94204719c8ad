/** Run a hello_world model (int8 or float input) on x values and compare with sin(x). */
import { FULLY_CONNECTED } from '../../src/kernels/fully_connected.js';
import { Model } from '../../src/model/reader.js';
import { TensorType } from '../../src/model/types.js';
import { Interpreter } from '../../src/runtime/interpreter.js';
import { OpResolver } from '../../src/runtime/resolver.js';

export interface Prediction {
  x: number;
  y: number;
}

/** A function x → model(x), quantizing the input and dequantizing the output when the model is int8. */
export function sineModel(bytes: Uint8Array): (x: number) => number {
  const interp = new Interpreter(Model.fromBytes(bytes), new OpResolver([FULLY_CONNECTED]));
  interp.allocateTensors();
  const input = interp.input(0);
  const output = interp.output(0);
  if (input.type === TensorType.FLOAT32) {
    return (x) => {
      input.data[0] = x;
      interp.invoke();
      return output.data[0] as number;
    };
  }
  const qi = input.quantization!;
  const qo = output.quantization!;
  const [si, zi, so, zo] = [qi.scale[0]!, qi.zeroPoint[0]!, qo.scale[0]!, qo.zeroPoint[0]!];
  return (x) => {
    input.data[0] = Math.max(-128, Math.min(127, Math.round(x / si) + zi));
    interp.invoke();
    return ((output.data[0] as number) - zo) * so;
  };
}

/** Mean absolute error against sin(x) on `n` evenly spaced x in [0, 2π). */
export function evaluate(bytes: Uint8Array, n = 1000): { mae: number } {
  const f = sineModel(bytes);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = (i / n) * 2 * Math.PI;
    sum += Math.abs(f(x) - Math.sin(x));
  }
  return { mae: sum / n };
}
