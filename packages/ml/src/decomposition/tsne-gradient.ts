// Gradients of the t-SNE objective KL(P || Q) with the Student-t kernel q_ij ∝ (1 + |y_i - y_j|²)^-1
// (one degree of freedom, the 2-D default of scikit-learn): dC/dy_i = 4 sum_j (p_ij - q_ij)
// (1 + |y_i - y_j|²)^-1 (y_i - y_j) (van der Maaten & Hinton 2008, eq. 5). The exact form costs
// O(n²) per iteration; the Barnes-Hut form splits it into attractive forces over the sparse P and
// repulsive forces from the quadtree (van der Maaten 2014). Both return the KL divergence when asked.
import { MACHINE_EPSILON, type SparseAffinities } from './tsne-affinities.ts';
import { QuadTree } from './quadtree.ts';

/**
 * Exact gradient into `grad` for embedding y [n, dims]; returns KL(P || Q) when `withError`.
 * `q` is scratch space of n * n values (reused across iterations).
 */
export function exactGradient(p: Float64Array, y: Float64Array, n: number, dims: number, grad: Float64Array, withError: boolean, q: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let c = 0; c < dims; c++) {
        const t = y[i * dims + c]! - y[j * dims + c]!;
        d2 += t * t;
      }
      const v = 1 / (1 + d2);
      q[row + j] = v;
      sum += 2 * v;
    }
  }
  grad.fill(0);
  const inverseSum = 1 / sum;
  let kl = 0;
  // Each unordered pair once: the force on i is the opposite of the force on j (P and q symmetric).
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = i + 1; j < n; j++) {
      const unnormalised = q[row + j]!;
      const qij = Math.max(unnormalised * inverseSum, MACHINE_EPSILON);
      const pij = p[row + j]!;
      if (withError) kl += 2 * pij * Math.log(Math.max(pij, MACHINE_EPSILON) / qij);
      const m = 4 * (pij - qij) * unnormalised;
      for (let c = 0; c < dims; c++) {
        const f = m * (y[i * dims + c]! - y[j * dims + c]!);
        grad[i * dims + c] += f;
        grad[j * dims + c] -= f;
      }
    }
  }
  return kl;
}

/** Barnes-Hut gradient (2-D) into `grad`; returns KL(P || Q) estimated with the tree's Z when `withError`. */
export function barnesHutGradient(p: SparseAffinities, y: Float64Array, n: number, angle: number, grad: Float64Array, withError: boolean): number {
  const tree = new QuadTree(y, n);
  const repulsive = new Float64Array(2 * n), force = new Float64Array(2);
  let z = 0;
  for (let i = 0; i < n; i++) {
    z += tree.repulsion(i, angle, force);
    repulsive[2 * i] = force[0]!;
    repulsive[2 * i + 1] = force[1]!;
  }
  z = Math.max(z, MACHINE_EPSILON);
  let kl = 0;
  for (let i = 0; i < n; i++) {
    let ax = 0, ay = 0;
    const xi = y[2 * i]!, yi = y[2 * i + 1]!;
    for (let t = p.indptr[i]!; t < p.indptr[i + 1]!; t++) {
      const j = p.indices[t]!, pij = p.values[t]!;
      const dx = xi - y[2 * j]!, dy = yi - y[2 * j + 1]!;
      const q = 1 / (1 + dx * dx + dy * dy);
      ax += pij * q * dx;
      ay += pij * q * dy;
      if (withError) kl += pij * Math.log(Math.max(pij, MACHINE_EPSILON) / Math.max(q / z, MACHINE_EPSILON));
    }
    grad[2 * i] = 4 * (ax - repulsive[2 * i]! / z);
    grad[2 * i + 1] = 4 * (ay - repulsive[2 * i + 1]! / z);
  }
  return kl;
}
