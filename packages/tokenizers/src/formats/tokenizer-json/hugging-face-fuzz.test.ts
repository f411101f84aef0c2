// Random texts (fast-check, fixed seeds) through the three fixtures and through byte-level BPE
// tokenizer.json files (trained here, RoBERTa-style stages), here and in Hugging Face's
// implementation (the `tokenizers` npm package): same ids, offsets and decoded text. For the
// fixtures the characters
// come from blocks assigned long ago (Latin, Greek, Cyrillic, general punctuation, CJK symbols,
// ideographs, full-width forms) plus chosen cases: the Rust crates behind Hugging Face use older
// Unicode tables, and they align characters moved by canonical reordering by position; both are
// known, deliberate differences and are left out of the comparison.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import { trainBpe } from '../../train/bpe-trainer.ts';
import { readTokenizerJson } from './read.ts';
const require = createRequire(import.meta.url);
let hf: any;
try {
  hf = require('tokenizers');
} catch {
  hf = undefined;
}
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
/**
 * Ids, offsets (Hugging Face's Node bindings report code points; ours are UTF-16) and decoding of
 * `s` agree with the Hugging Face tokenizer; `label` names the text in offset failures.
 */
async function expectSameAsHuggingFace(ours: ReturnType<typeof readTokenizerJson>, theirs: any, s: string, label: (s: string) => string): Promise<void> {
  const e = await theirs.encode(s);
  const got = ours.encodeWithOffsets(s);
  expect([...got.ids], JSON.stringify(s)).toEqual(e.getIds());
  const utf16At: number[] = [0];
  for (const ch of s) utf16At.push(utf16At.at(-1)! + ch.length);
  const offsets = e.getOffsets().map(([a, b]: number[]) => [utf16At[a!], utf16At[b!]]);
  [...got.ids].forEach((_, k) => {
    if (got.specialTokensMask[k] === 0) expect([got.offsets[2 * k], got.offsets[2 * k + 1]], label(s) + ' tok ' + k).toEqual(offsets[k]);
  });
  expect(ours.decode(got.ids), JSON.stringify(s)).toBe(await theirs.decode([...got.ids], true));
}

test.skipIf(hf === undefined).each(['bert-tiny.json', 'char-bpe-tiny.json', 'word-level-tiny.json'])('%s agrees with Hugging Face on random texts', async (name) => {
  const text = fixture(name);
  const ours = readTokenizerJson(text);
  const theirs = hf.Tokenizer.fromString(text);
  const unit = fc.oneof(
    fc.constantFrom('a', 'b', 'c', 'l', 'o', 'w', 'A', 'É', 'e\u0301', ' ', '\t', '\n', '\u00a0', '\u3000', '\u0085', '\u000b', '\u200b', '\u0000', '\ufffd', '.', ',', '!', '_', '-', "'", '中', '国', 'ǅ', 'ﬁ', 'İ', 'Σ', '😀', '[MASK]', '[UNK]', '<s>', 'the', 'fox', 'un', '##aff'),
    fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x24f }), fc.integer({ min: 0x370, max: 0x4ff }), fc.integer({ min: 0x2000, max: 0x206f }), fc.integer({ min: 0x3000, max: 0x3029 }), fc.integer({ min: 0x4e00, max: 0x4e50 }), fc.integer({ min: 0xff00, max: 0xff60 })).map((c) => String.fromCodePoint(c)), maxLength: 2 }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(unit, { maxLength: 12 }), async (parts) => {
      await expectSameAsHuggingFace(ours, theirs, parts.join(''), (s) => [...s].map((c) => c.codePointAt(0)!.toString(16)).join(' '));
    }),
    { seed: 3, numRuns: 300 },
  );
});

test.skipIf(hf === undefined).each(['r50k', 'cl100k', 'o200k'] as const)('byte-level BPE (%s, RoBERTa-style template, prefix space, trimmed offsets) agrees with Hugging Face on random texts', async (pattern) => {
  const trained = trainBpe(['The quick brown fox jumps over the lazy dog. It\'s 12345 times!\n  indented\n\tTabs é 中文 😀'], { vocabSize: 400, preTokenizer: pattern, specialTokens: ['<s>'] });
  const json = JSON.parse(trained.toTokenizerJson());
  json.pre_tokenizer = pattern === 'r50k' ? { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true } : json.pre_tokenizer;
  json.post_processor = { type: 'RobertaProcessing', sep: ['<s>', 0], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: true };
  const ours = readTokenizerJson(json);
  const theirs = hf.Tokenizer.fromString(JSON.stringify(json));
  const unit = fc.oneof(fc.constantFrom(' ', '  ', '\n', '\r\n', '\t', "'s", "'S", "'ll", 'The', 'the', 'fox', '123', '12345', '!', '...', 'é', '中文', '😀', '<s>', 'ǅ', 'İ', '\u00a0', '\u3000', '/'), fc.string({ unit: 'grapheme', maxLength: 2 }));
  await fc.assert(
    fc.asyncProperty(fc.array(unit, { maxLength: 10 }), async (parts) => {
      await expectSameAsHuggingFace(ours, theirs, parts.join(''), (s) => JSON.stringify(s));
    }),
    { seed: 4, numRuns: 300 },
  );
});
