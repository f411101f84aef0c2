// @neurite/metrics on 10M predictions: the confusion matrix against ml-confusion-matrix 2.0
// (ConfusionMatrix.fromLabels, its users' route) and a plain loop that is told the classes
// beforehand, and ROC AUC against a plain loop (argsort of the indices by score with a comparator,
// then one pass over the groups of tied scores, summing trapezoids). Unit: M predictions/s.
// The plain ROC loop runs on the first 1M predictions: a comparator sort of 10M takes tens of
// seconds a call here, and its rate per prediction only falls with n (n log n), so the 10M ratio
// against it is conservative; a second case times both on the same 1M. The impls take turns (compareInterleaved): the machine is shared.
import { confusionMatrix, rocAucScore } from '@neurite/metrics';
import { ConfusionMatrix } from 'ml-confusion-matrix';
import { createSuite } from '../lib/harness.mjs';

const N = 10_000_000, CLASSES = 10, NAIVE_ROC = 1_000_000;

/** Seeded uniforms in [0, 1) (an LCG; inputs only). */
function uniforms(n, seed) {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296;
  }
  return out;
}

/** Labels of `classes` classes and predictions that are right 70% of the time. */
function predictions(n, classes, seed) {
  const u = uniforms(3 * n, seed);
  const yTrue = new Int32Array(n), yPred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    yTrue[i] = Math.floor(u[i] * classes);
    yPred[i] = u[n + i] < 0.7 ? yTrue[i] : Math.floor(u[2 * n + i] * classes);
  }
  return { yTrue, yPred };
}

/**
 * The plain loop: counts into a k x k table for labels known to be 0..k-1. Two copies, one per
 * input type, so that each stays monomorphic (a shared one would see both Int32Array and number[]).
 */
function plainConfusion(yTrue, yPred, k) {
  const m = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i] * k + yPred[i]]++;
  return m;
}

function plainConfusionArrays(yTrue, yPred, k) {
  const m = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i] * k + yPred[i]]++;
  return m;
}

/** The plain ROC AUC: argsort by descending score, then trapezoids over tied groups. */
function plainRocAuc(y, score) {
  const n = y.length, idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((p, q) => score[q] - score[p]);
  let tp = 0, fp = 0, prevTp = 0, prevFp = 0, area = 0, i = 0;
  while (i < n) {
    const v = score[idx[i]];
    while (i < n && score[idx[i]] === v) {
      if (y[idx[i]]) tp++;
      else fp++;
      i++;
    }
    area += (fp - prevFp) * (tp + prevTp);
    prevTp = tp;
    prevFp = fp;
  }
  return area / (2 * tp * fp);
}

function sameCounts(name, rows, flat, k) {
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      if (rows[a][b] !== flat[a * k + b]) throw new Error(`${name}: C[${a}][${b}] = ${rows[a][b]}, expected ${flat[a * k + b]}`);
    }
  }
}

export async function run() {
  const suite = createSuite('features-metrics-classification');

  for (const [label, classes, asArray] of [[`${CLASSES} classes, Int32Array`, CLASSES, false], ['2 classes, number[]', 2, true]]) {
    const { yTrue: t, yPred: p } = predictions(N, classes, 17 + classes);
    const yTrue = asArray ? Array.from(t) : t, yPred = asArray ? Array.from(p) : p;
    const reference = plainConfusion(t, p, classes);
    const results = {};
    const impls = {
      neurite: () => { results.neurite = confusionMatrix(yTrue, yPred); },
      'ml-confusion-matrix': () => { results['ml-confusion-matrix'] = ConfusionMatrix.fromLabels(yTrue, yPred, { sort: (a, b) => a - b }).getMatrix(); },
      'js-naive': asArray ? () => { results['js-naive'] = plainConfusionArrays(yTrue, yPred, classes); } : () => { results['js-naive'] = plainConfusion(yTrue, yPred, classes); },
    };
    const check = (impl, fn) => {
      fn();
      const r = results[impl];
      if (impl === 'js-naive') sameCounts(impl, Array.from({ length: classes }, (_, a) => Array.from(r.subarray(a * classes, (a + 1) * classes))), reference, classes);
      else sameCounts(impl, r, reference, classes);
    };
    await suite.compareInterleaved(`confusion matrix 10M, ${label}`, { unit: 'M predictions/s', work: N / 1e6, impls, check, time: 200, rounds: 2 });
  }

  {
    const u = uniforms(2 * N, 99);
    const y = new Uint8Array(N), score = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      y[i] = u[i] < 0.3 ? 1 : 0;
      // Rounded to 1e-4 so that many scores tie, as classifier outputs do.
      score[i] = Math.round((0.6 * u[N + i] + 0.4 * y[i] * u[(i * 7) % N]) * 1e4) / 1e4;
    }
    const ySmall = y.subarray(0, NAIVE_ROC), scoreSmall = score.subarray(0, NAIVE_ROC);
    const expectedFull = rocAucScore(y, score), expectedSmall = plainRocAuc(ySmall, scoreSmall);
    let last;
    const impls = {
      neurite: () => { last = rocAucScore(y, score); },
      'js-naive': () => { last = plainRocAuc(ySmall, scoreSmall); },
    };
    const check = (impl, fn) => {
      fn();
      // Neurite's full-size AUC is checked against the plain loop on the first 1M as well.
      const want = impl === 'neurite' ? expectedFull : expectedSmall;
      if (!(Math.abs(last - want) <= 1e-12)) throw new Error(`${impl}: AUC ${last}, expected ${want}`);
      if (impl === 'neurite' && !(Math.abs(rocAucScore(ySmall, scoreSmall) - expectedSmall) <= 1e-12)) throw new Error('neurite: AUC of the first 1M differs from the plain loop');
    };
    await suite.compareInterleaved('ROC AUC 10M, Float64Array scores with ties', {
      unit: 'M predictions/s', work: { neurite: N / 1e6, 'js-naive': NAIVE_ROC / 1e6 }, impls, check, time: 200, rounds: 2,
    });
    // The same sizes for both: the first 1M predictions.
    const small = {
      neurite: () => { last = rocAucScore(ySmall, scoreSmall); },
      'js-naive': () => { last = plainRocAuc(ySmall, scoreSmall); },
    };
    const checkSmall = (impl, fn) => {
      fn();
      if (!(Math.abs(last - expectedSmall) <= 1e-12)) throw new Error(`${impl}: AUC ${last}, expected ${expectedSmall}`);
    };
    await suite.compareInterleaved('ROC AUC 1M, Float64Array scores with ties', { unit: 'M predictions/s', work: NAIVE_ROC / 1e6, impls: small, check: checkSmall, time: 200, rounds: 2 });
  }
  return suite.finish();
}
