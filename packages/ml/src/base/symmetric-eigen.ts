// Symmetric eigendecomposition for the decomposition and manifold estimators: Householder
// reduction to tridiagonal form followed by the implicit QL algorithm with Wilkinson-style shifts
// (Golub & Van Loan, Matrix Computations, 4th ed., 8.3; the EISPACK tred2/tql2 formulation in
// Wilkinson & Reinsch, Handbook for Automatic Computation II, 1971). O(n³) with a small constant,
// where @neurite/tensor's cyclic Jacobi (eighDense) costs many sweeps of O(n³).
//
// Layout contract: the work matrix W holds the transposed eigenvector matrix, so every inner loop
// runs over contiguous memory; on return row i of `vectors` is the unit eigenvector of values[i].

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Row-major [n, n]: row i is the eigenvector of values[i]. */
  vectors: Float64Array;
}

const EPSILON = 2 ** -52;

function hypot(a: number, b: number): number {
  const x = Math.abs(a), y = Math.abs(b);
  if (x > y) return x * Math.sqrt(1 + (y / x) * (y / x));
  return y === 0 ? 0 : y * Math.sqrt(1 + (x / y) * (x / y));
}

/** Householder tridiagonalisation of symmetric W (row-major, only its values used): fills d, e; W becomes Qᵀ. */
function tridiagonalize(w: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  // In this loop W[j * n + k] plays V[k][j] of the column-major formulation.
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1]!;
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        w[i * n + j] = f;
        const row = j * n;
        g = e[j]! + w[row + j]! * f;
        for (let k = j + 1; k < i; k++) {
          g += w[row + k]! * d[k]!;
          e[k] += w[row + k]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        const row = j * n;
        for (let k = j; k < i; k++) w[row + k] -= f * e[k]! + g * d[k]!;
        d[j] = w[row + i - 1]!;
        w[row + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    w[i * n + n - 1] = w[i * n + i]!;
    w[i * n + i] = 1;
    const h = d[i + 1]!;
    const next = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = w[next + k]! / h;
      for (let j = 0; j <= i; j++) {
        const row = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += w[next + k]! * w[row + k]!;
        for (let k = 0; k <= i; k++) w[row + k] -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) w[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1]!;
    w[j * n + n - 1] = 0;
  }
  w[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e), applying every rotation to the rows of W. */
function tridiagonalQL(w: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n && Math.abs(e[m]!) > EPSILON * tst1) m++;
    if (m === n) m = n - 1;
    if (m > l) {
      for (let iteration = 0; iteration < 100; iteration++) {
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m]!;
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1]!;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          const a = i * n, b = a + n;
          for (let k = 0; k < n; k++) {
            const wb = w[b + k]!, wa = w[a + k]!;
            w[b + k] = s * wa + c * wb;
            w[a + k] = c * wa - s * wb;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l]!) > EPSILON * tst1)) break;
      }
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/**
 * Eigenvalues (descending) and unit eigenvectors of the symmetric n x n matrix `a` (row-major;
 * read, not modified; only symmetric input is meaningful).
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const w = a.slice();
  const d = new Float64Array(n), e = new Float64Array(n);
  if (n === 1) return { values: Float64Array.of(a[0]!), vectors: Float64Array.of(1) };
  if (n > 0) {
    tridiagonalize(w, n, d, e);
    tridiagonalQL(w, n, d, e);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j]! - d[i]! || i - j);
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = d[from]!;
    vectors.set(w.subarray(from * n, from * n + n), to * n);
  });
  return { values, vectors };
}
