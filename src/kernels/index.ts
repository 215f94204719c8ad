// Every op descriptor, one export per op (named after the TFLite builtin). Importing this module registers
// nothing; an app adds the descriptors it needs to an OpResolver.
export { DEQUANTIZE } from './dequantize.js';
export { FULLY_CONNECTED } from './fully_connected.js';
export { QUANTIZE } from './quantize.js';
export { AVERAGE_POOL_2D } from './average_pool_2d.js';
export { MAX_POOL_2D } from './max_pool_2d.js';
export { CONV_2D } from './conv_2d.js';
export { DEPTHWISE_CONV_2D } from './depthwise_conv_2d.js';
export { TRANSPOSE_CONV } from './transpose_conv.js';
