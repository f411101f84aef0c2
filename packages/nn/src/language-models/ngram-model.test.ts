import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '@neurite/tensor';
import { NgramLanguageModel } from './ngram-model.ts';

interface Fixture {
  train: string[][];
  test: string[][];
  cases: { order: number; kind: string; vocab: number; queries: [string, string[], number][]; perplexity: number }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/ngram.json', import.meta.url), 'utf8')) as Fixture;

function modelFor(order: number, kind: string): NgramLanguageModel {
  if (kind === 'add-k') return new NgramLanguageModel({ order, smoothing: 'add-k', k: 1 });
  if (kind === 'add-k-0.5') return new NgramLanguageModel({ order, smoothing: 'add-k', k: 0.5 });
  return new NgramLanguageModel({ order, smoothing: 'kneser-ney', discount: kind === 'kneser-ney' ? 0.1 : 0.75, variant: 'nltk' });
}

describe('NgramLanguageModel against NLTK 3.10 (nltk.lm)', () => {
  for (const c of fixture.cases) {
    it(`order ${c.order}, ${c.kind}: every score and the perplexity`, () => {
      const lm = modelFor(c.order, c.kind).fit(fixture.train);
      expect(lm.vocabularySize).toBe(c.vocab);
      for (const [word, context, p] of c.queries) expect(lm.score(word, context)).toBeCloseTo(p, 12);
      expect(lm.perplexity(fixture.test) / c.perplexity).toBeCloseTo(1, 12);
    });
  }
});

describe('NgramLanguageModel', () => {
  it('chen-goodman (default): unseen words keep a probability and each distribution sums to 1', () => {
    const lm = new NgramLanguageModel({ order: 3 }).fit(fixture.train);
    expect(lm.score('kraken', ['the', 'whale'])).toBeGreaterThan(0);
    const vocabulary = [...new Set(fixture.train.flat()), '</s>', '<UNK>'];
    for (const context of [['the', 'whale'], ['<s>', '<s>'], ['never', 'seen']]) {
      const total = vocabulary.reduce((s, w) => s + lm.score(w, context), 0) + lm.score('<s>', context);
      expect(total).toBeCloseTo(1, 10);
    }
    expect(Number.isFinite(lm.perplexity([['kraken', 'the', 'sea']]))).toBe(true);
  });

  it('generates from a seeded source, reproducibly', () => {
    const lm = new NgramLanguageModel({ order: 2 }).fit(fixture.train);
    const seeded = (): (() => number) => {
      let s = 42;
      return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    };
    const a = lm.generate({ maxTokens: 20, random: seeded() });
    expect(a).toEqual(lm.generate({ maxTokens: 20, random: seeded() }));
    expect(a.length).toBeGreaterThan(0);
  });

  it('rejects bad options and input', () => {
    expect(() => new NgramLanguageModel({ order: 6 })).toThrow(ArgumentError);
    expect(() => new NgramLanguageModel({ discount: 1 })).toThrow(/discount/);
    expect(() => new NgramLanguageModel().fit([['a', 3 as unknown as string]])).toThrow(/token 1 is a number/);
    expect(() => new NgramLanguageModel().score('a')).toThrow(/fit\(\) first/);
  });
});
