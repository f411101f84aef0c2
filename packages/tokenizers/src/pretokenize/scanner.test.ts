// The hand-written scanners must split exactly like the RegExp translations of the patterns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDGE_STRINGS } from '../encodings/edge-strings.ts';
import { compilePattern, PATTERN_NAMES, type PatternName } from './patterns.ts';
import { SCANNERS } from './scanner.ts';
import { UNICODE_OVERRIDES } from './unicode-overrides.ts';

/** The RegExp follows the engine's Unicode tables; the scanners follow tiktoken's where they differ. */
function withoutOverrides(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += UNICODE_OVERRIDES.some(([a, b]) => cp >= a && cp <= b) ? 'x' : ch;
  }
  return out;
}

function regexSplit(name: PatternName, s: string): string[] {
  return Array.from(s.matchAll(compilePattern(name)), (m) => m[0]);
}

function scannerSplit(name: PatternName, s: string): string[] {
  const out: string[] = [];
  const scan = SCANNERS[name];
  for (let i = 0; i < s.length; ) {
    const e = scan(s, i);
    if (e <= i) throw new Error(`empty piece at ${i}`);
    out.push(s.slice(i, e));
    i = e;
  }
  return out;
}

const PARTS = [
  ' ', '  ', '\n', '\r', '\r\n', '\t', '\u00a0', '\u0085', '\u2028', '\ufeff', '\u3000', "'", "'s", "'S", "'ll", "'LL", "'Ve", "'d",
  'a', 'bc', 'Z', 'AB', 'é', 'ß', 'ǅ', 'ʰ', 'ᵃ', '\u0301', '\u0903', '\u20dd', '1', '23', '٣', '½', 'Ⅻ', '.', '!', '/', '//', '-', '(',
  '😀', '👍🏽', '\u200d', '中', 'カ', 'ー', '한', 'ا', 'ـ', '𝕳', '𝔞', '𝟘', '\ud800', '\udc00', 'I', 'İ', 'ı', 'ſ', 'K',
];
const tricky = fc.array(fc.oneof(fc.constantFrom(...PARTS), fc.string({ unit: 'binary', maxLength: 2 })), { maxLength: 30 }).map((a) => withoutOverrides(a.join('')));

describe.each(PATTERN_NAMES)('%s scanner', (name) => {
  it('splits the edge strings like the RegExp', () => {
    for (const s of EDGE_STRINGS) expect(scannerSplit(name, s), JSON.stringify(s)).toEqual(regexSplit(name, s));
  });

  it('splits generated strings like the RegExp (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(tricky, (s) => {
        expect(scannerSplit(name, s)).toEqual(regexSplit(name, s));
      }),
      { seed: 424242, numRuns: 2000 },
    );
  });

  it('splits arbitrary Unicode like the RegExp (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }).map(withoutOverrides), (s) => {
        expect(scannerSplit(name, s)).toEqual(regexSplit(name, s));
      }),
      { seed: 4242, numRuns: 500 },
    );
  });
});
