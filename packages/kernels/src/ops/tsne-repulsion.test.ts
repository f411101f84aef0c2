import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.ts';
import { referenceOf, wasmBackends } from '../testing.ts';
import { putTyped, randomTyped, readTyped } from './dtype-testing.ts';
import { tsneRepulsion2d } from './tsne-repulsion.ts';

const backends = await wasmBackends();

/**
 * A seeded pre-order layout of `size` cells: next[t] in (t, size], leaves (threshold -1) and inner
 * cells with thresholds spread around the squared distances, counts 1..5, some centres of mass on
 * a point (d² = 0: its own leaf). Any such layout is a valid sweep; a real quadtree is one of them.
 */
function layout(n: number, size: number, seed: number): { y: Float64Array; cells: Float64Array; next: Int32Array } {
  const y = randomTyped('f64', 2 * n, seed, -3, 3) as Float64Array;
  const u = randomTyped('f64', 4 * size + size, seed + 1, 0, 1) as Float64Array;
  const cells = new Float64Array(4 * size), next = new Int32Array(size);
  for (let t = 0; t < size; t++) {
    const onPoint = n > 0 && u[4 * t]! < 0.1;
    cells[4 * t] = onPoint ? y[2 * (t % n)]! : 6 * u[4 * t + 1]! - 3;
    cells[4 * t + 1] = onPoint ? y[2 * (t % n) + 1]! : 6 * u[4 * t + 2]! - 3;
    cells[4 * t + 2] = 1 + Math.floor(5 * u[4 * t + 3]!);
    cells[4 * t + 3] = u[4 * size + t]! < 0.4 ? -1 : 20 * u[4 * size + t]!;
    next[t] = t + 1 + Math.floor(u[4 * t + 2]! * u[4 * t + 1]! * (size - t));
  }
  return { y, cells, next };
}

describe.each(backends.map((b) => [b.variant, b] as const))('tsneRepulsion2d (%s)', (_, backend) => {
  const ref = referenceOf(backend);
  it('equals the reference sweep at awkward sizes', () => {
    for (const [n, size] of [[1, 1], [1, 7], [3, 1], [5, 17], [17, 3], [64, 65], [131, 263], [812, 1029]] as const) {
      const { y, cells, next } = layout(n, size, n * 31 + size);
      const results = [backend, ref].map((b) => {
        const out = tsneRepulsion2d(b, { n, y: putTyped(b, 'f64', y), size, cells: putTyped(b, 'f64', cells), next: putTyped(b, 'i32', next) });
        return readTyped(b, 'f64', out, 3 * n);
      });
      results[0]!.forEach((v, i) => expect(Math.abs(v - results[1]![i]!), `n ${n} size ${size} element ${i}`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(results[1]![i]!))));
    }
  });

  it('on a hand-built quadtree: forces and Z of every pair at threshold -1 / Infinity', () => {
    // Root (inner, never summarised) with leaves for points (0, 0), (1, 0), (0, 2) and a duplicate of (1, 0).
    const y = Float64Array.from([0, 0, 1, 0, 0, 2, 1, 0]);
    const cells = Float64Array.from([0.5, 0.5, 4, Infinity, 0, 0, 1, -1, 1, 0, 2, -1, 0, 2, 1, -1]);
    const next = Int32Array.from([4, 2, 3, 4]);
    const out = readTyped(backend, 'f64', tsneRepulsion2d(backend, { n: 4, y: putTyped(backend, 'f64', y), size: 4, cells: putTyped(backend, 'f64', cells), next: putTyped(backend, 'i32', next) }), 12);
    const pairs = (i: number): number[] => {
      let fx = 0, fy = 0, z = 0;
      for (let j = 0; j < 4; j++) {
        if (j === i) continue;
        const dx = y[2 * i]! - y[2 * j]!, dy = y[2 * i + 1]! - y[2 * j + 1]!, w = 1 / (1 + dx * dx + dy * dy);
        z += w;
        fx += w * w * dx;
        fy += w * w * dy;
      }
      return [fx, fy, z];
    };
    for (let i = 0; i < 4; i++) pairs(i).forEach((v, c) => expect(out[3 * i + c]).toBeCloseTo(v, 14));
  });

  it('rejects a jump that does not move forward, and bad ranges, before the kernel runs', () => {
    const y = putTyped(backend, 'f64', [0, 0]), cells = putTyped(backend, 'f64', [0, 0, 1, -1, 0, 0, 1, -1]);
    for (const bad of [[1, 1], [0, 2], [2, 3]]) {
      expect(() => tsneRepulsion2d(backend, { n: 1, y, size: 2, cells, next: putTyped(backend, 'i32', bad) })).toThrow(ShapeError);
    }
    expect(() => tsneRepulsion2d(backend, { n: -1, y, size: 2, cells, next: putTyped(backend, 'i32', [1, 2]) })).toThrow(ShapeError);
    expect(() => tsneRepulsion2d(backend, { n: 1, y: y + 4, size: 2, cells, next: putTyped(backend, 'i32', [1, 2]) })).toThrow(ShapeError);
    expect(() => tsneRepulsion2d(backend, { n: 1, y, size: 2, cells, next: putTyped(backend, 'i32', [1, 2]), out: y })).toThrow(/overlaps/);
    expect(tsneRepulsion2d(backend, { n: 0, y, size: 0, cells, next: putTyped(backend, 'i32', []) })).toBeGreaterThan(0);
  });
});
