// Cholesky, LU with partial pivoting and triangular solves on row-major float32 / float64 matrices
// (Golub & Van Loan, Matrix Computations, 4th ed.: 4.2, 3.4, 3.1). In place; blocked where the
// update is a matrix product: the trailing update of the Cholesky factorization and the
// off-diagonal part of the triangular solves run on the packed GEMM (linalg-gemm.ts).
// Every `work` argument is a GEMM workspace for an [LINALG_BLOCK_ROWS, cols, LINALG_BLOCK] product,
// sized by the TypeScript wrapper (src/ops/linalg.ts).
import { atT, axpyT, dotT, getT, setT } from './linalg-vec';
import { gemmT } from './linalg-gemm';

/** Columns per Cholesky panel and rows per triangular-solve block. */
const NB: i32 = 64;
/** Rows of C per trailing-update GEMM call of the Cholesky factorization. */
const MB: i32 = 96;

/**
 * Lower Cholesky factor in place: A [n, n] (row stride lda) becomes L with A = L L^T, its strict
 * upper triangle zeroed. Reads only the lower triangle. Returns -1, or the first column j whose
 * pivot d = A[j, j] - L[j, :j] . L[j, :j] is not > 0 (NaN included); then A[j, j] holds d and
 * the matrix is partly factored.
 */
function choleskyT<T>(n: i32, a: usize, lda: i32, work: usize): i32 {
  for (let j0 = 0; j0 < n; j0 += NB) {
    const nb = min(NB, n - j0);
    // Left-looking inside the panel: columns j0 .. j0 + nb of every row below.
    for (let j = j0; j < j0 + nb; j++) {
      const rj = atT<T>(a, j, j0, lda);
      const d = getT<T>(atT<T>(a, j, j, lda), 0) - dotT<T>(rj, rj, j - j0);
      if (!(d > 0)) {
        setT<T>(atT<T>(a, j, j, lda), 0, d);
        return j;
      }
      const ljj = Math.sqrt(d);
      setT<T>(atT<T>(a, j, j, lda), 0, ljj);
      for (let i = j + 1; i < n; i++) {
        const p = atT<T>(a, i, j, lda);
        setT<T>(p, 0, (getT<T>(p, 0) - dotT<T>(atT<T>(a, i, j0, lda), rj, j - j0)) / ljj);
      }
    }
    // Trailing update of the lower triangle: A[i, c] -= L[i, panel] . L[c, panel], c <= i.
    const t0 = j0 + nb;
    for (let ib = t0; ib < n; ib += MB) {
      const mb = min(MB, n - ib);
      gemmT<T>(false, true, mb, ib + mb - t0, nb, -1, atT<T>(a, ib, j0, lda), lda, atT<T>(a, t0, j0, lda), lda, 1,
        atT<T>(a, ib, t0, lda), lda, work);
    }
  }
  for (let i = 0; i < n; i++) {
    const p = atT<T>(a, i, i + 1, lda);
    if (i + 1 < n) memory.fill(p, 0, <usize>(n - i - 1) * sizeof<T>());
  }
  return -1;
}

export function cholesky_f32(n: i32, a: usize, lda: i32, work: usize): i32 {
  return choleskyT<f32>(n, a, lda, work);
}

/** choleskyT in float64 (see cholesky_f32's contract above). */
export function cholesky_f64(n: i32, a: usize, lda: i32, work: usize): i32 {
  return choleskyT<f64>(n, a, lda, work);
}

/**
 * LU with partial pivoting in place: A [n, n] = P L U, L unit lower (below the diagonal), U upper.
 * perm: n i32, row i of P A is row perm[i] of A. A column whose largest remaining |value| is 0 is
 * skipped (singular). Returns swaps & 1 (the permutation's parity) | 2 when singular.
 */
function luT<T>(n: i32, a: usize, lda: i32, perm: usize): i32 {
  for (let i = 0; i < n; i++) store<i32>(perm + (<usize>i << 2), i);
  let swaps = 0, singular = 0;
  const rowBytes = <usize>n * sizeof<T>();
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(getT<T>(atT<T>(a, k, k, lda), 0));
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(getT<T>(atT<T>(a, i, k, lda), 0));
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best == 0) {
      singular = 2;
      continue;
    }
    if (p != k) {
      const rk = atT<T>(a, k, 0, lda), rp = atT<T>(a, p, 0, lda);
      let o: usize = 0;
      for (; o + 16 <= rowBytes; o += 16) {
        const t = v128.load(rk + o);
        v128.store(rk + o, v128.load(rp + o));
        v128.store(rp + o, t);
      }
      for (; o < rowBytes; o += sizeof<T>()) {
        if (sizeof<T>() == 8) {
          const t = load<f64>(rk + o);
          store<f64>(rk + o, load<f64>(rp + o));
          store<f64>(rp + o, t);
        } else {
          const t = load<f32>(rk + o);
          store<f32>(rk + o, load<f32>(rp + o));
          store<f32>(rp + o, t);
        }
      }
      const t = load<i32>(perm + (<usize>k << 2));
      store<i32>(perm + (<usize>k << 2), load<i32>(perm + (<usize>p << 2)));
      store<i32>(perm + (<usize>p << 2), t);
      swaps++;
    }
    const pivot = getT<T>(atT<T>(a, k, k, lda), 0);
    const uk = atT<T>(a, k, k + 1, lda);
    for (let i = k + 1; i < n; i++) {
      const q = atT<T>(a, i, k, lda);
      const f = getT<T>(q, 0) / pivot;
      setT<T>(q, 0, f);
      if (f != 0) axpyT<T>(-getT<T>(q, 0), uk, q + sizeof<T>(), n - k - 1);
    }
  }
  return (swaps & 1) | singular;
}

export function lu_f32(n: i32, a: usize, lda: i32, perm: usize): i32 {
  return luT<f32>(n, a, lda, perm);
}

/** luT in float64 (see lu_f32's contract above). */
export function lu_f64(n: i32, a: usize, lda: i32, perm: usize): i32 {
  return luT<f64>(n, a, lda, perm);
}

/**
 * Solves op(T) X = B in place (B [n, k], row stride ldb, becomes X). T [n, n] (row stride ldt) is
 * read as upper (upper != 0) or lower triangular, transposed when trans != 0, with an implicit
 * unit diagonal when unit != 0; the other triangle is never read. Blocks of NB rows: the part of
 * each block that depends on solved rows is one GEMM, the block itself row by row (axpy form).
 */
function triangularSolveT<T>(n: i32, k: i32, t: usize, ldt: i32, b: usize, ldb: i32, upper: bool, trans: bool, unit: bool, work: usize): void {
  const forward = upper == trans; // op(T) is lower triangular
  const blocks = (n + NB - 1) / NB;
  for (let q = 0; q < blocks; q++) {
    const bi = forward ? q : blocks - 1 - q;
    const i0 = bi * NB, i1 = min(n, i0 + NB);
    // Solved rows: [0, i0) going forward, [i1, n) going backward.
    const d0 = forward ? 0 : i1, d1 = forward ? i0 : n;
    if (d1 > d0) {
      const ta = trans ? atT<T>(t, d0, i0, ldt) : atT<T>(t, i0, d0, ldt);
      gemmT<T>(trans, false, i1 - i0, k, d1 - d0, -1, ta, ldt, atT<T>(b, d0, 0, ldb), ldb, 1, atT<T>(b, i0, 0, ldb), ldb, work);
    }
    for (let r = 0; r < i1 - i0; r++) {
      const i = forward ? i0 + r : i1 - 1 - r;
      const xi = atT<T>(b, i, 0, ldb);
      const j0 = forward ? i0 : i + 1, j1 = forward ? i : i1;
      for (let j = j0; j < j1; j++) {
        const tij = getT<T>(trans ? atT<T>(t, j, i, ldt) : atT<T>(t, i, j, ldt), 0);
        if (tij != 0) axpyT<T>(-tij, atT<T>(b, j, 0, ldb), xi, k);
      }
      if (!unit) {
        const tii = getT<T>(atT<T>(t, i, i, ldt), 0);
        for (let c = 0; c < k; c++) setT<T>(xi, c, getT<T>(xi, c) / tii);
      }
    }
  }
}

export function triangular_solve_f32(n: i32, k: i32, t: usize, ldt: i32, b: usize, ldb: i32, upper: i32, trans: i32, unit: i32, work: usize): void {
  triangularSolveT<f32>(n, k, t, ldt, b, ldb, upper != 0, trans != 0, unit != 0, work);
}

/** triangularSolveT in float64 (see triangular_solve_f32's contract above). */
export function triangular_solve_f64(n: i32, k: i32, t: usize, ldt: i32, b: usize, ldb: i32, upper: i32, trans: i32, unit: i32, work: usize): void {
  triangularSolveT<f64>(n, k, t, ldt, b, ldb, upper != 0, trans != 0, unit != 0, work);
}
