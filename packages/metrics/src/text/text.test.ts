// Text metrics beyond the oracle fixtures: perplexity, BLEU misuse and invariants.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusBleu, corpusSacreBleu, perplexity, sentenceBleu, tokenize13a } from './index.ts';

describe('perplexity', () => {
  it('is base^H of the mean cross-entropy', () => {
    expect(perplexity(Math.log(50))).toBeCloseTo(50, 12);
    expect(perplexity(3, { base: 2 })).toBe(8);
    expect(perplexity([1, 2, 3])).toBeCloseTo(Math.exp(2), 12);
    expect(perplexity(Float32Array.of(0, 0))).toBe(1);
    expect(perplexity(Infinity)).toBe(Infinity);
  });

  it('refuses NaN, empty losses and bad bases', () => {
    expect(() => perplexity(NaN)).toThrow(ArgumentError);
    expect(() => perplexity([])).toThrow(/empty/);
    expect(() => perplexity(1, { base: 1 })).toThrow(/base/);
    expect(() => perplexity(1, { log: 2 } as never)).toThrow(/unknown option/);
  });
});

describe('BLEU', () => {
  it('names bad inputs', () => {
    expect(() => corpusBleu([[['a']]], [['a'], ['b']])).toThrow(ShapeError);
    expect(() => sentenceBleu([['a', 'b']], ['a', 2 as never])).toThrow(/hypotheses\[0\]\[1\]/);
    expect(() => sentenceBleu([['a']], ['a'], { smoothing: 'method9' as never })).toThrow(/smoothing/);
    expect(() => sentenceBleu([], ['a'])).toThrow(/non-empty/);
    expect(() => corpusSacreBleu(['a b'], [['a b', 'c']])).toThrow(ShapeError);
    expect(() => corpusSacreBleu(['a b'], [['a b']], { tokenize: 'ja-mecab' } as never)).toThrow(/tokenize/);
  });

  it('scores a hypothesis equal to its reference 1 (100 for sacreBLEU) and gives one score per weight vector', () => {
    const sentence = fc.array(fc.constantFrom('the', 'cat', 'sat', 'on', 'a', 'mat', '.'), { minLength: 4, maxLength: 20 });
    fc.assert(fc.property(sentence, (tokens) => {
      expect(sentenceBleu([tokens], tokens)).toBeCloseTo(1, 12);
      expect(corpusSacreBleu([tokens.join(' ')], [[tokens.join(' ')]]).score).toBeCloseTo(100, 10);
      expect(tokenize13a(tokenize13a(tokens.join(' ')))).toBe(tokenize13a(tokens.join(' ')));
    }), { seed: 20261207, numRuns: 100 });
    const scores = sentenceBleu([['a', 'b', 'c', 'd']], ['a', 'b', 'c', 'x'], { weights: [[1], [0.5, 0.5]] });
    expect(scores).toHaveLength(2);
    expect(scores[0]).toBeCloseTo(0.75, 15);
  });
});
