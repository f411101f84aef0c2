// Saving and loading composites: a fitted Pipeline (with a ColumnTransformer of @neurite/features
// transformers) through JSON.stringify / JSON.parse and estimatorFromJSON predicts bit for bit as
// before; unfitted ones stay unfitted; bad or unknown JSON is refused with the reason.
import { HashingVectorizer, OneHotEncoder, SimpleImputer, StandardScaler } from '@neurite/features';
import { ArgumentError, NotFittedError } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { RandomForestClassifier, VotingClassifier } from '../ensemble/index.ts';
import { LogisticRegression } from '../linear/index.ts';
import { MultinomialNB } from '../naive-bayes/index.ts';
import { ColumnTransformer } from './column-transformer.ts';
import { estimatorFromJSON, loadableEstimatorTypes } from './estimator-from-json.ts';
import { Pipeline } from './pipeline.ts';

const rows = Array.from({ length: 40 }, (_, i) => [i % 7 === 0 ? null : 20 + ((i * 13) % 37), ['red', 'green', 'blue'][i % 3]!, (i * 7) % 11]);
const y = rows.map((r, i) => ((r[2] as number) + (r[1] === 'red' ? 4 : 0) + (i % 2) > 7 ? 1 : 0));

function roundTrip<T>(model: { toJSON(): unknown }): T {
  return estimatorFromJSON<T>(JSON.parse(JSON.stringify(model)));
}

function mixedPipeline(): Pipeline {
  return new Pipeline([
    ['prep', new ColumnTransformer([
      ['num', new Pipeline([['impute', new SimpleImputer()], ['scale', new StandardScaler()]]), [0, 2]],
      ['cat', new OneHotEncoder(), (n) => [n - 2]],
    ])],
    ['clf', new VotingClassifier({ estimators: [['lr', new LogisticRegression()], ['rf', new RandomForestClassifier({ nEstimators: 5, randomState: 0 })]], voting: 'soft' })],
  ]);
}

describe('Pipeline and ColumnTransformer JSON', () => {
  it('a fitted pipeline over a mixed table loads and predicts exactly as before', () => {
    const pipe = mixedPipeline().fit(rows, y);
    const loaded = roundTrip<Pipeline>(pipe);
    expect(loaded).toBeInstanceOf(Pipeline);
    expect(loaded.predict(rows)).toEqual(pipe.predict(rows));
    expect(Array.from(loaded.predictProba(rows).data)).toEqual(Array.from(pipe.predictProba(rows).data));
    expect(loaded.classes).toEqual([0, 1]);
    // The column function was saved as the columns it chose.
    const ct = loaded.namedSteps.prep as ColumnTransformer;
    expect(ct.getParams().transformers[1]![2]).toEqual([1]);
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(pipe));
  });

  it('a text pipeline (hashing then naive Bayes) round-trips, as the spam example saves it', () => {
    const texts = ['win money now', 'meeting at noon', 'cheap money win', 'lunch at noon?', 'win win win', 'see you at the meeting'];
    const labels = [1, 0, 1, 0, 1, 0];
    const pipe = new Pipeline([['hash', new HashingVectorizer({ nFeatures: 256, alternateSign: false, output: 'dense' })], ['nb', new MultinomialNB()]]).fit(texts as never, labels);
    const loaded = roundTrip<Pipeline>(pipe);
    expect(Array.from(loaded.predictProba(texts as never).data)).toEqual(Array.from(pipe.predictProba(texts as never).data));
  });

  it('an unfitted pipeline loads unfitted, with its hyperparameters', () => {
    const loaded = roundTrip<Pipeline>(new Pipeline([['scale', new StandardScaler()], ['skip', 'passthrough'], ['lr', new LogisticRegression({ C: 0.5 })]]));
    expect(() => loaded.predict([[1]])).toThrow(NotFittedError);
    expect((loaded.namedSteps.lr as LogisticRegression).getParams().C).toBe(0.5);
    expect(loaded.namedSteps.skip).toBe('passthrough');
    loaded.fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
    expect(loaded.predict([[3]])).toEqual([1]);
  });

  it('refuses a column function before fit, unknown types and broken JSON', () => {
    const ct = new ColumnTransformer([['s', new StandardScaler(), () => [0]]]);
    expect(() => ct.toJSON()).toThrow(/selects columns with a function/);
    expect(() => estimatorFromJSON({ type: 'Evil', params: {}, state: null })).toThrow(/unknown type "Evil"/);
    expect(() => estimatorFromJSON('Pipeline')).toThrow(ArgumentError);
    expect(() => Pipeline.fromJSON({ type: 'Pipeline', params: { steps: [['a', { type: 'StandardScaler', params: {}, state: null }]] }, state: null })).toThrow(/no class known for type "StandardScaler"/);
    const fitted = new ColumnTransformer([['s', new StandardScaler(), [0]]]).fit([[1], [2]]).toJSON() as { state: { parts: { slice: number[] }[] } };
    fitted.state.parts[0]!.slice = [0, 3];
    expect(() => estimatorFromJSON(fitted)).toThrow(/the parts give 3 columns/);
    expect(loadableEstimatorTypes).toContain('ColumnTransformer');
  });

  it('loads classes of your own through extra', () => {
    class Doubler {
      getParams() { return {}; }
      setParams() { return this; }
      fit() { return this; }
      transform(X: number[][]) { return X.map((r) => r.map((v) => 2 * v)); }
      toJSON() { return { type: 'Doubler', params: {}, state: null }; }
      static fromJSON() { return new Doubler(); }
    }
    const pipe = new Pipeline([['double', new Doubler() as never], ['lr', new LogisticRegression()]]).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
    const loaded = estimatorFromJSON<Pipeline>(JSON.parse(JSON.stringify(pipe)), { Doubler } as never);
    expect(loaded.predict([[0], [3]])).toEqual(pipe.predict([[0], [3]]));
  });
});
