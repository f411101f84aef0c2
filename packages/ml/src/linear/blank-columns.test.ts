// Logistic regression on features with columns that are zero in every row: the solvers run without
// those columns (their coefficients stay 0), so the fit equals the fit on the other columns exactly.
import { describe, expect, it } from 'vitest';
import { svmIris } from '../../fixtures/sample-weight-data.ts';
import { dropBlankColumns } from './blank-columns.ts';
import { LogisticRegression } from './logistic-regression.ts';

const names = [...new Set(svmIris.y)].sort();
const y = svmIris.y.map((v) => names.indexOf(v));
// iris with blank columns before, between and after the four features
const widen = (r: readonly number[]) => [0, r[0]!, r[1]!, 0, r[2]!, r[3]!, 0];
const wide = svmIris.X.map(widen);
const blank = [0, 3, 6];

describe('logistic regression with blank columns', () => {
  for (const solver of ['lbfgs', 'newton-cholesky'] as const) {
    for (const [what, labels] of [['multinomial', y], ['binary', y.map((c) => (c === 2 ? 1 : 0))]] as const) {
      it(`${solver}, ${what}: the fit on the other columns, zeros on the blank ones`, () => {
        const narrow = new LogisticRegression({ solver, maxIter: 200 }).fit(svmIris.X, labels);
        const full = new LogisticRegression({ solver, maxIter: 200 }).fit(wide, labels);
        const rows = full.coef.rows;
        for (let r = 0; r < rows; r++) {
          const row = Array.from(full.coef.data.subarray(r * 7, (r + 1) * 7));
          expect(blank.map((j) => row[j])).toEqual([0, 0, 0]);
          expect(row.filter((_, j) => !blank.includes(j))).toEqual(Array.from(narrow.coef.data.subarray(r * 4, (r + 1) * 4)));
        }
        expect(Array.from(full.intercept)).toEqual(Array.from(narrow.intercept));
        expect(full.nIter).toEqual(narrow.nIter);
        expect(full.predict(wide)).toEqual(narrow.predict(svmIris.X));
      });
    }
  }

  it('keeps every column when none is blank, every one is, or a warm start has a weight on a blank one', () => {
    const x = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 2, 0) };
    expect(dropBlankColumns({ rows: 2, cols: 2, data: Float64Array.of(1, 3, 2, 4) }, new Float64Array(3), 1, true)).toBeNull();
    expect(dropBlankColumns({ rows: 2, cols: 2, data: new Float64Array(4) }, new Float64Array(3), 1, true)).toBeNull();
    expect(dropBlankColumns(x, Float64Array.of(0.5, 0.25, 1), 1, true)).toBeNull();
    const r = dropBlankColumns(x, Float64Array.of(0.5, 0, 1), 1, true)!;
    expect(Array.from(r.x.data)).toEqual([1, 2]);
    expect(Array.from(r.params)).toEqual([0.5, 1]);
    expect(Array.from(r.widen(Float64Array.of(3, 4)))).toEqual([3, 0, 4]);
  });
});
