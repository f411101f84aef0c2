// Symmetric eigendecomposition of a row-major float32 / float64 matrix in O(n^3) with a small
// constant (Golub & Van Loan, Matrix Computations, 4th ed., 8.3; the EISPACK tred2 / tql2
// formulation of Wilkinson & Reinsch, Handbook for Automatic Computation II, 1971):
// 1. Householder tridiagonalisation Q^T A Q = T on A's upper triangle: reflector k comes from
//    row k right of the diagonal (contiguous), p = tau S v and the rank-2 update S -= v w^T + w v^T
//    of the trailing upper triangle S run row by row in f64x2 / f32x4 lanes (LAPACK's dsytd2).
// 2. Q accumulated backwards from the reflectors (each H_k touches only Q[k+1:, k+1:]), then
//    transposed in place: the rows of vt are Q's columns.
// 3. Implicit QL with Wilkinson shifts on T (tql2, linalg-ql.ts); each Givens rotation is applied to
//    two rows of vt (two contiguous SIMD passes), so vt's rows end as the eigenvectors. Or (float64,
//    large n) divide and conquer on T (linalg-dc.ts), its eigenvectors then multiplied by Q^T from
//    the blocked reflectors (Q is not formed).
// 4. Eigenvalues ascending (rows of vt moved with them); each eigenvector's sign is set so that its
//    largest-magnitude entry (the first of equal magnitude) is positive, scikit-learn's svd_flip
//    convention for rows.
// The scalars of the reduction (d, e, tau, the QL recurrence) are float64 for both element types.
import { madd2 } from './math-f64';
import { gemmT } from './linalg-gemm';
import { tridiagonalDC } from './linalg-dc';
import { tridiagonalQLT } from './linalg-ql';
import { atT, axpyT, dotT, getT, scaleT, setT } from './linalg-vec';


/** Returns x . v over len elements and adds vi * x into p (all contiguous; float64 lanes fused in one pass). */
function dotAxpyT<T>(x: usize, v: usize, p: usize, len: i32, vi: f64): f64 {
  if (sizeof<T>() != 8) {
    const t = dotT<T>(x, v, len);
    axpyT<T>(vi, x, p, len);
    return t;
  }
  let j = 0;
  const vv = f64x2.splat(vi);
  let s0 = f64x2.splat(0), s1 = s0;
  for (; j + 4 <= len; j += 4) {
    const o = <usize>j << 3;
    const r0 = v128.load(x + o), r1 = v128.load(x + o, 16);
    s0 = madd2(r0, v128.load(v + o), s0);
    s1 = madd2(r1, v128.load(v + o, 16), s1);
    v128.store(p + o, madd2(vv, r0, v128.load(p + o)));
    v128.store(p + o, madd2(vv, r1, v128.load(p + o, 16)), 16);
  }
  s0 = f64x2.add(s0, s1);
  let t = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
  for (; j < len; j++) {
    const o = <usize>j << 3;
    const r = load<f64>(x + o);
    t += r * load<f64>(v + o);
    store<f64>(p + o, load<f64>(p + o) + vi * r);
  }
  return t;
}

/** x -= vi w + wi v over len contiguous elements (one row of the symmetric rank-2 update). */
function rank2RowT<T>(x: usize, v: usize, w: usize, len: i32, vi: f64, wi: f64): void {
  if (sizeof<T>() != 8) {
    axpyT<T>(-vi, w, x, len);
    axpyT<T>(-wi, v, x, len);
    return;
  }
  let j = 0;
  const a = f64x2.splat(-vi), b = f64x2.splat(-wi);
  for (; j + 2 <= len; j += 2) {
    const o = <usize>j << 3;
    v128.store(x + o, madd2(b, v128.load(v + o), madd2(a, v128.load(w + o), v128.load(x + o))));
  }
  for (; j < len; j++) {
    const o = <usize>j << 3;
    store<f64>(x + o, load<f64>(x + o) - vi * load<f64>(w + o) - wi * load<f64>(v + o));
  }
}

/**
 * Reflector k from row k of A right of the diagonal (already updated by every earlier step): d[k],
 * e[k], tau[k]; the row becomes v_k (v_k[0] = 1). Returns false when the row right of the
 * superdiagonal is zero (tau = 0, no update to make).
 */
function reflectorT<T>(n: i32, k: i32, a: usize, d: usize, e: usize, tau: usize): bool {
  const size = <usize>sizeof<T>();
  const row = atT<T>(a, k, k, n);
  store<f64>(d + (<usize>k << 3), getT<T>(row, 0));
  store<f64>(tau + (<usize>k << 3), 0);
  const m = n - k - 1, x = row + size;
  const alpha = getT<T>(x, 0);
  const tail = m > 1 ? dotT<T>(x + size, x + size, m - 1) : 0;
  if (tail == 0) {
    store<f64>(e + (<usize>k << 3), alpha);
    return false;
  }
  const norm = Math.sqrt(alpha * alpha + tail);
  const beta = alpha >= 0 ? -norm : norm;
  scaleT<T>(1 / (alpha - beta), x + size, m - 1);
  setT<T>(x, 0, 1);
  store<f64>(e + (<usize>k << 3), beta);
  store<f64>(tau + (<usize>k << 3), (beta - alpha) / beta);
  return true;
}

/** Row i of S = A[k+1:, k+1:] (upper triangle) into p = S v_k: p[i] += S[i, i:] . v[i:], p[i+1:] += v[i] S[i, i+1:]. */
@inline function symvRowT<T>(n: i32, k: i32, i: i32, a: usize, p: usize): void {
  const size = <usize>sizeof<T>(), m = n - k - 1, x = atT<T>(a, k, k + 1, n);
  const r = atT<T>(a, k + 1 + i, k + 1 + i, n), vi = getT<T>(x, i);
  const off = <usize>(i + 1) * size;
  setT<T>(p, i, getT<T>(p, i) + getT<T>(r, 0) * vi + dotAxpyT<T>(r + size, x + off, p + off, m - i - 1, vi));
}

/**
 * Householder reduction of A's upper triangle to T: d [n] its diagonal, e [n] its superdiagonal
 * (e[i] couples i and i + 1; e[n - 1] = 0), tau [n] the reflector scales; row k of A right of the
 * diagonal becomes v_k (v_k[0] = 1), H_k = I - tau_k v_k v_k^T acting on indices k + 1 ..
 * n - 1. p, q: n T of scratch each. One pass over the trailing triangle per step: as soon as step k's
 * rank-2 update has made row k + 1 final, reflector k + 1 is formed from it, and each later row takes
 * step k's update and then adds its part of step k + 1's p = S v (in the order a separate pass would:
 * rows ascending), so the results are those of two passes, bit for bit, with half the traffic.
 */
function tridiagonalizeT<T>(n: i32, a: usize, d: usize, e: usize, tau: usize, p: usize, q: usize): void {
  const size = <usize>sizeof<T>();
  let ready = false, active = false;
  for (let k = 0; k < n - 1; k++) {
    const m = n - k - 1;
    if (!ready) {
      active = reflectorT<T>(n, k, a, d, e, tau);
      if (active) {
        memory.fill(p, 0, <usize>m * size);
        for (let i = 0; i < m; i++) symvRowT<T>(n, k, i, a, p);
      }
    }
    ready = false;
    if (!active) continue;
    const t = load<f64>(tau + (<usize>k << 3)), x = atT<T>(a, k, k + 1, n);
    scaleT<T>(t, p, m);
    // w = p - (tau / 2) (p . v) v, then S -= v w^T + w v^T, row by row.
    axpyT<T>(-0.5 * t * dotT<T>(p, x, m), x, p, m);
    rank2RowT<T>(atT<T>(a, k + 1, k + 1, n), x, p, m, getT<T>(x, 0), getT<T>(p, 0));
    const fuse = k + 1 < n - 1;
    const next = fuse && reflectorT<T>(n, k + 1, a, d, e, tau);
    if (next) memory.fill(q, 0, <usize>(m - 1) * size);
    for (let i = 1; i < m; i++) {
      const off = <usize>i * size;
      rank2RowT<T>(atT<T>(a, k + 1 + i, k + 1 + i, n), x + off, p + off, m - i, getT<T>(x, i), getT<T>(p, i));
      if (next) symvRowT<T>(n, k + 1, i - 1, a, q);
    }
    if (fuse) {
      ready = true;
      active = next;
      const swap = p;
      p = q;
      q = swap;
    }
  }
  store<f64>(d + (<usize>(n - 1) << 3), getT<T>(atT<T>(a, n - 1, n - 1, n), 0));
  store<f64>(e + (<usize>(n - 1) << 3), 0);
  if (n > 0) store<f64>(tau + (<usize>(n - 1) << 3), 0);
}

/** Reflectors per block of the accumulation of Q (the compact WY form I - V T V^T, dlarft). */
export const EIGH_BLOCK: i32 = 32;

/**
 * The compact WY form of H_k0 ... H_{k0+nb-1} = I - V T V^T (dlarft) over rows k0 + 1 .. n - 1 (mm
 * of them): vtp [nb, mm] = V^T (row j: v_{k0+j} placed from column j, zeros before), vp [mm, nb] = V,
 * tp [nb, nb] = T upper triangular (zeros below).
 */
function blockReflectorT<T>(n: i32, a: usize, tau: usize, k0: i32, nb: i32, vtp: usize, vp: usize, tp: usize): void {
  const size = <usize>sizeof<T>(), mm = n - k0 - 1;
  memory.fill(vtp, 0, <usize>nb * <usize>mm * size);
  memory.fill(tp, 0, <usize>nb * <usize>nb * size);
  for (let j = 0; j < nb; j++) {
    const k = k0 + j;
    if (load<f64>(tau + (<usize>k << 3)) == 0) continue;
    memory.copy(vtp + (<usize>j * <usize>mm + <usize>j) * size, atT<T>(a, k, k + 1, n), <usize>(mm - j) * size);
  }
  for (let i = 0; i < mm; i++) for (let j = 0; j < nb; j++) setT<T>(vp, i * nb + j, getT<T>(vtp, j * mm + i));
  // T[j][j] = tau_j, T[0:j, j] = -tau_j T[0:j, 0:j] (V[:, 0:j]^T v_j).
  for (let j = 0; j < nb; j++) {
    const tj = load<f64>(tau + (<usize>(k0 + j) << 3));
    for (let i = 0; i < j; i++) setT<T>(tp, i * nb + j, tj == 0 ? 0 : dotT<T>(vtp + (<usize>i * <usize>mm + <usize>j) * size, vtp + (<usize>j * <usize>mm + <usize>j) * size, mm - j));
    for (let i = 0; i < j; i++) {
      let s: f64 = 0;
      for (let r = i; r < j; r++) s += getT<T>(tp, i * nb + r) * getT<T>(tp, r * nb + j);
      setT<T>(tp, i * nb + j, -tj * s);
    }
    setT<T>(tp, j * nb + j, tj);
  }
  // (T[i][j] first holds the dot product; rows i ascending read T[r][j], r >= i, before it is replaced.)
}

/**
 * vt [n, n] = Q^T = (H_0 H_1 ... H_{n-2})^T from tridiagonalizeT's reflectors, accumulated backwards
 * in blocks of EIGH_BLOCK: Q[k0+1:, k0+1:] <- (I - V T V^T) Q[k0+1:, k0+1:] as two GEMMs.
 * panel: 3 EIGH_BLOCK n + EIGH_BLOCK^2 T; gemmWork: the GEMM workspace of [EIGH_BLOCK, n, n] and
 * [n, n, EIGH_BLOCK] products.
 */
function formQTransposedT<T>(n: i32, a: usize, tau: usize, vt: usize, panel: usize, gemmWork: usize): void {
  const size = <usize>sizeof<T>();
  memory.fill(vt, 0, <usize>n * <usize>n * size);
  for (let i = 0; i < n; i++) setT<T>(atT<T>(vt, i, i, n), 0, 1);
  const nbMax = EIGH_BLOCK;
  const vtp = panel, vp = vtp + <usize>nbMax * <usize>n * size, wp = vp + <usize>nbMax * <usize>n * size;
  const tp = wp + <usize>nbMax * <usize>n * size;
  const last = n - 3; // reflectors 0 .. n - 3 (the one at n - 2 is always the identity)
  for (let k1 = last + 1; k1 > 0; k1 -= nbMax) {
    const k0 = max(0, k1 - nbMax), nb = k1 - k0, mm = n - k0 - 1;
    blockReflectorT<T>(n, a, tau, k0, nb, vtp, vp, tp);
    const q = atT<T>(vt, k0 + 1, k0 + 1, n);
    gemmT<T>(false, false, nb, mm, mm, 1, vtp, mm, q, n, 0, wp, mm, gemmWork);
    for (let i = 0; i < nb; i++) {
      const wi = wp + <usize>i * <usize>mm * size;
      scaleT<T>(getT<T>(tp, i * nb + i), wi, mm);
      for (let j = i + 1; j < nb; j++) axpyT<T>(getT<T>(tp, i * nb + j), wp + <usize>j * <usize>mm * size, wi, mm);
    }
    gemmT<T>(false, false, mm, mm, nb, -1, vp, nb, wp, mm, 1, q, n, gemmWork);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = atT<T>(vt, i, j, n), y = atT<T>(vt, j, i, n);
      const s = getT<T>(x, 0);
      setT<T>(x, 0, getT<T>(y, 0));
      setT<T>(y, 0, s);
    }
  }
}

/** Reflectors per block when divide and conquer's vectors are multiplied by Q^T (applyQTransposed). */
export const APPLY_BLOCK: i32 = 64;

/**
 * zt [n, n] <- zt Q^T (float64): rows of eigenvectors of T become eigenvectors of A (dormtr's work,
 * without forming Q). zt H_{n-2} ... H_0, in blocks of APPLY_BLOCK backwards:
 * zt[:, k0+1:] -= ((zt[:, k0+1:] V) T^T) V^T, three GEMMs. panel: 4 APPLY_BLOCK n + APPLY_BLOCK^2
 * doubles; gemmWork: the GEMM workspace of [n, APPLY_BLOCK, n] and [n, n, APPLY_BLOCK] products.
 */
function applyQTransposed(n: i32, a: usize, tau: usize, zt: usize, panel: usize, gemmWork: usize): void {
  const nbMax = APPLY_BLOCK, block = <usize>nbMax * <usize>n << 3;
  const vtp = panel, vp = vtp + block, wp = vp + block, xp = wp + block, tp = xp + block;
  for (let k1 = n - 2; k1 > 0; k1 -= nbMax) {
    const k0 = max(0, k1 - nbMax), nb = k1 - k0, mm = n - k0 - 1;
    blockReflectorT<f64>(n, a, tau, k0, nb, vtp, vp, tp);
    const c = zt + (<usize>(k0 + 1) << 3);
    gemmT<f64>(false, false, n, nb, mm, 1, c, n, vp, nb, 0, wp, nb, gemmWork);
    gemmT<f64>(false, true, n, nb, nb, 1, wp, nb, tp, nb, 0, xp, nb, gemmWork);
    gemmT<f64>(false, false, n, mm, nb, -1, xp, nb, vtp, mm, 1, c, n, gemmWork);
  }
}

/**
 * Sorts d ascending (stable: equal eigenvalues keep their QL order), moves vt's rows along, writes
 * w, and signs every row of vt. order: n i32 of scratch; row: n T of scratch.
 */
function sortAndSignT<T>(n: i32, d: usize, w: usize, vt: usize, order: usize, row: usize): void {
  const size = <usize>sizeof<T>(), bytes = <usize>n * size;
  // Insertion sort of the indices (O(n^2) comparisons, no row moves).
  for (let i = 0; i < n; i++) {
    const di = load<f64>(d + (<usize>i << 3));
    let j = i;
    for (; j > 0 && load<f64>(d + (<usize>load<i32>(order + (<usize>(j - 1) << 2)) << 3)) > di; j--) {
      store<i32>(order + (<usize>j << 2), load<i32>(order + (<usize>(j - 1) << 2)));
    }
    store<i32>(order + (<usize>j << 2), i);
  }
  // Row i of the result is row order[i]: follow each cycle once with one row in hand (marked by ~).
  for (let i = 0; i < n; i++) {
    if (load<i32>(order + (<usize>i << 2)) < 0 || load<i32>(order + (<usize>i << 2)) == i) continue;
    memory.copy(row, atT<T>(vt, i, 0, n), bytes);
    let at = i;
    for (;;) {
      const from = load<i32>(order + (<usize>at << 2));
      store<i32>(order + (<usize>at << 2), ~from);
      if (from == i) {
        memory.copy(atT<T>(vt, at, 0, n), row, bytes);
        break;
      }
      memory.copy(atT<T>(vt, at, 0, n), atT<T>(vt, from, 0, n), bytes);
      at = from;
    }
  }
  for (let i = 0; i < n; i++) {
    const o = load<i32>(order + (<usize>i << 2));
    setT<T>(w, i, load<f64>(d + (<usize>(o < 0 ? ~o : o) << 3)));
    const r = atT<T>(vt, i, 0, n);
    let best = 0;
    let top: f64 = 0;
    for (let j = 0; j < n; j++) {
      const v = Math.abs(getT<T>(r, j));
      if (v > top) {
        top = v;
        best = j;
      }
    }
    if (getT<T>(r, best) < 0) scaleT<T>(-1, r, n);
  }
}

/**
 * Eigendecomposition of the symmetric A [n, n] (contiguous; only its upper triangle is read; A is
 * overwritten by the reflectors): w [n] T the eigenvalues ascending, vt [n, n] T the unit
 * eigenvectors as rows (row i belongs to w[i]; signed as above). work: 4 n float64 then
 * 3 EIGH_BLOCK n + EIGH_BLOCK^2 T, then (divide only) max(dcWorkDoubles(n), 4 APPLY_BLOCK n +
 * APPLY_BLOCK^2) float64; gemmWork: see formQTransposedT (divide: also [n, n, n], [n, APPLY_BLOCK, n]
 * and [n, n, APPLY_BLOCK] products). divide (float64 only):
 * the tridiagonal eigenproblem by divide and conquer (linalg-dc.ts), its eigenvector rows then
 * times Q^T by the blocked reflectors (applyQTransposed), instead of QL's rotations of Q^T. Returns the QL iterations made (divide: of its
 * leaves), or -1 when one eigenvalue did not converge in maxIterations (w and vt are then not meaningful).
 */
function symmetricEighT<T>(n: i32, a: usize, w: usize, vt: usize, work: usize, gemmWork: usize, maxIterations: i32, divide: bool): i32 {
  if (n <= 0) return 0;
  // A whose largest entry is outside [rmin, rmax] is scaled into it first, and the eigenvalues back
  // (dsyevd's rmin = sqrt(tiny / eps), rmax = 1 / rmin): squares in the reflectors then neither
  // underflow nor overflow. Other matrices are not touched.
  let top: f64 = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) top = Math.max(top, Math.abs(getT<T>(atT<T>(a, i, j, n), 0)));
  const rmin: f64 = sizeof<T>() == 8 ? 1.4916681462400413e-154 / 1.4901161193847656e-8 : 1.0842021724855044e-19 / 3.4526698300124393e-4;
  const sigma: f64 = top > 0 && top < rmin ? rmin / top : top > 1 / rmin ? 1 / (rmin * top) : 1;
  if (sigma != 1) for (let i = 0; i < n; i++) scaleT<T>(sigma, atT<T>(a, i, i, n), n - i);
  const bytes = <usize>n << 3;
  const d = work, e = d + bytes, tau = e + bytes, p = tau + bytes, panel = p + bytes;
  tridiagonalizeT<T>(n, a, d, e, tau, p, panel);
  let iterations: i32;
  if (divide && sizeof<T>() == 8) {
    iterations = tridiagonalDC(n, d, e, vt, panel + ((<usize>(3 * EIGH_BLOCK) * <usize>n + <usize>(EIGH_BLOCK * EIGH_BLOCK)) << 3), gemmWork, maxIterations);
    if (iterations < 0) return iterations;
    applyQTransposed(n, a, tau, vt, panel + ((<usize>(3 * EIGH_BLOCK) * <usize>n + <usize>(EIGH_BLOCK * EIGH_BLOCK)) << 3), gemmWork);
  } else {
    formQTransposedT<T>(n, a, tau, vt, panel, gemmWork);
    iterations = tridiagonalQLT<T>(n, d, e, vt, maxIterations);
  }
  sortAndSignT<T>(n, d, w, vt, panel, p);
  if (sigma != 1) for (let i = 0; i < n; i++) setT<T>(w, i, getT<T>(w, i) / sigma);
  return iterations;
}

export function symmetric_eigh_f32(n: i32, a: usize, w: usize, vt: usize, work: usize, gemmWork: usize, maxIterations: i32): i32 {
  return symmetricEighT<f32>(n, a, w, vt, work, gemmWork, maxIterations, false);
}

/** symmetricEighT in float64 (see symmetric_eigh_f32's contract above); divide != 0 takes divide and conquer. */
export function symmetric_eigh_f64(n: i32, a: usize, w: usize, vt: usize, work: usize, gemmWork: usize, maxIterations: i32, divide: i32): i32 {
  return symmetricEighT<f64>(n, a, w, vt, work, gemmWork, maxIterations, divide != 0);
}
