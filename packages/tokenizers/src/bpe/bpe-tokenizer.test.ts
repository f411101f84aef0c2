import fc from 'fast-check';
import { get_encoding } from 'tiktoken';
import { describe, expect, it } from 'vitest';
import { DisallowedSpecialTokenError, TokenizerArgumentError } from '../errors.ts';
import { getEncoding } from '../encodings/get-encoding.ts';

const NAMES = ['r50k_base', 'cl100k_base', 'o200k_base'] as const;
const SEED = 20261124;

/** Characters that exercise every branch of the patterns. */
const TRICKY = [
  ' ', '  ', '\n', '\r\n', '\t', '\u00a0', '\u0085', '\ufeff', '\u3000', "'", "'s", "'LL", "'Re", 'a', 'Z', 'é', 'ß', 'ǅ',
  'ʰ', '\u0301', '1', '٣', '½', '.', '!', '/', '//', '-', '_', '(', '😀', '👍🏽', '\u200d', '中', 'カ', '한', 'ـ', 'ا', '\ud800',
];

const trickyString = fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 40 }).map((a) => a.join(''));

describe.each(NAMES)('%s', (name) => {
  it('decode(encode(s)) === s over full Unicode (fast-check, fixed seed)', async () => {
    const enc = await getEncoding(name);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(enc.decode(enc.encode(s, { disallowedSpecial: [] }))).toBe(s);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('matches tiktoken on generated strings of tricky characters (fast-check, fixed seed)', async () => {
    const enc = await getEncoding(name);
    const reference = get_encoding(name);
    fc.assert(
      fc.property(trickyString, (s) => {
        expect(Array.from(enc.encodeOrdinary(s))).toEqual(Array.from(reference.encode_ordinary(s)));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('treats a lone surrogate as U+FFFD, as TextEncoder does', async () => {
    const enc = await getEncoding(name);
    expect(enc.encode('a\ud800b')).toEqual(enc.encode('a\ufffdb'));
    expect(enc.encode('\udc00')).toEqual(enc.encode('\ufffd'));
    expect(enc.decode(enc.encode('x\ud83d'))).toBe('x\ufffd');
  });

  it('follows tiktoken special-token rules', async () => {
    const enc = await getEncoding(name);
    const reference = get_encoding(name);
    const text = 'hello <|endoftext|> world<|endoftext|>';
    expect(() => enc.encode(text)).toThrow(DisallowedSpecialTokenError);
    expect(() => enc.count(text)).toThrow(DisallowedSpecialTokenError);
    const allowed = enc.encode(text, { allowedSpecial: 'all' });
    expect(Array.from(allowed)).toEqual(Array.from(reference.encode(text, 'all')));
    expect(Array.from(enc.encode(text, { allowedSpecial: ['<|endoftext|>'] }))).toEqual(Array.from(allowed));
    expect(enc.count(text, { allowedSpecial: 'all' })).toBe(allowed.length);
    const ordinary = enc.encode(text, { disallowedSpecial: [] });
    expect(Array.from(ordinary)).toEqual(Array.from(reference.encode(text, [], [])));
    expect(Array.from(ordinary)).toEqual(Array.from(enc.encodeOrdinary(text)));
    expect(enc.decode(allowed)).toBe(text);
    expect(() => enc.encode(text, { allowedSpecial: ['<|nope|>'] })).toThrow(TokenizerArgumentError);
    const error = (() => {
      try {
        enc.encode(text);
      } catch (e) {
        return e as DisallowedSpecialTokenError;
      }
      return undefined;
    })();
    expect(error?.token).toBe('<|endoftext|>');
    expect(error?.index).toBe(6);
  });

  it('splits at many adjacent allowed special tokens like tiktoken', async () => {
    const enc = await getEncoding(name);
    const reference = get_encoding(name);
    const specials = [...enc.specialTokens.byText.keys()];
    let text = '';
    for (let i = 0; i < 300; i++) text += `${i % 3 === 0 ? ' ' : ''}w${i}${specials[i % specials.length]}${i % 5 === 0 ? specials[(i + 1) % specials.length] : ''}\n`;
    expect(Array.from(enc.encode(text, { allowedSpecial: 'all' }))).toEqual(Array.from(reference.encode(text, 'all')));
    const some = [specials[0]!];
    if (specials.length > 1) expect(() => enc.encode(text, { allowedSpecial: some })).toThrow(DisallowedSpecialTokenError);
    expect(Array.from(enc.encode(text, { allowedSpecial: some, disallowedSpecial: [] }))).toEqual(Array.from(reference.encode(text, some, [])));
  });

  it('reports UTF-16 offsets that slice back to each token', async () => {
    const enc = await getEncoding(name);
    const text = "Hello, world! It's 2026.\n\tcafé 日本 👍🏽<|endoftext|>end";
    const e = enc.encodeWithOffsets(text, { allowedSpecial: 'all' });
    expect(Array.from(e.ids)).toEqual(Array.from(enc.encode(text, { allowedSpecial: 'all' })));
    let prevEnd = 0;
    for (let i = 0; i < e.ids.length; i++) {
      const start = e.offsets[2 * i]!;
      const end = e.offsets[2 * i + 1]!;
      expect(start).toBeGreaterThanOrEqual(Math.min(prevEnd, start));
      expect(end).toBeGreaterThan(start);
      const piece = enc.decode([e.ids[i]!]);
      if (!piece.includes('\ufffd')) expect(text.slice(start, end)).toBe(piece);
      else expect(text.slice(start, end)).toMatch(/[\u{80}-\u{10ffff}]/u); // part of a multi-byte character
      prevEnd = end;
    }
    expect(e.offsets[e.offsets.length - 1]).toBe(text.length);
    const special = e.ids.findIndex((id) => id === enc.specialTokens.byText.get('<|endoftext|>'));
    expect(e.specialTokensMask[special]).toBe(1);
    expect(text.slice(e.offsets[2 * special]!, e.offsets[2 * special + 1]!)).toBe('<|endoftext|>');
  });

  it('truncates and pads a batch with attention masks', async () => {
    const enc = await getEncoding(name);
    const [a, b] = enc.encodeBatchWithOffsets(['one two three four five six', 'hi'], {
      truncation: { maxLength: 4 },
      padding: { padId: 0, multipleOf: 3 },
    });
    expect(a!.ids.length).toBe(6);
    expect(b!.ids.length).toBe(6);
    expect(Array.from(a!.attentionMask)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(Array.from(b!.attentionMask)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(a!.ids.subarray(0, 4))).toEqual(Array.from(enc.encode('one two three four five six').subarray(0, 4)));
    const left = enc.encodeWithOffsets('one two three', { truncation: { maxLength: 2, side: 'left' }, padding: { length: 4, padId: 7, side: 'left' } });
    expect(Array.from(left.ids)).toEqual([7, 7, ...Array.from(enc.encode('one two three').subarray(1))]);
    expect(Array.from(left.attentionMask)).toEqual([0, 0, 1, 1]);
    expect(Array.from(left.specialTokensMask)).toEqual([1, 1, 0, 0]);
  });

  it('encodeBatch and count agree with encode', async () => {
    const enc = await getEncoding(name);
    const texts = ['a', 'The quick brown fox', '', '  \n  '];
    const batch = enc.encodeBatch(texts);
    texts.forEach((t, i) => {
      expect(Array.from(batch[i]!)).toEqual(Array.from(enc.encode(t)));
      expect(enc.count(t)).toBe(batch[i]!.length);
    });
  });

  it('rejects unknown ids in decode', async () => {
    const enc = await getEncoding(name);
    expect(() => enc.decode([enc.vocabSize + 5])).toThrow(TokenizerArgumentError);
    expect(() => enc.decode([-1])).toThrow(TokenizerArgumentError);
  });
});

it('rejects an unknown encoding name', async () => {
  await expect(getEncoding('p50k_base' as never)).rejects.toThrow(TokenizerArgumentError);
});
