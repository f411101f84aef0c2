// ColumnTransformer over mixed tables: numeric and string columns by rows or by named columns,
// missing values, each part given what its transformer takes, and the errors a user meets.
import { OneHotEncoder, OrdinalEncoder, SimpleImputer, StandardScaler } from '@neurite/features';
import { ArgumentError } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { LogisticRegression } from '../linear/index.ts';
import { ColumnTransformer } from './column-transformer.ts';
import { Pipeline } from './pipeline.ts';

const rows = [
  [34, 'Paris', 'S', 1.5],
  [51, 'Lyon', 'M', 0.5],
  [null, 'Paris', 'L', 2.5],
  [28, 'Nice', 'M', 1],
  [45, 'Lyon', 'S', 3],
  [39, 'Nice', 'L', 2],
];
const byColumns = { columns: [0, 1, 2, 3].map((j) => rows.map((r) => r[j]!)), names: ['age', 'city', 'size', 'score'] };

function columnOf(table: (string | number | null)[][], j: number): (string | number | null)[][] {
  return table.map((r) => [r[j]!]);
}

describe('ColumnTransformer on mixed tables', () => {
  it('one-hot encodes string columns beside scaled numeric ones, equal to the parts applied by hand', () => {
    const ct = new ColumnTransformer([
      ['num', new Pipeline([['impute', new SimpleImputer({ strategy: 'median' })], ['scale', new StandardScaler()]]), [0, 3]],
      ['cat', new OneHotEncoder(), [1, 2]],
    ]);
    const out = ct.fitTransform(rows);
    expect(out.cols).toBe(2 + 3 + 3);
    const numeric = rows.map((r) => [r[0] ?? NaN, r[3] as number]);
    const scaled = new StandardScaler().fit(new SimpleImputer({ strategy: 'median' }).fitTransform(numeric)).transform(new SimpleImputer({ strategy: 'median' }).fitTransform(numeric));
    const onehot = new OneHotEncoder().fitTransform(rows.map((r) => [r[1] as string, r[2] as string]));
    for (let i = 0; i < rows.length; i++) {
      expect(Array.from(out.data.subarray(i * 8, i * 8 + 2))).toEqual(Array.from(scaled.data.subarray(i * 2, i * 2 + 2)));
      expect(Array.from(out.data.subarray(i * 8 + 2, i * 8 + 8))).toEqual(Array.from(onehot.data.subarray(i * 6, i * 6 + 6)));
    }
    expect(Array.from(ct.transform(rows).data)).toEqual(Array.from(out.data));
    expect(ct.inputIndices).toEqual({ num: [0, 3], cat: [1, 2] });
  });

  it('selects columns by name from { columns, names }, and by a function of the names', () => {
    const byName = new ColumnTransformer([['city', new OrdinalEncoder(), 'city'], ['score', 'passthrough', ['score']]]).fitTransform(byColumns);
    const byIndex = new ColumnTransformer([['city', new OrdinalEncoder(), [1]], ['score', 'passthrough', [3]]]).fitTransform(rows);
    expect(Array.from(byName.data)).toEqual(Array.from(byIndex.data));
    const fn = new ColumnTransformer([['s', new OneHotEncoder(), (_n, names) => names!.filter((n) => n.startsWith('s') && n !== 'score')]]).fitTransform(byColumns);
    expect(Array.from(fn.data)).toEqual(Array.from(new OneHotEncoder().fitTransform(columnOf(rows, 2)).data));
  });

  it('transforms one row, and keeps a string column whose values are all missing a string column', () => {
    const ct = new ColumnTransformer([['cat', new OneHotEncoder({ handleUnknown: 'ignore' }), [1]]], { remainder: 'drop' }).fit(rows);
    expect(Array.from(ct.transform([[40, 'Lyon', 'S', 1]]).data)).toEqual([1, 0, 0]);
    expect(() => ct.transform([[40, null, 'S', 1]])).toThrow(/row 0, column 0 is null/);
  });

  it('trains a classifier on a mixed table inside a Pipeline', () => {
    const y = [0, 1, 0, 1, 1, 0];
    const pipe = new Pipeline([
      ['prep', new ColumnTransformer([['num', new SimpleImputer(), [0, 3]], ['cat', new OneHotEncoder(), [1, 2]]])],
      ['clf', new LogisticRegression()],
    ]).fit(rows, y);
    expect(pipe.predict(rows)).toHaveLength(6);
    expect(pipe.predictProba([[30, 'Nice', 'S', 1]]).cols).toBe(2);
  });

  it('refuses what it cannot do, naming the column', () => {
    expect(() => new ColumnTransformer([['c', 'passthrough', [1]]]).fit(rows)).toThrow(/passes column 1 through, but it holds strings/);
    expect(() => new ColumnTransformer([['c', 'passthrough', [0]]], { remainder: 'passthrough' }).fit(byColumns)).toThrow(/column city through/);
    expect(() => new ColumnTransformer([['c', new OneHotEncoder(), 'city']]).fit(rows)).toThrow(/by name, but X has no column names/);
    expect(() => new ColumnTransformer([['c', new OneHotEncoder(), 'town']]).fit(byColumns)).toThrow(/selects column "town"/);
    expect(() => new ColumnTransformer([['c', new OneHotEncoder(), [1]]]).fit([[1, 'a'], ['b', 2]])).toThrow(/mixes strings and numbers/);
    expect(() => new ColumnTransformer([['c', new OneHotEncoder(), [1]]]).fit([[1, 'a'], [2, { x: 1 }]] as never)).toThrow(ArgumentError);
    const ct = new ColumnTransformer([['cat', new OneHotEncoder(), [1]]]).fit(rows);
    expect(() => ct.transform([[1, 2, 3, 4]])).toThrow(/column 1 holds numbers, it held strings in fit/);
    const named = new ColumnTransformer([['cat', new OneHotEncoder(), 'city']]).fit(byColumns);
    expect(() => named.transform({ columns: byColumns.columns, names: ['a', 'city', 'size', 'score'] })).toThrow(/same names in the same order/);
  });
});

describe('model selection over mixed tables and texts', () => {
  const table = { names: ['n', 'city'], columns: [Array.from({ length: 30 }, (_, i) => (i * 7) % 11), Array.from({ length: 30 }, (_, i) => ['a', 'b', 'c'][i % 3]!)] };
  const labels = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 || (i * 7) % 11 > 6 ? 1 : 0));
  const make = () => new Pipeline([['prep', new ColumnTransformer([['n', new StandardScaler(), ['n']], ['city', new OneHotEncoder(), ['city']]])], ['clf', new LogisticRegression({ C: 10 })]]);

  it('cross-validates and grid-searches a pipeline on named columns, each fold fitted on its own rows', async () => {
    const { crossValScore, GridSearchCV, KFold, trainTestSplit } = await import('../model-selection/index.ts');
    const scores = crossValScore(make(), table, labels, { cv: new KFold({ nSplits: 3 }) });
    expect(scores).toHaveLength(3);
    for (const s of scores) expect(s).toBeGreaterThan(0.6);
    // fold 0 by hand: the first 10 rows test, the rest train
    const part = (from: number, to?: number) => ({ names: table.names, columns: table.columns.map((c) => c.slice(from, to)) });
    expect(scores[0]).toBe(make().fit(part(10), labels.slice(10)).score(part(0, 10), labels.slice(0, 10)));
    const search = new GridSearchCV({ estimator: make(), paramGrid: { clf__C: [0.1, 10] }, cv: new KFold({ nSplits: 3 }) }).fit(table, labels);
    expect([0.1, 10]).toContain(search.bestParams.clf__C);
    const split = trainTestSplit(table, labels, { testSize: 0.2, randomState: 1 });
    expect(split.XTest.columns[1]).toHaveLength(6);
    expect(split.XTest.names).toEqual(['n', 'city']);
    const rowsSplit = trainTestSplit(rows, [0, 1, 0, 1, 1, 0], { testSize: 2, shuffle: false });
    expect(rowsSplit.XTest).toEqual([rows[4], rows[5]]);
  });
});

describe('string columns with missing values', () => {
  it('imputes the most frequent city then one-hot encodes it, inside a ColumnTransformer part', () => {
    const table = [[1, 'Paris'], [2, null], [3, 'Lyon'], [4, 'Paris'], [5, undefined]];
    const ct = new ColumnTransformer([
      ['n', 'passthrough', [0]],
      ['city', new Pipeline([['impute', new SimpleImputer({ strategy: 'mostFrequent' })], ['onehot', new OneHotEncoder()]]), [1]],
    ]);
    expect(Array.from(ct.fitTransform(table).data)).toEqual([1, 0, 1, 2, 0, 1, 3, 1, 0, 4, 0, 1, 5, 0, 1]);
    expect(Array.from(ct.transform([[6, null]]).data)).toEqual([6, 0, 1]);
  });
});
