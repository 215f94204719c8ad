/**
 * reference_ops::ArgMinMax as TFLM's micro kernel instantiates it: GreaterFn / LessFn (plain `>` / `<`), so a
 * NaN never replaces the running value and a NaN first value is never replaced (index 0). Ties keep the
 * first index. The input is viewed as [outer, axisSize, inner]; the output as [outer, inner].
 */
export function argMinMax(
  input: Float32Array | Int8Array,
  outer: number,
  axisSize: number,
  inner: number,
  output: Int32Array,
  isMax: boolean,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * axisSize * inner;
    for (let i = 0; i < inner; i++) {
      let best = input[base + i]!;
      let index = 0;
      if (isMax) {
        for (let k = 1, at = base + inner + i; k < axisSize; k++, at += inner) {
          const v = input[at]!;
          if (v > best) {
            best = v;
            index = k;
          }
        }
      } else {
        for (let k = 1, at = base + inner + i; k < axisSize; k++, at += inner) {
          const v = input[at]!;
          if (v < best) {
            best = v;
            index = k;
          }
        }
      }
      output[o * inner + i] = index;
    }
  }
}
