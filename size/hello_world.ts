// Size probe: an app that runs hello_world (FULLY_CONNECTED only).
import { FULLY_CONNECTED, Interpreter, Model, OpResolver } from '../src/index.js';

export function run(bytes: Uint8Array, x: number): number {
  const interp = new Interpreter(Model.fromBytes(bytes), new OpResolver([FULLY_CONNECTED]));
  interp.allocateTensors();
  interp.input(0).data[0] = x;
  interp.invoke();
  return interp.output(0).data[0] as number;
}
