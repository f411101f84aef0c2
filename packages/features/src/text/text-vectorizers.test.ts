// CountVectorizer, TfidfTransformer and TfidfVectorizer against scikit-learn 1.9.1
// (fixtures/text-vectorizers.json, from fixtures/generate_text_vectorizers.py).
import { readFileSync } from 'node:fs';
import { ArgumentError, type Matrix, NotFittedError, ShapeError } from '@neurite/tensor';
import { describe, expect, it } from 'vitest';
import { type CsrMatrix, toDense } from '../hashing/sparse.ts';
import { CountVectorizer } from './count-vectorizer.ts';
import { TfidfTransformer } from './tfidf-transformer.ts';
import { TfidfVectorizer } from './tfidf-vectorizer.ts';

interface Case {
  name: string;
  params: Record<string, unknown>;
  vocabulary: string[];
  idf?: number[];
  train: number[][];
  new: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/text-vectorizers.json', import.meta.url), 'utf8')) as {
  train: string[];
  new: string[];
  count: Case[];
  tfidf: Case[];
  transformer: { counts: number[][]; newCounts: number[][]; cases: Case[] };
};

function expectClose(actual: Matrix, expected: number[][], tolerance: number): void {
  expect([actual.rows, actual.cols]).toEqual([expected.length, expected[0]!.length]);
  for (let i = 0; i < actual.rows; i++) {
    for (let j = 0; j < actual.cols; j++) {
      const a = actual.data[i * actual.cols + j]!, e = expected[i]![j]!;
      if (Math.abs(a - e) > tolerance) throw new Error(`[${i}, ${j}]: ${a} vs scikit-learn ${e}`);
    }
  }
}

describe('CountVectorizer equals scikit-learn', () => {
  for (const c of fixture.count) {
    it(c.name, () => {
      const v = new CountVectorizer(c.params);
      const train = v.fitTransform(fixture.train);
      expect(v.getFeatureNamesOut()).toEqual(c.vocabulary);
      expectClose(toDense(train), c.train, 0);
      expectClose(toDense(v.transform(fixture.new)), c.new, 0);
      // fit then transform gives the same counts; the dense output too.
      const dense = new CountVectorizer({ ...c.params, output: 'dense' }).fit(fixture.train);
      expectClose(dense.transform(fixture.train), c.train, 0);
      // JSON round trip
      const back = CountVectorizer.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
      expect(back.transformSparse(fixture.new)).toEqual(v.transformSparse(fixture.new));
    });
  }

  it('CSR rows hold ascending column indices; the vocabulary map numbers the terms', () => {
    const v = new CountVectorizer();
    const X = v.fitTransform(fixture.train) as CsrMatrix;
    for (let i = 0; i < X.shape[0]; i++) for (let k = X.indptr[i]! + 1; k < X.indptr[i + 1]!; k++) expect(X.indices[k]!).toBeGreaterThan(X.indices[k - 1]!);
    expect(v.vocabulary.get('dog')).toBe(v.getFeatureNamesOut().indexOf('dog'));
  });
});

describe('TfidfVectorizer equals scikit-learn', () => {
  for (const c of fixture.tfidf) {
    it(c.name, () => {
      const v = new TfidfVectorizer(c.params);
      const train = v.fitTransform(fixture.train);
      expect(v.getFeatureNamesOut()).toEqual(c.vocabulary);
      if (c.idf) Array.from(v.idf!).forEach((x, j) => expect(Math.abs(x - c.idf![j]!)).toBeLessThan(1e-12));
      else expect(v.idf).toBeNull();
      expectClose(toDense(train), c.train, 1e-12);
      expectClose(toDense(v.transform(fixture.new)), c.new, 1e-12);
      const back = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
      expect(back.transformSparse(fixture.new)).toEqual(v.transformSparse(fixture.new));
    });
  }
});

describe('TfidfTransformer equals scikit-learn', () => {
  const { counts, newCounts, cases } = fixture.transformer;
  for (const c of cases) {
    it(c.name, () => {
      const t = new TfidfTransformer(c.params).fit(counts);
      Array.from(t.idf!).forEach((x, j) => expect(Math.abs(x - c.idf![j]!)).toBeLessThan(1e-12));
      expectClose(t.transform(counts), c.train, 1e-12);
      expectClose(t.transform(newCounts), c.new, 1e-12);
      // CSR in, CSR out, the same values
      const csr = new CountVectorizer().fitTransform(fixture.train);
      expectClose(toDense(new TfidfTransformer(c.params).fitTransform(csr)), c.train, 1e-12);
      const back = TfidfTransformer.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
      expect(back.transform(newCounts)).toEqual(t.transform(newCounts));
    });
  }
});

describe('bad input', () => {
  it('typed errors before anything is learned', () => {
    expect(() => new CountVectorizer({ maxDf: 2.5 })).toThrow(ArgumentError);
    expect(() => new CountVectorizer({ minDf: 1.5 })).toThrow(ArgumentError);
    expect(() => new CountVectorizer({ minDf: -1 })).toThrow(ArgumentError);
    expect(() => new CountVectorizer({ maxFeatures: 0 })).toThrow(/maxFeatures/);
    expect(() => new CountVectorizer({ vocabulary: ['a', 'a'] })).toThrow(/repeated/);
    expect(() => new CountVectorizer({ vocabulary: [] })).toThrow(ArgumentError);
    expect(() => new CountVectorizer({ ngramRange: [2, 1] })).toThrow(/ngramRange/);
    expect(() => new CountVectorizer({ nFeatures: 3 } as never)).toThrow(/unknown parameter/);
    expect(() => new TfidfVectorizer({ norm: 'l3' as never })).toThrow(ArgumentError);
    const v = new CountVectorizer();
    expect(() => v.transform(['a b'])).toThrow(NotFittedError);
    expect(() => v.fit('text' as never)).toThrow(ArgumentError);
    expect(() => v.fit(['ok words', 3 as never])).toThrow(/document 1/);
    expect(() => v.fit([])).toThrow(ShapeError);
    expect(() => v.fit(['a', 'b'])).toThrow(/empty vocabulary/);
    expect(() => new CountVectorizer({ minDf: 2 }).fit(['aa bb', 'cc dd'])).toThrow(/no terms remain/);
    expect(() => new CountVectorizer({ minDf: 3, maxDf: 2 }).fit(['aa bb', 'bb cc'])).toThrow(/maxDf/);
    expect(v.isFitted).toBe(false);
    const t = new TfidfTransformer().fit([[1, 0], [0, 2]]);
    expect(() => t.transform([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => new TfidfTransformer({ sublinearTf: true }).fitTransform([[-1, 2]])).toThrow(/counts >= 0/);
    expect(() => TfidfVectorizer.fromJSON({ type: 'TfidfVectorizer', params: {}, state: { terms: ['a'], idf: [1, 2] } })).toThrow(ArgumentError);
    expect(() => CountVectorizer.fromJSON({ type: 'TfidfVectorizer', params: {}, state: null })).toThrow(ArgumentError);
  });
});
