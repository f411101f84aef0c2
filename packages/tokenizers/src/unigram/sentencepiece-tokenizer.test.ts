import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TokenizerArgumentError, TokenizerFileError } from '../errors.ts';
import { SentencePieceTokenizer } from './sentencepiece-tokenizer.ts';

interface Expected {
  texts: string[];
  models: Record<string, { ids: number[][]; decoded: string[] }>;
}
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const expected = JSON.parse(readFileSync(new URL('./fixtures/expected.json', import.meta.url), 'utf8')) as Expected;

describe('SentencePieceTokenizer (unigram) equals sentencepiece 0.1.97', () => {
  for (const name of Object.keys(expected.models)) {
    it(`${name}: ids and decoded text of every held-out text`, () => {
      const tok = SentencePieceTokenizer.fromModelFile(fixture(`${name}.model`));
      expect(tok.vocabSize).toBe(1000);
      const { ids, decoded } = expected.models[name]!;
      expected.texts.forEach((text, i) => {
        expect([...tok.encode(text)], `text ${i}: ${JSON.stringify(text)}`).toEqual(ids[i]);
        expect(tok.decode(ids[i]!), `decode ${i}`).toBe(decoded[i]);
      });
    });
  }

  it('adds BOS and EOS on request', () => {
    const tok = SentencePieceTokenizer.fromModelFile(fixture('moby-identity.model'));
    const ids = tok.encode('Call me Ishmael.', { addBos: true, addEos: true });
    expect(ids[0]).toBe(tok.bosId);
    expect(ids.at(-1)).toBe(tok.eosId);
    expect(tok.decode(ids)).toBe('Call me Ishmael.');
  });

  it('samples segmentations reproducibly from a seeded source; alpha 0 is uniform over paths, large alpha tends to Viterbi', () => {
    const tok = SentencePieceTokenizer.fromModelFile(fixture('moby-nmt-nfkc.model'));
    let state = 12345;
    const random = (): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const text = 'the whale surfaced beside the ship';
    const seen = new Set<string>();
    for (let k = 0; k < 50; k++) {
      const ids = tok.encode(text, { sample: { alpha: 0.1, random } });
      expect(tok.decode(ids)).toBe(text);
      seen.add(ids.join(','));
    }
    expect(seen.size).toBeGreaterThan(5);
    expect([...tok.encode(text, { sample: { alpha: 1000, random } })]).toEqual([...tok.encode(text)]);
    expect(() => tok.encode(text, { sample: { alpha: -1, random } })).toThrow(TokenizerArgumentError);
  });

  it('rejects malformed model files with a typed error', () => {
    const good = fixture('moby-identity.model');
    expect(() => SentencePieceTokenizer.fromModelFile(good.subarray(0, 100))).toThrow(TokenizerFileError);
    expect(() => SentencePieceTokenizer.fromModelFile(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f]))).toThrow(TokenizerFileError);
    expect(() => SentencePieceTokenizer.fromModelFile(new Uint8Array(0))).toThrow(/no pieces/);
  });
});
