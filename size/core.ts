// Size probe: the runtime alone (model reader, interpreter, arena, planner, resolver), no kernels.
import { Interpreter, Model, OpResolver } from '../src/index.js';

export function run(bytes: Uint8Array): number {
  const interp = new Interpreter(Model.fromBytes(bytes), new OpResolver());
  interp.allocateTensors();
  interp.invoke();
  return interp.arenaUsedBytes;
}
