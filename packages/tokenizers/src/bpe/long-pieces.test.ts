// Long pieces take other merge paths (4-ary heap above 40 bytes, rank buckets above 4 KiB): they
// must give tiktoken's ids exactly, like the short-piece path.
import fc from 'fast-check';
import { get_encoding } from 'tiktoken';
import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../encodings/base64.ts';
import { tokenizerFromRankFile } from '../formats/from-files.ts';
import { getEncoding } from '../encodings/get-encoding.ts';
import { countWork } from '../work-counter.ts';

const LONG = [
  'a'.repeat(5000),
  'ab'.repeat(3001),
  'aab'.repeat(1700),
  '1234567890'.repeat(600),
  '😀'.repeat(1500),
  '👨‍👩‍👧‍👦'.repeat(300),
  '的一是不了人我在有他这为之大来以个中上们'.repeat(90),
  'x'.repeat(4095) + 'y',
  '!'.repeat(4097),
  'Supercalifragilisticexpialidocious'.repeat(150),
];

describe.each(['r50k_base', 'cl100k_base', 'o200k_base'] as const)('%s', (name) => {
  it('matches tiktoken on long single pieces', async () => {
    const enc = await getEncoding(name);
    const reference = get_encoding(name);
    for (const text of LONG) expect(Array.from(enc.encodeOrdinary(text)), text.slice(0, 20)).toEqual(Array.from(reference.encode_ordinary(text)));
  });

  it('matches tiktoken on long random words over a small alphabet (fast-check, fixed seed)', async () => {
    const enc = await getEncoding(name);
    const reference = get_encoding(name);
    const letters = fc.constantFrom('a', 'b', 'e', 'r', 't', 'h', 'n', 'é', 'ß', '中');
    fc.assert(
      fc.property(fc.array(letters, { minLength: 30, maxLength: 5200, size: 'max' }), (chars) => {
        const text = chars.join('');
        expect(Array.from(enc.encodeOrdinary(text))).toEqual(Array.from(reference.encode_ordinary(text)));
      }),
      { seed: 99, numRuns: 12 },
    );
  });
});

describe('a crafted rank file', () => {
  // A 4096-byte token followed by a piece that merges again and again right next to it (a chain of
  // tokens, each one letter longer): finding the token before a merge is one read, not a walk back
  // over the long token, so merge work stays a few steps per byte whatever the file holds.
  const letters = Array.from({ length: 400 }, (_, i) => String.fromCodePoint(0xc0 + i)).filter((c) => /\p{L}/u.test(c));
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
  const tokens: Uint8Array[] = Array.from({ length: 256 }, (_, b) => Uint8Array.of(b));
  for (let k = 1; k <= 12; k++) tokens.push(utf8('b'.repeat(2 ** k)));
  for (const c of letters) tokens.push(utf8(c));
  for (let j = 2; j <= letters.length; j++) tokens.push(utf8(letters.slice(0, j).join('')));
  const rankFile = tokens.map((t, rank) => `${encodeBase64(t)} ${rank}`).join('\n');

  it('merges in a bounded number of steps per byte', () => {
    const enc = tokenizerFromRankFile(rankFile, { pattern: 'r50k' });
    const text = 'b'.repeat(4096) + letters.join('');
    let ids = new Uint32Array(0);
    const work = countWork(() => {
      ids = enc.encode(text);
    });
    expect([...ids]).toEqual([256 + 11, tokens.length - 1]);
    expect(enc.decode(ids)).toBe(text);
    expect(work.merges).toBeLessThanOrEqual(4 * Buffer.byteLength(text));
  });
});
