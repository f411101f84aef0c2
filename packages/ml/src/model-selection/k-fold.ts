// K-fold splitters as scikit-learn's KFold and StratifiedKFold: unshuffled folds equal scikit-learn's
// exactly; shuffled ones come from a seeded Generator (not numpy's), with the same fold sizes and
// class allocation.
import { ArgumentError, Generator, type MatrixInput } from '@neurite/tensor';
import type { Labels } from '../base/protocol.ts';
import { checkLabelCount, classesByFirstAppearance, type Fold, permutation, sampleCount } from './indexing.ts';

export interface Splitter {
  /** The folds of n samples (X may be the data or the sample count); y is needed by stratified splitters. */
  split(X: MatrixInput | number, y?: Labels): Fold[];
  getNSplits(): number;
}

export interface KFoldOptions {
  nSplits?: number;
  shuffle?: boolean;
  /** Seed of the shuffle (null: seed 0). */
  randomState?: number | null;
}

function checkOptions(owner: string, o: KFoldOptions): { nSplits: number; shuffle: boolean; seed: number } {
  const nSplits = o.nSplits ?? 5;
  if (!Number.isInteger(nSplits) || nSplits < 2) throw new ArgumentError(`${owner}: nSplits must be an integer >= 2, got ${nSplits}`);
  const shuffle = o.shuffle ?? false;
  if (typeof shuffle !== 'boolean') throw new ArgumentError(`${owner}: shuffle must be a boolean`);
  const seed = o.randomState ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ArgumentError(`${owner}: randomState must be a finite number or null`);
  if (!shuffle && o.randomState !== undefined && o.randomState !== null) throw new ArgumentError(`${owner}: randomState has no effect without shuffle: true`);
  return { nSplits, shuffle, seed };
}

function complement(n: number, test: ArrayLike<number>): Int32Array {
  const inTest = new Uint8Array(n);
  for (let i = 0; i < test.length; i++) inTest[test[i]!] = 1;
  const train = new Int32Array(n - test.length);
  let at = 0;
  for (let i = 0; i < n; i++) if (!inTest[i]) train[at++] = i;
  return train;
}

/** What the k-fold splitters share: their options, checked once, and the fold count. */
abstract class BaseKFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: number | null;

  constructor(owner: string, options: KFoldOptions) {
    const o = checkOptions(owner, options);
    this.nSplits = o.nSplits;
    this.shuffle = o.shuffle;
    this.randomState = options.randomState ?? null;
  }

  getNSplits(): number {
    return this.nSplits;
  }

  abstract split(X: MatrixInput | number, y?: Labels): Fold[];
}

/** Consecutive folds (after an optional seeded shuffle); the first n % k folds hold one sample more. */
export class KFold extends BaseKFold {
  constructor(options: KFoldOptions = {}) {
    super('KFold', options);
  }

  split(X: MatrixInput | number, y?: Labels): Fold[] {
    const n = sampleCount(X, 'KFold.split: X');
    checkLabelCount(y, n, 'KFold.split: y');
    const k = this.nSplits;
    if (k > n) throw new ArgumentError(`KFold.split: nSplits = ${k} is more than the ${n} samples`);
    const order = this.shuffle ? permutation(n, new Generator(this.randomState ?? 0)) : Int32Array.from({ length: n }, (_, i) => i);
    const folds: Fold[] = [];
    let start = 0;
    for (let f = 0; f < k; f++) {
      const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
      const test = order.slice(start, start + size);
      folds.push({ train: complement(n, test), test: Int32Array.from(test).sort() });
      start += size;
    }
    return folds;
  }
}

/**
 * Folds that keep each class's proportion: classes are numbered in order of first appearance, the
 * samples sorted by class are dealt to the folds round-robin to fix each fold's count per class
 * (scikit-learn's allocation), and each class's samples take their folds in order (or shuffled).
 */
export class StratifiedKFold extends BaseKFold {
  constructor(options: KFoldOptions = {}) {
    super('StratifiedKFold', options);
  }

  split(X: MatrixInput | number, y?: Labels): Fold[] {
    const n = sampleCount(X, 'StratifiedKFold.split: X');
    if (y === undefined || y === null) throw new ArgumentError('StratifiedKFold.split: y is required');
    checkLabelCount(y, n, 'StratifiedKFold.split: y');
    const k = this.nSplits;
    const { count, codes } = classesByFirstAppearance(y);
    const counts = new Int32Array(count);
    for (const c of codes) counts[c]!++;
    if (Math.max(...counts) < k) throw new ArgumentError(`StratifiedKFold.split: nSplits = ${k} is more than the number of members of every class`);
    // allocation[f][c]: how many of class c go to fold f (bincount of the sorted codes dealt round-robin).
    const sorted = Int32Array.from(codes).sort();
    const allocation = Array.from({ length: k }, () => new Int32Array(count));
    for (let i = 0; i < n; i++) allocation[i % k]![sorted[i]!]!++;
    const generator = new Generator(this.randomState ?? 0);
    const testFold = new Int32Array(n);
    for (let c = 0; c < count; c++) {
      const folds: number[] = [];
      for (let f = 0; f < k; f++) for (let t = 0; t < allocation[f]![c]!; t++) folds.push(f);
      if (this.shuffle) {
        const p = permutation(folds.length, generator);
        const copy = folds.slice();
        for (let i = 0; i < folds.length; i++) folds[i] = copy[p[i]!]!;
      }
      let at = 0;
      for (let i = 0; i < n; i++) if (codes[i] === c) testFold[i] = folds[at++]!;
    }
    const out: Fold[] = [];
    for (let f = 0; f < k; f++) {
      const test: number[] = [], train: number[] = [];
      for (let i = 0; i < n; i++) (testFold[i] === f ? test : train).push(i);
      out.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
    }
    return out;
  }
}
