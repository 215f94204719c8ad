// A module of its own: apps read members (inlined as numbers by esbuild and by scripts/build.mjs), and an app
// that never uses the enum object bundles nothing of it.

/** TFLite `TensorType` (an enum: bundlers inline `TensorType.INT8` as `9`). */
export enum TensorType {
  FLOAT32 = 0,
  FLOAT16 = 1,
  INT32 = 2,
  UINT8 = 3,
  INT64 = 4,
  STRING = 5,
  BOOL = 6,
  INT16 = 7,
  COMPLEX64 = 8,
  INT8 = 9,
  FLOAT64 = 10,
  COMPLEX128 = 11,
  UINT64 = 12,
  RESOURCE = 13,
  VARIANT = 14,
  UINT32 = 15,
  UINT16 = 16,
  INT4 = 17,
  BFLOAT16 = 18,
}
