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
export { MEAN } from './mean.js';
export { SUM } from './sum.js';
export { REDUCE_MAX } from './reduce_max.js';
export { REDUCE_MIN } from './reduce_min.js';
export { RESHAPE } from './reshape.js';
export { SQUEEZE } from './squeeze.js';
export { EXPAND_DIMS } from './expand_dims.js';
export { PAD } from './pad.js';
export { PADV2 } from './padv2.js';
export { TRANSPOSE } from './transpose.js';
export { CONCATENATION } from './concatenation.js';
export { STRIDED_SLICE } from './strided_slice.js';
export { SLICE } from './slice.js';
export { SPLIT } from './split.js';
export { SPLIT_V } from './split_v.js';
export { PACK } from './pack.js';
export { UNPACK } from './unpack.js';
