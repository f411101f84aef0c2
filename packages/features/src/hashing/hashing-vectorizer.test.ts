// HashingVectorizer and its word tokens against scikit-learn 1.9.1 (fixtures/text.json): tokens,
// n-grams and the CSR arrays must be equal (values to 1e-15 relative: one division per value).
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures.ts';
import { HashingVectorizer } from './hashing-vectorizer.ts';
import { wordTokens } from './text-tokens.ts';

const fx = loadFixture('text.json');

function vectorizer(p: Record<string, any>): HashingVectorizer {
  return new HashingVectorizer({
    nFeatures: p.n_features ?? 2 ** 20, norm: p.norm === null ? 'none' : (p.norm ?? 'l2'), binary: p.binary ?? false,
    alternateSign: p.alternate_sign ?? true, ngramRange: p.ngram_range ?? [1, 1], stopWords: p.stop_words ?? null, lowercase: p.lowercase ?? true,
  });
}

describe('HashingVectorizer (scikit-learn oracle)', () => {
  for (const c of fx.cases) {
    it(c.name, () => {
      const v = vectorizer(c.params);
      fx.documents.forEach((d: string, i: number) => expect(v.tokens(d), `document ${i}`).toEqual(c.tokens[i]));
      const X = v.transform(fx.documents);
      expect(Array.from(X.indptr)).toEqual(c.indptr);
      expect(Array.from(X.indices)).toEqual(c.indices);
      expectClose(X.data, c.data, { atol: 0, rtol: 1e-15 });
    });
  }
  it('transformDense, JSON round trip and typed errors', () => {
    const v = new HashingVectorizer({ nFeatures: 32, norm: 'none', alternateSign: false });
    expect(v.transformDense(['aa bb aa']).data.reduce((s, x) => s + x, 0)).toBe(3);
    const back = HashingVectorizer.fromJSON(JSON.parse(JSON.stringify(v)));
    expect(back.transform(['hello world'])).toEqual(v.transform(['hello world']));
    const dense = new HashingVectorizer({ nFeatures: 32, output: 'dense' });
    expect(dense.transform(['aa bb'])).toEqual(dense.transformDense(['aa bb']));
    expect(dense.transform(['aa bb']).rows).toBe(1);
    expect(() => v.transform('text' as never)).toThrow(ArgumentError);
    expect(() => v.transform([])).toThrow(ShapeError);
    expect(() => v.transform([3] as never)).toThrow(/document 0/);
    expect(() => new HashingVectorizer({ ngramRange: [2, 1] })).toThrow(/ngramRange\[1\]/);
    expect(() => new HashingVectorizer({ norm: 'max' as never })).toThrow(/norm/);
  });
  it('word tokens: runs of two or more letters, numbers or underscores', () => {
    expect(wordTokens("Don't e-mail a_b x 42!")).toEqual(['don', 'mail', 'a_b', '42']);
    expect(wordTokens('ΟΔΟΣ')).toEqual(['οδος']);
  });
});
