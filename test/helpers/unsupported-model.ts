import { ModelBuilder } from '../../src/model/builder.js';
import { BuiltinOperator } from '../../src/model/schema.js';
import { TensorType } from '../../src/model/types.js';

/** A valid model whose one op (LSH_PROJECTION) tflm does not implement: for unsupported-op error paths. */
export function unsupportedOpModel(): Uint8Array {
  const b = new ModelBuilder();
  const sg = b.subgraph();
  const x = sg.tensor({ name: 'x', type: TensorType.FLOAT32, shape: [1, 4] });
  const y = sg.tensor({ name: 'y', type: TensorType.FLOAT32, shape: [1, 4] });
  sg.op({ code: BuiltinOperator.LSH_PROJECTION, inputs: [x], outputs: [y] });
  sg.setInputs([x]);
  sg.setOutputs([y]);
  return b.finish();
}
