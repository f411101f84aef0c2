import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import {
  AWKWARD_SIZES, assertClose, putF32, randomArray, readF32, reductionTolerance, referenceOf, testRandom, wasmBackends,
} from '../testing.ts';
import {
  batchNormBackward, batchNormInference, batchNormTrain, groupNorm, groupNormBackward, layerNorm, layerNormBackward,
} from './norm.ts';

const backends = await wasmBackends();
const SHAPES: [number, number][] = [
  ...AWKWARD_SIZES.map((c) => [3, c] as [number, number]),
  ...AWKWARD_SIZES.map((r) => [r, 7] as [number, number]),
];
// Normalized outputs are O(1) but divide by a computed std: allow the reduction tolerance of the count.
const tol = (k: number) => ({ atol: 2 * reductionTolerance(k).atol, rtol: 2 * reductionTolerance(k).rtol });

/** Central differences (float64) of f at x. */
function numericGradient(f: (x: number[]) => number, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const p = x.slice(), m = x.slice();
    p[i]! += h; m[i]! -= h;
    return (f(p) - f(m)) / (2 * h);
  });
}

/** float64 group norm of x [n, hw, c] (layer norm: hw 1, g 1; batch norm: n 1, hw rows, g c). */
function groupNorm64(x: number[], n: number, hw: number, c: number, g: number, gamma: number[], beta: number[], eps: number): number[] {
  const y = new Array<number>(x.length), cg = c / g;
  for (let s = 0; s < n; s++) {
    for (let q = 0; q < g; q++) {
      const idx: number[] = [];
      for (let h = 0; h < hw; h++) for (let k = 0; k < cg; k++) idx.push((s * hw + h) * c + q * cg + k);
      const mu = idx.reduce((a, i) => a + x[i]!, 0) / idx.length;
      const v = idx.reduce((a, i) => a + (x[i]! - mu) ** 2, 0) / idx.length;
      for (const i of idx) y[i] = ((x[i]! - mu) / Math.sqrt(v + eps)) * gamma[i % c]! + beta[i % c]!;
    }
  }
  return y;
}

describe.each(backends.map((b) => [b.variant, b] as const))('norm family (%s)', (_, backend: Backend) => {
  const ref = referenceOf(backend);
  const read = (p: number, n: number) => readF32(backend, p, n);

  it('layerNorm forward and backward match the reference at awkward shapes, unaligned, with and without affine', () => {
    for (const [rows, cols] of SHAPES) {
      const n = rows * cols;
      const x = putF32(backend, randomArray(n, n + 1, -3, 5), 1);
      const dy = putF32(backend, randomArray(n, n + 2), 3);
      const gamma = putF32(backend, randomArray(cols, cols, 0.5, 1.5), 1), beta = putF32(backend, randomArray(cols, cols + 1), 2);
      for (const affine of [{}, { gamma, beta }]) {
        const label = `layerNorm ${rows}x${cols} ${affine === undefined ? '' : Object.keys(affine).join('+')}`;
        const got = layerNorm(backend, x, rows, cols, affine), want = layerNorm(ref, x, rows, cols, affine);
        assertClose(read(got.y, n), read(want.y, n), tol(cols), `${label} y`);
        assertClose(read(got.mean, rows), read(want.mean, rows), tol(cols), `${label} mean`);
        assertClose(read(got.rstd, rows), read(want.rstd, rows), tol(cols), `${label} rstd`);
        const gb = layerNormBackward(backend, dy, x, got.mean, got.rstd, rows, cols, affine);
        const wb = layerNormBackward(ref, dy, x, got.mean, got.rstd, rows, cols, affine);
        assertClose(read(gb.dx, n), read(wb.dx, n), tol(cols), `${label} dx`);
        assertClose(read(gb.dgamma, cols), read(wb.dgamma, cols), tol(rows), `${label} dgamma`);
        assertClose(read(gb.dbeta, cols), read(wb.dbeta, cols), tol(rows), `${label} dbeta`);
      }
    }
  });

  it('layer and batch norm are exact for a large offset (two-pass) and constant rows or channels give y = beta', () => {
    const next = testRandom(5);
    const cols = 4096;
    const data = Array.from({ length: cols }, () => 1e4 + next());
    const x = putF32(backend, [...data, ...new Array(cols).fill(-1e9)]);
    const got = layerNorm(backend, x, 2, cols), want = layerNorm(ref, x, 2, cols);
    assertClose(read(got.rstd, 1), read(want.rstd, 1), { atol: 0, rtol: 1e-3 }, 'rstd of 1e4 + U(0,1)');
    expect(read(got.y + cols * 4, cols).every((v) => v === 0)).toBe(true);
    // Batch norm: a constant channel (-1e9) over 300 rows normalizes to exactly beta = 0.
    const bx = putF32(backend, Array.from({ length: 300 * 3 }, (_, i) => (i % 3 === 1 ? -1e9 : 1e4 + next())));
    const bn = batchNormTrain(backend, bx, 300, 3);
    expect(read(bn.mean, 3)[1]).toBe(-1e9);
    expect(read(bn.y, 900).filter((_, i) => i % 3 === 1).every((v) => v === 0)).toBe(true);
  });

  it('batchNorm train, inference and backward match the reference; running stats use the unbiased variance', () => {
    for (const [rows, c] of [...SHAPES.filter(([r]) => r >= 2), [1029, 17], [2, 65]] as [number, number][]) {
      const n = rows * c;
      const x = putF32(backend, randomArray(n, n + 3, -2, 6), 1);
      const dy = putF32(backend, randomArray(n, n + 4), 1);
      const gamma = putF32(backend, randomArray(c, c + 5, 0.5, 1.5)), beta = putF32(backend, randomArray(c, c + 6));
      const rm1 = putF32(backend, randomArray(c, 1)), rv1 = putF32(backend, randomArray(c, 2, 0.5, 2));
      const rm2 = putF32(backend, read(rm1, c)), rv2 = putF32(backend, read(rv1, c));
      const label = `batchNorm ${rows}x${c}`;
      const got = batchNormTrain(backend, x, rows, c, { gamma, beta, runningMean: rm1, runningVar: rv1, momentum: 0.3 });
      const want = batchNormTrain(ref, x, rows, c, { gamma, beta, runningMean: rm2, runningVar: rv2, momentum: 0.3 });
      assertClose(read(got.y, n), read(want.y, n), tol(rows), `${label} y`);
      assertClose(read(got.mean, c), read(want.mean, c), tol(rows), `${label} mean`);
      assertClose(read(got.rstd, c), read(want.rstd, c), tol(rows), `${label} rstd`);
      assertClose(read(rm1, c), read(rm2, c), tol(rows), `${label} running mean`);
      assertClose(read(rv1, c), read(rv2, c), tol(rows), `${label} running var`);
      const yi = batchNormInference(backend, x, rows, c, rm1, rv1, { gamma, beta, eps: 1e-3 });
      assertClose(read(yi, n), read(batchNormInference(ref, x, rows, c, rm1, rv1, { gamma, beta, eps: 1e-3 }), n), tol(1), `${label} inference`);
      for (const affine of [{}, { gamma }]) {
        const gb = batchNormBackward(backend, dy, x, got.mean, got.rstd, rows, c, affine);
        const wb = batchNormBackward(ref, dy, x, got.mean, got.rstd, rows, c, affine);
        assertClose(read(gb.dx, n), read(wb.dx, n), tol(rows), `${label} dx`);
        assertClose(read(gb.dgamma, c), read(wb.dgamma, c), tol(rows), `${label} dgamma`);
        assertClose(read(gb.dbeta, c), read(wb.dbeta, c), tol(rows), `${label} dbeta`);
      }
    }
    // Unbiased running variance, checked by hand: one channel, values 1, 2, 3, 6 (mean 3, var 3.5, unbiased 14/3).
    const x = putF32(backend, [1, 2, 3, 6]);
    const rm = putF32(backend, [0]), rv = putF32(backend, [1]);
    batchNormTrain(backend, x, 4, 1, { runningMean: rm, runningVar: rv });
    expect(read(rm, 1)[0]).toBeCloseTo(0.3, 6);
    expect(read(rv, 1)[0]).toBeCloseTo(0.9 + 0.1 * (14 / 3), 6);
  });

  it('groupNorm forward and backward match the reference for several group sizes', () => {
    const cases: [number, number, number, number][] = [
      [2, 5, 8, 2], [1, 17, 12, 3], [3, 4, 16, 4], [2, 9, 7, 7], [1, 63, 32, 8], [2, 1, 6, 1], [1, 65, 5, 1], [2, 3, 20, 5],
    ];
    for (const [n, hw, c, g] of cases) {
      const total = n * hw * c;
      const x = putF32(backend, randomArray(total, total + 7, -2, 4), 1);
      const dy = putF32(backend, randomArray(total, total + 8), 1);
      const gamma = putF32(backend, randomArray(c, c + 9, 0.5, 1.5)), beta = putF32(backend, randomArray(c, c + 10));
      const label = `groupNorm [${n},${hw},${c}] g=${g}`;
      for (const affine of [{}, { gamma, beta }]) {
        const got = groupNorm(backend, x, [n, hw, c], g, affine), want = groupNorm(ref, x, [n, hw, c], g, affine);
        assertClose(read(got.y, total), read(want.y, total), tol(hw * c / g), `${label} y`);
        assertClose(read(got.rstd, n * g), read(want.rstd, n * g), tol(hw * c / g), `${label} rstd`);
        const gb = groupNormBackward(backend, dy, x, got.mean, got.rstd, [n, hw, c], g, affine);
        const wb = groupNormBackward(ref, dy, x, got.mean, got.rstd, [n, hw, c], g, affine);
        assertClose(read(gb.dx, total), read(wb.dx, total), tol(hw * c / g), `${label} dx`);
        assertClose(read(gb.dgamma, c), read(wb.dgamma, c), tol(n * hw), `${label} dgamma`);
        assertClose(read(gb.dbeta, c), read(wb.dbeta, c), tol(n * hw), `${label} dbeta`);
      }
    }
  });

  it('gradients match float64 finite differences of the normalization (layer, batch, group)', () => {
    // L = sum(w * y); dL/dx, dL/dgamma, dL/dbeta against central differences in float64.
    const setups: { name: string; n: number; hw: number; c: number; g: number }[] = [
      { name: 'layer', n: 2, hw: 1, c: 5, g: 1 }, { name: 'batch', n: 1, hw: 6, c: 3, g: 3 }, { name: 'group', n: 2, hw: 3, c: 4, g: 2 },
    ];
    for (const { name, n, hw, c, g } of setups) {
      const total = n * hw * c, eps = 1e-5;
      const xs = Array.from(randomArray(total, total, -2, 2)), ws = Array.from(randomArray(total, total + 1));
      const gs = Array.from(randomArray(c, 3, 0.5, 1.5)), bs = Array.from(randomArray(c, 4));
      const loss = (x: number[], gm = gs, bt = bs) => groupNorm64(x, n, hw, c, g, gm, bt, eps).reduce((s, y, i) => s + ws[i]! * y, 0);
      const x = putF32(backend, xs), dy = putF32(backend, ws), gamma = putF32(backend, gs), beta = putF32(backend, bs);
      let grads;
      if (name === 'layer') {
        const f = layerNorm(backend, x, n, c, { gamma, beta, eps });
        grads = layerNormBackward(backend, dy, x, f.mean, f.rstd, n, c, { gamma });
      } else if (name === 'batch') {
        const f = batchNormTrain(backend, x, hw, c, { gamma, beta, eps });
        grads = batchNormBackward(backend, dy, x, f.mean, f.rstd, hw, c, { gamma });
      } else {
        const f = groupNorm(backend, x, [n, hw, c], g, { gamma, beta, eps });
        grads = groupNormBackward(backend, dy, x, f.mean, f.rstd, [n, hw, c], g, { gamma });
      }
      const fd = { atol: 1e-4, rtol: 1e-3 };
      assertClose(read(grads.dx, total), numericGradient((v) => loss(v), xs), fd, `${name} dx vs finite differences`);
      assertClose(read(grads.dgamma, c), numericGradient((v) => loss(xs, v, bs), gs), fd, `${name} dgamma vs finite differences`);
      assertClose(read(grads.dbeta, c), numericGradient((v) => loss(xs, gs, v), bs), fd, `${name} dbeta vs finite differences`);
    }
  });

  it('layerNorm and groupNorm run in place (out = x)', () => {
    const data = randomArray(5 * 12, 77, -2, 2);
    for (const kind of ['layer', 'group'] as const) {
      const a = putF32(backend, data), b = putF32(backend, data);
      const want = kind === 'layer' ? layerNorm(backend, a, 5, 12).y : groupNorm(backend, a, [1, 5, 12], 3).y;
      if (kind === 'layer') layerNorm(backend, b, 5, 12, { out: b });
      else groupNorm(backend, b, [1, 5, 12], 3, { out: b });
      expect(Array.from(read(b, 60))).toEqual(Array.from(read(want, 60)));
    }
  });

  it('handles empty inputs and rejects bad arguments naming them', () => {
    const x = putF32(backend, new Float32Array(24));
    const empty = layerNorm(backend, x, 3, 0);
    expect(Array.from(read(empty.mean, 3)).every(Number.isNaN)).toBe(true);
    const eb = layerNormBackward(backend, x, x, x, x, 0, 4);
    expect(Array.from(read(eb.dgamma, 4))).toEqual([0, 0, 0, 0]);
    expect(() => layerNorm(backend, x, 1 << 14, 1 << 14)).toThrow(/layerNorm: x/);
    expect(() => layerNorm(backend, x, 4, 6, { gamma: x + 2 })).toThrow(/layerNorm: gamma/);
    expect(() => layerNorm(backend, x, 4, 6, { eps: -1 })).toThrow(/layerNorm: eps/);
    expect(() => batchNormTrain(backend, x, 1, 24)).toThrow(/at least 2 values per channel/);
    expect(() => batchNormTrain(backend, x, 4, 6, { momentum: 2 })).toThrow(/momentum/);
    expect(() => batchNormTrain(backend, x, 4, 6, { out: x })).toThrow(/batchNormTrain: out overlaps x/);
    expect(() => batchNormInference(backend, x, 4, 6, x, x + 1)).toThrow(/batchNormInference: runningVar/);
    expect(() => groupNorm(backend, x, [1, 4, 6], 4)).toThrow(/groups must be a positive divisor of C = 6/);
    expect(() => groupNorm(backend, x, [1, 4] as unknown as [number, number, number], 1)).toThrow(ShapeError);
    expect(() => groupNormBackward(backend, x, x, x, x, [1, 4, 6], 2, { gamma: x + 1 })).toThrow(/groupNormBackward: gamma/);
  });
});
