// Plain-TypeScript reference of assembly/norm.ts: float64 two-pass statistics, naive loops.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type NormKernels = Pick<
  KernelExports,
  | 'group_norm_f32' | 'group_norm_backward_f32' | 'layer_norm_f32' | 'layer_norm_backward_f32'
  | 'batch_norm_train_f32' | 'batch_norm_inference_f32' | 'batch_norm_backward_f32'
>;

/** Element indices of each normalization group: [n, hw, c] with g groups, or batch norm's channels. */
function groupIndices(n: number, hw: number, c: number, g: number): number[][] {
  const cg = c / g;
  const groups: number[][] = [];
  for (let s = 0; s < n; s++) {
    for (let q = 0; q < g; q++) {
      const idx: number[] = [];
      for (let h = 0; h < hw; h++) for (let k = 0; k < cg; k++) idx.push((s * hw + h) * c + q * cg + k);
      groups.push(idx);
    }
  }
  return groups;
}

/** Mean and biased variance (two-pass, float64) of xs at idx. */
function stats(xs: Float32Array, idx: number[]): [number, number] {
  let s = 0;
  for (const i of idx) s += xs[i]!;
  const mu = s / idx.length;
  let d = 0;
  for (const i of idx) d += (xs[i]! - mu) ** 2;
  return [mu, d / idx.length];
}

function forward(heap: Heap, groups: number[][], c: number, x: number, gamma: number, beta: number, eps: number, y: number, mean: number, rstd: number): void {
  const total = groups.reduce((s, g) => s + g.length, 0);
  const xs = heap.f32(x, total).slice(), ys = heap.f32(y, total);
  const ms = heap.f32(mean, groups.length), rs = heap.f32(rstd, groups.length);
  const gs = gamma === 0 ? null : heap.f32(gamma, c), bs = beta === 0 ? null : heap.f32(beta, c);
  groups.forEach((idx, k) => {
    const [mu, v] = stats(xs, idx);
    const r = 1 / Math.sqrt(v + Math.fround(eps));
    ms[k] = mu;
    rs[k] = r;
    for (const i of idx) ys[i] = (xs[i]! - mu) * r * (gs?.[i % c] ?? 1) + (bs?.[i % c] ?? 0);
  });
}

/** Backward given the stored (f32) mean / rstd per group. */
function backward(
  heap: Heap, groups: number[][], c: number, dy: number, x: number, mean: number, rstd: number, gamma: number,
  dx: number, dgamma: number, dbeta: number,
): void {
  const total = groups.reduce((s, g) => s + g.length, 0);
  const xs = heap.f32(x, total), gys = heap.f32(dy, total).slice(), dxs = heap.f32(dx, total);
  const ms = heap.f32(mean, groups.length), rs = heap.f32(rstd, groups.length);
  const gs = gamma === 0 ? null : heap.f32(gamma, c);
  const dg = new Float64Array(c), db = new Float64Array(c);
  const xhat = new Float64Array(total);
  groups.forEach((idx, k) => {
    let s1 = 0, s2 = 0;
    for (const i of idx) {
      xhat[i] = (xs[i]! - ms[k]!) * rs[k]!;
      const g = gys[i]! * (gs?.[i % c] ?? 1);
      s1 += g;
      s2 += g * xhat[i]!;
      dg[i % c]! += gys[i]! * xhat[i]!;
      db[i % c]! += gys[i]!;
    }
    for (const i of idx) {
      const g = gys[i]! * (gs?.[i % c] ?? 1);
      dxs[i] = rs[k]! * (g - s1 / idx.length - xhat[i]! * (s2 / idx.length));
    }
  });
  heap.f32(dgamma, c).set(dg);
  heap.f32(dbeta, c).set(db);
}

/** Batch norm's groups: channel j over every row. */
function channelGroups(rows: number, c: number): number[][] {
  return Array.from({ length: c }, (_, j) => Array.from({ length: rows }, (__, r) => r * c + j));
}

export function normReference(heap: Heap): NormKernels {
  return {
    group_norm_f32(n, hw, c, g, x, gamma, beta, eps, y, mean, rstd) {
      forward(heap, groupIndices(n, hw, c, g), c, x, gamma, beta, eps, y, mean, rstd);
    },
    group_norm_backward_f32(n, hw, c, g, dy, x, mean, rstd, gamma, dx, dgamma, dbeta) {
      backward(heap, groupIndices(n, hw, c, g), c, dy, x, mean, rstd, gamma, dx, dgamma, dbeta);
    },
    layer_norm_f32(rows, cols, x, gamma, beta, eps, y, mean, rstd) {
      forward(heap, groupIndices(rows, 1, cols, 1), cols, x, gamma, beta, eps, y, mean, rstd);
    },
    layer_norm_backward_f32(rows, cols, dy, x, mean, rstd, gamma, dx, dgamma, dbeta) {
      backward(heap, groupIndices(rows, 1, cols, 1), cols, dy, x, mean, rstd, gamma, dx, dgamma, dbeta);
    },
    batch_norm_train_f32(rows, c, x, gamma, beta, eps, momentum, y, mean, rstd, runningMean, runningVar) {
      const groups = channelGroups(rows, c);
      const xs = heap.f32(x, rows * c);
      const variances = groups.map((idx) => stats(xs, idx)[1]);
      forward(heap, groups, c, x, gamma, beta, eps, y, mean, rstd);
      const mom = Math.fround(momentum);
      if (runningMean !== 0) {
        const rm = heap.f32(runningMean, c), ms = heap.f32(mean, c);
        for (let j = 0; j < c; j++) rm[j] = (1 - mom) * rm[j]! + mom * ms[j]!;
      }
      if (runningVar !== 0) {
        const rv = heap.f32(runningVar, c);
        const unbias = rows > 1 ? rows / (rows - 1) : 1;
        for (let j = 0; j < c; j++) rv[j] = (1 - mom) * rv[j]! + mom * variances[j]! * unbias;
      }
    },
    batch_norm_inference_f32(rows, c, x, runningMean, runningVar, gamma, beta, eps, y) {
      const xs = heap.f32(x, rows * c).slice(), ys = heap.f32(y, rows * c);
      const rm = heap.f32(runningMean, c), rv = heap.f32(runningVar, c);
      const gs = gamma === 0 ? null : heap.f32(gamma, c), bs = beta === 0 ? null : heap.f32(beta, c);
      for (let i = 0; i < rows * c; i++) {
        const j = i % c;
        ys[i] = ((xs[i]! - rm[j]!) / Math.sqrt(rv[j]! + Math.fround(eps))) * (gs?.[j] ?? 1) + (bs?.[j] ?? 0);
      }
    },
    batch_norm_backward_f32(rows, c, dy, x, mean, rstd, gamma, dx, dgamma, dbeta) {
      backward(heap, channelGroups(rows, c), c, dy, x, mean, rstd, gamma, dx, dgamma, dbeta);
    },
  };
}
