/**
 * The fuzz target: load, allocate and invoke a model. Every failure must be a typed TflmError; anything else
 * (TypeError, RangeError, …) escaping from inside the runtime is a bug, and so is a hang.
 */
import { allOpsResolver } from '../src/all-ops.js';
import { TflmError } from '../src/errors.js';
import { Model } from '../src/model/reader.js';
import { Interpreter } from '../src/runtime/interpreter.js';

export type Outcome = 'ok' | 'ModelError' | 'UnsupportedOpError' | 'ArenaError' | 'KernelError' | 'InterpreterError' | 'TflmError';

const resolver = allOpsResolver();

/** Run one model; returns how it ended. Throws (rethrows) any non-TflmError. */
export function runTarget(bytes: Uint8Array, invokes = 1): Outcome {
  try {
    const model = Model.fromBytes(bytes);
    const interp = new Interpreter(model, resolver, { arena: 'auto', maxAutoArenaBytes: 64 * 1024 * 1024 });
    interp.allocateTensors();
    for (let i = 0; i < interp.inputCount; i++) {
      const d = interp.input(i).bytes;
      for (let j = 0; j < d.length; j++) d[j] = (j * 31 + i) & 0xff;
    }
    for (let i = 0; i < invokes; i++) interp.invoke();
    return 'ok';
  } catch (e) {
    if (e instanceof TflmError) return e.name as Outcome;
    throw e;
  }
}
