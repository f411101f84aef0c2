// WordPiece encodes worst-case inputs in linear time (TESTING.md): the work it counts (vocabulary
// probes, units scanned by the pre-tokenizer) on 1 MiB is at most 8x that on 128 KiB plus a
// constant, and probes per input unit are at most min(word limit in units, longest token) whatever
// a loaded file says. Work is counted, never timed (the timing ratios are in the tokenizers benchmark).
import { describe, expect, test } from 'vitest';
import { ADVERSARIAL_INPUTS } from '../adversarial-inputs.ts';
import { TokenizerArgumentError, TokenizerFileError } from '../errors.ts';
import { readTokenizerJson } from '../formats/tokenizer-json/read.ts';
import { wordPieceTokenizerJson } from '../formats/tokenizer-json/write.ts';
import { countWork, type WorkCounter } from '../work-counter.ts';
import { MAX_INPUT_CHARS_PER_WORD, WordPieceModel } from '../pipeline/models/wordpiece-model.ts';
import { createWordPieceTokenizer } from './wordpiece-tokenizer.ts';

const tokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'a', '##a', 'aa', '##aa', '_', '1', '##1', '12', '中', 'the', '##e', 't', '##h'];
const bert = createWordPieceTokenizer(new Map(tokens.map((t, i) => [t, i])));
const LONGEST = 5; // '[PAD]'

const KIB = 1024;
const inputs: Array<readonly [string, (n: number) => string]> = [...ADVERSARIAL_INPUTS, ['words', (n) => 'the aa a '.repeat(Math.ceil(n / 9)).slice(0, n)]];

function work(encode: () => void): WorkCounter {
  return countWork(encode);
}

describe('WordPiece counts linear work', () => {
  test.each(inputs)('%s', (_name, make) => {
    const small = make(128 * KIB);
    const large = small.repeat(8);
    const s = work(() => bert.encode(small));
    const l = work(() => bert.encode(large));
    expect(s.scanned).toBeGreaterThan(0);
    expect(l.probes, `probes ${l.probes} vs ${s.probes}`).toBeLessThanOrEqual(8 * s.probes + 1000);
    expect(l.scanned, `units scanned ${l.scanned} vs ${s.scanned}`).toBeLessThanOrEqual(8 * s.scanned + 1000);
    expect(l.probes).toBeLessThanOrEqual(LONGEST * large.length);
    // the pre-tokenizer reads each unit of the normalized text once; BERT's normalizer at most
    // triples the text (a space on each side of a CJK ideograph)
    expect(l.scanned).toBeLessThanOrEqual(3 * large.length);
  });
});

/** A vocabulary with one very long token (every shorter probe of a long word misses until one unit). */
function longTokenFile(maxInputCharsPerWord: number): string {
  const vocab = new Map([['[UNK]', 0], ['a', 1], ['##a', 2], ['a'.repeat(65_536), 3]]);
  return JSON.stringify(wordPieceTokenizerJson(vocab, { maxInputCharsPerWord, specialTokens: ['[UNK]'] }));
}

describe('a file cannot make WordPiece super-linear', () => {
  test.each([1e9, MAX_INPUT_CHARS_PER_WORD + 1, 0, -1, 1.5, Number.NaN])('max_input_chars_per_word %s is refused', (limit) => {
    const text = longTokenFile(1).replace('"max_input_chars_per_word":1', `"max_input_chars_per_word":${Number.isNaN(limit) ? '"NaN"' : limit}`);
    expect(text).toContain('max_input_chars_per_word');
    expect(() => readTokenizerJson(text)).toThrowError(TokenizerFileError);
    expect(() => readTokenizerJson(text)).toThrow(expect.objectContaining({ file: 'tokenizer.json#model.max_input_chars_per_word' }));
  });

  test('the option is bounded the same way', () => {
    const vocab = new Map([['[UNK]', 0], ['a', 1]]);
    expect(() => createWordPieceTokenizer(vocab, { maxInputCharsPerWord: MAX_INPUT_CHARS_PER_WORD + 1 })).toThrowError(TokenizerArgumentError);
    expect(() => new WordPieceModel(vocab, { maxInputCharsPerWord: 1e9 })).toThrowError(TokenizerArgumentError);
    expect(new WordPieceModel(vocab, { maxInputCharsPerWord: MAX_INPUT_CHARS_PER_WORD }).maxInputCharsPerWord).toBe(MAX_INPUT_CHARS_PER_WORD);
  });

  test('probes per unit stay below min(word limit, longest token) at the largest accepted limit', () => {
    const tokenizer = readTokenizerJson(longTokenFile(MAX_INPUT_CHARS_PER_WORD));
    const word = 'a'.repeat(MAX_INPUT_CHARS_PER_WORD);
    const text = `${word} `.repeat(4);
    const counted = work(() => tokenizer.encode(text));
    expect([...tokenizer.encode(word)]).toEqual([1, ...Array<number>(MAX_INPUT_CHARS_PER_WORD - 1).fill(2)]);
    expect(counted.probes).toBeGreaterThan(0);
    expect(counted.probes).toBeLessThanOrEqual(Math.min(2 * MAX_INPUT_CHARS_PER_WORD, 65_536) * text.length);
  });
});
