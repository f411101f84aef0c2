// Linear-time check (TESTING.md) for the pipeline tokenizers other than WordPiece (see
// wordpiece/linear-time.test.ts): character-level BPE, word level, character level, and a Unigram
// tokenizer.json (its Viterbi's trie probes are bounded by the longest piece per unit). The work they
// count (merge steps, units scanned by the pre-tokenizer, units looked up) on 1 MiB is at most 8x
// that on 128 KiB plus a constant, and bounded per input unit. Counted, never timed (the timing
// ratios are in the tokenizers benchmark).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ADVERSARIAL_INPUTS } from '../adversarial-inputs.ts';
import { trainCharTokenizer } from '../char/char-tokenizer.ts';
import { readTokenizerJson } from '../formats/tokenizer-json/read.ts';
import { trainBpe } from '../train/bpe-trainer.ts';
import { countWork } from '../work-counter.ts';
import { trainWordTokenizer } from '../word/word-tokenizer.ts';
import type { PipelineTokenizer } from './pipeline-tokenizer.ts';

const SEED_TEXT = ['aaaa aa a __ _ 1234567890 12 中文字 中文 the quick brown fox', 'abcdefghijklmnopqrstuvwxyz'];

const tokenizers: Array<[string, PipelineTokenizer]> = [
  ['character-level BPE', trainBpe(SEED_TEXT, { level: 'char', vocabSize: 120 }).toTokenizer() as PipelineTokenizer],
  ['word level', trainWordTokenizer(SEED_TEXT)],
  ['character level', trainCharTokenizer(SEED_TEXT)],
];

/** Work per input unit: a merge heap takes at most the initial pass plus 3 steps per symbol; each unit is scanned and looked up once. */
const PER_UNIT = 4;

describe.each(tokenizers)('%s counts linear work', (_name, tokenizer) => {
  test.each(ADVERSARIAL_INPUTS.map(([label, make]) => [label, make] as const))('%s', (_input, make) => {
    const small = make(128 * 1024);
    const large = small.repeat(8);
    const s = countWork(() => tokenizer.encode(small));
    const l = countWork(() => tokenizer.encode(large));
    const total = (w: typeof s): number => w.merges + w.scanned + w.lookups + w.probes;
    expect(total(s)).toBeGreaterThan(0);
    for (const kind of ['merges', 'scanned', 'lookups'] as const) {
      expect(l[kind], `${kind} ${l[kind]} vs ${s[kind]}`).toBeLessThanOrEqual(8 * s[kind] + 1000);
      expect(l[kind]).toBeLessThanOrEqual(PER_UNIT * large.length);
    }
  });
});

const unigramJson = (JSON.parse(readFileSync(new URL('../formats/tokenizer-json/fixtures/unigram-parity.json', import.meta.url), 'utf8')) as {
  tokenizers: Record<string, { json: { model: { vocab: [string, number][] } } }>;
}).tokenizers['byte-fallback']!.json;
const longestPiece = Math.max(...unigramJson.model.vocab.map(([piece]) => piece.length));

describe('Unigram tokenizer.json counts linear work', () => {
  const tokenizer = readTokenizerJson(unigramJson);
  test.each(ADVERSARIAL_INPUTS.map(([label, make]) => [label, make] as const))('%s', (_input, make) => {
    const small = make(128 * 1024);
    const large = small.repeat(8);
    const s = countWork(() => tokenizer.encode(small));
    const l = countWork(() => tokenizer.encode(large));
    expect(s.probes).toBeGreaterThan(0);
    expect(l.probes, `probes ${l.probes} vs ${s.probes}`).toBeLessThanOrEqual(8 * s.probes + 1000);
    expect(l.probes).toBeLessThanOrEqual(longestPiece * 2 * large.length);
    expect(l.scanned).toBeLessThanOrEqual(8 * s.scanned + 1000);
  });
});
