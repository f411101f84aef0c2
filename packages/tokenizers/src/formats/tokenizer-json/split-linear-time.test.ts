// Linear-time check (TESTING.md) for the Split pre-tokenizer's behaviours: a byte-level BPE whose
// Split keeps each text whole (Contiguous: one BPE piece per text) and a word-level pipeline with a
// literal Split followed by a Split of a known pattern. The work counted on 8x the text is at most
// 8x plus a constant, and bounded per input unit. Counted, never timed.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ADVERSARIAL_INPUTS } from '../../adversarial-inputs.ts';
import type { PipelineTokenizer } from '../../pipeline/pipeline-tokenizer.ts';
import { PATTERN_SOURCES } from '../../pretokenize/patterns.ts';
import { countWork } from '../../work-counter.ts';
import { readTokenizerJson } from './read.ts';
import type { PreTokenizerSpec, TokenizerJson } from './types.ts';

const fixture = (name: string): TokenizerJson => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as TokenizerJson;

const byteLevel = fixture('split-byte-level.json') as unknown as { tokenizer: TokenizerJson };
const contiguous: PreTokenizerSpec = {
  type: 'Sequence',
  pretokenizers: [
    { type: 'Split', pattern: { Regex: PATTERN_SOURCES.o200k }, behavior: 'Contiguous', invert: true },
    { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
  ],
};
const literalThenKnown: PreTokenizerSpec = {
  type: 'Sequence',
  pretokenizers: [
    { type: 'Split', pattern: { String: ' ' }, behavior: 'Removed', invert: false },
    { type: 'Split', pattern: { Regex: PATTERN_SOURCES.cl100k }, behavior: 'MergedWithPrevious', invert: true },
  ],
};

const tokenizers: Array<[string, PipelineTokenizer, number]> = [
  // merge steps per UTF-16 unit: at most 3 UTF-8 bytes per unit, 4 queue steps per byte (see bpe/linear-time.test.ts)
  ['byte-level BPE, Contiguous Split (one piece per text)', readTokenizerJson({ ...byteLevel.tokenizer, pre_tokenizer: contiguous }), 12],
  ['word level, literal Split then a known pattern', readTokenizerJson({ ...fixture('word-level-tiny.json'), pre_tokenizer: literalThenKnown }), 4],
];

describe.each(tokenizers)('%s counts linear work', (_name, tokenizer, perUnit) => {
  test.each(ADVERSARIAL_INPUTS.map(([label, make]) => [label, make] as const))('%s', (_input, make) => {
    const small = make(32 * 1024);
    const large = small.repeat(8);
    const s = countWork(() => tokenizer.encode(small));
    const l = countWork(() => tokenizer.encode(large));
    expect(s.merges + s.scanned + s.lookups).toBeGreaterThan(0);
    for (const kind of ['merges', 'scanned', 'lookups'] as const) {
      expect(l[kind], `${kind} ${l[kind]} vs ${s[kind]}`).toBeLessThanOrEqual(8 * s[kind] + 1000);
      expect(l[kind]).toBeLessThanOrEqual(perUnit * large.length);
    }
  });
});
