// The library declares the WebAssembly API it uses itself (src/kernels/simd/webassembly.d.ts), with a
// `WebAssembly.BufferSource` type the DOM lib does not have; the page is type-checked with the DOM lib.
declare namespace WebAssembly {
  type BufferSource = ArrayBufferView | ArrayBuffer;
}
