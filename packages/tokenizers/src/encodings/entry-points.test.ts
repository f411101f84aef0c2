// The per-encoding entry points (@neurite/tokenizers/encodings/<name>): the same ids as getEncoding,
// and a module graph that reaches only their own encoding's rank data, statically, so a bundle of one
// carries no other encoding.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cl100kBase } from './cl100k-base-entry.ts';
import { getEncoding } from './get-encoding.ts';
import { o200kBase } from './o200k-base-entry.ts';
import { r50kBase } from './r50k-base-entry.ts';

const here = dirname(fileURLToPath(import.meta.url));
const TEXT = 'Hello, world! 123 naïve café — 東京 🙂 <|endoftext|>\n\tindented   spaces';

/** Every file a module reaches through relative imports (static and dynamic), by path. */
function moduleGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:from|import\()\s*(?:\/\*[^*]*\*\/\s*)?'(\.{1,2}\/[^']+)'/g)) visit(resolve(dirname(file), m[1]!));
  };
  visit(entry);
  return seen;
}

describe('per-encoding entry points', () => {
  for (const [name, load, file] of [['r50k_base', r50kBase, 'r50k-base'], ['cl100k_base', cl100kBase, 'cl100k-base'], ['o200k_base', o200kBase, 'o200k-base']] as const) {
    it(`${name}: the ids of getEncoding('${name}'), one shared tokenizer, only its own rank data reachable`, async () => {
      const [entry, shipped] = await Promise.all([load(), getEncoding(name)]);
      expect(entry).not.toBe(shipped);
      expect(entry.name).toBe(name);
      expect(Array.from(entry.encode(TEXT, { allowedSpecial: 'all' }))).toEqual(Array.from(shipped.encode(TEXT, { allowedSpecial: 'all' })));
      expect(await load()).toBe(entry);
      const data = [...moduleGraph(join(here, `${file}-entry.ts`))].filter((f) => f.includes(`${join('encodings', 'data')}`));
      expect(data).toEqual([join(here, 'data', `${file}.ts`)]);
    });
  }

  it('getEncoding reaches all three by dynamic import (what the entry points avoid)', () => {
    const data = [...moduleGraph(join(here, 'get-encoding.ts'))].filter((f) => f.includes(join('encodings', 'data')));
    expect(data.sort()).toEqual(['cl100k-base', 'o200k-base', 'r50k-base'].map((f) => join(here, 'data', `${f}.ts`)));
  });
});
