// Flat clusters from a linkage matrix, as scipy.cluster.hierarchy.fcluster with the 'distance' and
// 'maxclust' criteria: a subtree whose largest merge distance is <= the threshold is one cluster.
// Labels are 1-based and numbered in SciPy's order (see cutAt).
import { ArgumentError, ShapeError } from '@neurite/tensor';
import type { LinkageMatrix } from './linkage.ts';

function checkLinkage(z: LinkageMatrix, what: string): number {
  if (z === null || typeof z !== 'object' || !(z.data instanceof Float64Array) || z.cols !== 4 || z.data.length !== z.rows * 4) {
    throw new ArgumentError(`${what}: expected a linkage matrix { rows, cols: 4, data: Float64Array }`);
  }
  const n = z.rows + 1;
  for (let r = 0; r < z.rows; r++) {
    const a = z.data[r * 4]!, b = z.data[r * 4 + 1]!;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= n + r || b >= n + r || a === b) {
      throw new ShapeError(`${what}: row ${r} merges ${a} and ${b}; ids must be distinct integers below ${n + r}`);
    }
  }
  return n;
}

/** The largest merge distance inside every subtree (SciPy's maxdists). */
export function maxDistances(z: LinkageMatrix): Float64Array {
  const n = z.rows + 1, out = new Float64Array(z.rows);
  for (let r = 0; r < z.rows; r++) {
    let m = z.data[r * 4 + 2]!;
    for (const child of [z.data[r * 4]!, z.data[r * 4 + 1]!]) if (child >= n) m = Math.max(m, out[child - n]!);
    out[r] = m;
  }
  return out;
}

/**
 * SciPy's cluster_monocrit walk: from the root, internal children are entered first (left, then
 * right); a node whose subtree maximum is <= threshold opens a cluster that its leaves join; a leaf
 * child is labelled when its parent is left, opening a singleton cluster outside any open one.
 */
function cutAt(z: LinkageMatrix, n: number, maxDist: Float64Array, threshold: number): Int32Array {
  const labels = new Int32Array(n);
  const visited = new Uint8Array(2 * n - 1);
  const stack = new Int32Array(n);
  let top = 0, clusters = 0, leader = -1;
  stack[0] = 2 * n - 2;
  while (top >= 0) {
    const root = stack[top]! - n;
    const left = z.data[root * 4]!, right = z.data[root * 4 + 1]!;
    if (leader === -1 && maxDist[root]! <= threshold) {
      leader = root;
      clusters++;
    }
    if (left >= n && !visited[left]) {
      visited[left] = 1;
      stack[++top] = left;
      continue;
    }
    if (right >= n && !visited[right]) {
      visited[right] = 1;
      stack[++top] = right;
      continue;
    }
    for (const leaf of [left, right]) {
      if (leaf >= n) continue;
      if (leader === -1) clusters++;
      labels[leaf] = clusters;
    }
    if (leader === root) leader = -1;
    top--;
  }
  return labels;
}

/**
 * criterion 'distance': clusters whose largest merge distance is <= t.
 * criterion 'maxclust': the smallest threshold among the merge distances that yields at most t clusters.
 */
export function fcluster(z: LinkageMatrix, t: number, criterion: 'distance' | 'maxclust' = 'distance'): Int32Array {
  const n = checkLinkage(z, 'fcluster: Z');
  const maxDist = maxDistances(z);
  if (criterion === 'distance') {
    if (typeof t !== 'number' || Number.isNaN(t)) throw new ArgumentError(`fcluster: t must be a number, got ${String(t)}`);
    return cutAt(z, n, maxDist, t);
  }
  if (criterion !== 'maxclust') throw new ArgumentError(`fcluster: criterion must be 'distance' or 'maxclust', got ${String(criterion)}`);
  if (!Number.isInteger(t) || t < 1) throw new ArgumentError(`fcluster: t must be an integer >= 1 for 'maxclust', got ${t}`);
  if (t >= n) return cutAt(z, n, maxDist, -Infinity);
  const sorted = Float64Array.from(maxDist).sort();
  // Clusters at threshold τ: n minus the merges whose subtree maximum is <= τ.
  const clustersAt = (tau: number): number => {
    let merged = 0;
    for (let r = 0; r < maxDist.length; r++) if (maxDist[r]! <= tau) merged++;
    return n - merged;
  };
  let lo = 0, hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (clustersAt(sorted[mid]!) <= t) hi = mid;
    else lo = mid + 1;
  }
  return cutAt(z, n, maxDist, sorted[lo]!);
}

/**
 * The leaves in dendrogram order, as scipy.cluster.hierarchy.leaves_list: a pre-order walk from
 * the root, the row's first id (left child) before its second.
 */
export function leavesList(z: LinkageMatrix): Int32Array {
  const n = checkLinkage(z, 'leavesList: Z');
  const out = new Int32Array(n);
  let at = 0;
  const stack: number[] = [2 * n - 2];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node < n) {
      out[at++] = node;
      continue;
    }
    stack.push(z.data[(node - n) * 4 + 1]!, z.data[(node - n) * 4]!);
  }
  return out;
}
