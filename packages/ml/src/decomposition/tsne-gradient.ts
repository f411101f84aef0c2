// Gradients of the t-SNE objective KL(P || Q) with the Student-t kernel q_ij ∝ (1 + |y_i - y_j|²)^-1
// (one degree of freedom, the 2-D default of scikit-learn): dC/dy_i = 4 sum_j (p_ij - q_ij)
// (1 + |y_i - y_j|²)^-1 (y_i - y_j) (van der Maaten & Hinton 2008, eq. 5). The exact form costs
// O(n²) per iteration; the Barnes-Hut form splits it into attractive forces over the sparse P and
// repulsive forces from the quadtree (van der Maaten 2014). Both return the KL divergence when asked.
import { MACHINE_EPSILON, type SparseAffinities } from './tsne-affinities.ts';
import { QuadTree } from './quadtree.ts';

/** The pair loop of exactGradient for two dimensions (the common case), with scalar accumulators for row i. */
function pairSums2d(p: Float64Array, y: Float64Array, n: number, attract: Float64Array, repel: Float64Array): number {
  let z = 0;
  for (let i = 0; i < n; i++) {
    const xi = y[2 * i]!, yi = y[2 * i + 1]!, row = i * n;
    let ax = 0, ay = 0, rx = 0, ry = 0;
    for (let j = i + 1; j < n; j++) {
      const dx = xi - y[2 * j]!, dy = yi - y[2 * j + 1]!;
      const u = 1 / (1 + dx * dx + dy * dy);
      z += 2 * u;
      const a = p[row + j]! * u, r = u * u;
      ax += a * dx;
      ay += a * dy;
      rx += r * dx;
      ry += r * dy;
      attract[2 * j] -= a * dx;
      attract[2 * j + 1] -= a * dy;
      repel[2 * j] -= r * dx;
      repel[2 * j + 1] -= r * dy;
    }
    attract[2 * i] += ax;
    attract[2 * i + 1] += ay;
    repel[2 * i] += rx;
    repel[2 * i + 1] += ry;
  }
  return z;
}

/**
 * Exact gradient into `grad` for embedding y [n, dims]; returns KL(P || Q) when `withError`.
 * One pass over the pairs: with u_ij = (1 + |y_i - y_j|²)^-1 and Z = sum u, the gradient
 * 4 sum_j (p_ij - u_ij / Z) u_ij (y_i - y_j) splits into an attractive sum (p u) and a repulsive
 * sum (u²) combined once Z is known. `scratch` holds 2 n dims values (reused across iterations).
 */
export function exactGradient(p: Float64Array, y: Float64Array, n: number, dims: number, grad: Float64Array, withError: boolean, scratch: Float64Array): number {
  const attract = grad, repel = scratch;
  attract.fill(0);
  repel.fill(0, 0, n * dims);
  let z = 0;
  if (dims === 2) z = pairSums2d(p, y, n, attract, repel);
  else for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let c = 0; c < dims; c++) {
        const t = y[i * dims + c]! - y[j * dims + c]!;
        d2 += t * t;
      }
      const u = 1 / (1 + d2);
      z += 2 * u;
      const a = p[row + j]! * u, r = u * u;
      for (let c = 0; c < dims; c++) {
        const t = y[i * dims + c]! - y[j * dims + c]!;
        attract[i * dims + c] += a * t;
        attract[j * dims + c] -= a * t;
        repel[i * dims + c] += r * t;
        repel[j * dims + c] -= r * t;
      }
    }
  }
  for (let i = 0; i < n * dims; i++) grad[i] = 4 * (attract[i]! - repel[i]! / z);
  if (!withError) return 0;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let c = 0; c < dims; c++) d2 += (y[i * dims + c]! - y[j * dims + c]!) ** 2;
      const pij = p[i * n + j]!;
      kl += 2 * pij * Math.log(Math.max(pij, MACHINE_EPSILON) / Math.max(1 / (1 + d2) / z, MACHINE_EPSILON));
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
