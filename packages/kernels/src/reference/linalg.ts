// Plain-TypeScript reference of the linear-algebra kernels (assembly/linalg-*.ts): the unblocked
// textbook algorithms in float64 arithmetic, element by element, rounded to the element type at
// every store (as the kernels store). Same pointer ABI, same in-place contracts.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import type { FloatView } from './gemm.ts';

type LinalgKernels = Pick<KernelExports,
  | 'cholesky_f32' | 'cholesky_f64' | 'lu_f32' | 'lu_f64' | 'triangular_solve_f32' | 'triangular_solve_f64'
  | 'qr_f32' | 'qr_f64' | 'qr_q_f32' | 'qr_q_f64' | 'jacobi_eigh_f32' | 'jacobi_eigh_f64' | 'jacobi_svd_f32' | 'jacobi_svd_f64'>;

function choleskyInto(f: FloatView, n: number, a: number, lda: number): number {
  const A = a / f.BYTES_PER_ELEMENT;
  const at = (i: number, j: number) => A + i * lda + j;
  for (let j = 0; j < n; j++) {
    let d = f[at(j, j)]!;
    for (let k = 0; k < j; k++) d -= f[at(j, k)]! * f[at(j, k)]!;
    if (!(d > 0)) {
      f[at(j, j)] = d;
      return j;
    }
    const ljj = Math.sqrt(d);
    f[at(j, j)] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = f[at(i, j)]!;
      for (let k = 0; k < j; k++) s -= f[at(i, k)]! * f[at(j, k)]!;
      f[at(i, j)] = s / ljj;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) f[at(i, j)] = 0;
  return -1;
}

function luInto(f: FloatView, perms: Int32Array, n: number, a: number, lda: number, perm: number): number {
  const A = a / f.BYTES_PER_ELEMENT, P = perm >>> 2;
  const at = (i: number, j: number) => A + i * lda + j;
  for (let i = 0; i < n; i++) perms[P + i] = i;
  let swaps = 0, singular = 0;
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(f[at(k, k)]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(f[at(i, k)]!);
      if (v > best) { best = v; p = i; }
    }
    if (best === 0) { singular = 2; continue; }
    if (p !== k) {
      for (let c = 0; c < n; c++) { const t = f[at(k, c)]!; f[at(k, c)] = f[at(p, c)]!; f[at(p, c)] = t; }
      const t = perms[P + k]!; perms[P + k] = perms[P + p]!; perms[P + p] = t;
      swaps++;
    }
    const pivot = f[at(k, k)]!;
    for (let i = k + 1; i < n; i++) {
      f[at(i, k)] = f[at(i, k)]! / pivot;
      const g = f[at(i, k)]!;
      if (g !== 0) for (let c = k + 1; c < n; c++) f[at(i, c)] = f[at(i, c)]! - g * f[at(k, c)]!;
    }
  }
  return (swaps & 1) | singular;
}

function triangularSolveInto(f: FloatView, n: number, k: number, t: number, ldt: number, b: number, ldb: number, upper: number, trans: number, unit: number): void {
  const size = f.BYTES_PER_ELEMENT, T = t / size, B = b / size;
  const op = (i: number, j: number) => f[trans ? T + j * ldt + i : T + i * ldt + j]!;
  const forward = (upper !== 0) === (trans !== 0);
  for (let r = 0; r < n; r++) {
    const i = forward ? r : n - 1 - r;
    for (let c = 0; c < k; c++) {
      let s = f[B + i * ldb + c]!;
      if (forward) for (let j = 0; j < i; j++) s -= op(i, j) * f[B + j * ldb + c]!;
      else for (let j = i + 1; j < n; j++) s -= op(i, j) * f[B + j * ldb + c]!;
      f[B + i * ldb + c] = unit ? s : s / op(i, i);
    }
  }
}

/** Rows [j, m) of the cols-wide block at element C (row stride ld): C -= 2 v (v^T C). */
function reflect(f: FloatView, V: number, j: number, m: number, C: number, ld: number, cols: number): void {
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let i = j; i < m; i++) s += f[V + i]! * f[C + i * ld + c]!;
    for (let i = j; i < m; i++) f[C + i * ld + c] = f[C + i * ld + c]! - 2 * f[V + i]! * s;
  }
}

function qrInto(f: FloatView, m: number, n: number, a: number, lda: number, v: number): void {
  const size = f.BYTES_PER_ELEMENT, A = a / size, V0 = v / size, k = Math.min(m, n);
  f.fill(0, V0, V0 + k * m);
  for (let j = 0; j < k; j++) {
    const V = V0 + j * m;
    let norm = 0;
    for (let i = j; i < m; i++) norm += f[A + i * lda + j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = f[A + j * lda + j]! > 0 ? -norm : norm;
    for (let i = j; i < m; i++) f[V + i] = f[A + i * lda + j]!;
    f[V + j] = f[V + j]! - alpha;
    let vn = 0;
    for (let i = j; i < m; i++) vn += f[V + i]! ** 2;
    vn = Math.sqrt(vn);
    if (vn === 0) { f.fill(0, V, V + m); continue; }
    for (let i = j; i < m; i++) f[V + i] = f[V + i]! / vn;
    reflect(f, V, j, m, A + j, lda, n - j);
  }
}

function qrQInto(f: FloatView, m: number, k: number, v: number, q: number, ldq: number): void {
  const size = f.BYTES_PER_ELEMENT, V0 = v / size, Q = q / size;
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) f[Q + i * ldq + c] = i === c ? 1 : 0;
  for (let j = k - 1; j >= 0; j--) reflect(f, V0 + j * m, j, m, Q, ldq, k);
}

function tangent(d: number, g: number): number {
  const theta = d / (2 * g);
  return (theta < 0 ? -1 : 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
}

/** Rows x and y (element offsets) of length n: (x, y) <- (c x - s y, s x + c y). */
function rotate(f: FloatView, x: number, y: number, n: number, c: number, s: number): void {
  for (let i = 0; i < n; i++) {
    const p = f[x + i]!, q = f[y + i]!;
    f[x + i] = c * p - s * q;
    f[y + i] = s * p + c * q;
  }
}

function jacobiEighInto(f: FloatView, n: number, a: number, vt: number, tol: number, maxSweeps: number): number {
  const size = f.BYTES_PER_ELEMENT, A = a / size, W = vt / size;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) f[W + i * n + j] = i === j ? 1 : 0;
    for (let j = i + 1; j < n; j++) {
      const s = (f[A + i * n + j]! + f[A + j * n + i]!) / 2;
      f[A + i * n + j] = s;
      f[A + j * n + i] = s;
    }
  }
  let frob = 0;
  for (let i = 0; i < n * n; i++) frob += f[A + i]! ** 2;
  let sweep = 0;
  for (; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += f[A + i * n + j]! ** 2;
    if (off <= tol * tol * frob || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = f[A + p * n + q]!;
        if (apq === 0) continue;
        const app = f[A + p * n + p]!, aqq = f[A + q * n + q]!;
        const t = tangent(aqq - app, apq);
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        rotate(f, A + p * n, A + q * n, n, c, s);
        for (let k = 0; k < n; k++) {
          f[A + k * n + p] = f[A + p * n + k]!;
          f[A + k * n + q] = f[A + q * n + k]!;
        }
        f[A + p * n + p] = app - t * apq;
        f[A + q * n + q] = aqq + t * apq;
        f[A + p * n + q] = 0;
        f[A + q * n + p] = 0;
        rotate(f, W + p * n, W + q * n, n, c, s);
      }
    }
  }
  return sweep;
}

function jacobiSvdInto(f: FloatView, m: number, n: number, ut: number, vt: number, tol: number, maxSweeps: number): number {
  const size = f.BYTES_PER_ELEMENT, U = ut / size, W = vt / size;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) f[W + i * n + j] = i === j ? 1 : 0;
  let sweep = 0;
  for (; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = f[U + p * m + i]!, y = f[U + q * m + i]!;
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const t = tangent(beta - alpha, gamma);
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        rotate(f, U + p * m, U + q * m, m, c, s);
        rotate(f, W + p * n, W + q * n, n, c, s);
      }
    }
    if (!rotated) break;
  }
  return sweep;
}

export function linalgReference(heap: Heap): LinalgKernels {
  const f32 = () => new Float32Array(heap.memory.buffer);
  const f64 = () => new Float64Array(heap.memory.buffer);
  const i32 = () => new Int32Array(heap.memory.buffer);
  return {
    cholesky_f32: (n, a, lda) => choleskyInto(f32(), n, a, lda),
    cholesky_f64: (n, a, lda) => choleskyInto(f64(), n, a, lda),
    lu_f32: (n, a, lda, perm) => luInto(f32(), i32(), n, a, lda, perm),
    lu_f64: (n, a, lda, perm) => luInto(f64(), i32(), n, a, lda, perm),
    triangular_solve_f32: (n, k, t, ldt, b, ldb, upper, trans, unit) => triangularSolveInto(f32(), n, k, t, ldt, b, ldb, upper, trans, unit),
    triangular_solve_f64: (n, k, t, ldt, b, ldb, upper, trans, unit) => triangularSolveInto(f64(), n, k, t, ldt, b, ldb, upper, trans, unit),
    qr_f32: (m, n, a, lda, v) => qrInto(f32(), m, n, a, lda, v),
    qr_f64: (m, n, a, lda, v) => qrInto(f64(), m, n, a, lda, v),
    qr_q_f32: (m, k, v, q, ldq) => qrQInto(f32(), m, k, v, q, ldq),
    qr_q_f64: (m, k, v, q, ldq) => qrQInto(f64(), m, k, v, q, ldq),
    jacobi_eigh_f32: (n, a, vt, tol, maxSweeps) => jacobiEighInto(f32(), n, a, vt, tol, maxSweeps),
    jacobi_eigh_f64: (n, a, vt, tol, maxSweeps) => jacobiEighInto(f64(), n, a, vt, tol, maxSweeps),
    jacobi_svd_f32: (m, n, ut, vt, tol, maxSweeps) => jacobiSvdInto(f32(), m, n, ut, vt, tol, maxSweeps),
    jacobi_svd_f64: (m, n, ut, vt, tol, maxSweeps) => jacobiSvdInto(f64(), m, n, ut, vt, tol, maxSweeps),
  };
}
