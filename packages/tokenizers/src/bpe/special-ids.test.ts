// Special-token ids given to a constructor are validated: non-negative safe integers within u32
// (encode returns a Uint32Array), unique, and not an ordinary token's id.
import { describe, expect, it } from 'vitest';
import { TokenizerArgumentError } from '../errors.ts';
import { encodeBase64 } from '../encodings/base64.ts';
import { tokenizerFromRankFile } from '../formats/from-files.ts';
import { spaceJoinDecoder } from '../pipeline/decoders/join.ts';
import { PipelineTokenizer } from '../pipeline/pipeline-tokenizer.ts';
import { whitespaceSplitPreTokenizer } from '../pipeline/pre-tokenizers/whitespace.ts';
import { WordLevelModel } from '../pipeline/models/word-level-model.ts';

/** The 256 single bytes as ranks 0..255. */
const RANKS = Array.from({ length: 256 }, (_, b) => `${encodeBase64(Uint8Array.of(b))} ${b}`).join('\n');

const BAD_IDS: unknown[] = [97, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32, 2 ** 53, '300', null];

describe('tokenizerFromRankFile specialTokens', () => {
  it.each(BAD_IDS.map((id) => [String(id), id]))('refuses the id %s', (_label, id) => {
    expect(() => tokenizerFromRankFile(RANKS, { pattern: 'r50k', specialTokens: { '&&': id as number } })).toThrowError(TokenizerArgumentError);
  });

  it('refuses two special tokens with one id', () => {
    expect(() => tokenizerFromRankFile(RANKS, { pattern: 'r50k', specialTokens: { '<a>': 300, '<b>': 300 } })).toThrowError(TokenizerArgumentError);
  });

  it('accepts unused ids up to 2^32 - 1 and round-trips them', () => {
    const t = tokenizerFromRankFile(RANKS, { pattern: 'r50k', specialTokens: { '<a>': 256, '<b>': 0xffffffff } });
    const ids = t.encode('x<a>y<b>', { allowedSpecial: 'all' });
    expect([...ids]).toEqual([120, 256, 121, 0xffffffff]);
    expect(t.decode(ids)).toBe('x<a>y<b>');
  });
});

describe('PipelineTokenizer specialTokens', () => {
  const make = (specialTokens: Record<string, number>): PipelineTokenizer =>
    new PipelineTokenizer({ model: new WordLevelModel(new Map([['[UNK]', 0], ['a', 1]]), '[UNK]'), preTokenizer: whitespaceSplitPreTokenizer, decoder: spaceJoinDecoder, specialTokens });

  it.each([1, -1, 0.5, 2 ** 32].map((id) => [id]))('refuses the id %s for a new token', (id) => {
    expect(() => make({ '<s>': id })).toThrowError(TokenizerArgumentError);
  });

  it("accepts a vocabulary token's own id, and unused ids", () => {
    const t = make({ '[UNK]': 0, '<s>': 7 });
    expect([...t.encode('a <s> b')]).toEqual([1, 7, 0]);
  });
});
