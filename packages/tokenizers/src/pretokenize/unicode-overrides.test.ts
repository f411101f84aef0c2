// Code points whose class differs between the engine's Unicode tables and tiktoken's follow tiktoken.
// (scripts/check-all-code-points.mjs checks every code point; this test covers the overridden ones.)
import { get_encoding } from 'tiktoken';
import { expect, it } from 'vitest';
import { getEncoding } from '../encodings/get-encoding.ts';
import { UNICODE_OVERRIDES } from './unicode-overrides.ts';

it.each(['r50k_base', 'cl100k_base', 'o200k_base'] as const)('%s matches tiktoken on the overridden code points', async (name) => {
  const enc = await getEncoding(name);
  const reference = get_encoding(name);
  const parts: string[] = [];
  for (const [first, last] of UNICODE_OVERRIDES) {
    for (let cp = first - 1; cp <= last + 1; cp++) {
      const ch = String.fromCodePoint(cp);
      parts.push('a' + ch + ch + ' ' + ch + "'s" + ch + '1 ' + ch + 'A' + ch + 'b\n');
    }
  }
  const text = parts.join('');
  expect(Array.from(enc.encodeOrdinary(text))).toEqual(Array.from(reference.encode_ordinary(text)));
});
