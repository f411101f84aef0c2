// Symmetric eigendecomposition for the decomposition and manifold estimators, in the order they
// use (eigenvalues descending, eigenvectors as rows): @neurite/tensor's eighDense (Householder
// tridiagonalisation and implicit QL on the float64 kernels; before init() on its plain-TypeScript
// reference kernels). Each eigenvector's largest-magnitude entry is positive.
import { eighDense } from '@neurite/tensor';

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Row-major [n, n]: row i is the eigenvector of values[i]. */
  vectors: Float64Array;
}

/**
 * Eigenvalues (descending) and unit eigenvectors of the symmetric n x n matrix `a` (row-major;
 * read, not modified; only its upper triangle is used).
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const { values: ascending, vectors: columns } = eighDense({ rows: n, cols: n, data: a });
  const values = new Float64Array(n), vectors = new Float64Array(n * n), v = columns.data;
  for (let i = 0; i < n; i++) {
    const from = n - 1 - i;
    values[i] = ascending[from]!;
    for (let k = 0; k < n; k++) vectors[i * n + k] = v[k * n + from]!;
  }
  return { values, vectors };
}
