// The secular equation of the divide-and-conquer eigensolver (linalg-dc.ts): the eigenvalues of
// D + rho z z^T (D = diag(dl) ascending and distinct after deflation, rho > 0, no z_i zero) are the
// roots of f(lambda) = 1 / rho + sum_i z_i^2 / (dl_i - lambda), one in each gap (dl_j, dl_{j+1})
// and the last in (dl_{K-1}, dl_{K-1} + rho |z|^2] (Golub 1973; Bunch, Nielsen & Sorensen 1978).
// - Each root is found as an offset tau from its nearer pole (the origin, chosen by the sign of f at
//   the middle of the gap), so that every difference dl_i - lambda = (dl_i - dl_origin) - tau keeps
//   its relative accuracy (LAPACK's dlaed4 stores DELTA the same way).
// - Iteration: the "middle way" of Ren-Cang Li (LAPACK Working Note 89, 1993; Gu & Eisenstat,
//   SIAM J. Matrix Anal. Appl. 15, 1994): the poles left of the root (psi) and right of it (phi)
//   are each replaced by one simple pole at the two nearest dl plus a constant, matching value and
//   derivative, and the quadratic for the step is solved in its stable form; a step of the wrong
//   sign falls back to Newton's, a step out of the bracket kept from f's signs to its midpoint, so
//   the root is always found. Stops when |f| <= eps times a bound on f's rounding error (dlaed4's).
// - Then z is recomputed from the computed roots by Lowner's formula (Gu & Eisenstat 1994; dlaed3):
//   z_i^2 = prod_j (dl_i - lambda_j) / prod_{j != i} (dl_i - dl_j), so that the vectors
//   u_j = (z_i / (dl_i - lambda_j))_i are the exact eigenvectors of a nearby problem and orthogonal
//   to working accuracy whatever the root's error.
const EPSILON: f64 = 2.220446049250313e-16;

/**
 * Root j of the secular equation (0 <= j < k, k >= 2): returns lambda_j and writes
 * delta[i] = dl_i - lambda_j (i < k, f64, contiguous). diff: k f64 of scratch.
 */
export function secularRoot(k: i32, j: i32, dl: usize, z: usize, rho: f64, zNorm2: f64, delta: usize, diff: usize): f64 {
  const rhoInv = 1 / rho, last = j == k - 1;
  const dj = load<f64>(dl + (<usize>j << 3));
  let origin = j, lo: f64 = 0, hi: f64 = 0, tau: f64 = 0;
  if (last) {
    hi = rho * zNorm2;
    tau = hi;
  } else {
    const half = 0.5 * (load<f64>(dl + (<usize>(j + 1) << 3)) - dj);
    let f = rhoInv;
    for (let i = 0; i < k; i++) {
      const zi = load<f64>(z + (<usize>i << 3));
      f += (zi * zi) / ((load<f64>(dl + (<usize>i << 3)) - dj) - half);
    }
    if (f >= 0) {
      hi = half;
      tau = half;
    } else {
      origin = j + 1;
      lo = -half;
      tau = -half;
    }
  }
  const d0 = load<f64>(dl + (<usize>origin << 3));
  for (let i = 0; i < k; i++) store<f64>(diff + (<usize>i << 3), load<f64>(dl + (<usize>i << 3)) - d0);
  // The two poles of the model: the gap's ends, or the last two for the last root.
  const p1 = last ? k - 2 : j, p2 = p1 + 1;
  for (let iteration = 0; iteration < 400; iteration++) {
    let psi: f64 = 0, dpsi: f64 = 0, phi: f64 = 0, dphi: f64 = 0, bound: f64 = 0;
    for (let i = 0; i < k; i++) {
      const o = <usize>i << 3;
      const di = load<f64>(diff + o) - tau;
      store<f64>(delta + o, di);
      const zi = load<f64>(z + o), t = zi / di;
      if (i <= p1) {
        psi += zi * t;
        dpsi += t * t;
        bound += Math.abs(psi);
      } else {
        phi += zi * t;
        dphi += t * t;
        bound += Math.abs(phi);
      }
    }
    const w = rhoInv + psi + phi, dw = dpsi + dphi;
    const erretm = 8 * (Math.abs(phi) + Math.abs(psi)) + bound + 2 * rhoInv + Math.abs(tau) * dw;
    if (Math.abs(w) <= EPSILON * erretm) break;
    if (w < 0) lo = Math.max(lo, tau);
    else hi = Math.min(hi, tau);
    const a1 = load<f64>(delta + (<usize>p1 << 3)), a2 = load<f64>(delta + (<usize>p2 << 3));
    const c = w - a1 * dpsi - a2 * dphi;
    const a = (a1 + a2) * w - a1 * a2 * dw, b = a1 * a2 * w;
    let eta: f64;
    if (c == 0) eta = a == 0 ? -w / dw : b / a;
    else if (a <= 0) eta = (a - Math.sqrt(Math.abs(a * a - 4 * b * c))) / (2 * c);
    else eta = (2 * b) / (a + Math.sqrt(Math.abs(a * a - 4 * b * c)));
    // f is increasing: a negative w needs a step up, a positive one a step down.
    if (!(w * eta < 0)) eta = -w / dw;
    let next = tau + eta;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next == tau || (last && next <= 0)) break;
    tau = next;
    if (iteration == 399) for (let i = 0; i < k; i++) store<f64>(delta + (<usize>i << 3), load<f64>(diff + (<usize>i << 3)) - tau);
  }
  return d0 + tau;
}

/**
 * Lowner's z from the roots: u [k, k] holds delta_ij = dl_i - lambda_j in row j (i contiguous);
 * zOld the z the roots were found for (only its signs are kept); zNew [k] f64 out.
 */
export function lownerZ(k: i32, dl: usize, u: usize, zOld: usize, zNew: usize): void {
  for (let i = 0; i < k; i++) store<f64>(zNew + (<usize>i << 3), load<f64>(u + ((<usize>i * <usize>k + <usize>i) << 3)));
  for (let j = 0; j < k; j++) {
    const row = u + ((<usize>j * <usize>k) << 3), dj = load<f64>(dl + (<usize>j << 3));
    for (let i = 0; i < k; i++) {
      if (i == j) continue;
      const o = <usize>i << 3;
      store<f64>(zNew + o, load<f64>(zNew + o) * (load<f64>(row + o) / (load<f64>(dl + o) - dj)));
    }
  }
  for (let i = 0; i < k; i++) {
    const o = <usize>i << 3;
    const r = Math.sqrt(Math.abs(load<f64>(zNew + o)));
    store<f64>(zNew + o, load<f64>(zOld + o) < 0 ? -r : r);
  }
}
