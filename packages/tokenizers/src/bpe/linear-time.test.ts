// Worst-case inputs encode in linear time (TESTING.md): the work the encoder counts (merge steps,
// units examined by the pre-tokenizer) on 1 MiB is at most 8x that on 128 KiB plus a constant, and
// at most a fixed amount per input byte. Work is counted, never timed (the timing ratios are in the
// tokenizers benchmark).
import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_INPUTS } from '../adversarial-inputs.ts';
import { getEncoding, type EncodingName } from '../encodings/get-encoding.ts';
import { countWork, WORK, type WorkCounter } from '../work-counter.ts';
import type { BpeTokenizer } from './bpe-tokenizer.ts';

/** 1 MiB vs 128 KiB for cl100k_base; the other patterns' scanners on 128 KiB vs 16 KiB (counts are exact at any size). */
const SIZES: Readonly<Record<string, number>> = { cl100k_base: 1 << 20, o200k_base: 1 << 17, r50k_base: 1 << 17 };
/** Merge steps per UTF-8 byte: a piece of n <= 40 bytes takes at most n + n(n+1)/2 scan steps; a longer one n + 3n queue steps. */
const MERGES_PER_BYTE = 22;
/** Pre-tokenizer reads per UTF-16 unit: a bounded number of single reads per piece (BOUNDED_READS) plus a few passes over each run. */
const SCANNED_PER_UNIT = 32;

function work(enc: BpeTokenizer, text: string): WorkCounter {
  enc.clearCache(); // both sizes start from empty caches
  let ids = new Uint32Array(0);
  const counted = countWork(() => {
    ids = enc.encode(text);
  });
  expect(ids.length).toBeGreaterThan(0);
  return counted;
}

describe.each(['cl100k_base', 'o200k_base', 'r50k_base'] as EncodingName[])('%s', (name) => {
  it.each(ADVERSARIAL_INPUTS.map(([label, make]) => [label, make] as const))('counts linear work on 1 MiB of %s', async (_label, make) => {
    const enc = await getEncoding(name);
    const LARGE = SIZES[name]!;
    const SMALL = LARGE >> 3;
    // 8 copies of the small text: the same mix of pieces, so seeded inputs compare like with like
    const small = make(SMALL);
    const large = small.repeat(LARGE / SMALL);
    const s = work(enc, small);
    const l = work(enc, large);
    expect(s.merges + s.scanned).toBeGreaterThan(0);
    expect(l.merges, `merge steps ${l.merges} vs ${s.merges}`).toBeLessThanOrEqual(8 * s.merges + 1000);
    expect(l.scanned, `units scanned ${l.scanned} vs ${s.scanned}`).toBeLessThanOrEqual(8 * s.scanned + 1000);
    const bytes = Buffer.byteLength(large);
    expect(l.merges).toBeLessThanOrEqual(MERGES_PER_BYTE * bytes);
    expect(l.scanned).toBeLessThanOrEqual(SCANNED_PER_UNIT * large.length);
  });
});

describe('work counter', () => {
  it('counts nothing unless active, and each countWork separately', async () => {
    const enc = await getEncoding('cl100k_base');
    expect(WORK.counter).toBeUndefined();
    const outer = countWork(() => {
      enc.clearCache();
      enc.encode('hello world');
      const inner = countWork(() => {
        enc.clearCache();
        enc.encode('hello world');
      });
      expect(inner.scanned).toBeGreaterThan(0);
    });
    expect(WORK.counter).toBeUndefined();
    expect(outer.scanned).toBeGreaterThan(0);
    expect(outer.merges).toBeGreaterThan(0);
  });
});
