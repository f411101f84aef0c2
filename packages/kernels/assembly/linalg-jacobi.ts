// Cyclic Jacobi methods on row-major float32 / float64 matrices (Golub & Van Loan 8.5 and 8.6).
// Both keep the vectors they rotate as rows, so every rotation is two contiguous SIMD passes:
// - jacobi_eigh: two-sided rotations J^T A J of a symmetric A; rows p and q are rotated, then
//   copied into columns p and q (A stays symmetric) and the 2x2 block is set in closed form
//   (A[p, q] = 0 exactly). vt's rows are the eigenvectors.
// - jacobi_svd: one-sided (Hestenes) rotations of the rows of ut = A^T until they are pairwise
//   orthogonal; vt accumulates the rotations. Then A = U diag(s) V^T with s_j = |ut_j|,
//   U's column j = ut_j / s_j, V = vt^T.
import { atT, dotT, getT, rotateT, setT } from './linalg-vec';

/** The rotation angle's tangent for the pair with off-diagonal g and diagonal difference d: the smaller root of t^2 + 2 (d / 2g) t - 1. */
@inline function tangent(d: f64, g: f64): f64 {
  const theta = d / (2 * g);
  const sign: f64 = theta < 0 ? -1 : 1;
  return sign / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
}

/**
 * Eigendecomposition of the symmetric A [n, n] (symmetrized first as (A + A^T) / 2): A becomes
 * diag(w) (unsorted), vt [n, n] holds the eigenvectors as rows. Sweeps until the off-diagonal
 * Frobenius norm is at most tol times the whole norm, or maxSweeps. Returns the sweeps made.
 */
function jacobiEighT<T>(n: i32, a: usize, vt: usize, tol: f64, maxSweeps: i32): i32 {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) setT<T>(atT<T>(vt, i, j, n), 0, i == j ? 1 : 0);
    for (let j = i + 1; j < n; j++) {
      const s = (getT<T>(atT<T>(a, i, j, n), 0) + getT<T>(atT<T>(a, j, i, n), 0)) / 2;
      setT<T>(atT<T>(a, i, j, n), 0, s);
      setT<T>(atT<T>(a, j, i, n), 0, s);
    }
  }
  let frob: f64 = 0;
  for (let i = 0; i < n; i++) frob += dotT<T>(atT<T>(a, i, 0, n), atT<T>(a, i, 0, n), n);
  let sweep = 0;
  for (; sweep < maxSweeps; sweep++) {
    let off: f64 = 0;
    for (let i = 0; i + 1 < n; i++) off += dotT<T>(atT<T>(a, i, i + 1, n), atT<T>(a, i, i + 1, n), n - i - 1);
    if (off <= tol * tol * frob || off == 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = getT<T>(atT<T>(a, p, q, n), 0);
        if (apq == 0) continue;
        const app = getT<T>(atT<T>(a, p, p, n), 0), aqq = getT<T>(atT<T>(a, q, q, n), 0);
        const t = tangent(aqq - app, apq);
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        const rp = atT<T>(a, p, 0, n), rq = atT<T>(a, q, 0, n);
        rotateT<T>(rp, rq, n, c, s);
        for (let k = 0; k < n; k++) {
          setT<T>(atT<T>(a, k, p, n), 0, getT<T>(rp, k));
          setT<T>(atT<T>(a, k, q, n), 0, getT<T>(rq, k));
        }
        setT<T>(atT<T>(a, p, p, n), 0, app - t * apq);
        setT<T>(atT<T>(a, q, q, n), 0, aqq + t * apq);
        setT<T>(atT<T>(a, p, q, n), 0, 0);
        setT<T>(atT<T>(a, q, p, n), 0, 0);
        rotateT<T>(atT<T>(vt, p, 0, n), atT<T>(vt, q, 0, n), n, c, s);
      }
    }
  }
  return sweep;
}

export function jacobi_eigh_f32(n: i32, a: usize, vt: usize, tol: f64, maxSweeps: i32): i32 {
  return jacobiEighT<f32>(n, a, vt, tol, maxSweeps);
}

/** jacobiEighT in float64 (see jacobi_eigh_f32's contract above). */
export function jacobi_eigh_f64(n: i32, a: usize, vt: usize, tol: f64, maxSweeps: i32): i32 {
  return jacobiEighT<f64>(n, a, vt, tol, maxSweeps);
}

/**
 * One-sided Jacobi on ut [n, m] (the columns of A [m, n] as rows, n <= m in practice): rotates
 * pairs of rows until |ut_p . ut_q| <= tol |ut_p| |ut_q| for every pair, or maxSweeps sweeps; vt
 * [n, n] starts as the identity and takes the same rotations. Returns the sweeps made.
 */
function jacobiSvdT<T>(m: i32, n: i32, ut: usize, vt: usize, tol: f64, maxSweeps: i32): i32 {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) setT<T>(atT<T>(vt, i, j, n), 0, i == j ? 1 : 0);
  let sweep = 0;
  for (; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < n; p++) {
      const up = atT<T>(ut, p, 0, m);
      for (let q = p + 1; q < n; q++) {
        const uq = atT<T>(ut, q, 0, m);
        const alpha = dotT<T>(up, up, m), beta = dotT<T>(uq, uq, m), gamma = dotT<T>(up, uq, m);
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha * beta) || gamma == 0) continue;
        rotated = true;
        const t = tangent(beta - alpha, gamma);
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        rotateT<T>(up, uq, m, c, s);
        rotateT<T>(atT<T>(vt, p, 0, n), atT<T>(vt, q, 0, n), n, c, s);
      }
    }
    if (!rotated) break;
  }
  return sweep;
}

export function jacobi_svd_f32(m: i32, n: i32, ut: usize, vt: usize, tol: f64, maxSweeps: i32): i32 {
  return jacobiSvdT<f32>(m, n, ut, vt, tol, maxSweeps);
}

/** jacobiSvdT in float64 (see jacobi_svd_f32's contract above). */
export function jacobi_svd_f64(m: i32, n: i32, ut: usize, vt: usize, tol: f64, maxSweeps: i32): i32 {
  return jacobiSvdT<f64>(m, n, ut, vt, tol, maxSweeps);
}
