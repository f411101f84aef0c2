// Divide and conquer for the symmetric tridiagonal eigenproblem (Cuppen 1981; as LAPACK's dstedc
// with dlaed0-dlaed3 computes it, the solver behind scipy's and scikit-learn's eigh). On (d, e),
// float64, e[i] coupling i and i + 1:
// 1. The matrix is scaled by its largest entry; a block of more than DC_LEAF rows is torn at its
//    middle by a rank-one change, T = diag(T1, T2) + rho v v^T with v = e_last + sign(beta) e_first
//    and rho = |beta| (beta the coupling, taken off the two diagonal entries it joins); each half is
//    solved recursively, blocks of DC_LEAF rows or fewer by the implicit QL of linalg-ql.ts.
// 2. Merge (dlaed2): z = diag(Q1, Q2)^T v / sqrt 2 (the last row of Q1, the first of Q2), rho doubled;
//    the eigenvalues sorted; a component with rho |z_i| <= tol = 8 eps max(|d|, |z|) deflates (its
//    eigenpair is kept as is), and two close eigenvalues deflate one of them by a Givens rotation
//    of their vectors when |t c s| <= tol (dlaed2's tests).
// 3. The K eigenvalues left are the secular equation's roots (linalg-dc-secular.ts), z is recomputed
//    by Lowner's formula, and the new eigenvectors are U^T [K, K] times the kept vectors, on the
//    float64 GEMM: the kept vectors ordered as dlaed2 does (first-half only, mixed by a rotation,
//    second-half only), so each half's columns multiply only the vectors not zero there.
// Eigenvectors are rows of zt [n, n] (row i for eigenvalue d[i], ascending).
import { gemmT } from './linalg-gemm';
import { tridiagonalQLT } from './linalg-ql';
import { lownerZ, secularRoot } from './linalg-dc-secular';
import { rotateT } from './linalg-vec';

/** Largest block solved by QL (LAPACK's SMLSIZ). */
export const DC_LEAF: i32 = 25;
const EPSILON: f64 = 2.220446049250313e-16;

@inline function f64At(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function f64Set(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function i32At(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
@inline function i32Set(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}
@inline function rowAt(zt: usize, i: i32, j: i32, n: i32): usize {
  return zt + ((<usize>i * <usize>n + <usize>j) << 3);
}

/** Doubles of work tridiagonalDC needs for n: three [n, n] matrices and 16 vectors of n (DC_WORK in src/ops/linalg-eigh.ts). */
export function dcWorkDoubles(n: i32): usize {
  return 3 * <usize>n * <usize>n + 16 * <usize>n;
}

// The state of one tridiagonalDC call (module globals: the kernels allocate nothing).
let dcN: i32 = 0;
let dcD: usize = 0;
let dcE: usize = 0;
let dcZt: usize = 0;
let dcU: usize = 0;
let dcG: usize = 0;
let dcOut: usize = 0;
let dcZ: usize = 0;
let dcDl: usize = 0;
let dcW: usize = 0;
let dcDiff: usize = 0;
let dcTmp: usize = 0;
let dcValues: usize = 0;
let dcSorted: usize = 0;
let dcKind: usize = 0;
let dcKept: usize = 0;
let dcDeflated: usize = 0;
let dcOrder: usize = 0;
let dcPlace: usize = 0;
let dcRowOf: usize = 0;
let dcGemmWork: usize = 0;
let dcMaxIterations: i32 = 0;
let dcIterations: i32 = 0;

/** Leaf [s, s + b): QL on a copy of the block, eigenvalues sorted (stable) into d, vectors into zt's diagonal block. */
function leaf(s: i32, b: i32): bool {
  const n = dcN, ld = dcDl, le = dcW, v = dcU;
  for (let i = 0; i < b; i++) {
    f64Set(ld, i, f64At(dcD, s + i));
    f64Set(le, i, i + 1 < b ? f64At(dcE, s + i) : 0);
  }
  memory.fill(v, 0, <usize>b * <usize>b << 3);
  for (let i = 0; i < b; i++) f64Set(v, i * b + i, 1);
  const it = tridiagonalQLT<f64>(b, ld, le, v, dcMaxIterations);
  if (it < 0) return false;
  dcIterations += it;
  const order = sortOrder(ld, b);
  for (let i = 0; i < b; i++) {
    const o = i32At(order, i);
    f64Set(dcD, s + i, f64At(ld, o));
    memory.copy(rowAt(dcZt, s + i, s, n), v + ((<usize>o * <usize>b) << 3), <usize>b << 3);
  }
  return true;
}

/**
 * dcOrder[0, count) = the indices of values[0, count) in ascending order of value, by insertion
 * (stable: equal values keep their index order). Returns dcOrder.
 */
function sortOrder(values: usize, count: i32): usize {
  const order = dcOrder;
  for (let i = 0; i < count; i++) {
    const vi = f64At(values, i);
    let j = i;
    for (; j > 0 && f64At(values, i32At(order, j - 1)) > vi; j--) i32Set(order, j, i32At(order, j - 1));
    i32Set(order, j, i);
  }
  return order;
}

/** Solves the block [s, s + m) recursively (its couplings to the outside already torn off). */
function solve(s: i32, m: i32): bool {
  if (m <= DC_LEAF) return leaf(s, m);
  const n1 = m >> 1, cut = s + n1;
  const beta = f64At(dcE, cut - 1), rho = Math.abs(beta);
  f64Set(dcD, cut - 1, f64At(dcD, cut - 1) - rho);
  f64Set(dcD, cut, f64At(dcD, cut) - rho);
  if (!solve(s, n1) || !solve(cut, m - n1)) return false;
  merge(s, n1, m, beta);
  return true;
}

/**
 * Writes rows [s, s + m) of zt and d[s, s + m) in ascending order from `count` eigenpairs:
 * values[i] with the vector row at rowOf[i] of g (m doubles, zt's block columns). Stable: equal
 * values keep their order in the list (the caller lists them in index order).
 */
function writeSorted(s: i32, m: i32, count: i32): void {
  const values = dcValues, order = sortOrder(values, count);
  for (let i = 0; i < count; i++) {
    const o = i32At(order, i);
    f64Set(dcD, s + i, f64At(values, o));
    memory.copy(rowAt(dcZt, s + i, s, dcN), dcG + ((<usize>i32At(dcRowOf, o) * <usize>m) << 3), <usize>m << 3);
  }
}

/** Merges the solved halves [s, s + n1) and [s + n1, s + m) torn at coupling beta (dlaed1-3). */
function merge(s: i32, n1: i32, m: i32, beta: f64): void {
  const n = dcN, z = dcZ, d = dcD, sorted = dcSorted, kind = dcKind;
  const sign: f64 = beta < 0 ? -1 : 1, scale = Math.SQRT1_2;
  const rho = 2 * Math.abs(beta);
  let zMax: f64 = 0, dMax: f64 = 0;
  for (let i = 0; i < m; i++) {
    const zi = i < n1 ? f64At(rowAt(dcZt, s + i, s + n1 - 1, n), 0) * scale : sign * f64At(rowAt(dcZt, s + i, s + n1, n), 0) * scale;
    f64Set(z, i, zi);
    i32Set(kind, i, i < n1 ? 1 : 3);
    zMax = Math.max(zMax, Math.abs(zi));
    dMax = Math.max(dMax, Math.abs(f64At(d, s + i)));
  }
  // The two ascending halves merged into one order (ties: first half first).
  let a = 0, b = n1;
  for (let i = 0; i < m; i++) {
    const takeA = b >= m || (a < n1 && f64At(d, s + a) <= f64At(d, s + b));
    i32Set(sorted, i, takeA ? a++ : b++);
  }
  const tol = 8 * EPSILON * Math.max(dMax, zMax);
  // Deflation (dlaed2): kept[0, k) the eigenpairs left to the secular equation, deflated[0, nd) the others.
  const kept = dcKept, deflated = dcDeflated;
  let k = 0, nd = 0;
  if (rho * zMax > tol) {
    let pj = -1;
    for (let t = 0; t < m; t++) {
      const nj = i32At(sorted, t);
      if (rho * Math.abs(f64At(z, nj)) <= tol) {
        i32Set(deflated, nd++, nj);
        continue;
      }
      if (pj < 0) {
        pj = nj;
        continue;
      }
      const zp = f64At(z, pj), zn = f64At(z, nj);
      const tau = Math.hypot(zn, zp);
      const c = zn / tau, sn = -zp / tau;
      const gap = f64At(d, s + nj) - f64At(d, s + pj);
      if (Math.abs(gap * c * sn) <= tol) {
        f64Set(z, nj, tau);
        f64Set(z, pj, 0);
        if (i32At(kind, nj) != i32At(kind, pj)) i32Set(kind, nj, 2);
        i32Set(kind, pj, 4);
        // rows (pj, nj) <- (c pj + sn nj, c nj - sn pj): dlaed2's drot.
        rotateT<f64>(rowAt(dcZt, s + pj, s, n), rowAt(dcZt, s + nj, s, n), m, c, -sn);
        const dp = f64At(d, s + pj), dn = f64At(d, s + nj);
        f64Set(d, s + pj, dp * c * c + dn * sn * sn);
        f64Set(d, s + nj, dp * sn * sn + dn * c * c);
        i32Set(deflated, nd++, pj);
      } else i32Set(kept, k++, pj);
      pj = nj;
    }
    if (pj >= 0) i32Set(kept, k++, pj);
  } else {
    for (let t = 0; t < m; t++) i32Set(deflated, nd++, i32At(sorted, t));
  }
  const g = dcG, values = dcValues, rowOf = dcRowOf;
  // g: the kept rows in the order first-half only (kind 1), mixed (2), second-half only (3), then the deflated rows.
  let k1 = 0, k2 = 0, r = 0;
  for (let want = 1; want <= 3; want++) {
    for (let i = 0; i < k; i++) {
      const src = i32At(kept, i);
      if (i32At(kind, src) != want) continue;
      i32Set(dcPlace, i, r);
      memory.copy(g + ((<usize>r * <usize>m) << 3), rowAt(dcZt, s + src, s, n), <usize>m << 3);
      r++;
    }
    if (want == 1) k1 = r;
    if (want == 2) k2 = r - k1;
  }
  for (let i = 0; i < nd; i++) {
    const src = i32At(deflated, i);
    memory.copy(g + ((<usize>(k + i) * <usize>m) << 3), rowAt(dcZt, s + src, s, n), <usize>m << 3);
    f64Set(values, k + i, f64At(d, s + src));
    i32Set(rowOf, k + i, k + i);
  }
  if (k == 1) {
    f64Set(values, 0, f64At(d, s + i32At(kept, 0)) + rho * f64At(z, i32At(kept, 0)) * f64At(z, i32At(kept, 0)));
    i32Set(rowOf, 0, 0);
  } else if (k > 1) {
    const dl = dcDl, zk = dcW, u = dcU, out = dcOut;
    let zNorm2: f64 = 0;
    for (let i = 0; i < k; i++) {
      const src = i32At(kept, i), zi = f64At(z, src);
      f64Set(dl, i, f64At(d, s + src));
      f64Set(zk, i, zi);
      zNorm2 += zi * zi;
    }
    for (let j = 0; j < k; j++) {
      f64Set(values, j, secularRoot(k, j, dl, zk, rho, zNorm2, u + ((<usize>j * <usize>k) << 3), dcDiff));
      i32Set(rowOf, j, j);
    }
    const zNew = dcTmp;
    lownerZ(k, dl, u, zk, zNew);
    // Row j of u: the unit eigenvector (zNew_i / delta_ij)_i, its entries moved to g's row order.
    const tmp = dcDiff;
    for (let j = 0; j < k; j++) {
      const row = u + ((<usize>j * <usize>k) << 3);
      let norm: f64 = 0;
      for (let i = 0; i < k; i++) {
        const v = f64At(zNew, i) / f64At(row, i);
        f64Set(tmp, i, v);
        norm += v * v;
      }
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < k; i++) f64Set(row, i32At(dcPlace, i), f64At(tmp, i) * inv);
    }
    // out [k, m]: columns of the first half from kinds 1-2, of the second half from kinds 2-3.
    gemmT<f64>(false, false, k, n1, k1 + k2, 1, u, k, g, m, 0, out, m, dcGemmWork);
    gemmT<f64>(false, false, k, m - n1, k - k1, 1, u + (<usize>k1 << 3), k, g + ((<usize>k1 * <usize>m + <usize>n1) << 3), m, 0, out + (<usize>n1 << 3), m, dcGemmWork);
    if (k1 + k2 == 0) for (let j = 0; j < k; j++) memory.fill(out + ((<usize>j * <usize>m) << 3), 0, <usize>n1 << 3);
    if (k1 == k) for (let j = 0; j < k; j++) memory.fill(out + ((<usize>j * <usize>m + <usize>n1) << 3), 0, <usize>(m - n1) << 3);
    memory.copy(g, out, (<usize>k * <usize>m) << 3);
  }
  writeSorted(s, m, m);
}

/**
 * Eigenvalues (into d, ascending) and eigenvector rows (zt [n, n], row i for d[i]) of the
 * symmetric tridiagonal (d, e) by divide and conquer; e is overwritten. work: dcWorkDoubles(n)
 * doubles; gemmWork: the float64 GEMM's workspace for [n, n, n]. Returns the QL iterations of the
 * leaves, or -1 when one did not converge in maxIterations.
 */
export function tridiagonalDC(n: i32, d: usize, e: usize, zt: usize, work: usize, gemmWork: usize, maxIterations: i32): i32 {
  const nn = (<usize>n * <usize>n) << 3, v = <usize>n << 3;
  dcIterations = 0;
  dcN = n;
  dcD = d;
  dcE = e;
  dcZt = zt;
  dcU = work;
  dcG = dcU + nn;
  dcOut = dcG + nn;
  dcZ = dcOut + nn;
  dcDl = dcZ + v;
  dcW = dcDl + v;
  dcDiff = dcW + v;
  dcTmp = dcDiff + v;
  dcValues = dcTmp + v;
  const ints = dcValues + v;
  dcSorted = ints;
  dcKind = ints + 4 * v / 8;
  dcKept = ints + 8 * v / 8;
  dcDeflated = ints + 12 * v / 8;
  dcOrder = ints + 16 * v / 8;
  dcPlace = ints + 20 * v / 8;
  dcRowOf = ints + 24 * v / 8;
  dcGemmWork = gemmWork;
  dcMaxIterations = maxIterations;
  memory.fill(zt, 0, nn);
  let scale: f64 = 0;
  for (let i = 0; i < n; i++) {
    scale = Math.max(scale, Math.abs(f64At(d, i)));
    if (i + 1 < n) scale = Math.max(scale, Math.abs(f64At(e, i)));
  }
  if (scale == 0) {
    for (let i = 0; i < n; i++) f64Set(zt, i * n + i, 1);
    return 0;
  }
  for (let i = 0; i < n; i++) {
    f64Set(d, i, f64At(d, i) / scale);
    f64Set(e, i, i + 1 < n ? f64At(e, i) / scale : 0);
  }
  if (!solve(0, n)) return -1;
  for (let i = 0; i < n; i++) f64Set(d, i, f64At(d, i) * scale);
  return dcIterations;
}
