// Plain-TypeScript reference of assembly/linalg-eigh.ts: the same Householder tridiagonalisation
// of A's upper triangle, Q accumulated one reflector at a time (no blocks), implicit QL (tql2) with
// its rotations on the rows of vt, eigenvalues ascending and each row signed so that its
// largest-magnitude entry is positive. float64 arithmetic, rounded to the element type at stores.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import type { FloatView } from './gemm.ts';

type EighKernels = Pick<KernelExports, 'symmetric_eigh_f32' | 'symmetric_eigh_f64'>;

const EPSILON = 2 ** -52;

function hypot(a: number, b: number): number {
  const x = Math.abs(a), y = Math.abs(b);
  if (x > y) return x * Math.sqrt(1 + (y / x) * (y / x));
  return y === 0 ? 0 : y * Math.sqrt(1 + (x / y) * (x / y));
}

/** Tridiagonal (d, e), reflector scales tau; v_k in row k of A right of the diagonal (v_k[0] = 1). */
function tridiagonalize(f: FloatView, n: number, A: number, d: Float64Array, e: Float64Array, tau: Float64Array): void {
  const at = (i: number, j: number) => A + i * n + j;
  const p = new Float64Array(n);
  for (let k = 0; k < n - 1; k++) {
    d[k] = f[at(k, k)]!;
    const m = n - k - 1, x = at(k, k + 1);
    let tail = 0;
    for (let i = 1; i < m; i++) tail += f[x + i]! ** 2;
    if (tail === 0) {
      e[k] = f[x]!;
      continue;
    }
    const alpha = f[x]!, norm = Math.sqrt(alpha * alpha + tail), beta = alpha >= 0 ? -norm : norm;
    const t = (beta - alpha) / beta;
    for (let i = 1; i < m; i++) f[x + i] = f[x + i]! / (alpha - beta);
    f[x] = 1;
    e[k] = beta;
    tau[k] = t;
    const S = (i: number, j: number) => f[at(k + 1 + Math.min(i, j), k + 1 + Math.max(i, j))]!;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += S(i, j) * f[x + j]!;
      p[i] = t * s;
    }
    let pv = 0;
    for (let i = 0; i < m; i++) pv += p[i]! * f[x + i]!;
    for (let i = 0; i < m; i++) p[i] = p[i]! - 0.5 * t * pv * f[x + i]!;
    for (let i = 0; i < m; i++) {
      for (let j = i; j < m; j++) f[at(k + 1 + i, k + 1 + j)] = S(i, j) - f[x + i]! * p[j]! - p[i]! * f[x + j]!;
    }
  }
  if (n > 0) d[n - 1] = f[at(n - 1, n - 1)]!;
}

function eighInto(f: FloatView, n: number, a: number, w: number, vt: number, maxIterations: number): number {
  if (n <= 0) return 0;
  const size = f.BYTES_PER_ELEMENT, A = a / size, V = vt / size, W = w / size;
  const d = new Float64Array(n), e = new Float64Array(n), tau = new Float64Array(n);
  tridiagonalize(f, n, A, d, e, tau);
  // Q = H_0 ... H_{n-2} accumulated backwards, as rows of a float64 copy, then vt = Q^T.
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = n - 2; k >= 0; k--) {
    if (tau[k] === 0) continue;
    const m = n - k - 1, v = A + k * n + k + 1;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += f[v + i]! * q[(k + 1 + i) * n + k + 1 + j]!;
      for (let i = 0; i < m; i++) q[(k + 1 + i) * n + k + 1 + j] = q[(k + 1 + i) * n + k + 1 + j]! - tau[k]! * f[v + i]! * s;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) f[V + i * n + j] = q[j * n + i]!;
  // tql2, rotating rows i and i + 1 of vt.
  let g = 0, tst1 = 0, total = 0, shift = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n && Math.abs(e[m]!) > EPSILON * tst1) m++;
    if (m === n) m = n - 1;
    if (m > l) {
      let iteration = 0;
      for (; iteration < maxIterations; iteration++) {
        total++;
        g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        shift += h;
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
          const x = V + i * n, y = x + n;
          for (let k = 0; k < n; k++) {
            const u = f[x + k]!, z = f[y + k]!;
            f[x + k] = c * u - s * z;
            f[y + k] = s * u + c * z;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
        if (!(Math.abs(e[l]!) > EPSILON * tst1)) break;
      }
      if (iteration === maxIterations) return -1;
    }
    d[l] = d[l]! + shift;
    e[l] = 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x]! - d[y]! || x - y);
  const rows = Array.from(order, (i) => Array.from(f.subarray(V + i * n, V + i * n + n)));
  order.forEach((from, to) => {
    f[W + to] = d[from]!;
    const row = rows[to]!;
    let best = 0;
    for (let j = 1; j < n; j++) if (Math.abs(row[j]!) > Math.abs(row[best]!)) best = j;
    const sign = row[best]! < 0 ? -1 : 1;
    for (let j = 0; j < n; j++) f[V + to * n + j] = sign * row[j]!;
  });
  return total;
}

export function linalgEighReference(heap: Heap): EighKernels {
  const f32 = () => new Float32Array(heap.memory.buffer);
  const f64 = () => new Float64Array(heap.memory.buffer);
  return {
    symmetric_eigh_f32: (n, a, w, vt, _work, _gemmWork, maxIterations) => eighInto(f32(), n, a, w, vt, maxIterations),
    symmetric_eigh_f64: (n, a, w, vt, _work, _gemmWork, maxIterations) => eighInto(f64(), n, a, w, vt, maxIterations),
  };
}
