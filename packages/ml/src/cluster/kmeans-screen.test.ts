import { beforeAll, describe, expect, it } from 'vitest';
import { Generator, init, memory, type Matrix } from '@neurite/tensor';
import { ResidentMatrix, rowSquaredNorms } from '../base/float64-gemm.ts';
import { lloyd, lloydStep } from './kmeans-lloyd.ts';
import { IntegerRows, screenedLloydStep } from './kmeans-screen.ts';

// The integer screen must give exactly Lloyd's float64 labels at every step, and so the same run
// (labels, centres bit for bit, inertia, iterations), on data that are integers over one scale:
// sparse pixels in steps of 0.001, small integers, exact ties between centres, centres on rows.

/** n x d seeded values m / scale, m in [0, top], about half of them zero. */
function integerData(n: number, d: number, top: number, scale: number, seed: number): Matrix {
  const g = new Generator(seed), data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = g.random() < 0.5 ? 0 : Math.floor(g.random() * (top + 1)) / scale;
  return { rows: n, cols: d, data };
}

/** k rows of x (by a seeded draw) moved by small float noise, as centres. */
function centresNear(x: Matrix, k: number, seed: number, noise: number): Matrix {
  const g = new Generator(seed), d = x.cols, data = new Float64Array(k * d);
  for (let j = 0; j < k; j++) {
    const i = Math.floor(g.random() * x.rows);
    for (let f = 0; f < d; f++) data[j * d + f] = x.data[i * d + f]! + noise * (g.random() - 0.5);
  }
  return { rows: k, cols: d, data };
}

function withScreen<T>(x: Matrix, fn: (resident: ResidentMatrix, rows: IntegerRows, norms: Float64Array) => T): T {
  const before = memory().liveTensors;
  const resident = new ResidentMatrix(x), rows = IntegerRows.of(x)!;
  expect(rows).not.toBeNull();
  try {
    return fn(resident, rows, rowSquaredNorms(x));
  } finally {
    resident.dispose();
    rows.dispose();
    expect(memory().liveTensors).toBe(before);
  }
}

beforeAll(async () => {
  await init();
});

describe("Lloyd's assignment screened by exact integer products", () => {
  it('labels equal lloydStep\'s at odd sizes, scales and centres (on rows, duplicated, far, near)', () => {
    for (const [n, d, k, top, scale, seed] of [[1, 1, 1, 5, 1, 1], [7, 3, 2, 255, 255, 2], [129, 17, 5, 1000, 1000, 3], [300, 64, 10, 16, 1, 4], [301, 33, 16, 1000, 1000, 5]] as const) {
      const x = integerData(n, d, top, scale, seed);
      withScreen(x, (resident, rows, norms) => {
        const plain = lloydStep(x, norms, resident), screened = screenedLloydStep(x, norms, resident, rows);
        for (const noise of [0, 1e-9, 0.3 * (top / scale)]) {
          const c = centresNear(x, k, seed + 10, noise);
          if (k > 1) c.data.copyWithin(c.cols, 0, c.cols); // centre 1 = centre 0: an exact tie for every row
          expect(Array.from(screened(c).labels), `${n}x${d} k ${k} noise ${noise}`).toEqual(Array.from(plain(c).labels));
        }
      });
    }
  });

  it('rows exactly halfway between two centres take the first, as Lloyd\'s float64 does', () => {
    // Rows (1, y) against centres (0, y') and (2, y'): equal distances in exact arithmetic.
    const x: Matrix = { rows: 6, cols: 2, data: Float64Array.from([1, 0, 1, 3, 1, 7, 0, 0, 2, 0, 1, 1]) };
    withScreen(x, (resident, rows, norms) => {
      for (const centres of [[0, 0, 2, 0], [2, 0, 0, 0], [0, 1.5, 2, 1.5], [0.5, 0, 1.5, 0]]) {
        const c: Matrix = { rows: 2, cols: 2, data: Float64Array.from(centres) };
        expect(Array.from(screenedLloydStep(x, norms, resident, rows)(c).labels)).toEqual(Array.from(lloydStep(x, norms, resident)(c).labels));
      }
    });
  });

  it('whole runs equal the float64 run bit for bit (several seeds and shapes)', () => {
    for (const [n, d, k, seed] of [[400, 50, 10, 0], [257, 9, 3, 1], [120, 784, 7, 2]] as const) {
      const x = integerData(n, d, 1000, 1000, seed);
      withScreen(x, (resident, rows, norms) => {
        const start = centresNear(x, k, seed, 0.01);
        const a = lloyd(x, start, 300, 0, norms, () => {}, resident);
        const b = lloyd(x, start, 300, 0, norms, () => {}, resident, screenedLloydStep(x, norms, resident, rows));
        expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
        expect(Array.from(b.centers)).toEqual(Array.from(a.centers));
        expect(b.inertia).toBe(a.inertia);
        expect(b.nIter).toBe(a.nIter);
        expect(a.nIter).toBeGreaterThan(1);
      });
    }
  });

  it('is used only for integers over one scale', () => {
    expect(IntegerRows.of({ rows: 2, cols: 2, data: Float64Array.from([0.5, Math.PI, 1, 2]) })).toBeNull();
    expect(IntegerRows.of({ rows: 1, cols: 1, data: Float64Array.from([40000]) })).toBeNull();
  });
});
