// Every op descriptor, one export per op (named after the TFLite builtin). Importing this module registers
// nothing; an app adds the descriptors it needs to an OpResolver.
export { DEQUANTIZE } from './dequantize.js';
export { FULLY_CONNECTED } from './fully_connected.js';
export { QUANTIZE } from './quantize.js';
