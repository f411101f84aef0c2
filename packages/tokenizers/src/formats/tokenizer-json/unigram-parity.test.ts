// Unigram tokenizer.json files equal Hugging Face tokenizers (Rust) on held-out Moby Dick lines and
// awkward strings: ids, tokens, offsets and decoded text (fixtures: scripts/unigram-json-fixtures.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TokenizerArgumentError, TokenizerFileError } from '../../errors.ts';
import { UnigramModel } from '../../pipeline/models/unigram-model.ts';
import { readTokenizerJson } from './read.ts';

interface Case { text: string; ids: number[]; offsets: [number, number][]; decoded: string }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/unigram-parity.json', import.meta.url), 'utf8')) as {
  producer: string;
  tokenizers: Record<string, { json: Record<string, unknown>; cases: Case[] }>;
};

/** Code-point offsets (Python's) as UTF-16 offsets of `text`. */
function utf16Offsets(text: string, offsets: [number, number][]): number[] {
  const at = [0];
  for (const ch of text) at.push(at[at.length - 1]! + ch.length);
  return offsets.flatMap(([s, e]) => [at[s]!, at[e]!]);
}

describe(`Unigram tokenizer.json (${fixture.producer})`, () => {
  for (const [name, { json, cases }] of Object.entries(fixture.tokenizers)) {
    it(`${name}: ids, tokens, offsets and decoded text equal Hugging Face's on ${cases.length} texts`, () => {
      const tokenizer = readTokenizerJson(json);
      for (const c of cases) {
        const encoding = tokenizer.encodeWithOffsets(c.text, { addSpecialTokens: false });
        expect(Array.from(encoding.ids), JSON.stringify(c.text)).toEqual(c.ids);
        expect(Array.from(encoding.offsets), `offsets of ${JSON.stringify(c.text)}`).toEqual(utf16Offsets(c.text, c.offsets));
        expect(tokenizer.decode(c.ids), `decode of ${JSON.stringify(c.text)}`).toBe(c.decoded);
      }
    });
  }

  it('fuses runs of unknown characters into one <unk> and spells them in bytes with byte_fallback', () => {
    const plain = readTokenizerJson(fixture.tokenizers['nfkc-metaspace']!.json);
    const bytes = readTokenizerJson(fixture.tokenizers['byte-fallback']!.json);
    expect(Array.from(plain.encode('中文字', { addSpecialTokens: false })).filter((id) => id === 0)).toHaveLength(1);
    expect(Array.from(bytes.encode('中文字', { addSpecialTokens: false })).map((id) => bytes.idToToken(id)).filter((t) => /^<0x/.test(t!))).toHaveLength(9);
    expect(bytes.decode(bytes.encode('emoji 😀 中文', { addSpecialTokens: false }))).toBe('emoji😀中文');
  });
});

describe('Unigram model', () => {
  it('breaks score ties by the first candidate (the longer piece at an earlier start) and scores unknowns min - 10', () => {
    const model = new UnigramModel([['<unk>', 0], ['a', -1], ['b', -1], ['ab', -2], ['c', -5]], { unkId: 0 });
    expect(model.segment('ab').map((s) => s.text)).toEqual(['ab']);
    // 'x' is unknown (score -15): 'xx' fuses into one string
    expect(model.segment('axxb').map((s) => s.text)).toEqual(['a', 'xx', 'b']);
    const noUnk = new UnigramModel([['a', -1]]);
    expect(() => noUnk.segment('ax')).toThrow(TokenizerArgumentError);
  });

  it('rejects malformed Unigram models with typed errors', () => {
    const base = fixture.tokenizers['nfkc-metaspace']!.json as { model: Record<string, unknown> };
    const withModel = (model: Record<string, unknown>) => ({ ...base, model: { ...base.model, ...model } });
    for (const model of [
      { vocab: {} }, { vocab: [] }, { vocab: [['a']] }, { vocab: [['', 0]] }, { vocab: [['a', 'x']] }, { vocab: [['a', Infinity]] },
      { vocab: [['a'.repeat(2000), 0]] }, { unk_id: 5000 }, { unk_id: -1 }, { unk_id: 0.5 }, { byte_fallback: 'yes' },
    ]) {
      expect(() => readTokenizerJson(withModel(model)), JSON.stringify(model).slice(0, 60)).toThrow(TokenizerFileError);
    }
    expect(() => readTokenizerJson({ ...base, pre_tokenizer: { type: 'Metaspace', replacement: 'ab' } })).toThrow(TokenizerFileError);
    expect(() => readTokenizerJson({ ...base, pre_tokenizer: { type: 'Metaspace', prepend_scheme: 'sometimes' } })).toThrow(TokenizerFileError);
    expect(() => readTokenizerJson({ ...base, decoder: { type: 'Sequence', decoders: [{ type: 'WordPiece' }] } })).toThrow(TokenizerFileError);
  });
});
