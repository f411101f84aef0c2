// Distance metrics of the nearest-neighbour estimators, with their exact float64 forms (used by the
// KD-tree, and by brute force to re-rank the candidates its GEMM screening keeps):
//   euclidean sqrt(sum (a_j - b_j)^2), manhattan sum |a_j - b_j|,
//   cosine 1 - a.b / (|a| |b|) (a zero row has norm 1, as scikit-learn's normalize leaves it 0).
// Searches compare "reduced" distances (squared for euclidean) and convert at the end.
export type NeighborMetric = 'euclidean' | 'manhattan' | 'cosine';

export const METRICS: readonly NeighborMetric[] = ['euclidean', 'manhattan', 'cosine'];

/** The reduced distance between row a of A (offset ao) and row b of B (offset bo), length d. */
export function reducedDistance(metric: NeighborMetric, A: Float64Array, ao: number, B: Float64Array, bo: number, d: number): number {
  let s = 0;
  if (metric === 'euclidean') {
    for (let j = 0; j < d; j++) {
      const t = A[ao + j]! - B[bo + j]!;
      s += t * t;
    }
    return s;
  }
  if (metric === 'manhattan') {
    for (let j = 0; j < d; j++) s += Math.abs(A[ao + j]! - B[bo + j]!);
    return s;
  }
  // cosine on rows already scaled to unit norm
  for (let j = 0; j < d; j++) s += A[ao + j]! * B[bo + j]!;
  return 1 - s;
}

/** The reported distance from a reduced one. */
export function fromReduced(metric: NeighborMetric, value: number): number {
  if (metric === 'euclidean') return Math.sqrt(value);
  return metric === 'cosine' ? Math.min(Math.max(value, 0), 2) : value; // cosine clipped to [0, 2] as scikit-learn
}

/** Rows scaled to unit Euclidean norm (zero rows stay zero), for the cosine metric. */
export function unitRows(data: Float64Array, rows: number, d: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += data[i * d + j]! ** 2;
    const norm = Math.sqrt(s) || 1;
    for (let j = 0; j < d; j++) out[i * d + j] = data[i * d + j]! / norm;
  }
  return out;
}
