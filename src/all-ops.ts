import * as ops from './kernels/index.js';
import type { OpDescriptor } from './runtime/kernel.js';
import { OpResolver } from './runtime/resolver.js';

/** Every op tflm implements (reference kernels). Pulls every kernel into a bundle: for tools, not for apps. */
export function allOps(): OpDescriptor[] {
  return (Object.values(ops) as unknown[]).filter(isDescriptor);
}

/** A resolver with every op registered. */
export function allOpsResolver(): OpResolver {
  return new OpResolver(allOps());
}

function isDescriptor(x: unknown): x is OpDescriptor {
  return typeof x === 'object' && x !== null && typeof (x as OpDescriptor).code === 'number' && typeof (x as OpDescriptor).invoke === 'function';
}
