import { beforeAll, describe, expect, it } from 'vitest';
import { init, isInitialized } from '@neurite/tensor';
import { BarnesHutTree } from './barnes-hut-tree.ts';
import { degreesOfFreedom, studentT } from './student-t.ts';

/** Seeded coordinates in [-scale, scale). */
function coordinates(length: number, seed: number, scale: number): Float64Array {
  let state = seed;
  return Float64Array.from({ length }, () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2 * scale);
}

/** The repulsion by all pairs: sum_j w² (y_i - y_j) and Z = sum_{i != j} w. */
function pairRepulsion(y: Float64Array, n: number, dims: number, out: Float64Array): number {
  const dof = degreesOfFreedom(dims);
  let z = 0;
  out.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let d2 = 0;
      for (let c = 0; c < dims; c++) d2 += (y[i * dims + c]! - y[j * dims + c]!) ** 2;
      const w = studentT(d2, dof);
      z += w;
      for (let c = 0; c < dims; c++) out[i * dims + c] += w * w * (y[i * dims + c]! - y[j * dims + c]!);
    }
  }
  return z;
}

/** The 2-D forces and Z of one seeded problem at angle 0.5, by whichever sweep runs. */
function sweep2d(): { forces: Float64Array; z: number } {
  const n = 700, y = coordinates(2 * n, 23, 50), forces = new Float64Array(2 * n);
  return { forces, z: new BarnesHutTree(n, 2).build(y, 0.5).repulsion(1, forces) };
}
let typescriptSweep: { forces: Float64Array; z: number } | undefined;

describe('BarnesHutTree (TypeScript sweeps, before the tensor runtime is initialized)', () => {
  it('runs before init', () => {
    expect(isInitialized()).toBe(false);
    typescriptSweep = sweep2d();
  });

  for (const dims of [1, 2, 3] as const) {
    it(`${dims}-D: angle 0 gives the pair sums at odd sizes, with duplicate points, across rebuilds of one tree`, () => {
      const tree = new BarnesHutTree(131, dims);
      for (const [n, seed] of [[1, 3], [2, 5], [7, 9], [131, 11]] as const) {
        const y = coordinates(n * dims, seed, 10);
        // Every fifth point repeats the one before it (identical coordinates).
        for (let i = 5; i < n; i += 5) y.copyWithin(i * dims, (i - 1) * dims, i * dims);
        const sized = n === 131 ? tree : new BarnesHutTree(n, dims);
        const expected = new Float64Array(n * dims), actual = new Float64Array(n * dims);
        const z = pairRepulsion(y, n, dims, expected);
        expect(sized.build(y, 0).repulsion(degreesOfFreedom(dims), actual)).toBeCloseTo(z, 9);
        for (let i = 0; i < n * dims; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 10);
      }
    });
  }

  it('2-D at angle 0.5: close to the pair sums; points closer than the depth limit end in one leaf (no endless splitting)', () => {
    const n = 400, y = coordinates(2 * n, 17, 30);
    // Two points 1e-25 apart: far below 2^-60 of the root width, so they end in one leaf.
    y[2] = y[0]! + 1e-25;
    y[3] = y[1]!;
    const expected = new Float64Array(2 * n), actual = new Float64Array(2 * n);
    const z = pairRepulsion(y, n, 2, expected);
    const approx = new BarnesHutTree(n, 2).build(y, 0.5).repulsion(1, actual);
    expect(Math.abs(approx - z) / z).toBeLessThan(0.01);
    let error = 0, norm = 0;
    for (let i = 0; i < 2 * n; i++) {
      error += (actual[i]! - expected[i]!) ** 2;
      norm += expected[i]! ** 2;
    }
    expect(Math.sqrt(error / norm)).toBeLessThan(0.02);
  });
});

describe('BarnesHutTree in 2-D on the tsne_repulsion_2d_f64 kernel (after init)', () => {
  beforeAll(async () => {
    await init();
  });

  it('gives the pair sums at angle 0 and the values of the TypeScript sweep at angle 0.5', () => {
    for (const [n, seed] of [[1, 3], [2, 5], [7, 9], [131, 11]] as const) {
      const y = coordinates(2 * n, seed, 10);
      for (let i = 5; i < n; i += 5) y.copyWithin(2 * i, 2 * (i - 1), 2 * i);
      const expected = new Float64Array(2 * n), actual = new Float64Array(2 * n);
      const z = pairRepulsion(y, n, 2, expected);
      expect(new BarnesHutTree(n, 2).build(y, 0).repulsion(1, actual)).toBeCloseTo(z, 9);
      for (let i = 0; i < 2 * n; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 10);
    }
    const kernel = sweep2d(), reference = typescriptSweep!;
    expect(Math.abs(kernel.z - reference.z)).toBeLessThanOrEqual(1e-12 * reference.z);
    kernel.forces.forEach((v, i) => expect(Math.abs(v - reference.forces[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(reference.forces[i]!))));
  });
});
