// Householder QR of a row-major float32 / float64 matrix (Golub & Van Loan 5.2): column j's
// reflector H_j = I - 2 v v^T (|v| = 1, v zero above row j) maps A[j:, j] to (alpha, 0, ...),
// alpha = -sign(A[j, j]) |A[j:, j]| (+|.| when A[j, j] <= 0). Reflectors are applied row-wise:
// w = v^T A[j:, j:] accumulates rows (axpy), then A[i, j:] -= 2 v[i] w, so every pass is
// contiguous and SIMD.
import { atT, axpyT, dotT, getT, scaleT, setT } from './linalg-vec';

/**
 * A [m, n] (row stride lda) becomes R in its upper triangle (below the diagonal: what the
 * reflectors leave, not zeroed). v: [k, m] T, k = min(m, n): row j is v_j (zeros before j; all
 * zero when column j needs no reflection). w: n T of scratch.
 */
function qrT<T>(m: i32, n: i32, a: usize, lda: i32, v: usize, w: usize): void {
  const k = min(m, n);
  const size = sizeof<T>();
  memory.fill(v, 0, <usize>k * <usize>m * size);
  for (let j = 0; j < k; j++) {
    const vj = v + <usize>j * <usize>m * size;
    let norm: f64 = 0;
    for (let i = j; i < m; i++) {
      const x = getT<T>(atT<T>(a, i, j, lda), 0);
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm == 0) continue;
    const ajj = getT<T>(atT<T>(a, j, j, lda), 0);
    const alpha = ajj > 0 ? -norm : norm;
    for (let i = j; i < m; i++) setT<T>(vj, i, getT<T>(atT<T>(a, i, j, lda), 0));
    setT<T>(vj, j, getT<T>(vj, j) - alpha);
    const vn = Math.sqrt(dotT<T>(vj + <usize>j * size, vj + <usize>j * size, m - j));
    if (vn == 0) {
      memory.fill(vj, 0, <usize>m * size);
      continue;
    }
    scaleT<T>(1 / vn, vj + <usize>j * size, m - j);
    reflectRows<T>(vj, j, m, atT<T>(a, 0, j, lda), lda, n - j, w);
  }
}

/** rows [j, m) of the cols-wide block at c (row stride ld): C -= 2 v (v^T C). w: cols T of scratch. */
function reflectRows<T>(v: usize, j: i32, m: i32, c: usize, ld: i32, cols: i32, w: usize): void {
  const size = sizeof<T>();
  memory.fill(w, 0, <usize>cols * size);
  for (let i = j; i < m; i++) {
    const vi = getT<T>(v, i);
    if (vi != 0) axpyT<T>(vi, atT<T>(c, i, 0, ld), w, cols);
  }
  for (let i = j; i < m; i++) {
    const vi = getT<T>(v, i);
    if (vi != 0) axpyT<T>(-2 * vi, w, atT<T>(c, i, 0, ld), cols);
  }
}

/** Q [m, k] (row stride ldq) = H_0 ... H_{k-1} I[:, :k] from qr's reflectors v [k, m]. w: k T. */
function qrQT<T>(m: i32, k: i32, v: usize, q: usize, ldq: i32, w: usize): void {
  const size = sizeof<T>();
  for (let i = 0; i < m; i++) {
    const row = atT<T>(q, i, 0, ldq);
    memory.fill(row, 0, <usize>k * size);
    if (i < k) setT<T>(row, i, 1);
  }
  for (let j = k - 1; j >= 0; j--) reflectRows<T>(v + <usize>j * <usize>m * size, j, m, q, ldq, k, w);
}

export function qr_f32(m: i32, n: i32, a: usize, lda: i32, v: usize, w: usize): void {
  qrT<f32>(m, n, a, lda, v, w);
}

/** qrT in float64 (see qr_f32's contract above). */
export function qr_f64(m: i32, n: i32, a: usize, lda: i32, v: usize, w: usize): void {
  qrT<f64>(m, n, a, lda, v, w);
}

export function qr_q_f32(m: i32, k: i32, v: usize, q: usize, ldq: i32, w: usize): void {
  qrQT<f32>(m, k, v, q, ldq, w);
}

/** qrQT in float64 (see qr_q_f32's contract above). */
export function qr_q_f64(m: i32, k: i32, v: usize, q: usize, ldq: i32, w: usize): void {
  qrQT<f64>(m, k, v, q, ldq, w);
}
