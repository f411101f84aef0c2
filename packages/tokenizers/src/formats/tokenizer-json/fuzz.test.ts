// Structural mutations of tokenizer.json files (fast-check, fixed seed): any field deleted, set to
// null or replaced by a value of another type or range. Every mutated file gives a tokenizer that
// encodes and decodes, or a TokenizerFileError; never another exception.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TokenizerFileError } from '../../errors.ts';
import { trainBpe } from '../../train/bpe-trainer.ts';
import { readTokenizerJson } from './read.ts';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const byteLevel = trainBpe(['hello world, hello there\n', 'worldly hellos 123'], { vocabSize: 280, specialTokens: ['<|endoftext|>'] }).toTokenizerJson();
const SOURCES: Array<[string, string]> = [
  ['bert-tiny.json', fixture('bert-tiny.json')],
  ['char-bpe-tiny.json', fixture('char-bpe-tiny.json')],
  ['word-level-tiny.json', fixture('word-level-tiny.json')],
  ['byte-level BPE', byteLevel],
];
const SAMPLE = 'The quick fox, naïve 中国 [MASK] <|endoftext|> hello world 123';

type Path = ReadonlyArray<string | number>;

/** Every path of the tree with at most 4 entries of each array and 12 of each object (vocabularies are large). */
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.slice(0, 4).forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) {
    Object.entries(value)
      .slice(0, 12)
      .forEach(([k, v]) => out.push(...paths(v, [...prefix, k])));
  }
  return out;
}

/** A copy of `root` with the value at `path` replaced (DELETE: removed). */
const DELETE = Symbol('delete');
function mutate(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value === DELETE ? undefined : value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  const [key, ...rest] = path;
  if (rest.length === 0 && value === DELETE) {
    if (Array.isArray(copy)) copy.splice(key as number, 1);
    else delete copy[key!];
  } else copy[key!] = mutate(copy[key!], rest, value);
  return copy;
}

const replacement = fc.oneof(
  fc.constantFrom<unknown>(DELETE, null, -1, 0, 1, 1.5, -0.5, 1e9, 2 ** 32, 2 ** 53, Number.MAX_VALUE, true, false, '', 'x', '[UNK]', 'Fixed', 'Left', [], {}, [1], [-1], ['a', 1], { type: 'X' }, { Fixed: -3 }),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 4 }),
  fc.jsonValue({ maxDepth: 2 }),
);

function expectTokenizerOrFileError(input: unknown): void {
  let tokenizer: ReturnType<typeof readTokenizerJson>;
  try {
    tokenizer = readTokenizerJson(input);
  } catch (error) {
    if (error instanceof TokenizerFileError) return;
    throw error;
  }
  const ids = tokenizer.encode(SAMPLE);
  tokenizer.decode(ids);
  tokenizer.encodeWithOffsets(SAMPLE);
}

describe('mutated tokenizer.json', () => {
  test.each(SOURCES)('%s without added_tokens, or with null, still loads', (_name, text) => {
    const json = JSON.parse(text);
    for (const value of [DELETE, null]) {
      const tokenizer = readTokenizerJson(mutate(json, ['added_tokens'], value));
      expect(tokenizer.decode(tokenizer.encode('hello world'))).toBeTypeOf('string');
    }
  });

  test('every structural mutation gives a tokenizer or a TokenizerFileError (fast-check, seed 11)', () => {
    const parsed = SOURCES.map(([, text]) => JSON.parse(text) as unknown);
    const allPaths = parsed.map((json) => paths(json));
    fc.assert(
      fc.property(fc.nat(SOURCES.length - 1), fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 3 }), fc.boolean(), (which, edits, asText) => {
        let json = parsed[which];
        for (const [at, value] of edits) json = mutate(json, allPaths[which]![at % allPaths[which]!.length]!, value);
        expectTokenizerOrFileError(asText ? JSON.stringify(json) ?? '' : json);
      }),
      { seed: 11, numRuns: 3000 },
    );
  });
});
