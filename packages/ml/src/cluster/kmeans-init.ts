// Initial centres for k-means. k-means++ is scikit-learn's greedy variant (_kmeans_plusplus):
// Arthur & Vassilvitskii (2007), "k-means++: the advantages of careful seeding", with
// 2 + floor(ln k) candidates per step drawn in proportion to D(x)² and the one that lowers the
// potential sum_x min_c ||x - c||² most kept. 'random' picks k distinct rows uniformly.
import type { Generator, Matrix } from '@neurite/tensor';
import { squaredDistances, type ResidentMatrix } from '../base/float64-gemm.ts';

function gatherRows(x: Matrix, ids: ArrayLike<number>): Matrix {
  const d = x.cols, out = new Float64Array(ids.length * d);
  for (let r = 0; r < ids.length; r++) out.set(x.data.subarray(ids[r]! * d, ids[r]! * d + d), r * d);
  return { rows: ids.length, cols: d, data: out };
}

/** The first index whose cumulative sum exceeds `value` (numpy.searchsorted, side 'left'), clipped to n - 1. */
function searchCumulative(cumulative: Float64Array, value: number): number {
  let lo = 0, hi = cumulative.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, cumulative.length - 1);
}

/**
 * Squared distances [ids.length, n] from the rows `ids` of x to every row: on the resident copy of x
 * when given (by the row-dots kernel: no copy or packing of x per call), else by squaredDistances.
 */
function distancesFrom(x: Matrix, ids: ArrayLike<number>, norms: Float64Array, resident?: ResidentMatrix): Float64Array {
  const points = gatherRows(x, ids);
  if (resident === undefined) return squaredDistances(points, x, undefined, norms);
  const m = ids.length, n = x.rows, dots = resident.rowDots(points);
  const out = new Float64Array(m * n);
  for (let t = 0; t < m; t++) {
    const c = norms[ids[t]!]!;
    for (let i = 0; i < n; i++) {
      const v = norms[i]! - 2 * dots[i * m + t]! + c;
      out[t * n + i] = v > 0 ? v : 0;
    }
  }
  return out;
}

/** k centres by greedy k-means++; `norms` are the squared row norms of x, `resident` x in wasm memory. */
export function kmeansPlusPlus(x: Matrix, k: number, rng: Generator, norms: Float64Array, resident?: ResidentMatrix): Matrix {
  const n = x.rows, d = x.cols;
  const trials = 2 + Math.floor(Math.log(k));
  const centers = new Float64Array(k * d);
  const first = Math.floor(rng.random() * n);
  centers.set(x.data.subarray(first * d, first * d + d), 0);
  let closest = distancesFrom(x, [first], norms, resident);
  let potential = 0;
  for (let i = 0; i < n; i++) potential += closest[i]!;
  const cumulative = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let s = 0;
    for (let i = 0; i < n; i++) cumulative[i] = s += closest[i]!;
    const ids = new Int32Array(trials);
    for (let t = 0; t < trials; t++) ids[t] = searchCumulative(cumulative, rng.random() * potential);
    const dist = distancesFrom(x, ids, norms, resident);
    let best = 0, bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      let pot = 0;
      const row = t * n;
      for (let i = 0; i < n; i++) {
        const v = Math.min(closest[i]!, dist[row + i]!);
        dist[row + i] = v;
        pot += v;
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        best = t;
      }
    }
    closest = dist.slice(best * n, best * n + n);
    potential = bestPotential;
    centers.set(x.data.subarray(ids[best]! * d, ids[best]! * d + d), c * d);
  }
  return { rows: k, cols: d, data: centers };
}

/** k distinct rows chosen uniformly. */
export function randomRows(x: Matrix, k: number, rng: Generator): Matrix {
  const order = rng.permutation(x.rows);
  return gatherRows(x, order.subarray(0, k));
}
