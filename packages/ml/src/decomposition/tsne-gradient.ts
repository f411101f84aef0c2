// Gradients of the t-SNE objective KL(P || Q) with a Student-t kernel of nu = max(dims - 1, 1)
// degrees of freedom, as scikit-learn chooses it: w_ij = (1 + |y_i - y_j|² / nu)^(-(nu + 1) / 2),
// q_ij = w_ij / Z, and (scikit-learn's _kl_divergence and _barnes_hut_tsne.gradient) the gradient
// dC/dy_i = (2 (nu + 1) / nu) sum_j (p_ij - q_ij) w_ij (y_i - y_j); with nu = 1 (1-D and 2-D) this is
// van der Maaten & Hinton 2008, eq. 5. The exact form costs O(n²) per iteration; the Barnes-Hut form
// splits it into attractive forces over the sparse P and repulsive forces from a quadtree or octree
// (van der Maaten 2014). Both return the KL divergence when asked.
import { MACHINE_EPSILON, type SparseAffinities } from './tsne-affinities.ts';
import { BarnesHutTree } from './barnes-hut-tree.ts';
import { degreesOfFreedom, studentT } from './student-t.ts';

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

/** The pair loop of exactGradient for three dimensions (Student-t with 2 degrees of freedom: w = t^-1.5, t = 1 + d² / 2). */
function pairSums3d(p: Float64Array, y: Float64Array, n: number, attract: Float64Array, repel: Float64Array): number {
  let z = 0;
  for (let i = 0; i < n; i++) {
    const xi = y[3 * i]!, yi = y[3 * i + 1]!, zi = y[3 * i + 2]!, row = i * n;
    let ax = 0, ay = 0, az = 0, rx = 0, ry = 0, rz = 0;
    for (let j = i + 1; j < n; j++) {
      const dx = xi - y[3 * j]!, dy = yi - y[3 * j + 1]!, dz = zi - y[3 * j + 2]!;
      const t = 1 + (dx * dx + dy * dy + dz * dz) / 2;
      const u = 1 / (t * Math.sqrt(t));
      z += 2 * u;
      const a = p[row + j]! * u, r = u * u;
      ax += a * dx;
      ay += a * dy;
      az += a * dz;
      rx += r * dx;
      ry += r * dy;
      rz += r * dz;
      attract[3 * j] -= a * dx;
      attract[3 * j + 1] -= a * dy;
      attract[3 * j + 2] -= a * dz;
      repel[3 * j] -= r * dx;
      repel[3 * j + 1] -= r * dy;
      repel[3 * j + 2] -= r * dz;
    }
    attract[3 * i] += ax;
    attract[3 * i + 1] += ay;
    attract[3 * i + 2] += az;
    repel[3 * i] += rx;
    repel[3 * i + 1] += ry;
    repel[3 * i + 2] += rz;
  }
  return z;
}

/**
 * Exact gradient into `grad` for embedding y [n, dims]; returns KL(P || Q) when `withError`.
 * One pass over the pairs: with u_ij the Student-t weight and Z = sum u, the gradient
 * c sum_j (p_ij - u_ij / Z) u_ij (y_i - y_j) splits into an attractive sum (p u) and a repulsive
 * sum (u²) combined once Z is known. `scratch` holds 2 n dims values (reused across iterations).
 */
export function exactGradient(p: Float64Array, y: Float64Array, n: number, dims: number, grad: Float64Array, withError: boolean, scratch: Float64Array): number {
  const attract = grad, repel = scratch;
  attract.fill(0);
  repel.fill(0, 0, n * dims);
  const dof = degreesOfFreedom(dims);
  let z = 0;
  if (dims === 2) z = pairSums2d(p, y, n, attract, repel);
  else if (dims === 3) z = pairSums3d(p, y, n, attract, repel);
  else for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let c = 0; c < dims; c++) {
        const t = y[i * dims + c]! - y[j * dims + c]!;
        d2 += t * t;
      }
      const u = studentT(d2, dof);
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
  const scale = (2 * (dof + 1)) / dof;
  for (let i = 0; i < n * dims; i++) grad[i] = scale * (attract[i]! - repel[i]! / z);
  if (!withError) return 0;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d2 = 0;
      for (let c = 0; c < dims; c++) d2 += (y[i * dims + c]! - y[j * dims + c]!) ** 2;
      const pij = p[i * n + j]!;
      kl += 2 * pij * Math.log(Math.max(pij, MACHINE_EPSILON) / Math.max(studentT(d2, dof) / z, MACHINE_EPSILON));
    }
  }
  return kl;
}

/**
 * The 2-D Barnes-Hut gradient from the repulsive sums: the attractive sum over the sparse P without
 * the KL. P is symmetric with sorted columns (neighbourAffinities), so each pair is computed once,
 * from its row i < j (found by bisection), and added to both rows. `attract` is scratch [2n].
 */
function attractive2d(p: SparseAffinities, y: Float64Array, n: number, repulsive: Float64Array, invZ: number, scale: number, grad: Float64Array, attract: Float64Array): void {
  const { indptr, indices, values } = p;
  attract.fill(0);
  for (let i = 0; i < n; i++) {
    let lo = indptr[i]!, hi = indptr[i + 1]!;
    const end = hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (indices[mid]! <= i) lo = mid + 1;
      else hi = mid;
    }
    let ax = 0, ay = 0;
    const xi = y[2 * i]!, yi = y[2 * i + 1]!;
    for (let t = lo; t < end; t++) {
      const j = indices[t]!;
      const dx = xi - y[2 * j]!, dy = yi - y[2 * j + 1]!;
      const a = values[t]! / (1 + dx * dx + dy * dy);
      ax += a * dx;
      ay += a * dy;
      attract[2 * j] -= a * dx;
      attract[2 * j + 1] -= a * dy;
    }
    attract[2 * i] += ax;
    attract[2 * i + 1] += ay;
  }
  for (let c = 0; c < 2 * n; c++) grad[c] = scale * (attract[c]! - repulsive[c]! * invZ);
}

/**
 * Barnes-Hut gradient (1-D to 3-D) into `grad`; returns KL(P || Q) estimated with the tree's Z when
 * `withError`. P is symmetric with sorted columns. `tree` (built here over y), `repulsive` and
 * `attract` (scratch [n, dims]) are reused across calls when given.
 */
export function barnesHutGradient(p: SparseAffinities, y: Float64Array, n: number, dims: 1 | 2 | 3, angle: number, grad: Float64Array, withError: boolean,
  tree = new BarnesHutTree(n, dims), repulsive = new Float64Array(dims * n), attract = new Float64Array(dims * n)): number {
  const dof = degreesOfFreedom(dims);
  const z = Math.max(tree.build(y, angle).repulsion(dof, repulsive), MACHINE_EPSILON);
  const scale = (2 * (dof + 1)) / dof, two = dims >= 2, three = dims === 3;
  if (dims === 2 && !withError) {
    attractive2d(p, y, n, repulsive, 1 / z, scale, grad, attract);
    return 0;
  }
  let kl = 0;
  for (let i = 0; i < n; i++) {
    let ax = 0, ay = 0, az = 0;
    const xi = y[dims * i]!, yi = two ? y[dims * i + 1]! : 0, zi = three ? y[dims * i + 2]! : 0;
    for (let t = p.indptr[i]!; t < p.indptr[i + 1]!; t++) {
      const j = p.indices[t]!, pij = p.values[t]!;
      const dx = xi - y[dims * j]!, dy = two ? yi - y[dims * j + 1]! : 0, dz = three ? zi - y[dims * j + 2]! : 0;
      const d2 = dx * dx + dy * dy + dz * dz, h = 1 + d2 / 2;
      const w = three ? 1 / (h * Math.sqrt(h)) : 1 / (1 + d2);
      ax += pij * w * dx;
      ay += pij * w * dy;
      az += pij * w * dz;
      if (withError) kl += pij * Math.log(Math.max(pij, MACHINE_EPSILON) / Math.max(w / z, MACHINE_EPSILON));
    }
    grad[dims * i] = scale * (ax - repulsive[dims * i]! / z);
    if (two) grad[dims * i + 1] = scale * (ay - repulsive[dims * i + 1]! / z);
    if (three) grad[dims * i + 2] = scale * (az - repulsive[dims * i + 2]! / z);
  }
  return kl;
}
