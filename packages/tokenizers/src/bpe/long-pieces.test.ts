// Long pieces take other merge paths (4-ary heap above 40 bytes, rank buckets above 4 KiB): they
// must give tiktoken's ids exactly, like the short-piece path.
import fc from 'fast-check';
import { get_encoding } from 'tiktoken';
import { describe, expect, it } from 'vitest';
import { getEncoding } from '../encodings/get-encoding.ts';

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
