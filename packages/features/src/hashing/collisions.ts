// Collision statistics of feature hashing: how many distinct feature names share a column, beside
// what uniform hashing predicts. With n distinct names in m columns, the expected number of
// occupied columns is m (1 - (1 - 1/m)^n) and a name collides with probability 1 - (1 - 1/m)^(n - 1).
import { ArgumentError } from '@neurite/tensor';
import { checkInteger, describe } from '../base/validate.ts';
import { hashedColumn, murmurhash3String } from './murmurhash3.ts';

export interface CollisionStatistics {
  /** Distinct feature names hashed. */
  distinctFeatures: number;
  /** Columns that received at least one name. */
  occupiedColumns: number;
  /** Names that share their column with at least one other name. */
  collidingFeatures: number;
  /** collidingFeatures / distinctFeatures (0 when there are none). */
  collisionRate: number;
  /** The most names in one column. */
  maxColumnLoad: number;
  /** occupiedColumns and collidingFeatures expected under uniform hashing. */
  expectedOccupiedColumns: number;
  expectedCollidingFeatures: number;
}

/** Hashes each distinct name of `names` into nFeatures columns (scikit-learn's column rule) and counts collisions. */
export function collisionStatistics(names: Iterable<string>, nFeatures: number, seed = 0): CollisionStatistics {
  checkInteger(nFeatures, 'collisionStatistics: nFeatures', 1, 0x7fffffff);
  checkInteger(seed, 'collisionStatistics: seed', 0, 0xffffffff);
  const loads = new Map<number, number>();
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string') throw new ArgumentError(`collisionStatistics: names must be strings, got ${describe(name)}`);
    if (seen.has(name)) continue;
    seen.add(name);
    const column = hashedColumn(murmurhash3String(name, seed), nFeatures);
    loads.set(column, (loads.get(column) ?? 0) + 1);
  }
  const n = seen.size;
  let colliding = 0, maxLoad = 0;
  for (const load of loads.values()) {
    if (load > 1) colliding += load;
    if (load > maxLoad) maxLoad = load;
  }
  // (1 - 1/m)^k computed as exp(k log1p(-1/m)) to stay accurate for large m
  const keep = (k: number) => (nFeatures === 1 ? (k === 0 ? 1 : 0) : Math.exp(k * Math.log1p(-1 / nFeatures)));
  return {
    distinctFeatures: n,
    occupiedColumns: loads.size,
    collidingFeatures: colliding,
    collisionRate: n === 0 ? 0 : colliding / n,
    maxColumnLoad: maxLoad,
    expectedOccupiedColumns: nFeatures * (1 - keep(n)),
    expectedCollidingFeatures: n === 0 ? 0 : n * (1 - keep(n - 1)),
  };
}
