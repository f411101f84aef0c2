import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BpeTokenizer } from '../bpe/bpe-tokenizer.ts';
import { tokenizerFromGpt2Files } from '../formats/from-files.ts';
import { PipelineTokenizer } from '../pipeline/pipeline-tokenizer.ts';
import { readTokenizerJson } from '../formats/tokenizer-json/read.ts';
import { trainBpe } from './bpe-trainer.ts';

const CORPUS = [
  'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse,\n',
  'and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world.\n',
  "It is a way I have of driving off the spleen and regulating the circulation. Whenever I find myself growing grim about the mouth;\n",
  'Ünïcödé: 日本語のテキスト, emoji 🐋🐋 and numbers 1851, 2024.\n',
];

describe('trained byte-level BPE: files and tokenizers', () => {
  const trained = trainBpe(CORPUS, { vocabSize: 600, specialTokens: ['<|endoftext|>'] });
  const direct = trained.toTokenizer() as BpeTokenizer;
  const fromFiles = tokenizerFromGpt2Files(trained.toVocabJson(), trained.toMergesTxt(), { mode: 'merges', specialTokens: ['<|endoftext|>'] });
  const fromJson = readTokenizerJson(trained.toTokenizerJson());

  test('vocab.json + merges.txt and tokenizer.json load back and encode identically', () => {
    expect(direct).toBeInstanceOf(BpeTokenizer);
    expect(fromJson).toBeInstanceOf(PipelineTokenizer);
    for (const text of [...CORPUS, 'whale whaling whales', 'never seen before: ǅ ŉ ﬀ 𝔘']) {
      const ids = [...direct.encode(text)];
      expect([...fromFiles.encode(text)]).toEqual(ids);
      expect([...fromJson.encode(text)]).toEqual(ids);
    }
    expect([...direct.encode('<|endoftext|>', { allowedSpecial: 'all' })]).toEqual([0]);
  });

  test('training text compresses: frequent words are single tokens', () => {
    expect(direct.encode(' the').length).toBe(1);
    expect(direct.count(CORPUS.join(''))).toBeLessThan(CORPUS.join('').length / 2);
  });

  test('decode(encode(s)) === s over full Unicode (fast-check, seed 1234)', () => {
    // 'grapheme': clusters of every script; 'binary': any code point up to U+10FFFF (well-formed).
    for (const unit of ['grapheme', 'binary'] as const) {
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 40 }), (s) => direct.decode(direct.encode(s)) === s && fromJson.decode(fromJson.encode(s)) === s),
        { seed: 1234, numRuns: 300 },
      );
    }
  });
});

describe('tokens that are Object.prototype names', () => {
  test('"__proto__" and "constructor" survive vocab.json, merges.txt and tokenizer.json', () => {
    const lines = Array(20).fill('constructor toString\n');
    const trained = trainBpe(lines, { vocabSize: 400, specialTokens: ['__proto__'] });
    expect(trained.vocab).toContain('constructor');
    const vocab = JSON.parse(trained.toVocabJson()) as Record<string, number>;
    expect(Object.keys(vocab).length).toBe(trained.vocab.length);
    expect(Object.hasOwn(vocab, '__proto__')).toBe(true);
    const fromFiles = tokenizerFromGpt2Files(trained.toVocabJson(), trained.toMergesTxt(), { mode: 'merges', specialTokens: ['__proto__'] });
    const fromJson = readTokenizerJson(trained.toTokenizerJson());
    expect([...fromJson.encode('__proto__constructor')]).toEqual([0, trained.vocab.indexOf('constructor')]);
    expect([...fromFiles.encode('constructor')]).toEqual([trained.vocab.indexOf('constructor')]);
    expect([...fromFiles.encode('__proto__constructor', { allowedSpecial: 'all' })]).toEqual([0, trained.vocab.indexOf('constructor')]);
    expect(fromJson.decode(fromJson.encode('x constructor'))).toBe('x constructor');
  });
});

describe('trained char-level BPE', () => {
  test('tokenizer.json round trip; each word is covered by its tokens', () => {
    const trained = trainBpe(['low lower lowest newer newest widest'], { level: 'char', vocabSize: 40, endOfWordSuffix: '</w>' });
    const t = trained.toTokenizer() as PipelineTokenizer;
    expect(t).toBeInstanceOf(PipelineTokenizer);
    expect(t.tokenize('lowest').join('')).toBe('lowest</w>');
    expect(t.decode(t.encode('lowest newer'))).toBe('lowest newer');
    const again = readTokenizerJson(trained.toTokenizerJson()) as PipelineTokenizer;
    expect([...again.encode('widest lower')]).toEqual([...t.encode('widest lower')]);
  });
});
