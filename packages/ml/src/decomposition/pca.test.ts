import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, memory, NotFittedError, ShapeError } from '@neurite/tensor';
import { PCA, type PCAParams } from './pca.ts';

// Golden values: scikit-learn 1.9.1 PCA(svd_solver='full') (fixtures/unsupervised.py).
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised.json', import.meta.url), 'utf8'));
const digits = JSON.parse(readFileSync(new URL('../../fixtures/unsupervised-digits.json', import.meta.url), 'utf8'));
const digitRows = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from(digits.pixels.slice(i * 64, i * 64 + 64) as string, (c) => parseInt(c, 17)));
const data: Record<string, number[][]> = { iris: fixture.iris, digits300: digitRows(300), wide: fixture.wide };
const TOL = 1e-6;

function close(actual: ArrayLike<number>, expected: readonly number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    if (Math.abs(actual[i]! - e) > tol * (1 + Math.abs(e))) throw new Error(`${what}[${i}]: ${actual[i]} vs ${e}`);
  }
}

function paramsOf(c: { params: Record<string, unknown> }): Partial<PCAParams> {
  const p: Partial<PCAParams> = {};
  if ('n_components' in c.params) p.nComponents = c.params.n_components as number;
  if ('whiten' in c.params) p.whiten = c.params.whiten as boolean;
  return p;
}

beforeAll(async () => {
  await init();
});

describe('PCA against scikit-learn', () => {
  for (const solver of ['covariance_eigh', 'full'] as const) {
    for (const c of fixture.pca) {
      it(`${c.name} (${solver})`, () => {
        const before = memory().liveTensors;
        const x = data[c.name.split(' ')[0]]!;
        const pca = new PCA({ ...paramsOf(c), svdSolver: solver }).fit(x);
        expect(pca.nComponents).toBe(c.nComponents);
        // Signs follow svd_flip(u_based_decision=False), so components match without flipping.
        close(pca.components.data, c.components.flat(), TOL, 'components');
        close(pca.explainedVariance, c.explainedVariance, TOL, 'explainedVariance');
        close(pca.explainedVarianceRatio, c.explainedVarianceRatio, TOL, 'explainedVarianceRatio');
        close(pca.singularValues, c.singularValues, TOL, 'singularValues');
        close(pca.mean, c.mean, TOL, 'mean');
        expect(Math.abs(pca.noiseVariance - c.noiseVariance)).toBeLessThan(TOL * (1 + c.noiseVariance));
        close(pca.transform(x.slice(0, 20)).data, c.transform.flat(), TOL, 'transform');
        close(pca.inverseTransform(pca.transform(x.slice(0, 5))).data, c.inverse.flat(), TOL, 'inverse');
        expect(memory().liveTensors).toBe(before);
      });
    }
  }

  it('randomized SVD matches the full solution on digits (10 of 64 components)', () => {
    const c = fixture.pca.find((p: { name: string }) => p.name === 'digits300 10');
    const pca = new PCA({ nComponents: 10, svdSolver: 'randomized', randomState: 4 }).fit(data.digits300!);
    // Randomized subspace iteration is approximate: the leading, well-separated components converge
    // to 1e-6; the trailing ones of the requested 10 to about 1e-5 relative in variance (4 power iterations).
    close(pca.explainedVariance.subarray(0, 5), c.explainedVariance.slice(0, 5), 1e-6, 'leading explainedVariance');
    close(pca.explainedVariance, c.explainedVariance, 1e-5, 'explainedVariance');
    close(pca.components.data.subarray(0, 5 * 64), c.components.slice(0, 5).flat(), 1e-5, 'leading components');
    expect(Math.abs(pca.noiseVariance - c.noiseVariance)).toBeLessThan(1e-5 * c.noiseVariance);
  });
});

describe('PCA', () => {
  it('randomized on rank-deficient data (rank 3, 15 basis columns: Cholesky QR falls back to Gram-Schmidt) matches the full solution', () => {
    const rows = Array.from({ length: 100 }, (_, i) => {
      const a = Math.sin(i), b = Math.cos(3 * i), c = ((i * 7) % 11) / 11;
      return Array.from({ length: 20 }, (_, f) => a * (f + 1) + b * ((f * 5) % 7) - c * (f % 3));
    });
    const r = new PCA({ nComponents: 5, svdSolver: 'randomized' }).fit(rows), full = new PCA({ nComponents: 5, svdSolver: 'full' }).fit(rows);
    close(r.explainedVariance.subarray(0, 3), Array.from(full.explainedVariance.subarray(0, 3)), 1e-9, 'explainedVariance');
    close(r.components.data.subarray(0, 3 * 20), Array.from(full.components.data.subarray(0, 3 * 20)), 1e-7, 'components');
  });

  it('covariance_eigh leaves constant columns out: all variances and the distinct components equal the full SVD\'s, zero-variance components are those columns\' unit vectors', () => {
    const x = data.digits300!;
    const constant = Array.from({ length: 64 }, (_, f) => f).filter((f) => x.every((row) => row[f] === x[0]![f]));
    expect(constant.length).toBeGreaterThan(0); // blank border pixels
    const eigh = new PCA({ svdSolver: 'covariance_eigh' }).fit(x), full = new PCA({ svdSolver: 'full' }).fit(x);
    close(eigh.explainedVariance, Array.from(full.explainedVariance), 1e-9, 'explainedVariance');
    close(eigh.components.data.subarray(0, 40 * 64), Array.from(full.components.data.subarray(0, 40 * 64)), TOL, 'leading 40 components');
    const v = eigh.components.data, last = 64 - constant.length;
    constant.forEach((f, i) => {
      expect(eigh.explainedVariance[last + i]).toBe(0);
      expect(Array.from(v.subarray((last + i) * 64, (last + i + 1) * 64))).toEqual(Array.from({ length: 64 }, (_, j) => (j === f ? 1 : 0)));
    });
    // svd_flip's signs on every row (the eigensolver's own; the fit flips none here): the first largest |entry| is positive.
    for (let r = 0; r < 64; r++) {
      let at = 0;
      for (let f = 1; f < 64; f++) if (Math.abs(v[r * 64 + f]!) > Math.abs(v[r * 64 + at]!)) at = f;
      expect(v[r * 64 + at], `component ${r}`).toBeGreaterThan(0);
    }
    // The ratios add up to 1: the total variance is the scatter matrix's trace.
    expect(eigh.explainedVarianceRatio.reduce((s, r) => s + r, 0)).toBeCloseTo(1, 12);
  });

  it('covariance_eigh on integers over one scale (the exact int16 scatter) equals the float64 scatter on the same data times pi', () => {
    for (const [scale, rows] of [[1, 300], [1000, 300], [10, 100]] as const) {
      const x = data.digits300!.slice(0, rows).map((row) => row.map((v) => v / scale));
      const exact = new PCA({ svdSolver: 'covariance_eigh' }).fit(x);
      const float = new PCA({ svdSolver: 'covariance_eigh' }).fit(x.map((row) => row.map((v) => v * Math.PI)));
      close(float.explainedVariance.map((v) => v / Math.PI ** 2), Array.from(exact.explainedVariance), 1e-10, `explainedVariance scale ${scale}`);
      const k = 20;
      close(float.components.data.subarray(0, k * 64), Array.from(exact.components.data.subarray(0, k * 64)), TOL, `leading ${k} components scale ${scale}`);
    }
  });

  it('keeps all components by default, reconstructs exactly, whitened scores have unit variance', () => {
    const pca = new PCA({ whiten: true }).fit(fixture.iris);
    const z = pca.transform(fixture.iris);
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let i = 0; i < 150; i++) s += z.data[i * 4 + j]! ** 2;
      expect(s / 149).toBeCloseTo(1, 9);
    }
    close(pca.inverseTransform(z).data, fixture.iris.flat(), 1e-10, 'reconstruction');
  });

  it('round-trips through JSON', () => {
    const pca = new PCA({ nComponents: 2 }).fit(fixture.iris);
    const back = PCA.fromJSON(JSON.parse(JSON.stringify(pca.toJSON())));
    expect(Array.from(back.transform(fixture.iris).data)).toEqual(Array.from(pca.transform(fixture.iris).data));
    expect(PCA.fromJSON(new PCA().toJSON()).getParams().nComponents).toBeNull();
  });

  it('validates arguments, guards learned state and reports progress', () => {
    expect(() => new PCA().components).toThrow(NotFittedError);
    expect(() => new PCA({ nComponents: 0 })).toThrow(/nComponents/);
    expect(() => new PCA({ nComponents: 1.5 })).toThrow(ArgumentError);
    expect(() => new PCA({ nComponents: 0.5, svdSolver: 'randomized' })).toThrow(/fraction/);
    expect(() => new PCA({ nComponents: 5 }).fit(fixture.iris)).toThrow(/exceeds/);
    expect(() => new PCA().fit([[1, 2]])).toThrow(ShapeError);
    const pca = new PCA({ nComponents: 2 }).fit(fixture.iris);
    expect(() => pca.transform([[1, 2]])).toThrow(/2 features/);
    expect(() => pca.inverseTransform([[1, 2, 3]])).toThrow(/3 columns/);
    const stages: string[] = [];
    new PCA().fit(fixture.iris, undefined, { onProgress: (p) => stages.push(`${p.stage}:${p.done}`) });
    expect(stages).toEqual(['covariance_eigh:0', 'covariance_eigh:1']);
  });

  it('reads a float64 table in place without changing it, and names a NaN or infinite cell', () => {
    const data = Float64Array.of(1, 2, 3, 5, 4, 1, 0, 7, 2, 2, 9, 4);
    const copy = data.slice();
    const pca = new PCA().fit({ rows: 4, cols: 3, data });
    expect(data).toEqual(copy);
    expect(pca.mean).toEqual(Float64Array.of(2, 5.5, 2.5));
    for (const bad of [NaN, Infinity, -Infinity]) {
      const x = data.slice();
      x[7] = bad;
      expect(() => new PCA().fit({ rows: 4, cols: 3, data: x })).toThrow(new RegExp(`row 2, column 1 is ${bad}`));
    }
  });
});
