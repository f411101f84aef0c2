// Split pre-tokenizers (every behaviour, with and without invert) and lone surrogates, against
// fixtures written by Hugging Face's tokenizers (Python; see scripts/hugging-face-fixtures.py and
// the producer named in each fixture). Offsets there count code points; here UTF-16 units.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { IdBuffer } from '../../bpe/id-buffer.ts';
import { TokenizerFileError } from '../../errors.ts';
import { regexMatches } from '../../pipeline/pre-tokenizers/matches.ts';
import type { PreTokenizer } from '../../pipeline/pre-tokenizers/pre-tokenizer.ts';
import { coveringSplitOutcome, SPLIT_BEHAVIORS, splitPreTokenizer, type SplitBehavior } from '../../pipeline/pre-tokenizers/split.ts';
import { compilePattern, knownPattern, PATTERN_NAMES } from '../../pretokenize/patterns.ts';
import { createPreTokenizer } from './pre-tokenizer-json.ts';
import { readTokenizerJson } from './read.ts';
import type { PreTokenizerSpec, TokenizerJson } from './types.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

/** UTF-16 offset of each code-point offset of `text`. */
function utf16Offsets(text: string): number[] {
  const at = [0];
  for (const ch of text) at.push(at.at(-1)! + ch.length);
  return at;
}

function piecesOf(preTokenizer: PreTokenizer, text: string): Array<[string, number, number]> {
  const out = new IdBuffer(16);
  preTokenizer(text, 0, text.length, out);
  const pieces: Array<[string, number, number]> = [];
  for (let i = 0; i < out.length; i += 2) pieces.push([text.slice(out.data[i]!, out.data[i + 1]!), out.data[i]!, out.data[i + 1]!]);
  return pieces;
}

interface SplitCase {
  pattern: { String?: string; Regex?: string };
  behavior: SplitBehavior;
  invert: boolean;
  pieces: Record<string, Array<[string, number, number]>>;
}

describe('Split pre-tokenizer parity with Hugging Face', () => {
  const { producer, cases } = fixture<{ producer: string; cases: SplitCase[] }>('split-pre-tokenizer.json');

  test('the fixture covers every behaviour with and without invert', () => {
    expect(producer).toMatch(/^Hugging Face tokenizers \d/);
    for (const behavior of SPLIT_BEHAVIORS) for (const invert of [false, true]) expect(cases.some((c) => c.behavior === behavior && c.invert === invert)).toBe(true);
  });

  test.each(cases.map((c) => [`${JSON.stringify(c.pattern).slice(0, 40)} ${c.behavior} invert=${c.invert}`, c] as const))('%s', (_name, c) => {
    const source = c.pattern.Regex;
    // Known patterns and literals through the tokenizer.json reader; the simple regular
    // expressions of the fixture (never accepted from a file) are compiled here by the test.
    const preTokenizer =
      source === undefined || knownPattern(source) !== undefined
        ? createPreTokenizer({ type: 'Split', pattern: c.pattern, behavior: c.behavior, invert: c.invert })
        : splitPreTokenizer(regexMatches(new RegExp(source, 'gu')), c.behavior, c.invert);
    for (const [text, expected] of Object.entries(c.pieces)) {
      const at = utf16Offsets(text);
      expect(piecesOf(preTokenizer, text), JSON.stringify(text)).toEqual(expected.map(([piece, a, b]) => [piece, at[a], at[b]]));
    }
  });

  test('the known patterns match every character, so Split keeps their matches, the whole text or nothing (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...PATTERN_NAMES), fc.constantFrom(...SPLIT_BEHAVIORS), fc.boolean(), (text, name, behavior, invert) => {
        const matches = piecesOf(splitPreTokenizer(regexMatches(compilePattern(name)), 'Isolated', false), text);
        // no gaps: the matches tile the text
        expect(matches.map(([piece]) => piece).join('')).toBe(text);
        const got = piecesOf(splitPreTokenizer(regexMatches(compilePattern(name)), behavior, invert), text);
        const outcome = coveringSplitOutcome(behavior, invert);
        const expected = outcome === 'matches' ? matches : outcome === 'whole' && text.length > 0 ? [[text, 0, text.length]] : [];
        expect(got).toEqual(expected);
      }),
      { seed: 20260912, numRuns: 300 },
    );
  });

  test('a literal String is matched literally; a longer one than allowed, or a bad behaviour, is a typed error', () => {
    const split = createPreTokenizer({ type: 'Split', pattern: { String: '\\s+' }, behavior: 'Removed', invert: false });
    expect(piecesOf(split, 'a\\s+b c').map(([p]) => p)).toEqual(['a', 'b c']);
    const error = (spec: unknown): unknown => {
      try {
        createPreTokenizer(spec as PreTokenizerSpec);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(error({ type: 'Split', pattern: { String: 'x'.repeat(257) }, behavior: 'Isolated' })).toMatchObject({ code: 'out-of-range' });
    expect(error({ type: 'Split', pattern: { Regex: 'a+' }, behavior: 'Isolated' })).toMatchObject({ code: 'unknown-pattern' });
    expect(error({ type: 'Split', pattern: { String: '-' }, behavior: 'Merged' })).toBeInstanceOf(TokenizerFileError);
    expect(error({ type: 'Split', pattern: { String: '-' }, behavior: 'Isolated', invert: 'yes' })).toMatchObject({ code: 'bad-syntax' });
  });
});

interface ByteLevelCase {
  pattern: string;
  behavior: SplitBehavior;
  invert: boolean;
  pre_tokenizer: PreTokenizerSpec;
  ids: number[][];
  offsets: number[][][];
}

describe('byte-level tokenizer.json with a Split of any behaviour (the cl100k / o200k shape)', () => {
  const { tokenizer, texts, cases } = fixture<{ tokenizer: TokenizerJson; texts: string[]; cases: ByteLevelCase[] }>('split-byte-level.json');

  test.each(cases.map((c) => [`${c.pattern} ${c.behavior} invert=${c.invert}`, c] as const))('%s: same ids and offsets', (_name, c) => {
    const ours = readTokenizerJson({ ...tokenizer, pre_tokenizer: c.pre_tokenizer });
    texts.forEach((text, i) => {
      const got = ours.encodeWithOffsets(text);
      expect([...got.ids], JSON.stringify(text)).toEqual(c.ids[i]);
      const at = utf16Offsets(text);
      expect([...got.offsets], JSON.stringify(text)).toEqual(c.offsets[i]!.flatMap(([a, b]) => [at[a!], at[b!]]));
      expect(ours.decode(got.ids)).toBe(c.ids[i]!.length === 0 ? '' : text);
    });
  });

  test('a String pattern before ByteLevel is refused (known split patterns only)', () => {
    const pre_tokenizer = { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { String: ' ' }, behavior: 'Isolated', invert: false }, { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false }] };
    expect(() => readTokenizerJson({ ...tokenizer, pre_tokenizer })).toThrow(expect.objectContaining({ code: 'unknown-pattern' }));
  });
});

interface LoneSurrogateCase {
  text: string;
  sent: string;
  tokens: string[];
  ids: number[];
  offsets: number[][];
}

describe('lone surrogates are U+FFFD (WordPiece, as the byte-level BPE), as in Hugging Face', () => {
  const data = fixture<Record<'clean_text' | 'no_clean_text', { tokenizer: TokenizerJson; cases: LoneSurrogateCase[] }>>('lone-surrogates.json');
  for (const key of ['clean_text', 'no_clean_text'] as const) {
    test(`BertNormalizer ${key}: same tokens, ids and offsets`, () => {
      const ours = readTokenizerJson(data[key].tokenizer);
      for (const c of data[key].cases) {
        const got = ours.encodeWithOffsets(c.text);
        expect([...got.ids], JSON.stringify(c.text)).toEqual(c.ids);
        expect(ours.tokenize(c.text)).toEqual(c.tokens);
        // the sent text has U+FFFD where the text has a lone surrogate: the same UTF-16 offsets
        const at = utf16Offsets(c.sent);
        expect([...got.offsets], JSON.stringify(c.text)).toEqual(c.offsets.flatMap(([a, b]) => [at[a!], at[b!]]));
      }
    });
  }
});
