// Implicit QL with Wilkinson shifts on a symmetric tridiagonal matrix (tql2 of Wilkinson & Reinsch,
// Handbook for Automatic Computation II, 1971), its rotations applied to the rows of vt: the
// eigensolver's path for small matrices (linalg-eigh.ts) and the leaves of divide and conquer
// (linalg-dc.ts).
import { atT, rotateT } from './linalg-vec';

const EPSILON: f64 = 2.220446049250313e-16;

@inline function hypot(a: f64, b: f64): f64 {
  const x = Math.abs(a), y = Math.abs(b);
  if (x > y) return x * Math.sqrt(1 + (y / x) * (y / x));
  return y == 0 ? 0 : y * Math.sqrt(1 + (x / y) * (x / y));
}

/**
 * Implicit QL with Wilkinson shifts on the symmetric tridiagonal (d, e) (tql2): d becomes the
 * eigenvalues (unsorted); every rotation of rows i, i + 1 is applied to the rows of vt. Returns the
 * QL iterations made, or -1 when an eigenvalue needed more than maxIterations.
 */
export function tridiagonalQLT<T>(n: i32, d: usize, e: usize, vt: usize, maxIterations: i32): i32 {
  let f: f64 = 0, tst1: f64 = 0;
  let total = 0;
  for (let l = 0; l < n; l++) {
    const dl = d + (<usize>l << 3), el = e + (<usize>l << 3);
    tst1 = Math.max(tst1, Math.abs(load<f64>(dl)) + Math.abs(load<f64>(el)));
    let m = l;
    while (m < n && Math.abs(load<f64>(e + (<usize>m << 3))) > EPSILON * tst1) m++;
    if (m == n) m = n - 1;
    if (m > l) {
      let iteration = 0;
      for (; iteration < maxIterations; iteration++) {
        total++;
        let g = load<f64>(dl);
        let p = (load<f64>(dl, 8) - g) / (2 * load<f64>(el));
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        store<f64>(dl, load<f64>(el) / (p + r));
        store<f64>(dl, load<f64>(el) * (p + r), 8);
        const dl1 = load<f64>(dl, 8);
        let h = g - load<f64>(dl);
        for (let i = l + 2; i < n; i++) store<f64>(d + (<usize>i << 3), load<f64>(d + (<usize>i << 3)) - h);
        f += h;
        p = load<f64>(d + (<usize>m << 3));
        let c: f64 = 1, c2: f64 = 1, c3: f64 = 1, s: f64 = 0, s2: f64 = 0;
        const el1 = load<f64>(el, 8);
        for (let i = m - 1; i >= l; i--) {
          const di = d + (<usize>i << 3), ei = e + (<usize>i << 3);
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * load<f64>(ei);
          h = c * p;
          r = hypot(p, load<f64>(ei));
          store<f64>(ei, s * r, 8);
          s = load<f64>(ei) / r;
          c = p / r;
          p = c * load<f64>(di) - s * g;
          store<f64>(di, h + s * (c * g + s * load<f64>(di)), 8);
          rotateT<T>(atT<T>(vt, i, 0, n), atT<T>(vt, i + 1, 0, n), n, c, s);
        }
        p = (-s * s2 * c3 * el1 * load<f64>(el)) / dl1;
        store<f64>(el, s * p);
        store<f64>(dl, c * p);
        if (!(Math.abs(load<f64>(el)) > EPSILON * tst1)) break;
      }
      if (iteration == maxIterations) return -1;
    }
    store<f64>(dl, load<f64>(dl) + f);
    store<f64>(el, 0);
  }
  return total;
}

