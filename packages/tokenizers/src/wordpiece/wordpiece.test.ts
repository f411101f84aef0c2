import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { TokenizerArgumentError, TokenizerFileError } from '../errors.ts';
import { IdBuffer } from '../bpe/id-buffer.ts';
import { createWordPieceTokenizer } from './wordpiece-tokenizer.ts';
import { formatVocabTxt, parseVocabTxt } from '../formats/vocab-txt.ts';

// A small BERT-like vocabulary; the expected outputs below were worked out by hand from BERT's
// BasicTokenizer + WordPiece rules (lowercase, strip accents, split punctuation and CJK, greedy
// longest match with ## continuations).
const TOKENS = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'quick', 'brown', 'fox', 'un', '##aff', '##able', '.', ',', '!',
  '中', '国', 'cafe', '##s', 'jump', '##ed', '##ing', 'run', 'a', '##a', 'naive', "'", 's', 'hello', 'jumped',
];
const VOCAB_TXT = TOKENS.join('\n') + '\n';
const id = (t: string): number => TOKENS.indexOf(t);
const bert = createWordPieceTokenizer(VOCAB_TXT);
const ids = (text: string): number[] => [...bert.encode(text, { addSpecialTokens: false })];

describe('WordPiece (BERT uncased rules)', () => {
  test('template tokens, lowercasing and punctuation', () => {
    expect([...bert.encode('The quick brown fox.')]).toEqual([2, 5, 6, 7, 8, 12, 3]);
    expect(bert.tokenize('The quick brown fox.')).toEqual(['the', 'quick', 'brown', 'fox', '.']);
  });

  test('greedy longest match with ## continuations', () => {
    expect(bert.tokenize('unaffable')).toEqual(['un', '##aff', '##able']);
    expect(bert.tokenize('Jumped, jumping!')).toEqual(['jumped', ',', 'jump', '##ing', '!']);
    expect(bert.tokenize('aaaa')).toEqual(['a', '##a', '##a', '##a']);
    expect(bert.tokenize('cafés')).toEqual(['cafe', '##s']);
  });

  test('a word that cannot be covered is one [UNK]; so is a word over 100 characters', () => {
    expect(ids('xyz fox')).toEqual([id('[UNK]'), id('fox')]);
    expect(ids('unaffablex')).toEqual([id('[UNK]')]);
    expect(ids('a'.repeat(100))).toEqual([id('a'), ...new Array(99).fill(id('##a'))]);
    expect(ids('a'.repeat(101))).toEqual([id('[UNK]')]);
    const short = createWordPieceTokenizer(VOCAB_TXT, { maxInputCharsPerWord: 3 });
    expect([...short.encode('aaaa fox', { addSpecialTokens: false })]).toEqual([id('[UNK]'), id('fox')]);
  });

  test('accents are stripped, CJK ideographs split, control characters removed, whitespace split', () => {
    expect(bert.tokenize('Naïve CAFÉ')).toEqual(['naive', 'cafe']);
    expect(bert.tokenize('中国')).toEqual(['中', '国']);
    expect(bert.tokenize('the\u0000 \u200bfox\tquick\nbrown')).toEqual(['the', 'fox', 'quick', 'brown']);
    expect(bert.tokenize("fox's")).toEqual(['fox', "'", 's']);
  });

  test('cased: no lowercasing, accents kept', () => {
    const cased = createWordPieceTokenizer(VOCAB_TXT, { lowercase: false });
    expect(cased.tokenize('The fox café')).toEqual(['[UNK]', 'fox', '[UNK]']);
  });

  test('special tokens in the text are recognized', () => {
    expect(ids('the [MASK] fox')).toEqual([id('the'), id('[MASK]'), id('fox')]);
    expect(ids('the[SEP]fox')).toEqual([id('the'), id('[SEP]'), id('fox')]);
    expect(ids('the [MASK] fox')).toEqual([...bert.encode('the [MASK] fox', { addSpecialTokens: false, allowedSpecial: 'all' })]);
  });

  test('offsets point into the original text, through normalization', () => {
    const e = bert.encodeWithOffsets('Cafe\u0301 unaffable 中国!');
    const pairs = [...e.ids].map((t, i) => [TOKENS[t], e.offsets[2 * i], e.offsets[2 * i + 1]]);
    expect(pairs).toEqual([
      ['[CLS]', 0, 0],
      ['cafe', 0, 4], // the removed U+0301 belongs to no token (as in Hugging Face)
      ['un', 6, 8],
      ['##aff', 8, 11],
      ['##able', 11, 15],
      ['中', 16, 17],
      ['国', 17, 18],
      ['!', 18, 19],
      ['[SEP]', 0, 0],
    ]);
    expect([...e.specialTokensMask]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  test('truncation keeps [CLS]/[SEP]; padding fills with the pad id and masks it', () => {
    const e = bert.encodeWithOffsets('the quick brown fox', { truncation: { maxLength: 4 }, padding: { length: 6, padId: 0 } });
    expect([...e.ids]).toEqual([2, 5, 6, 3, 0, 0]);
    expect([...e.attentionMask]).toEqual([1, 1, 1, 1, 0, 0]);
    const left = bert.encodeWithOffsets('the quick brown fox', { truncation: { maxLength: 4, side: 'left' } });
    expect([...left.ids]).toEqual([2, 7, 8, 3]);
    const batch = bert.encodeBatchWithOffsets(['fox', 'the quick fox'], { padding: { padId: 0 } });
    expect(batch.map((b) => [...b.ids])).toEqual([[2, 8, 3, 0, 0], [2, 5, 6, 8, 3]]);
    expect(bert.count('the quick fox')).toBe(5);
    expect(bert.encodeBatch(['fox']).map((b) => [...b])).toEqual([[2, 8, 3]]);
  });

  test('decode joins words, glues ## pieces, skips special tokens and cleans up punctuation', () => {
    expect(bert.decode(bert.encode('The unaffable fox, jumping!'))).toBe('the unaffable fox, jumping!');
    expect(bert.decode([2, 5, 3], { skipSpecialTokens: false })).toBe('[CLS] the [SEP]');
    expect(() => bert.decode([999])).toThrow(TokenizerArgumentError);
  });

  test('decode(encode(s)) is the basic-tokenized text joined by spaces (fast-check, seed 42)', () => {
    const letters = 'abcdefghij';
    const vocab = new Map<string, number>([['[UNK]', 0]]);
    for (const c of letters) {
      vocab.set(c, vocab.size);
      vocab.set(`##${c}`, vocab.size);
    }
    for (const w of ['abc', '##bcd', 'hij', '##ja']) vocab.set(w, vocab.size);
    for (const p of '.,!?') vocab.set(p, vocab.size);
    const tokenizer = createWordPieceTokenizer(vocab);
    const text = fc.string({ unit: fc.constantFrom(...(letters + 'ABCJ .,!?\t\n')), maxLength: 60 });
    fc.assert(
      fc.property(text, (s) => {
        const words = s.toLowerCase().replace(/([.,!?])/g, ' $1 ').split(/\s+/).filter((w) => w.length > 0);
        const decoded = tokenizer.decode(tokenizer.encode(s));
        return decoded === words.join(' ').replaceAll(' .', '.').replaceAll(' ?', '?').replaceAll(' !', '!').replaceAll(' ,', ',');
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('vocab.txt', () => {
  test('round trip and line ends', () => {
    const vocab = parseVocabTxt('[UNK]\r\na\n##b');
    expect([...vocab]).toEqual([['[UNK]', 0], ['a', 1], ['##b', 2]]);
    expect(formatVocabTxt(vocab)).toBe('[UNK]\na\n##b\n');
  });

  test('malformed files are TokenizerFileError with a code and line', () => {
    const bad = (text: string, code: string, line?: number): void => {
      try {
        parseVocabTxt(text);
        expect.fail('expected an error');
      } catch (error) {
        expect(error).toBeInstanceOf(TokenizerFileError);
        expect((error as TokenizerFileError).code).toBe(code);
        if (line !== undefined) expect((error as TokenizerFileError).line).toBe(line);
      }
    };
    bad('a\nb\na\n', 'duplicate-token', 3);
    bad('a\n\nb\n', 'bad-token', 2);
    bad('', 'bad-syntax');
    bad('a\n'.repeat(3) + '\n', 'duplicate-token', 2);
  });

  test('mutated vocab.txt files give a tokenizer or a TokenizerFileError (fast-check, seed 11)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 5 }), (edits) => {
        let text = VOCAB_TXT;
        for (const [at, insert] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + 1);
        }
        try {
          createWordPieceTokenizer(text).encode('The quick brown fox, unaffable 中国 [MASK]');
        } catch (error) {
          if (!(error instanceof TokenizerFileError)) throw error;
        }
      }),
      { seed: 11, numRuns: 300 },
    );
    expect(() => createWordPieceTokenizer('a\nb\n')).toThrow(/unk_token/);
  });
});

describe('WordPiece lookup without substrings', () => {
  test('tokenizeRange equals the Map-based reference (fast-check, seed 5)', async () => {
    const { WordPieceModel } = await import('../pipeline/models/wordpiece-model.ts');
    const vocab = new Map<string, number>([['[UNK]', 0]]);
    for (const t of ['a', 'ab', 'abc', '##a', '##b', '##bc', '##c', 'é', '##é', '🐋', '##🐋', 'b', 'c']) vocab.set(t, vocab.size);
    const model = new WordPieceModel(vocab, { maxInputCharsPerWord: 12 });
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'é', '🐋', 'x'), { minLength: 1, maxLength: 16 }), (parts) => {
        const word = parts.join('');
        const fastIds = new IdBuffer();
        const fastOffsetBuffer = new IdBuffer();
        const slow: number[] = [];
        const slowOffsets: number[] = [];
        model.tokenizeRange(`  ${word} `, 2, 2 + word.length, fastIds, fastOffsetBuffer);
        const fast = [...fastIds.toArray()];
        const fastOffsets = [...fastOffsetBuffer.toArray()];
        model.tokenizeWordReference(word, slow, slowOffsets);
        expect(fast).toEqual(slow);
        expect(fastOffsets.map((o) => o - 2)).toEqual(slowOffsets);
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});
