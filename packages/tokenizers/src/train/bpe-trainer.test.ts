import { describe, expect, test } from 'vitest';
import { TokenizerArgumentError } from '../errors.ts';
import { BpeTrainer, trainBpe } from './bpe-trainer.ts';
import { learnMerges, type TrainingProgress } from './learn-merges.ts';
import { compareCodePoints } from './code-point-order.ts';

const words = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

describe('learnMerges: hand-computed tie-breaks', () => {
  test('equal counts merge the smaller pair of ids first, whatever the corpus order', () => {
    // alphabet a=0 b=1 c=2 d=3; (a,b) and (c,d) both count 2.
    const one = learnMerges(words({ cd: 2, ab: 2 }), { vocabSize: 100 });
    expect(one.vocab).toEqual(['a', 'b', 'c', 'd', 'ab', 'cd']);
    expect(one.merges).toEqual([['a', 'b'], ['c', 'd']]);
    const two = learnMerges(words({ ab: 2, cd: 2 }), { vocabSize: 100 });
    expect(two).toEqual(one);
  });

  test('ties compare ids (alphabet, then creation order), not strings', () => {
    // a0 b1 c2 x3 y4. (a,b)=3 merges first into ab=5. Then (x,y)=(3,4) and (ab,c)=(5,2) tie at 2:
    // the smaller left id, x=3, wins although "ab" < "x" as strings.
    const r = learnMerges(words({ abc: 2, xy: 2, ab: 1 }), { vocabSize: 100 });
    expect(r.merges).toEqual([['a', 'b'], ['x', 'y'], ['ab', 'c']]);
    expect(r.vocab).toEqual(['a', 'b', 'c', 'x', 'y', 'ab', 'xy', 'abc']);
  });

  test('pair counts are weighted by word frequency and count repeated pairs in a word', () => {
    // "aaa" x1: (a,a) occurs twice -> 2. "bc" x3: (b,c) = 3. So (b,c) first, then (a,a).
    const r = learnMerges(words({ aaa: 1, bc: 3 }), { vocabSize: 100 });
    expect(r.merges[0]).toEqual(['b', 'c']);
    expect(r.merges[1]).toEqual(['a', 'a']);
    // After "aaa" -> "aa a" the pair (aa, a) counts 1.
    expect(r.merges[2]).toEqual(['aa', 'a']);
  });

  test('the alphabet is in code-point order, after the special tokens', () => {
    const r = learnMerges(words({ 'z\u{1F600}': 1, 'é\uFF21': 1 }), { vocabSize: 6, specialTokens: ['<s>', '</s>'] });
    expect(r.vocab).toEqual(['<s>', '</s>', 'z', 'é', '\uFF21', '\u{1F600}']);
    expect(r.merges).toEqual([]);
    expect(compareCodePoints('\uFF21', '\u{1F600}')).toBeLessThan(0);
    expect('\uFF21' < '\u{1F600}').toBe(false); // UTF-16 order would get it wrong
  });

  test('minFrequency, vocabSize and maxTokenLength stop merging', () => {
    const corpus = words({ abcd: 3, ab: 2, cd: 1 });
    expect(learnMerges(corpus, { vocabSize: 100, minFrequency: 4 }).merges).toEqual([['a', 'b'], ['c', 'd']]);
    expect(learnMerges(corpus, { vocabSize: 5 }).merges).toEqual([['a', 'b']]);
    const all = learnMerges(corpus, { vocabSize: 100 });
    expect(all.merges).toEqual([['a', 'b'], ['c', 'd'], ['ab', 'cd']]);
    const short = learnMerges(corpus, { vocabSize: 100, maxTokenLength: 3 });
    expect(short.merges).toEqual([['a', 'b'], ['c', 'd']]);
    expect(short.vocab.every((t) => t.length <= 3)).toBe(true);
  });

  test('initialAlphabet forces symbols; limitAlphabet keeps the most frequent', () => {
    expect(learnMerges(words({ ab: 1 }), { vocabSize: 3, initialAlphabet: ['z'] }).vocab).toEqual(['a', 'b', 'z']);
    // counts: a=5 b=5 c=1; keep 2 -> a, b; c is dropped from words, so "acb" becomes "ab".
    const r = learnMerges(words({ ab: 4, acb: 1 }), { vocabSize: 100, limitAlphabet: 2 });
    expect(r.vocab).toEqual(['a', 'b', 'ab']);
  });

  test('continuing-subword prefix and end-of-word suffix decorate symbols (ids sorted after the alphabet)', () => {
    const r = learnMerges(words({ abab: 2 }), { vocabSize: 100, continuingSubwordPrefix: '##' });
    expect(r.vocab.slice(0, 4)).toEqual(['a', 'b', '##a', '##b']);
    // a ##b ##a ##b: the three pairs tie at 2; ids a=0 b=1 ##a=2 ##b=3, so (a, ##b) goes first.
    expect(r.merges[0]).toEqual(['a', '##b']);
    expect(r.vocab).toContain('##ab');
    const s = learnMerges(words({ ab: 2 }), { vocabSize: 100, endOfWordSuffix: '</w>' });
    expect(s.vocab).toEqual(['a', 'b', 'b</w>', 'ab</w>']);
  });

  test('progress is reported per phase', () => {
    const seen: TrainingProgress[] = [];
    learnMerges(words({ abcdefgh: 2 }), { vocabSize: 100, onProgress: (p) => seen.push(p), progressInterval: 2 });
    expect(seen.map((p) => p.phase)).toEqual(['alphabet', 'merges', 'merges', 'merges', 'merges', 'done']);
    expect(seen.at(-1)!.merges).toBe(7);
  });

  test('bad options are typed errors naming the option', () => {
    expect(() => learnMerges(new Map(), { vocabSize: 0 })).toThrow(TokenizerArgumentError);
    expect(() => new BpeTrainer({ minFrequency: -1 })).toThrow(/minFrequency/);
    expect(() => new BpeTrainer({ initialAlphabet: ['ab'] })).toThrow(/initialAlphabet\[0\]/);
    expect(() => new BpeTrainer({ continuingSubwordPrefix: '##' })).toThrow(/char/);
    expect(() => new BpeTrainer({ preTokenizer: 'nope' as 'r50k' })).toThrow(/preTokenizer/);
  });
});

describe('BpeTrainer', () => {
  const lines = [
    'The quick brown fox jumps over the lazy dog.\n',
    "It's the fox's den; the dog's bone.\n",
    'Ünïcödé and 日本語 text, 123 numbers and emoji 😀😀.\n',
  ];

  test('byte level: every byte is in the vocabulary and training is deterministic', () => {
    const a = trainBpe(lines, { vocabSize: 400 });
    const b = trainBpe([...lines].reverse(), { vocabSize: 400 });
    expect(a.vocab.length).toBeLessThanOrEqual(400);
    expect(a.vocab.slice(0, 256).length).toBe(256);
    expect(new Set(a.vocab.slice(0, 256)).size).toBe(256);
    expect(b.vocab).toEqual(a.vocab);
    expect(b.merges).toEqual(a.merges);
    // (h,e) and (Ġ,t) both count 4 (The/the x3; the x3/text); 'h' < 'Ġ' (U+0120) in id order.
    expect(a.merges[0]).toEqual(['h', 'e']);
  });

  test('special tokens take the first ids and their text is not counted', () => {
    const r = trainBpe(lines, { vocabSize: 300, specialTokens: ['<|endoftext|>', '<pad>'] });
    expect(r.vocab.slice(0, 2)).toEqual(['<|endoftext|>', '<pad>']);
    const trainer = new BpeTrainer({ specialTokens: ['<|endoftext|>'] }).feed('one<|endoftext|>two <|endoftext|><|endoftext|> one');
    expect([...trainer.wordCounts]).toEqual([['one', 1], ['two', 1], [' ', 1], [' one', 1]]);
  });

  test('char level with the whitespace pre-tokenizer', () => {
    const r = trainBpe(['low lower lowest', 'new newer newest'], { level: 'char', vocabSize: 1000 });
    // (w,e) occurs 4 times (lower, lowest, newer, newest); every other pair at most 3.
    expect(r.merges[0]).toEqual(['w', 'e']);
    expect(r.vocab).toContain('lowest');
    expect(r.vocab).not.toContain(' ');
  });

  test('vocab.json and merges.txt', () => {
    const r = trainBpe(lines, { vocabSize: 300 });
    const vocab = JSON.parse(r.toVocabJson()) as Record<string, number>;
    expect(Object.keys(vocab).length).toBe(r.vocab.length);
    expect(vocab[r.vocab[260]!]).toBe(260);
    const merges = r.toMergesTxt().split('\n');
    expect(merges[0]).toBe('#version: 0.2');
    expect(merges[1]).toBe(r.merges[0]!.join(' '));
    expect(merges.length).toBe(r.merges.length + 2);
  });
});
