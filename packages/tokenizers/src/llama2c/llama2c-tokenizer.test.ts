import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenizerArgumentError, TokenizerFileError } from '../errors.ts';
import { LLAMA2C_BOS, LLAMA2C_EOS, Llama2cTokenizer } from './llama2c-tokenizer.ts';
import { parseLlama2cTokenizer } from './tokenizer-bin.ts';

const bin = new Uint8Array(readFileSync(new URL('./fixtures/tok512.bin', import.meta.url)));
const tok = Llama2cTokenizer.fromBytes(bin, 512);

/** run.c's encode, literally: rescan every adjacent pair after each merge (the reference for the heap version). */
function referenceEncode(t: Llama2cTokenizer, text: string): number[] {
  const key = (id: number): string => String.fromCharCode(...t.idToPiece(id)!);
  const lookup = new Map<string, number>();
  for (let id = t.vocabSize - 1; id >= 0; id--) lookup.set(key(id), id);
  const tokens: number[] = [LLAMA2C_BOS];
  if (text.length > 0) tokens.push(lookup.get(' ')!);
  const bytes = new TextEncoder().encode(text);
  for (let s = 0; s < bytes.length;) {
    let e = s + 1;
    while (e < bytes.length && (bytes[e]! & 0xc0) === 0x80 && e - s < 4) e++;
    const id = lookup.get(String.fromCharCode(...bytes.subarray(s, e)));
    if (id !== undefined) tokens.push(id);
    else for (let i = s; i < e; i++) tokens.push(bytes[i]! + 3);
    s = e;
  }
  for (;;) {
    let best = -1e10, bestId = -1, bestIdx = -1;
    for (let i = 0; i + 1 < tokens.length; i++) {
      const id = lookup.get(key(tokens[i]!) + key(tokens[i + 1]!));
      if (id !== undefined && t.score(id) > best) {
        best = t.score(id);
        bestId = id;
        bestIdx = i;
      }
    }
    if (bestIdx < 0) break;
    tokens.splice(bestIdx, 2, bestId);
  }
  return tokens;
}

describe('llama2.c tokenizer.bin', () => {
  it('reads the stories260K tokenizer: 512 tokens, byte pieces at 3..258', () => {
    expect(tok.vocabSize).toBe(512);
    expect(new TextDecoder().decode(tok.idToPiece(3))).toBe('<0x00>');
    expect(new TextDecoder().decode(tok.idToPiece(258))).toBe('<0xFF>');
    expect(parseLlama2cTokenizer(bin).pieces.length).toBe(512);
  });

  it('rejects truncated, oversized or trailing data with a typed error', () => {
    expect(() => Llama2cTokenizer.fromBytes(bin.subarray(0, 2))).toThrow(TokenizerFileError);
    expect(() => Llama2cTokenizer.fromBytes(bin.subarray(0, bin.length - 3))).toThrow(/ends inside|announced/);
    expect(() => Llama2cTokenizer.fromBytes(bin, 511)).toThrow(/bytes follow token 510/);
    expect(() => Llama2cTokenizer.fromBytes(bin, 513)).toThrow(TokenizerFileError);
    const bad = bin.slice();
    new DataView(bad.buffer).setInt32(8, 1 << 30, true);
    expect(() => Llama2cTokenizer.fromBytes(bad)).toThrow(/length 1073741824 is outside/);
    const badHeader = bin.slice();
    new DataView(badHeader.buffer).setInt32(0, -1, true);
    expect(() => Llama2cTokenizer.fromBytes(badHeader)).toThrow(/max_token_length is -1/);
  });
});

describe('Llama2cTokenizer.encode', () => {
  it('adds BOS and the dummy-prefix space, merges by score, and decodes back', () => {
    const ids = tok.encode('Once upon a time');
    expect(ids[0]).toBe(LLAMA2C_BOS);
    expect([...ids]).toEqual(referenceEncode(tok, 'Once upon a time'));
    expect(tok.decode(ids)).toBe('Once upon a time');
    expect([...tok.encode('', { bos: true })]).toEqual([LLAMA2C_BOS]);
    expect([...tok.encode('a', { bos: false, eos: true })].at(-1)).toBe(LLAMA2C_EOS);
  });

  it('falls back to byte tokens for characters outside the vocabulary and decodes them as UTF-8', () => {
    const text = 'café 😀 naïve 東京';
    const ids = tok.encode(text);
    expect([...ids]).toEqual(referenceEncode(tok, text));
    expect(tok.decode(ids)).toBe(text);
  });

  it('equals run.c\'s quadratic merge loop on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        expect([...tok.encode(text)]).toEqual(referenceEncode(tok, text));
      }),
      { numRuns: 300, seed: 7 },
    );
    const story = 'Lily and Tom went to the park. They saw a big dog! "Hello," said the dog.\nThe end.';
    expect([...tok.encode(story)]).toEqual(referenceEncode(tok, story));
    expect(tok.decode(tok.encode(story))).toBe(story);
  });

  it('decodePiece drops the leading space right after BOS, as run.c does', () => {
    const ids = tok.encode('The cat');
    const first = new TextDecoder().decode(tok.decodePiece(LLAMA2C_BOS, ids[1]!));
    expect(first.startsWith(' ')).toBe(false);
    expect(() => tok.decode([600])).toThrow(TokenizerArgumentError);
    expect(() => tok.encode(5 as never)).toThrow(TokenizerArgumentError);
  });
});
