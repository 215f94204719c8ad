// The optimized (WebAssembly SIMD) kernels. Each works on byte addresses in the module's imported memory,
// where the interpreter's tensor arena lives; results are bit-identical to the reference kernels.
export { fc_int8, fc_supported } from './fully_connected';
export { conv_int8, conv_prepare, conv_prepare_constants, conv_prepared_bytes, conv_supported } from './conv';
export { dw_int8, dw_prepare, dw_prepared_bytes, dw_supported } from './depthwise';
export { static_end } from './workspace';
export { add_f32, add_int8, add_tables } from './add';
export { conv_f32, conv_f32_supported, dw_f32, fc_f32 } from './float';
export { avgpool_f32, avgpool_i8, maxpool_f32, maxpool_i8 } from './pool';
export { softmax_i8, softmax_tables } from './softmax';
