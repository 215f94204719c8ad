/** Split `data` of `shape` along `axis` into pieces of `sizes` (reference SplitImpl, transcribed). */
export function splitOracle(shape: number[], data: number[], axis: number, sizes: number[]): { shape: number[]; data: number[] }[] {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outs = sizes.map((s) => ({ shape: shape.map((d, j) => (j === axis ? s : d)), data: [] as number[] }));
  let at = 0;
  for (let k = 0; k < outer; k++)
    for (let i = 0; i < sizes.length; i++) {
      const n = sizes[i]! * inner;
      outs[i]!.data.push(...data.slice(at, at + n));
      at += n;
    }
  return outs;
}
