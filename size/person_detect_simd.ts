// Size probe: person_detect with the WebAssembly SIMD kernels (the embedded .wasm included).
import { AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, Interpreter, Model, OpResolver, RESHAPE, SOFTMAX } from '../src/index.js';
import { optimizeResolver, SimdBackend } from '../src/kernels/simd/index.js';

export function run(bytes: Uint8Array, image: Uint8Array): Int8Array {
  const simd = SimdBackend.create({ memoryBytes: 1 << 20 });
  const resolver = optimizeResolver(new OpResolver([AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, RESHAPE, SOFTMAX]), simd);
  const interp = new Interpreter(Model.fromBytes(simd.place(bytes)), resolver, { arena: simd.arenaAllocator() });
  interp.allocateTensors();
  interp.input(0).bytes.set(image);
  interp.invoke();
  return interp.output(0).data as Int8Array;
}
