import fc from 'fast-check';
import { expect, it } from 'vitest';
import { base64Length, decodeBase64Into, encodeBase64 } from './base64.ts';

it('round-trips bytes like Buffer does (fast-check, fixed seed)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      const out = new Uint8Array(base64Length(text, 0, text.length));
      expect(decodeBase64Into(text, 0, text.length, out, 0)).toBe(bytes.length);
      expect(out).toEqual(bytes);
    }),
    { seed: 3, numRuns: 200 },
  );
});

it('rejects characters outside the alphabet and bad padding', () => {
  const out = new Uint8Array(8);
  expect(decodeBase64Into('ab!d', 0, 4, out, 0)).toBe(-1);
  expect(decodeBase64Into('a===', 0, 4, out, 0)).toBe(-1);
  expect(decodeBase64Into('abc', 0, 3, out, 0)).toBe(2);
  expect(base64Length('a', 0, 1)).toBe(-1);
});
