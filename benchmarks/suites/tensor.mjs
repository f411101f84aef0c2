// @neurite/tensor: per-op dispatch overhead on tiny tensors and one training step of a
// 784-128-10 MLP (forward, backward, SGD update) at batch 64, against TensorFlow.js 4.22
// (tfjs-core with the wasm and cpu backends). Every timed call includes freeing its results
// (dispose / scope), as a training loop must. tfjs-core's Node entry registers no gradients and
// its gradient modules do not load under Node's ESM resolver, so the three this MLP needs
// (BatchMatMul, Add, Sub, Multiply, RealDiv, Neg, Sum, Relu) are registered here with the same formulas as tfjs's own gradient files;
// the loss is tf.losses.softmaxCrossEntropy (a customGrad) and the update tf.train.sgd.
import { neuriteBackends } from '../lib/backends.mjs';
import {
  add, dispose, init, linear, matmul, memory, scope, softmaxCrossEntropy, tensor,
} from '@neurite/tensor';
import { createSuite, seededArray } from '../lib/harness.mjs';
import { useTfjs } from '../lib/tfjs.mjs';

const BATCH = 64, IN = 784, HIDDEN = 128, OUT = 10, LR = 0.05;

function mlpData() {
  const labels = Int32Array.from({ length: BATCH }, (_, i) => (i * 7 + 3) % OUT);
  return {
    x: seededArray(BATCH * IN, 1, 0, 1),
    labels,
    w1: seededArray(IN * HIDDEN, 2, -0.05, 0.05),
    b1: seededArray(HIDDEN, 3, -0.01, 0.01),
    w2: seededArray(HIDDEN * OUT, 4, -0.1, 0.1),
    b2: seededArray(OUT, 5, -0.01, 0.01),
  };
}

/** Tensors and timed functions for Neurite on the current backend. */
function neuriteCases() {
  const a = tensor(seededArray(4, 6)), b = tensor(seededArray(4, 7));
  const m1 = tensor(seededArray(64, 8), [8, 8]), m2 = tensor(seededArray(64, 9), [8, 8]);
  const d = mlpData();
  const x = tensor(d.x, [BATCH, IN]), y = tensor(d.labels);
  const params = [tensor(d.w1, [IN, HIDDEN]), tensor(d.b1), tensor(d.w2, [HIDDEN, OUT]), tensor(d.b2)].map((p) => p.setRequiresGrad());
  const [w1, b1, w2, b2] = params;
  const loss = () => softmaxCrossEntropy(linear(linear(x, w1, b1, { activation: 'relu' }), w2, b2), y);
  return {
    add4: () => add(a, b).dispose(),
    matmul8: () => matmul(m1, m2).dispose(),
    initialLoss: () => scope(() => loss().item()),
    step: () => scope(() => {
      loss().backward();
      for (const p of params) {
        p.addScaledInPlace_(p.grad, -LR);
        p.zeroGrad();
      }
    }),
    dispose: () => dispose([a, b, m1, m2, x, y, ...params]),
  };
}

let gradientsRegistered = false;
function registerMlpGradients(tf) {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  const reduceTo = (dy, shape) => {
    const axes = tf.backend_util.getReductionAxes(shape, dy.shape);
    return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, shape);
  };
  // tf.matMul runs the BatchMatMul kernel (rank-3 views); this MLP never transposes in forward.
  tf.registerGradient({
    kernelName: 'BatchMatMul', inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b], attrs) => {
      if (attrs.transposeA || attrs.transposeB) throw new Error('benchmark gradient: transposed BatchMatMul not needed');
      return { a: () => tf.matMul(dy, b, false, true), b: () => tf.matMul(a, dy, true, false) };
    },
  });
  tf.registerGradient({
    kernelName: 'Add', inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => reduceTo(dy, a.shape), b: () => reduceTo(dy, b.shape) }),
  });
  tf.registerGradient({
    kernelName: 'Sub', inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => reduceTo(dy, a.shape), b: () => tf.neg(reduceTo(dy, b.shape)) }),
  });
  tf.registerGradient({
    kernelName: 'Multiply', inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => reduceTo(tf.mul(dy, b), a.shape), b: () => reduceTo(tf.mul(dy, a), b.shape) }),
  });
  tf.registerGradient({
    kernelName: 'RealDiv', inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({
      a: () => reduceTo(tf.div(dy, b), a.shape),
      b: () => reduceTo(tf.neg(tf.div(tf.mul(dy, a), tf.square(b))), b.shape),
    }),
  });
  tf.registerGradient({
    kernelName: 'Neg', gradFunc: (dy) => ({ x: () => tf.neg(dy) }),
  });
  tf.registerGradient({
    kernelName: 'Sum', inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const axes = tf.util.parseAxisParam(attrs.axis, x.shape);
      const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      return { x: () => tf.mul(tf.reshape(dy, kept), tf.onesLike(x)) };
    },
  });
  tf.registerGradient({
    kernelName: 'Relu', inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy, tf.cast(tf.greater(x, 0), 'float32')) }),
  });
}

function tfjsCases(tf) {
  registerMlpGradients(tf);
  const a = tf.tensor1d(seededArray(4, 6)), b = tf.tensor1d(seededArray(4, 7));
  const m1 = tf.tensor2d(seededArray(64, 8), [8, 8]), m2 = tf.tensor2d(seededArray(64, 9), [8, 8]);
  const d = mlpData();
  const x = tf.tensor2d(d.x, [BATCH, IN]);
  const y = tf.oneHot(tf.tensor1d(d.labels, 'int32'), OUT);
  const w1 = tf.variable(tf.tensor2d(d.w1, [IN, HIDDEN])), b1 = tf.variable(tf.tensor1d(d.b1));
  const w2 = tf.variable(tf.tensor2d(d.w2, [HIDDEN, OUT])), b2 = tf.variable(tf.tensor1d(d.b2));
  const optimizer = tf.train.sgd(LR);
  const loss = () => tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2));
  return {
    add4: () => tf.add(a, b).dispose(),
    matmul8: () => tf.matMul(m1, m2).dispose(),
    initialLoss: () => tf.tidy(() => loss().dataSync()[0]),
    step: () => tf.tidy(() => { optimizer.minimize(loss); }),
    dispose: () => { tf.dispose([a, b, m1, m2, x, y, w1, b1, w2, b2]); optimizer.dispose(); },
  };
}

export async function run() {
  const suite = createSuite('tensor');
  const impls = await neuriteBackends();
  let reference;
  const timeCase = async (impl, c) => {
    const l0 = c.initialLoss();
    reference ??= l0;
    if (!(Math.abs(l0 - reference) <= 1e-4 * Math.abs(reference))) throw new Error(`${impl}: initial MLP loss ${l0}, expected ${reference}`);
    await suite.compare('add, 4 elements', { unit: 'M ops/s', work: 1e-6, impls: { [impl]: c.add4 } });
    await suite.compare('matmul 8x8', { unit: 'M ops/s', work: 1e-6, impls: { [impl]: c.matmul8 } });
    await suite.compare('MLP 784-128-10 step, batch 64', { unit: 'steps/s', work: 1, impls: { [impl]: c.step }, time: 1500 });
  };
  for (const [name, backend] of Object.entries(impls)) {
    await init(backend);
    const c = neuriteCases();
    await timeCase(name, c);
    c.dispose();
    if (memory().liveTensors !== 0) throw new Error(`${name}: ${memory().liveTensors} tensors left after the cases`);
  }
  for (const backendName of ['wasm', 'cpu']) {
    const tf = await useTfjs(backendName);
    const c = tfjsCases(tf);
    await timeCase(`tfjs-${backendName}`, c);
    c.dispose();
  }
  // Per-op latency in microseconds, which is how the targets are stated.
  for (const row of suite.rows.filter((r) => r.unit === 'M ops/s')) console.log(`  ${row.case} / ${row.impl}: ${(row.median_ms * 1000).toFixed(2)} us per op`);
  await useTfjs('wasm');
  return suite.finish();
}
