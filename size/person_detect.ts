// Size probe: an app that runs person_detect with the reference kernels.
import { AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, Interpreter, Model, OpResolver, RESHAPE, SOFTMAX } from '../src/index.js';

export function run(bytes: Uint8Array, image: Uint8Array): Int8Array {
  const resolver = new OpResolver([AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, RESHAPE, SOFTMAX]);
  const interp = new Interpreter(Model.fromBytes(bytes), resolver);
  interp.allocateTensors();
  interp.input(0).bytes.set(image);
  interp.invoke();
  return interp.output(0).data as Int8Array;
}
