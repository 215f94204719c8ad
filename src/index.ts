/**
 * tflm: TensorFlow Lite Micro in TypeScript.
 *
 * ```ts
 * import { Model, Interpreter, OpResolver, FULLY_CONNECTED } from 'tflm';
 * const model = Model.fromBytes(bytes);                       // verified, zero-copy
 * const interp = new Interpreter(model, new OpResolver([FULLY_CONNECTED]));
 * interp.allocateTensors();
 * interp.input(0).data.set([42]);
 * interp.invoke();
 * console.log(interp.output(0).data);
 * ```
 *
 * This entry exports the runtime and each op descriptor separately, so a bundler keeps only the ops an app
 * registers. `tflm/all-ops` exports `allOps()` for tools that must run any model.
 */
export { ArenaError, describeMissingOps, InterpreterError, KernelError, ModelError, TflmError, UnsupportedOpError } from './errors.js';
export type { MissingOp } from './errors.js';
export { Model, signatureDefs } from './model/reader.js';
export { ModelBuilder } from './model/builder.js';
export { BuiltinOperator, BuiltinOptions, builtinOperatorName, operatorName } from './model/schema.js';
export { TensorType, tensorTypeName, tensorTypeSize } from './model/types.js';
export type { Quantization, Table, TensorInfo, OperatorInfo, OperatorCode, SubgraphInfo } from './model/types.js';
export { Interpreter } from './runtime/interpreter.js';
export type { InterpreterOptions, ArenaBreakdown, PlannedBuffer, PlannerChoice } from './runtime/interpreter.js';
export { TensorArena, ARENA_ALIGNMENT } from './runtime/arena.js';
export type { ArenaRegion, ArenaUsage } from './runtime/arena.js';
export { OpResolver } from './runtime/resolver.js';
export { MicroProfiler } from './runtime/profiler.js';
export { validation } from './runtime/validate.js';
export type { Validation, ValidationHooks } from './runtime/validate.js';
export type { Profiler, ProfileEvent } from './runtime/profiler.js';
export { GreedyMemoryPlanner } from './runtime/planner/greedy.js';
export { LinearMemoryPlanner } from './runtime/planner/linear.js';
export type { MemoryPlanner } from './runtime/planner/planner.js';
export { defineOp } from './runtime/kernel.js';
export type { KernelContext, OpDescriptor, OpKernel, Tensor, TypedArray, ScratchBuffer, RoundingMode } from './runtime/kernel.js';
export * from './kernels/index.js';
