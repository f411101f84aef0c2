// Correctly rounded sum of floats, as Python's math.fsum (Shewchuk's algorithm with exact partials,
// "Adaptive Precision Floating-Point Arithmetic", 1997). The reference combines the log n-gram
// precisions with math.fsum, so a plain running sum could differ in the last bit.

export function exactSum(values: readonly number[]): number {
  const partials: number[] = [];
  for (let x of values) {
    let used = 0;
    for (const partial of partials) {
      let y = partial;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const high = x + y;
      const low = y - (high - x);
      if (low !== 0) partials[used++] = low;
      x = high;
    }
    partials.length = used;
    partials.push(x);
  }
  // Round the partials (largest last) to one float, with the half-way correction of math.fsum.
  let n = partials.length;
  if (n === 0) return 0;
  let high = partials[--n]!;
  let low = 0;
  while (n > 0) {
    const x = high;
    const y = partials[--n]!;
    high = x + y;
    const yr = high - x;
    low = y - yr;
    if (low !== 0) break;
  }
  if (n > 0 && ((low < 0 && partials[n - 1]! < 0) || (low > 0 && partials[n - 1]! > 0))) {
    const y = low * 2;
    const x = high + y;
    if (y === x - high) high = x;
  }
  return high;
}
