// Order statistics as NumPy computes them, so learned medians, quartiles and bin edges equal
// scikit-learn's bit for bit: np.percentile's "linear" method (the default; virtual index
// (n - 1) q), "averaged_inverted_cdf" (virtual index n q - 1; a whole index averages the two
// neighbours) and "inverted_cdf" (the order statistic at n q - 1, rounded up). Both interpolate with NumPy's _lerp: a + (b - a) t, or b - (b - a)(1 - t) when t >= 0.5.

/** A sorted copy of `values` (ascending; values must not be NaN). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export type QuantileMethod = 'linear' | 'averaged_inverted_cdf' | 'inverted_cdf';

/** The quantile q in [0, 1] of ascending `sorted` (non-empty), as np.quantile(method). */
export function quantileSorted(sorted: ArrayLike<number>, q: number, method: QuantileMethod = 'linear'): number {
  const n = sorted.length;
  if (method === 'inverted_cdf') {
    // a discrete method: the order statistic at n q - 1, rounded up unless whole
    const index = n * q - 1;
    const previous = Math.floor(index);
    const k = index - previous === 0 ? previous : previous + 1;
    return sorted[Math.min(Math.max(k, 0), n - 1)]!;
  }
  const virtual = method === 'linear' ? (n - 1) * q : n * q - 1;
  let previous = Math.floor(virtual);
  let gamma = virtual - previous;
  if (method === 'averaged_inverted_cdf') gamma = gamma === 0 ? 0.5 : 1;
  let next = previous + 1;
  previous = Math.min(Math.max(previous, 0), n - 1);
  next = Math.min(Math.max(next, 0), n - 1);
  // NumPy clips the virtual index first for the linear method: at or beyond the ends it returns the end value.
  if (method === 'linear' && virtual >= n - 1) return sorted[n - 1]!;
  if (method === 'linear' && virtual <= 0) return sorted[0]!;
  return lerp(sorted[previous]!, sorted[next]!, gamma);
}

/** np.percentile(values, p) for p in [0, 100] (the division by 100 happens first, as in NumPy). */
export function percentileSorted(sorted: ArrayLike<number>, p: number, method: QuantileMethod = 'linear'): number {
  return quantileSorted(sorted, p / 100, method);
}

/** np.median of ascending `sorted` (non-empty): the middle value or the mean of the two middle values. */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

/** The values of column `j` of a row-major matrix that are not NaN. */
export function columnValues(data: Float64Array, rows: number, cols: number, j: number, skipNaN = false): Float64Array {
  const out = new Float64Array(rows);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    const v = data[i * cols + j]!;
    if (skipNaN && Number.isNaN(v)) continue;
    out[k++] = v;
  }
  return k === rows ? out : out.slice(0, k);
}
