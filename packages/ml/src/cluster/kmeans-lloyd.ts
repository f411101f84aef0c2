// One k-means run from given centres, as scikit-learn's _kmeans_single_lloyd: stop when the labels
// repeat (strict convergence) or when the summed squared centre shift is <= tol (then one more
// assignment so the labels match the returned centres); empty clusters are re-seeded with the
// points farthest from their centres (_relocate_empty_clusters). Lloyd's assignment computes every
// distance from the row-dots kernel (resident-distances.ts); Elkan's (kmeans-elkan.ts) gives the same labels and plugs into the same loop.
import type { Matrix } from '@neurite/tensor';
import { ResidentMatrix, rowSquaredDistance, squaredDistances } from '../base/float64-gemm.ts';
import { residentDistances } from './resident-distances.ts';

export interface KMeansRun {
  centers: Float64Array;
  labels: Int32Array;
  inertia: number;
  nIter: number;
}

/** The closest of k centres in row i of dist [rows, k] (the first on ties). */
export function closest(dist: Float64Array, i: number, k: number): number {
  let b = 0, bv = dist[i * k]!;
  for (let j = 1; j < k; j++) if (dist[i * k + j]! < bv) bv = dist[i * k + (b = j)]!;
  return b;
}

/** Labels of every row for the given centres, and each row's squared distance to its centre. */
export function assign(x: Matrix, centers: Matrix, norms: Float64Array, resident?: ResidentMatrix): { labels: Int32Array; distances: Float64Array } {
  const n = x.rows, k = centers.rows;
  const dist = resident ? residentDistances(resident, centers, norms) : squaredDistances(x, centers, norms);
  const labels = new Int32Array(n), best = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const b = closest(dist, i, k);
    labels[i] = b;
    best[i] = dist[i * k + b]!;
  }
  return { labels, distances: best };
}

/**
 * One assignment step for the current centres: every row's label (a new array) and, read only
 * when a cluster is left empty, every row's squared distance to its centre as Lloyd's computes it.
 */
export type AssignStep = (centers: Matrix) => { labels: Int32Array; distances: () => Float64Array };

/**
 * Per-cluster row sums and counts kept across iterations: the first update sums every row, later
 * ones move only the rows whose label changed (after the first iterations a few percent of the
 * rows, so an iteration reads those instead of the whole matrix). Callers change copies, so the
 * sums always match the labels of the last update (a point relocated into an empty cluster keeps
 * its label until the next assignment, as in scikit-learn).
 */
class ClusterSums {
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  private readonly labels: Int32Array;
  private valid = false;

  constructor(private readonly x: Matrix, k: number) {
    this.sums = new Float64Array(k * x.cols);
    this.counts = new Float64Array(k);
    this.labels = new Int32Array(x.rows);
  }

  update(labels: Int32Array): void {
    const { x, sums, counts } = this, n = x.rows, d = x.cols, data = x.data;
    if (!this.valid) {
      sums.fill(0);
      counts.fill(0);
      for (let i = 0; i < n; i++) {
        const base = labels[i]! * d, row = i * d;
        counts[labels[i]!]++;
        for (let f = 0; f < d; f++) sums[base + f] += data[row + f]!;
      }
      this.valid = true;
    } else {
      for (let i = 0; i < n; i++) {
        const from = this.labels[i]!, to = labels[i]!;
        if (from === to) continue;
        const a = from * d, b = to * d, row = i * d;
        for (let f = 0; f < d; f++) {
          const v = data[row + f]!;
          sums[a + f] -= v;
          sums[b + f] += v;
        }
        counts[from]--;
        counts[to]++;
      }
    }
    this.labels.set(labels);
  }
}

/**
 * New centres as the means of their rows; empty clusters take the farthest points. Returns the
 * centres. The per-cluster sums come from `running` (row sums kept across iterations); no GEMM:
 * a one-hot product would multiply k times as many zeros as there are additions.
 */
function updateCenters(x: Matrix, labels: Int32Array, distancesOf: () => Float64Array, k: number, old: Float64Array, running: ClusterSums): Float64Array {
  const d = x.cols, data = x.data;
  running.update(labels);
  const counts = running.counts.slice(), sums = running.sums.slice();
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length > 0) {
    const distances = distancesOf();
    const far = Array.from(distances.keys()).sort((a, b) => distances[b]! - distances[a]! || a - b).slice(0, empty.length);
    empty.forEach((c, t) => {
      const i = far[t]!, from = labels[i]!;
      for (let f = 0; f < d; f++) {
        sums[from * d + f] -= data[i * d + f]!;
        sums[c * d + f] = data[i * d + f]!;
      }
      counts[from]--;
      counts[c] = 1;
    });
  }
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) {
      sums.set(old.subarray(c * d, c * d + d), c * d);
      continue;
    }
    for (let f = 0; f < d; f++) sums[c * d + f] /= counts[c]!;
  }
  return sums;
}

function shiftSquared(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

function sameLabels(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Exact inertia: the sum of squared distances of rows to their centres (recomputed directly, not by the expansion). */
export function inertiaOf(x: Matrix, centers: Float64Array, labels: Int32Array): number {
  let s = 0;
  for (let i = 0; i < x.rows; i++) s += rowSquaredDistance(x.data, i, centers, labels[i]!, x.cols);
  return s;
}

/** Lloyd's assignment: every distance from one row-dots product over the resident rows. */
export function lloydStep(x: Matrix, norms: Float64Array, resident: ResidentMatrix): AssignStep {
  return (centers) => {
    const a = assign(x, centers, norms, resident);
    return { labels: a.labels, distances: () => a.distances };
  };
}

/**
 * `onIteration` may throw (abort); it receives the iteration number and the current centre shift.
 * `shared` is X already copied into wasm memory (the caller disposes it); otherwise X is copied
 * once here for all iterations. `step` assigns the rows (Lloyd's by default, or Elkan's).
 */
export function lloyd(x: Matrix, init: Matrix, maxIter: number, tol: number, norms: Float64Array, onIteration: (iter: number, shift: number) => void, shared?: ResidentMatrix,
  step?: AssignStep): KMeansRun {
  const k = init.rows, d = x.cols;
  const resident = shared ?? new ResidentMatrix(x);
  const assignStep = step ?? lloydStep(x, norms, resident);
  try {
    let centers: Float64Array = init.data.slice();
    let labelsOld: Int32Array | undefined;
    let labels: Int32Array = new Int32Array(x.rows);
    let strict = false, iter = 0;
    const running = new ClusterSums(x, k);
    for (; iter < maxIter; iter++) {
      const a = assignStep({ rows: k, cols: d, data: centers });
      labels = a.labels;
      const next = updateCenters(x, labels, a.distances, k, centers, running);
      const shift = shiftSquared(next, centers);
      centers = next;
      onIteration(iter + 1, shift);
      if (labelsOld !== undefined && sameLabels(labels, labelsOld)) {
        strict = true;
        break;
      }
      if (shift <= tol) break;
      labelsOld = labels;
    }
    if (!strict) labels = assign(x, { rows: k, cols: d, data: centers }, norms, resident).labels;
    return { centers, labels, inertia: inertiaOf(x, centers, labels), nIter: Math.min(iter + 1, maxIter) };
  } finally {
    if (shared === undefined) resident.dispose();
  }
}
