// linalg against numpy / scipy (LAPACK): fixtures/scipy-linalg.json, written by
// fixtures/scipy-linalg.py (numpy 2.4.6, scipy 1.17.1). The inputs are integer matrices rebuilt
// here from the script's formula, exact in float64. Factors that are unique up to signs (QR
// rows, eigenvectors, singular vectors) are compared after fixing each sign.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cholesky, determinant, eigh, init, inverse, lstsq, qr, scope, solve, svd, type Tensor } from '../index.ts';
import { expectNoLeak } from '../testing.ts';

interface Fixture {
  cholesky: { n7: number[]; n70_diagonal: number[]; n70_last_row: number[] };
  qr: Record<'tall' | 'wide' | 'square', { q: number[]; r: number[] }>;
  eigh: { values: number[]; vectors: number[] };
  eigh_sizes: Record<'sym17' | 'sym64' | 'spd129', { values: number[]; isolated: number[]; vectors: number[] }>;
  eigh_clusters: Record<'w21' | 'glued12' | 'sym300', number[]>;
  svd: { tall_s: number[]; wide_s: number[]; wide_u: number[]; wide_vt: number[] };
  solve: { x: number[]; inverse: number[]; determinant: number };
  lstsq: { x: number[]; rank: number; singular_values: number[] };
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/scipy-linalg.json', import.meta.url), 'utf8')) as Fixture;

beforeAll(async () => {
  await init();
});

function integerMatrix(rows: number, cols: number, seed: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => ((i * 7 + j * 13 + seed * 5) % 17) - 8));
}

function spd(n: number, seed: number): number[][] {
  const m = integerMatrix(n, n + 3, seed);
  return m.map((ri, i) => m.map((rj, j) => ri.reduce((s, v, p) => s + v * rj[p]!, 0) + (i === j ? n : 0)));
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    if (!(Math.abs(actual[i]! - e) <= tol * (1 + Math.abs(e)))) throw new Error(`${what}[${i}]: ${actual[i]} vs scipy ${e}`);
  }
}

/** Columns of a [rows, cols] row-major matrix multiplied by signs[col]. */
function signColumns(data: ArrayLike<number>, rows: number, cols: number, signs: number[]): number[] {
  return Array.from({ length: rows * cols }, (_, i) => data[i]! * signs[i % cols]!);
}

/** The sign that makes the largest |entry| of column c positive. */
function columnSigns(data: ArrayLike<number>, rows: number, cols: number): number[] {
  return Array.from({ length: cols }, (_, c) => {
    let best = 0;
    for (let r = 0; r < rows; r++) if (Math.abs(data[r * cols + c]!) > Math.abs(best)) best = data[r * cols + c]!;
    return best < 0 ? -1 : 1;
  });
}

const view = (t: Tensor) => t.view();

describe('linalg against numpy / scipy', () => {
  it('cholesky (7x7 whole; 70x70 across a panel boundary: diagonal and last row)', () => {
    expectNoLeak(() => scope(() => {
      close(view(cholesky(spd(7, 1))), fixture.cholesky.n7, 1e-13, 'L 7x7');
      const l = view(cholesky(spd(70, 2)));
      close(Array.from({ length: 70 }, (_, i) => l[i * 70 + i]!), fixture.cholesky.n70_diagonal, 1e-12, 'diag L 70x70');
      close(l.subarray(69 * 70), fixture.cholesky.n70_last_row, 1e-12, 'last row L 70x70');
    }));
  });

  it('qr: R and Q of tall, wide and square matrices, rows of R signed by its diagonal', () => {
    expectNoLeak(() => scope(() => {
      for (const [name, m, n, seed] of [['tall', 9, 5, 3], ['wide', 5, 9, 4], ['square', 6, 6, 5]] as const) {
        const k = Math.min(m, n), want = fixture.qr[name];
        const { q, r } = qr(integerMatrix(m, n, seed));
        const signs = (rd: ArrayLike<number>) => Array.from({ length: k }, (_, i) => (rd[i * n + i]! < 0 ? -1 : 1));
        const sg = signs(view(r)), sw = signs(want.r);
        const rowSigned = (rd: ArrayLike<number>, s: number[]) => Array.from({ length: k * n }, (_, i) => rd[i]! * s[Math.floor(i / n)]!);
        close(rowSigned(view(r), sg), rowSigned(want.r, sw), 1e-12, `R ${name}`);
        close(signColumns(view(q), m, k, sg), signColumns(want.q, m, k, sw), 1e-12, `Q ${name}`);
      }
    }));
  });

  it('eigh of an indefinite symmetric matrix: values and sign-fixed vectors', () => {
    expectNoLeak(() => scope(() => {
      const a = spd(8, 6).map((row, i) => row.map((v, j) => v - (i === j ? 40 : 0)));
      const { values, vectors } = eigh(a);
      close(view(values), fixture.eigh.values, 1e-12, 'eigenvalues');
      const v = view(vectors);
      close(signColumns(v, 8, 8, columnSigns(v, 8, 8)), signColumns(fixture.eigh.vectors, 8, 8, columnSigns(fixture.eigh.vectors, 8, 8)), 1e-10, 'eigenvectors');
    }));
  });

  it('eigh at awkward sizes (generic 17, rank-deficient 64, a repeated eigenvalue at 129): values, isolated vectors, signs, residual', () => {
    expectNoLeak(() => scope(() => {
      for (const [name, n, seed, kind] of [['sym17', 17, 13, 'sym'], ['sym64', 64, 14, 'sym'], ['spd129', 129, 15, 'spd']] as const) {
        const want = fixture.eigh_sizes[name];
        const m = integerMatrix(n, n, seed);
        const a = kind === 'spd' ? spd(n, seed) : m.map((row, i) => row.map((v, j) => v + m[j]![i]!));
        const { values, vectors } = eigh(a);
        const w = view(values), v = view(vectors), scale = Math.max(...want.values.map(Math.abs));
        close(Array.from(w, (x) => x / scale), want.values.map((x) => x / scale), 1e-13, `${name} eigenvalues / max |w|`);
        // Each column's largest-magnitude entry is positive; the isolated ones equal LAPACK's, signed alike.
        const signs = columnSigns(v, n, n);
        expect(signs.every((s) => s === 1), `${name} signs`).toBe(true);
        want.isolated.forEach((col, r) => {
          const ours = Array.from({ length: n }, (_, k) => v[k * n + col]!), theirs = want.vectors.slice(r * n, r * n + n);
          const flip = columnSigns(theirs, n, 1)[0]!;
          close(ours, theirs.map((x) => x * flip), 1e-10, `${name} vector ${col}`);
        });
        let residual = 0;
        for (let c = 0; c < n; c++) for (let i = 0; i < n; i++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += a[i]![k]! * v[k * n + c]!;
          residual = Math.max(residual, Math.abs(s - w[c]! * v[i * n + c]!));
        }
        expect(residual, `${name} residual`).toBeLessThan(1e-12 * n * scale);
      }
    }));
  });

  it('eigh where divide and conquer deflates (Wilkinson W21+, twelve copies glued by 1e-9, generic n = 300): eigenvalues within 1e-12 max |w| of scipy.linalg.eigh', () => {
    /** The fixture's glued Wilkinson matrix: `copies` W21+ blocks (diagonal |10 - i|, off-diagonal 1) joined by `glue`. */
    const glued = (copies: number, glue: number): number[][] => {
      const n = 21 * copies;
      return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
        if (i === j) return Math.abs((i % 21) - 10);
        if (Math.abs(i - j) !== 1) return 0;
        return (Math.min(i, j) + 1) % 21 === 0 ? glue : 1;
      }));
    };
    const m = integerMatrix(300, 300, 16), sym300 = m.map((row, i) => row.map((v, j) => v + m[j]![i]!));
    expectNoLeak(() => scope(() => {
      for (const [name, a] of [['w21', glued(1, 0)], ['glued12', glued(12, 1e-9)], ['sym300', sym300]] as const) {
        const want = fixture.eigh_clusters[name], scale = Math.max(...want.map(Math.abs));
        close(Array.from(view(eigh(a).values), (x) => x / scale), want.map((x) => x / scale), 1e-12, `${name} eigenvalues / max |w|`);
      }
    }));
  });

  it('svd: singular values (tall), and U, S, V^T of a wide matrix up to signs', () => {
    expectNoLeak(() => scope(() => {
      close(view(svd(integerMatrix(9, 6, 7)).s), fixture.svd.tall_s, 1e-12, 'S tall');
      const { u, s, v } = svd(integerMatrix(4, 7, 8));
      close(view(s), fixture.svd.wide_s, 1e-12, 'S wide');
      const su = columnSigns(view(u), 4, 4), wu = columnSigns(fixture.svd.wide_u, 4, 4);
      close(signColumns(view(u), 4, 4, su), signColumns(fixture.svd.wide_u, 4, 4, wu), 1e-11, 'U wide');
      // V [7, 4] against V^T [4, 7]: the same sign per singular pair as U.
      const vt = Array.from({ length: 28 }, (_, i) => view(v)[(i % 7) * 4 + Math.floor(i / 7)]! * su[Math.floor(i / 7)]!);
      close(vt, fixture.svd.wide_vt.map((x, i) => x * wu[Math.floor(i / 7)]!), 1e-11, 'V^T wide');
    }));
  });

  it('solve, inverse, determinant and rank-deficient lstsq', () => {
    expectNoLeak(() => scope(() => {
      const a = integerMatrix(6, 6, 9).map((row, i) => row.map((v, j) => v + (i === j ? 10 : 0)));
      close(view(solve(a, integerMatrix(6, 2, 10))), fixture.solve.x, 1e-12, 'solve');
      close(view(inverse(a)), fixture.solve.inverse, 1e-12, 'inverse');
      close([determinant(a)], [fixture.solve.determinant], 1e-12, 'determinant');
      const d = integerMatrix(8, 3, 11).map((row) => [row[0]!, row[1]!, row[0]! + 2 * row[1]!]);
      const fit = lstsq(d, integerMatrix(8, 1, 12).map((row) => row[0]!));
      expect(fit.rank).toBe(fixture.lstsq.rank);
      close(view(fit.solution), fixture.lstsq.x, 1e-10, 'lstsq x');
      close(view(fit.singularValues), fixture.lstsq.singular_values, 1e-10, 'lstsq singular values');
    }));
  });
});
