// Hold-out splits: trainTestSplit as scikit-learn's train_test_split (sizes as fractions or counts,
// test = ceil(testSize n), train = floor(trainSize n), default test 0.25; unshuffled the first rows
// train and the next ones test, exactly as scikit-learn; shuffled from a seeded Generator;
// stratified so each class keeps its proportion in both parts), and trainValTestSplit for the usual
// three-way splits (70/15/15, 80/10/10 or any fractions summing to 1).
import { ArgumentError, Generator, type Matrix, type MatrixInput } from '@neurite/tensor';
import type { Labels } from '../base/protocol.ts';
import type { SampleInput, TableColumns, TableRows } from '../base/table-input.ts';
import { checkLabelCount, toSamples, classesSorted, permutation, takeLabels, takeRows } from './indexing.ts';

export interface TrainTestSplitOptions {
  /** Fraction in (0, 1) or a count of test rows; default 0.25 (or what trainSize leaves). */
  testSize?: number | null;
  trainSize?: number | null;
  shuffle?: boolean;
  /** Labels whose proportions both parts keep (needs shuffle). */
  stratify?: Labels | null;
  /** Seed of the shuffle (null: seed 0). */
  randomState?: number | null;
}

export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

function size(value: number | null | undefined, n: number, name: string, round: (x: number) => number): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ArgumentError(`trainTestSplit: ${name} must be a fraction in (0, 1) or a count >= 1, got ${String(value)}`);
  if (value < 1) return round(value * n);
  if (!Number.isInteger(value)) throw new ArgumentError(`trainTestSplit: ${name} = ${value} is neither a fraction in (0, 1) nor an integer count`);
  if (value >= n) throw new ArgumentError(`trainTestSplit: ${name} = ${value} must be less than the ${n} samples`);
  return value;
}

/** Train and test row indices of n samples. */
export function trainTestSplitIndices(n: number, options: TrainTestSplitOptions = {}): SplitIndices {
  const shuffle = options.shuffle ?? true;
  let nTest = size(options.testSize, n, 'testSize', Math.ceil);
  let nTrain = size(options.trainSize, n, 'trainSize', Math.floor);
  if (nTest === null && nTrain === null) nTest = Math.ceil(0.25 * n);
  if (nTest === null) nTest = n - nTrain!;
  if (nTrain === null) nTrain = n - nTest;
  if (nTrain + nTest > n) throw new ArgumentError(`trainTestSplit: ${nTrain} train + ${nTest} test rows exceed the ${n} samples`);
  if (nTrain === 0 || nTest === 0) throw new ArgumentError(`trainTestSplit: ${n} samples give an empty ${nTrain === 0 ? 'train' : 'test'} part; adjust testSize or trainSize`);
  const stratify = options.stratify ?? null;
  if (!shuffle) {
    if (stratify !== null) throw new ArgumentError('trainTestSplit: stratify needs shuffle: true');
    return { train: Int32Array.from({ length: nTrain }, (_, i) => i), test: Int32Array.from({ length: nTest }, (_, i) => nTrain! + i) };
  }
  const generator = new Generator(options.randomState ?? 0);
  if (stratify === null) {
    const p = permutation(n, generator);
    return { train: p.slice(nTest, nTest + nTrain).sort(), test: p.slice(0, nTest).sort() };
  }
  checkLabelCount(stratify, n, 'trainTestSplit: stratify');
  return stratifiedIndices(stratify, nTrain, nTest, generator);
}

/**
 * Per-class counts proportional to the class sizes (largest remainders, ties to the larger class),
 * so every class with at least two members lands in both parts when the sizes allow.
 */
function allocate(counts: Int32Array, total: number): Int32Array {
  const n = counts.reduce((a, b) => a + b, 0);
  const exact = Array.from(counts, (c) => (c * total) / n);
  const out = Int32Array.from(exact, Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => [e - Math.floor(e), counts[c]!, c] as const).sort((a, b) => b[0] - a[0] || b[1] - a[1] || a[2] - b[2]);
  for (let i = 0; left > 0; i = (i + 1) % order.length) {
    const c = order[i]![2];
    if (out[c]! < counts[c]!) {
      out[c]!++;
      left--;
    }
  }
  return out;
}

function stratifiedIndices(y: Labels, nTrain: number, nTest: number, generator: Generator): SplitIndices {
  const { count, codes } = classesSorted(y);
  const counts = new Int32Array(count);
  for (const c of codes) counts[c]!++;
  if (Math.min(...counts) < 2) throw new ArgumentError('trainTestSplit: stratify needs at least 2 members in every class');
  if (nTest < count || nTrain < count) throw new ArgumentError(`trainTestSplit: with ${count} classes both parts need at least ${count} rows (train ${nTrain}, test ${nTest})`);
  const testCounts = allocate(counts, nTest);
  const remaining = counts.map((c, k) => c - testCounts[k]!);
  const trainCounts = allocate(Int32Array.from(remaining), nTrain);
  const train: number[] = [], test: number[] = [];
  for (let c = 0; c < count; c++) {
    const members: number[] = [];
    for (let i = 0; i < codes.length; i++) if (codes[i] === c) members.push(i);
    const p = permutation(members.length, generator);
    for (let t = 0; t < testCounts[c]!; t++) test.push(members[p[t]!]!);
    for (let t = 0; t < trainCounts[c]!; t++) train.push(members[p[testCounts[c]! + t]!]!);
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/** The parts of X: Matrix for numeric input; texts, table rows or named columns keep their kind. */
export interface TrainTestSplit<L extends Labels, XT = Matrix> {
  XTrain: XT;
  XTest: XT;
  yTrain: L;
  yTest: L;
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

/** Splits X (and y) into train and test parts; see TrainTestSplitOptions. */
export function trainTestSplit<L extends Labels>(X: MatrixInput, y: L, options?: TrainTestSplitOptions): TrainTestSplit<L>;
export function trainTestSplit<L extends Labels, XT extends TableRows | TableColumns | readonly string[]>(X: XT, y: L, options?: TrainTestSplitOptions): TrainTestSplit<L, XT>;
export function trainTestSplit<L extends Labels>(X: SampleInput, y: L, options: TrainTestSplitOptions = {}): TrainTestSplit<L, unknown> {
  const x = toSamples(X, 'trainTestSplit: X');
  checkLabelCount(y, x.rows, 'trainTestSplit: y');
  const { train, test } = trainTestSplitIndices(x.rows, options);
  return { XTrain: takeRows(x, train), XTest: takeRows(x, test), yTrain: takeLabels(y, train), yTest: takeLabels(y, test), trainIndices: train, testIndices: test };
}

export interface TrainValTestSplitOptions {
  /** '70/15/15', '80/10/10' or three fractions summing to 1 (default '70/15/15'). */
  sizes?: '70/15/15' | '80/10/10' | readonly [number, number, number];
  shuffle?: boolean;
  stratify?: Labels | null;
  randomState?: number | null;
}

export interface TrainValTestSplit<L extends Labels, XT = Matrix> extends TrainTestSplit<L, XT> {
  XVal: XT;
  yVal: L;
  valIndices: Int32Array;
}

/** Three parts: test first (its fraction of n), then validation from the rest, the remainder trains. */
export function trainValTestSplit<L extends Labels>(X: MatrixInput, y: L, options?: TrainValTestSplitOptions): TrainValTestSplit<L>;
export function trainValTestSplit<L extends Labels, XT extends TableRows | TableColumns | readonly string[]>(X: XT, y: L, options?: TrainValTestSplitOptions): TrainValTestSplit<L, XT>;
export function trainValTestSplit<L extends Labels>(X: SampleInput, y: L, options: TrainValTestSplitOptions = {}): TrainValTestSplit<L, unknown> {
  const sizes = options.sizes ?? '70/15/15';
  const fractions = sizes === '70/15/15' ? [0.7, 0.15, 0.15] : sizes === '80/10/10' ? [0.8, 0.1, 0.1] : sizes;
  if (!Array.isArray(fractions) || fractions.length !== 3 || fractions.some((f) => typeof f !== 'number' || !(f > 0)) || Math.abs(fractions[0]! + fractions[1]! + fractions[2]! - 1) > 1e-9) {
    throw new ArgumentError(`trainValTestSplit: sizes must be '70/15/15', '80/10/10' or three positive fractions summing to 1, got ${JSON.stringify(sizes)}`);
  }
  const x = toSamples(X, 'trainValTestSplit: X');
  checkLabelCount(y, x.rows, 'trainValTestSplit: y');
  const n = x.rows;
  const nTest = Math.round(fractions[2]! * n), nVal = Math.round(fractions[1]! * n);
  const base = { shuffle: options.shuffle, randomState: options.randomState };
  const first = trainTestSplitIndices(n, { ...base, testSize: nTest, stratify: options.stratify ?? null });
  const rest = first.train;
  const second = trainTestSplitIndices(rest.length, { ...base, testSize: nVal, stratify: options.stratify ? takeLabels(options.stratify, rest) : null });
  const train = second.train.map((i) => rest[i]!), val = second.test.map((i) => rest[i]!);
  return {
    XTrain: takeRows(x, train), XVal: takeRows(x, val), XTest: takeRows(x, first.test),
    yTrain: takeLabels(y, train), yVal: takeLabels(y, val), yTest: takeLabels(y, first.test),
    trainIndices: train, valIndices: val, testIndices: first.test,
  };
}
