// Probability estimates of SVC as libsvm makes them: Platt scaling P(y = 1 | f) = 1 / (1 + exp(A f + B))
// fitted by the Newton method with backtracking of H.-T. Lin, C.-J. Lin and R. C. Weng ("A note on
// Platt's probabilistic outputs for support vector machines", Machine Learning 68, 2007) on decision
// values from an internal 5-fold cross-validation of each pair, and the pairwise probabilities
// coupled into class probabilities by method 2 of T.-F. Wu, C.-J. Lin and R. C. Weng ("Probability
// estimates for multi-class classification by pairwise coupling", JMLR 5, 2004).
// The folds come from a seeded Generator, so the values differ from scikit-learn's (which draws
// them from its own generator) by the randomness of the folds, not by the method.
import { type Generator, type Matrix } from '@neurite/tensor';
import { ovoDecision } from './decision.ts';
import type { KernelSpec } from './kernel.ts';
import { trainOvo, type TrainOptions } from './train.ts';

/** sigma(A f + B) in its stable form. */
export function sigmoidPredict(f: number, A: number, B: number): number {
  const z = f * A + B;
  return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
}

/** Fits A and B on decision values `f` with labels `positive[i]` (true for +1); returns [A, B]. */
export function fitSigmoid(f: Float64Array, positive: Uint8Array): [number, number] {
  const l = f.length;
  let prior1 = 0;
  for (let i = 0; i < l; i++) prior1 += positive[i]!;
  const prior0 = l - prior1;
  const hi = (prior1 + 1) / (prior1 + 2), lo = 1 / (prior0 + 2);
  const t = new Float64Array(l);
  for (let i = 0; i < l; i++) t[i] = positive[i] ? hi : lo;
  const objective = (A: number, B: number): number => {
    let v = 0;
    for (let i = 0; i < l; i++) {
      const z = f[i]! * A + B;
      v += z >= 0 ? t[i]! * z + Math.log1p(Math.exp(-z)) : (t[i]! - 1) * z + Math.log1p(Math.exp(z));
    }
    return v;
  };
  let A = 0, B = Math.log((prior0 + 1) / (prior1 + 1));
  let fval = objective(A, B);
  for (let iter = 0; iter < 100; iter++) {
    let h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
    for (let i = 0; i < l; i++) {
      const z = f[i]! * A + B;
      let p: number, q: number;
      if (z >= 0) {
        p = Math.exp(-z) / (1 + Math.exp(-z));
        q = 1 / (1 + Math.exp(-z));
      } else {
        p = 1 / (1 + Math.exp(z));
        q = Math.exp(z) / (1 + Math.exp(z));
      }
      const d2 = p * q;
      h11 += f[i]! * f[i]! * d2;
      h22 += d2;
      h21 += f[i]! * d2;
      const d1 = t[i]! - p;
      g1 += f[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= 1e-10) {
      const nA = A + step * dA, nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 0.0001 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return [A, B];
}

/**
 * Decision values of each sample from a model trained without its fold (5 folds of a seeded
 * permutation); classOf is 0 (the +1 class) or 1, costs are C_+ and C_-.
 */
function crossValidatedDecisions(X: Matrix, classOf: Int32Array, spec: KernelSpec, costs: Float64Array, options: TrainOptions, generator: Generator, nu?: number): Float64Array {
  const l = X.rows, d = X.cols, folds = 5;
  const perm = new Int32Array(l);
  for (let i = 0; i < l; i++) perm[i] = i;
  for (let i = 0; i < l; i++) {
    const j = i + Math.floor(generator.random() * (l - i));
    const t = perm[i]!; perm[i] = perm[j]!; perm[j] = t;
  }
  const out = new Float64Array(l);
  for (let f = 0; f < folds; f++) {
    const begin = Math.floor((f * l) / folds), end = Math.floor(((f + 1) * l) / folds);
    const train: number[] = [];
    for (let k = 0; k < l; k++) if (k < begin || k >= end) train.push(perm[k]!);
    let pos = 0;
    for (const i of train) if (classOf[i] === 0) pos++;
    const neg = train.length - pos;
    if (pos === 0 || neg === 0) {
      const v = pos === 0 && neg === 0 ? 0 : pos > 0 ? 1 : -1;
      for (let k = begin; k < end; k++) out[perm[k]!] = v;
      continue;
    }
    const sub = new Float64Array(train.length * d);
    const subClass = new Int32Array(train.length);
    train.forEach((i, r) => {
      sub.set(X.data.subarray(i * d, (i + 1) * d), r * d);
      subClass[r] = classOf[i]!;
    });
    const W = options.sampleWeight, sampleWeight = W === undefined ? undefined : Float64Array.from(train, (i) => W[i]!);
    const model = trainOvo({ rows: train.length, cols: d, data: sub }, subClass, 2, spec, costs, { ...options, onSubproblem: undefined, sampleWeight }, nu);
    const svData = new Float64Array(model.support.length * d);
    model.support.forEach((i, r) => svData.set(sub.subarray(i * d, (i + 1) * d), r * d));
    const held = new Float64Array((end - begin) * d);
    for (let k = begin; k < end; k++) held.set(X.data.subarray(perm[k]! * d, (perm[k]! + 1) * d), (k - begin) * d);
    const dec = ovoDecision({ rows: end - begin, cols: d, data: held }, { rows: model.support.length, cols: d, data: svData }, model.nSupport, model.dualCoef, model.rho, spec);
    for (let k = begin; k < end; k++) out[perm[k]!] = dec[k - begin]!;
  }
  return out;
}

/** Platt's A and B of the pair (first class +1), from cross-validated decision values (of nu-SVC with nu). */
export function pairSigmoid(X: Matrix, classOf: Int32Array, spec: KernelSpec, costs: Float64Array, options: TrainOptions, generator: Generator, nu?: number): [number, number] {
  const dec = crossValidatedDecisions(X, classOf, spec, costs, options, generator, nu);
  const positive = new Uint8Array(classOf.length);
  for (let i = 0; i < classOf.length; i++) positive[i] = classOf[i] === 0 ? 1 : 0;
  return fitSigmoid(dec, positive);
}

/** Class probabilities from the pairwise ones r[i][j] = P(i | i or j) (row-major k x k), Wu-Lin-Weng method 2. */
export function couplePairwise(r: Float64Array, k: number): Float64Array {
  const p = new Float64Array(k).fill(1 / k);
  const Q = new Float64Array(k * k), Qp = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let j = 0; j < k; j++) {
      if (j === t) continue;
      Q[t * k + t]! += r[j * k + t]! * r[j * k + t]!;
      Q[t * k + j] = -r[j * k + t]! * r[t * k + j]!;
    }
  }
  const maxIter = Math.max(100, k), eps = 0.005 / k;
  for (let iter = 0; iter < maxIter; iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += Q[t * k + j]! * p[j]!;
      Qp[t] = s;
      pQp += p[t]! * s;
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs(Qp[t]! - pQp));
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t]! + pQp) / Q[t * k + t]!;
      p[t]! += diff;
      pQp = (pQp + diff * (diff * Q[t * k + t]! + 2 * Qp[t]!)) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j]! + diff * Q[t * k + j]!) / (1 + diff);
        p[j]! /= 1 + diff;
      }
    }
  }
  return p;
}

/** Probabilities [rows, k] from one-vs-one decision values and each pair's sigmoid. */
export function ovoProbabilities(ovo: Float64Array, rows: number, k: number, probA: Float64Array, probB: Float64Array): Float64Array {
  const pairs = (k * (k - 1)) / 2, minProb = 1e-7;
  const out = new Float64Array(rows * k);
  const r = new Float64Array(k * k);
  for (let row = 0; row < rows; row++) {
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++, p++) {
        const v = Math.min(Math.max(sigmoidPredict(ovo[row * pairs + p]!, probA[p]!, probB[p]!), minProb), 1 - minProb);
        r[i * k + j] = v;
        r[j * k + i] = 1 - v;
      }
    }
    if (k === 2) {
      out[row * 2] = r[1]!;
      out[row * 2 + 1] = r[2]!;
    } else out.set(couplePairwise(r, k), row * k);
  }
  return out;
}
