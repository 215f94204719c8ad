/** Deterministic pseudo-random numbers for table-driven grids (64-bit LCG, high bits). */
export class Lcg {
  private state: bigint;
  constructor(seed: number) {
    this.state = BigInt(seed);
  }
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    this.state = (6364136223846793005n * this.state + 1442695040888963407n) & 0xffffffffffffffffn;
    return lo + Number((this.state >> 33n) % BigInt(hi - lo + 1));
  }
  ints(n: number, lo: number, hi: number): number[] {
    return Array.from({ length: n }, () => this.int(lo, hi));
  }
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
