// Elkan's assignment step for k-means (Elkan 2003, "Using the triangle inequality to accelerate
// k-means"): per row an upper bound u on the distance to its centre and a lower bound l_j on the
// distance to every centre j, moved by the centres' shifts each iteration, and the centre-centre
// distances. Centre j cannot take row i from its centre c when u < l_j or u < d(c, j) / 2 (for all
// j at once when u < min_j d(c, j) / 2); a row whose centres are all ruled out keeps its label with
// no distance computed. The other rows get all k distances from the same expansion as Lloyd's
// step, on the rows gathered in wasm memory (bit for bit Lloyd's values: rowsDistances; one kernel
// call per iteration, much cheaper than scalar distances in JavaScript), take the closest as Lloyd's
// step does and reset their bounds. The bounds start from those product values, whose rounding differs
// from exact distances: a centre is ruled out only by a margin that covers it, so every label is
// the one Lloyd's step gives (ties included), and the run (lloyd() with this step) has Lloyd's
// labels, centres, inertia and iterations.
import type { Matrix } from '@neurite/tensor';
import { rowSquaredDistance, rowSquaredNorms, type ResidentMatrix } from '../base/float64-gemm.ts';
import { assign, closest, type AssignStep } from './kmeans-lloyd.ts';
import { residentDistances, rowsDistances } from './resident-distances.ts';

/**
 * The rounding error of a squared distance by the expansion |x|² - 2 x·c + |c|² in d features is
 * below (2d + 4) u (|x|² + |c|²) with u = 2^-53 (each of the three sums errs by at most d u times its
 * absolute terms); twice that, and |√a - √b| <= √|a - b| turns it into a distance margin.
 */
function expansionErrorFactor(d: number): number {
  return (2 * d + 8) * 2 ** -52;
}

/** Elkan's assignment over x [n, d] (squared row norms `norms`, x resident in wasm memory for the full assignments). */
export function elkanStep(x: Matrix, k: number, norms: Float64Array, resident: ResidentMatrix): AssignStep {
  const n = x.rows, d = x.cols, errorFactor = expansionErrorFactor(d);
  const upper = new Float64Array(n), lower = new Float64Array(n * k), labels = new Int32Array(n);
  const between = new Float64Array(k * k), half = new Float64Array(k), moves = new Float64Array(k);
  const pending = new Int32Array(n);
  let previous: Float64Array | undefined;
  // The largest squared centre norm so far: bounds set from older centres' product values stay covered.
  let largestNorm = 0;

  /** Rows `ids` (or all) from their squared distances dist [rows, k]: labels and exact bounds. */
  const reset = (dist: Float64Array, rows: number, id: (r: number) => number): void => {
    for (let r = 0; r < rows; r++) {
      const i = id(r), b = closest(dist, r, k);
      labels[i] = b;
      for (let j = 0; j < k; j++) lower[i * k + j] = Math.sqrt(dist[r * k + j]!);
      upper[i] = lower[i * k + b]!;
    }
  };

  return (centers) => {
    const c = centers.data;
    const lloydDistances = (): Float64Array => assign(x, centers, norms, resident).distances;
    for (const v of rowSquaredNorms(centers)) largestNorm = Math.max(largestNorm, v);
    if (previous === undefined) {
      reset(residentDistances(resident, centers, norms), n, (r) => r);
      previous = c.slice();
      return { labels: labels.slice(), distances: lloydDistances };
    }
    for (let j = 0; j < k; j++) moves[j] = Math.sqrt(rowSquaredDistance(c, j, previous, j, d));
    previous = c.slice();
    for (let a = 0; a < k; a++) {
      half[a] = Infinity;
      for (let b = 0; b < k; b++) {
        if (a === b) continue;
        const v = Math.sqrt(rowSquaredDistance(c, a, c, b, d)) / 2;
        between[a * k + b] = v;
        if (v < half[a]!) half[a] = v;
      }
    }
    let queued = 0;
    for (let i = 0; i < n; i++) {
      const row = i * k;
      const label = labels[i]!, u = upper[i]! + moves[label]!;
      for (let j = 0; j < k; j++) {
        const l = lower[row + j]! - moves[j]!;
        lower[row + j] = l > 0 ? l : 0;
      }
      // Both bounds hold to within sqrt(error) of the exact distances, which Lloyd's values are
      // within sqrt(error) of: four times that rules a centre out for Lloyd's step too.
      const margin = 4 * Math.sqrt(errorFactor * (norms[i]! + largestNorm));
      let open = false;
      if (u + margin >= half[label]!) {
        for (let j = 0; j < k; j++) {
          if (j !== label && u + margin >= lower[row + j]! && u + margin >= between[label * k + j]!) {
            open = true;
            break;
          }
        }
      }
      upper[i] = u;
      if (open) pending[queued++] = i;
    }
    const ids = pending.subarray(0, queued);
    reset(rowsDistances(resident, ids, centers, norms), queued, (r) => ids[r]!);
    return { labels: labels.slice(), distances: lloydDistances };
  };
}
