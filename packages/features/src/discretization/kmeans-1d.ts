// One-dimensional k-means as scikit-learn's KMeans(init=centers, n_init=1, algorithm 'lloyd')
// runs it for KBinsDiscretizer's 'kmeans' strategy: the data and the initial centres are centred on
// the data mean; each Lloyd step assigns every value to the centre with the least c^2 - 2 x c (the
// first on a tie) and moves each centre to its values' mean; a centre left without values takes the
// value farthest from its own centre (largest first). It stops when no label changes, when the
// squared centre shift is at most 1e-4 times the data variance, or after maxIter steps.

export function kmeans1d(values: Float64Array, initial: Float64Array, maxIter = 300): Float64Array {
  const n = values.length, k = initial.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  const x = values.map((v) => v - mean);
  let variance = 0;
  let xm = 0;
  for (let i = 0; i < n; i++) xm += x[i]!;
  xm /= n;
  for (let i = 0; i < n; i++) variance += (x[i]! - xm) * (x[i]! - xm);
  const tol = (variance / n) * 1e-4;
  let centers = initial.map((c) => c - mean);
  let next = new Float64Array(k);
  const labels = new Int32Array(n).fill(-1);
  const previous = new Int32Array(n).fill(-1);
  const weight = new Float64Array(k);
  for (let iter = 0; iter < maxIter; iter++) {
    next.fill(0);
    weight.fill(0);
    for (let i = 0; i < n; i++) {
      let best = 0, bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const d = centers[c]! * centers[c]! - 2 * x[i]! * centers[c]!;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      labels[i] = best;
      next[best]! += x[i]!;
      weight[best]! += 1;
    }
    relocateEmpty(x, centers, next, weight, labels);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (weight[c]! > 0) next[c]! /= weight[c]!;
      shift += (next[c]! - centers[c]!) ** 2;
    }
    [centers, next] = [next, centers];
    let same = true;
    for (let i = 0; i < n && same; i++) if (labels[i] !== previous[i]) same = false;
    if (same || shift <= tol) break;
    previous.set(labels);
  }
  return centers.map((c) => c + mean);
}

/** scikit-learn's _relocate_empty_clusters_dense on the unnormalised sums. */
function relocateEmpty(x: Float64Array, centers: Float64Array, sums: Float64Array, weight: Float64Array, labels: Int32Array): void {
  const empty: number[] = [];
  for (let c = 0; c < weight.length; c++) if (weight[c] === 0) empty.push(c);
  if (empty.length === 0) return;
  const distance = Array.from(x, (v, i) => (v - centers[labels[i]!]!) ** 2);
  const far = Array.from(distance.keys()).sort((a, b) => distance[b]! - distance[a]! || a - b).slice(0, empty.length);
  empty.forEach((c, t) => {
    const i = far[t]!, old = labels[i]!;
    sums[old]! -= x[i]!;
    sums[c] = x[i]!;
    weight[c] = 1;
    weight[old]! -= 1;
  });
}
