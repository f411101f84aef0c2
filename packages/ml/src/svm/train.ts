// Training of libsvm's models on the SMO solver: one-vs-one C-SVC (libsvm's svm_train for
// classification: samples grouped by class in class order, one subproblem per pair of classes with
// the first class as +1, support vectors the samples with a non-zero coefficient in any of their
// class's pairs) and epsilon-SVR (2l variables a and a* over the same samples).
import type { Matrix } from '@neurite/tensor';
import { KernelCache } from './kernel-cache.ts';
import { KernelEvaluator, type KernelSpec, kernelValue, rowSquaredNorms } from './kernel.ts';
import { solveSmo, type SmoOptions } from './smo-solver.ts';
import { SubproblemQ } from './subproblem-q.ts';

export interface TrainOptions extends SmoOptions {
  /** Kernel cache budget in bytes. */
  cacheBytes: number;
  /** Rows computed together on a cache miss (the missing one and the most violating uncached ones). */
  blockRows?: number;
  /** Called after each subproblem with how many are done and how many there are. */
  onSubproblem?: (done: number, total: number) => void;
  /**
   * Per-sample multipliers W_i of the upper bounds (scikit-learn's sample_weight, libsvm's W): C-SVC
   * and epsilon-SVR bound sample i by C_i = C W_i (times its class weight), nu-SVC by W_i and nu-SVR
   * by C W_i, and the nu starting points spread nu sum_i C_i. Every W_i must be > 0.
   */
  sampleWeight?: Float64Array;
}

/** A trained one-vs-one model in libsvm's layout. */
export interface OvoModel {
  /** Training row of each support vector, grouped by class (class order), then by row. */
  support: Int32Array;
  nSupport: Int32Array;
  /** [nClasses - 1, nSV] row-major: libsvm's sv_coef. */
  dualCoef: Float64Array;
  /** rho of each pair (i, j), i < j, in order. */
  rho: Float64Array;
  iterations: Int32Array;
  hitMaxIter: boolean;
}

/** Rows of `X` as a training source with one group per list of rows. */
function makeSource(X: Matrix, spec: KernelSpec, groupRows: readonly Int32Array[]): { data: Float64Array; norms: Float64Array; groups: KernelEvaluator[] } {
  const d = X.cols;
  const norms = rowSquaredNorms(X.data, X.rows, d);
  const groups = groupRows.map((rows) => {
    const block = new Float64Array(rows.length * d);
    for (let r = 0; r < rows.length; r++) block.set(X.data.subarray(rows[r]! * d, (rows[r]! + 1) * d), r * d);
    return new KernelEvaluator(spec, block, rows.length, d);
  });
  return { data: X.data, norms, groups };
}

/**
 * One-vs-one C-SVC. `classOf[i]` is sample i's class index in [0, nClasses); `classCost[c]` is
 * C times the class weight. Every class must have at least one sample. With `nu` given, nu-SVC
 * instead (classCost unused): each pair starts from libsvm's feasible point (nu l / 2 of weight per
 * label, filled in order, at most 1 each), is solved by Solver_NU, and its coefficients and rho
 * are divided by r. The caller checks that nu is feasible for every pair.
 */
export function trainOvo(X: Matrix, classOf: Int32Array, nClasses: number, spec: KernelSpec, classCost: Float64Array, options: TrainOptions, nu?: number): OvoModel {
  const n = X.rows, W = options.sampleWeight;
  const members: Int32Array[] = [];
  {
    const counts = new Int32Array(nClasses);
    for (let i = 0; i < n; i++) counts[classOf[i]!]!++;
    for (let c = 0; c < nClasses; c++) members.push(new Int32Array(counts[c]!));
    const at = new Int32Array(nClasses);
    for (let i = 0; i < n; i++) members[classOf[i]!]![at[classOf[i]!]!++] = i;
  }
  const source = makeSource(X, spec, members);
  const cache = new KernelCache({ ...source, cols: X.cols }, options.cacheBytes, options.blockRows ?? 8);
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) diag[i] = kernelValue(spec, source.norms[i]!, source.norms[i]!, source.norms[i]!);
  try {
    const pairs = (nClasses * (nClasses - 1)) / 2;
    const coefOfPair: Float64Array[] = [];
    const rho = new Float64Array(pairs);
    const iterations = new Int32Array(pairs);
    const nonzero = new Uint8Array(n);
    let hitMaxIter = false;
    let p = 0;
    for (let a = 0; a < nClasses; a++) {
      for (let b = a + 1; b < nClasses; b++, p++) {
        const ma = members[a]!, mb = members[b]!;
        const l = ma.length + mb.length;
        const sample = new Int32Array(l), sign = new Int8Array(l), slot = new Uint8Array(l), offset = new Int32Array(l);
        const qd = new Float64Array(l), cost = new Float64Array(l), pvec = new Float64Array(l).fill(nu === undefined ? -1 : 0);
        const start = new Float64Array(l);
        for (let k = 0; k < l; k++) {
          const inA = k < ma.length;
          sample[k] = inA ? ma[k]! : mb[k - ma.length]!;
          sign[k] = inA ? 1 : -1;
          slot[k] = inA ? 0 : 1;
          offset[k] = inA ? k : k - ma.length;
          qd[k] = diag[sample[k]!]!;
          cost[k] = (nu === undefined ? (inA ? classCost[a]! : classCost[b]!) : 1) * (W === undefined ? 1 : W[sample[k]!]!);
        }
        if (nu !== undefined) {
          // nu l accumulated term by term, as scikit-learn's libsvm sums nu C_i over the samples: the
          // rounding of the total decides whether a tiny remainder starts one more variable above 0.
          let nuL = 0;
          for (let k = 0; k < l; k++) nuL += nu * cost[k]!;
          let sumPos = nuL / 2, sumNeg = nuL / 2;
          for (let k = 0; k < l; k++) {
            if (k < ma.length) { start[k] = Math.min(cost[k]!, sumPos); sumPos -= start[k]!; }
            else { start[k] = Math.min(cost[k]!, sumNeg); sumNeg -= start[k]!; }
          }
        }
        const y = Int8Array.from(sign);
        const Q = new SubproblemQ(cache, [a, b], sample, sign, slot, offset, qd);
        const result = solveSmo(Q, pvec, y, start, cost, { ...options, nu: nu !== undefined });
        const coef = result.alpha;
        const scale = nu === undefined ? 1 : 1 / result.r;
        for (let k = 0; k < l; k++) {
          coef[k]! *= y[k]! * scale;
          if (coef[k] !== 0) nonzero[k < ma.length ? ma[k]! : mb[k - ma.length]!] = 1;
        }
        coefOfPair.push(coef);
        rho[p] = result.rho * scale;
        iterations[p] = result.iterations;
        hitMaxIter ||= result.hitMaxIter;
        options.onSubproblem?.(p + 1, pairs);
      }
    }
    // Support vectors in class order; position of each sample's coefficient column.
    const nSupport = new Int32Array(nClasses);
    const support: number[] = [];
    const column = new Int32Array(n).fill(-1);
    for (let c = 0; c < nClasses; c++) {
      for (const i of members[c]!) {
        if (!nonzero[i]) continue;
        column[i] = support.length;
        support.push(i);
        nSupport[c]!++;
      }
    }
    const nSV = support.length;
    const dualCoef = new Float64Array(Math.max(0, nClasses - 1) * nSV);
    p = 0;
    for (let a = 0; a < nClasses; a++) {
      for (let b = a + 1; b < nClasses; b++, p++) {
        const ma = members[a]!, mb = members[b]!, coef = coefOfPair[p]!;
        for (let k = 0; k < ma.length; k++) if (column[ma[k]!]! >= 0) dualCoef[(b - 1) * nSV + column[ma[k]!]!] = coef[k]!;
        for (let k = 0; k < mb.length; k++) if (column[mb[k]!]! >= 0) dualCoef[a * nSV + column[mb[k]!]!] = coef[ma.length + k]!;
      }
    }
    return { support: Int32Array.from(support), nSupport, dualCoef, rho, iterations, hitMaxIter };
  } finally {
    for (const g of source.groups) g.dispose();
  }
}

export interface SvrModel {
  support: Int32Array;
  dualCoef: Float64Array;
  rho: number;
  iterations: number;
  hitMaxIter: boolean;
}

/**
 * epsilon-SVR: min 0.5 (a - a*)^T K (a - a*) + eps sum(a + a*) - y^T (a - a*), 0 <= a, a* <= C.
 * With `nu` given, nu-SVR instead (epsilon unused): linear term -y / +y, sum(a + a*) = C nu n, solved
 * by Solver_NU from libsvm's start (C nu n / 2 spread over a and a* alike, at most C each).
 */
export function trainEpsilonSvr(X: Matrix, target: Float64Array, spec: KernelSpec, C: number, epsilon: number, options: TrainOptions, nu?: number): SvrModel {
  const n = X.rows, W = options.sampleWeight;
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const source = makeSource(X, spec, [all]);
  const cache = new KernelCache({ ...source, cols: X.cols }, options.cacheBytes, options.blockRows ?? 8);
  try {
    const l = 2 * n;
    const sample = new Int32Array(l), sign = new Int8Array(l), slot = new Uint8Array(l), offset = new Int32Array(l);
    const qd = new Float64Array(l), p = new Float64Array(l), cost = new Float64Array(l);
    for (let k = 0; k < n; k++) {
      const kk = kernelValue(spec, source.norms[k]!, source.norms[k]!, source.norms[k]!);
      for (const [v, s] of [[k, 1], [k + n, -1]] as const) {
        sample[v] = k;
        sign[v] = s;
        offset[v] = k;
        qd[v] = kk;
        cost[v] = W === undefined ? C : C * W[k]!;
      }
      p[k] = (nu === undefined ? epsilon : 0) - target[k]!;
      p[k + n] = (nu === undefined ? epsilon : 0) + target[k]!;
    }
    const start = new Float64Array(l);
    if (nu !== undefined) {
      let sum = nuSvrTotal(cost, nu, n);
      for (let k = 0; k < n; k++) {
        start[k] = start[k + n] = Math.min(sum, cost[k]!);
        sum -= start[k]!;
      }
    }
    const y = Int8Array.from(sign);
    const Q = new SubproblemQ(cache, [0], sample, sign, slot, offset, qd);
    const result = solveSmo(Q, p, y, start, cost, { ...options, nu: nu !== undefined });
    options.onSubproblem?.(1, 1);
    const support: number[] = [];
    const coef: number[] = [];
    for (let k = 0; k < n; k++) {
      const c = result.alpha[k]! - result.alpha[k + n]!;
      if (c !== 0) {
        support.push(k);
        coef.push(c);
      }
    }
    return { support: Int32Array.from(support), dualCoef: Float64Array.from(coef), rho: result.rho, iterations: result.iterations, hitMaxIter: result.hitMaxIter };
  } finally {
    for (const g of source.groups) g.dispose();
  }
}

/**
 * The starting weight C nu n / 2 of nu-SVR, summed as scikit-learn's libsvm sums C_i nu over the
 * samples (the rounding of the total decides the starting point, so the iterations follow it).
 */
function nuSvrTotal(cost: Float64Array, nu: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += cost[i]! * nu;
  return sum / 2;
}
