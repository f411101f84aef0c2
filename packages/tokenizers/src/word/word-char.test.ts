import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { TokenizerArgumentError } from '../errors.ts';
import { createCharTokenizer, trainCharTokenizer } from '../char/char-tokenizer.ts';
import { writeTokenizerJson } from '../formats/tokenizer-json/write.ts';
import { readTokenizerJson } from '../formats/tokenizer-json/read.ts';
import { buildVocab } from './build-vocab.ts';
import { createWordTokenizer, trainWordTokenizer } from './word-tokenizer.ts';

describe('word-level tokenizer', () => {
  const vocab = new Map([['[UNK]', 0], ['[PAD]', 1], ['hello', 2], ['world', 3], [',', 4], ['!', 5], ['...', 6]]);
  const t = createWordTokenizer(vocab, { lowercase: true, specialTokens: ['[UNK]', '[PAD]'] });

  test('splits words and punctuation runs; unknown words are [UNK]', () => {
    expect([...t.encode('Hello, world!')]).toEqual([2, 4, 3, 5]);
    expect([...t.encode('hello... moon')]).toEqual([2, 6, 0]);
    expect(t.tokenize('HELLO world')).toEqual(['hello', 'world']);
    const split = createWordTokenizer(vocab, { split: 'whitespace-split' });
    expect([...split.encode('hello, world')]).toEqual([0, 3]);
  });

  test('offsets, padding, truncation, batch', () => {
    const e = t.encodeWithOffsets('Hi, World!');
    expect([...e.offsets]).toEqual([0, 2, 2, 3, 4, 9, 9, 10]);
    const batch = t.encodeBatchWithOffsets(['hello', 'hello world !'], { padding: { padId: 1 }, truncation: { maxLength: 2 } });
    expect(batch.map((b) => [...b.ids])).toEqual([[2, 1], [2, 3]]);
    expect(batch.map((b) => [...b.attentionMask])).toEqual([[1, 0], [1, 1]]);
    expect(t.count('hello world !')).toBe(3);
  });

  test('decode joins with spaces; unknown ids throw', () => {
    expect(t.decode([2, 3, 5])).toBe('hello world !');
    expect(() => t.decode([42])).toThrow(TokenizerArgumentError);
  });

  test('vocabulary from texts: most frequent first, ties in code-point order, minFrequency, maxSize', () => {
    const trained = trainWordTokenizer(['b a b c', 'a b d'], { minFrequency: 2 });
    expect([...trained.encode('a b c d')]).toEqual([2, 1, 0, 0]);
    expect([...buildVocab(new Map([['x', 1], ['y', 3], ['z', 3]]), { maxSize: 3 })]).toEqual([['[UNK]', 0], ['y', 1], ['z', 2]]);
  });

  test('tokenizer.json round trip', () => {
    const again = readTokenizerJson(writeTokenizerJson(t));
    expect([...again.encode('Hello, world! moon')]).toEqual([...t.encode('Hello, world! moon')]);
  });
});

describe('character-level tokenizer', () => {
  test('one token per code point, spaces included; unknown characters', () => {
    const t = trainCharTokenizer(['hello world', 'héllo 🐋']);
    const ids = t.encode('hello 🐋!');
    expect(ids.length).toBe(8);
    expect(t.idToToken(ids[6]!)).toBe('🐋');
    expect(t.idToToken(ids[7]!)).toBe('[UNK]');
    const e = t.encodeWithOffsets('h🐋o');
    expect([...e.offsets]).toEqual([0, 1, 1, 3, 3, 4]);
    expect(t.decode(t.encode('hello world'))).toBe('hello world');
  });

  test('without an unknown token, unknown characters are dropped', () => {
    const t = createCharTokenizer(new Map([['a', 0], ['b', 1]]));
    expect([...t.encode('abcab')]).toEqual([0, 1, 0, 1]);
  });

  test('decode(encode(s)) === s over full Unicode with a vocabulary of the characters of the text (fast-check, seed 98)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const t = trainCharTokenizer(s + 'x', { specialTokens: [] });
        return t.decode(t.encode(s)) === s;
      }),
      { seed: 98, numRuns: 200 },
    );
  });

  test('decode(encode(s)) === s for any string over the vocabulary (fast-check, seed 99)', () => {
    const alphabet = ['a', 'b', ' ', '\n', 'é', 'e\u0301', '中', '🐋', '\u{1F600}', '[', ']'];
    const t = trainCharTokenizer(alphabet.join(''));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 50 }), (parts) => {
        const s = parts.join('');
        return t.decode(t.encode(s)) === s;
      }),
      { seed: 99, numRuns: 300 },
    );
  });
});
