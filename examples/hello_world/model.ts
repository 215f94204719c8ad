/** Write the trained hello_world MLP as .tflite files with the project's own ModelBuilder. */
import { ModelBuilder } from '../../src/model/builder.js';
import { BuiltinOperator, BuiltinOptions } from '../../src/model/schema.js';
import { TensorType } from '../../src/model/types.js';
import type { Mlp, QuantizedLayer } from './train.js';

const RELU = 1;

function fcOptions(relu: boolean) {
  return { type: BuiltinOptions.FullyConnectedOptions, fields: [{ id: 0, type: 'int8' as const, value: relu ? RELU : 0 }] };
}

/** Full-int8 model: int8 input and output, per-channel int8 weights, int32 biases. */
export function int8Model(layers: QuantizedLayer[]): Uint8Array {
  const b = new ModelBuilder({ description: 'tflm hello_world (trained and quantized in TypeScript)' });
  const sg = b.subgraph('main');
  const first = layers[0]!;
  let x = sg.tensor({ name: 'x', type: TensorType.INT8, shape: [1, 1], quantization: { scale: first.input.scale, zeroPoint: first.input.zeroPoint } });
  sg.setInputs([x]);
  layers.forEach((l, i) => {
    const w = sg.tensor({
      name: `dense_${i}/weights`,
      type: TensorType.INT8,
      shape: [l.outputs, l.inputs],
      data: l.weights,
      quantization: { scale: l.weightScales, zeroPoint: l.weightScales.map(() => 0), quantizedDimension: 0 },
    });
    const bias = sg.tensor({
      name: `dense_${i}/bias`,
      type: TensorType.INT32,
      shape: [l.outputs],
      data: l.bias,
      quantization: { scale: l.weightScales.map((s) => Math.fround(l.input.scale * s)), zeroPoint: l.weightScales.map(() => 0), quantizedDimension: 0 },
    });
    const y = sg.tensor({ name: i === layers.length - 1 ? 'y' : `dense_${i}/out`, type: TensorType.INT8, shape: [1, l.outputs], quantization: { scale: l.output.scale, zeroPoint: l.output.zeroPoint } });
    sg.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [x, w, bias], outputs: [y], options: fcOptions(l.relu) });
    x = y;
  });
  sg.setOutputs([x]);
  return b.finish();
}

/** float32 model of the same network. */
export function floatModel(m: Mlp): Uint8Array {
  const b = new ModelBuilder({ description: 'tflm hello_world float (trained in TypeScript)' });
  const sg = b.subgraph('main');
  let x = sg.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 1] });
  sg.setInputs([x]);
  m.forEach((l, i) => {
    const w = sg.tensor({ name: `dense_${i}/weights`, type: TensorType.FLOAT32, shape: [l.outputs, l.inputs], data: Float32Array.from(l.w) });
    const bias = sg.tensor({ name: `dense_${i}/bias`, type: TensorType.FLOAT32, shape: [l.outputs], data: Float32Array.from(l.b) });
    const y = sg.tensor({ name: i === m.length - 1 ? 'y' : `dense_${i}/out`, type: TensorType.FLOAT32, shape: [1, l.outputs] });
    sg.op({ code: BuiltinOperator.FULLY_CONNECTED, inputs: [x, w, bias], outputs: [y], options: fcOptions(l.relu) });
    x = y;
  });
  sg.setOutputs([x]);
  return b.finish();
}
