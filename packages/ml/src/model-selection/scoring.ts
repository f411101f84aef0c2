// Scorers by scikit-learn's names: a scorer takes a fitted estimator and (X, y) and returns a number
// where larger is better (errors are negated: 'neg_mean_squared_error'). null means the estimator's
// own score method. The metric formulas are the standard ones (CONCEPTS.md, Evaluation).
import { ArgumentError, type MatrixInput } from '@neurite/tensor';
import type { Labels, Predictor } from '../base/protocol.ts';

export type Scorer = (estimator: Predictor, X: MatrixInput, y: Labels) => number;
export type ScoringName =
  | 'accuracy' | 'balanced_accuracy' | 'f1' | 'f1_macro' | 'f1_micro' | 'f1_weighted' | 'precision' | 'precision_macro' | 'recall' | 'recall_macro'
  | 'r2' | 'neg_mean_squared_error' | 'neg_root_mean_squared_error' | 'neg_mean_absolute_error' | 'explained_variance';
export type Scoring = ScoringName | Scorer | null;

function numbers(values: ArrayLike<unknown>, what: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') throw new ArgumentError(`${what}: regression scoring needs numeric targets, got ${typeof v} at ${i}`);
    out[i] = v;
  }
  return out;
}

/** Per-class true positives, predicted and actual counts over the union of labels (sorted). */
function confusion(y: Labels, p: ArrayLike<unknown>): { tp: number[]; predicted: number[]; actual: number[]; labels: unknown[] } {
  const labels = [...new Set([...Array.from(y as ArrayLike<unknown>), ...Array.from(p)])].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1));
  const index = new Map(labels.map((l, i) => [l, i] as const));
  const k = labels.length, tp = new Array<number>(k).fill(0), predicted = new Array<number>(k).fill(0), actual = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) {
    const a = index.get(y[i])!, b = index.get(p[i])!;
    actual[a]!++;
    predicted[b]!++;
    if (a === b) tp[a]!++;
  }
  return { tp, predicted, actual, labels };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** precision, recall or F1 with 'binary' (positive = the larger label), 'macro', 'micro' or 'weighted' averaging. */
function prf(kind: 'precision' | 'recall' | 'f1', average: 'binary' | 'macro' | 'micro' | 'weighted'): (y: Labels, p: ArrayLike<unknown>) => number {
  return (y, p) => {
    const { tp, predicted, actual, labels } = confusion(y, p);
    const one = (t: number, pr: number, ac: number): number => (kind === 'precision' ? ratio(t, pr) : kind === 'recall' ? ratio(t, ac) : ratio(2 * t, pr + ac));
    if (average === 'binary') {
      if (labels.length > 2) throw new ArgumentError(`'${kind}' scoring is binary; the targets have ${labels.length} classes (use '${kind}_macro')`);
      const c = labels.length - 1;
      return one(tp[c]!, predicted[c]!, actual[c]!);
    }
    if (average === 'micro') return one(tp.reduce((a, b) => a + b, 0), predicted.reduce((a, b) => a + b, 0), actual.reduce((a, b) => a + b, 0));
    let s = 0, w = 0;
    for (let c = 0; c < labels.length; c++) {
      if (actual[c] === 0 && average === 'weighted') continue;
      const weight = average === 'weighted' ? actual[c]! : 1;
      s += weight * one(tp[c]!, predicted[c]!, actual[c]!);
      w += weight;
    }
    return ratio(s, w);
  };
}

const classification: Record<string, (y: Labels, p: ArrayLike<unknown>) => number> = {
  accuracy: (y, p) => {
    let hits = 0;
    for (let i = 0; i < y.length; i++) if (y[i] === p[i]) hits++;
    return hits / y.length;
  },
  balanced_accuracy: (y, p) => {
    const { tp, actual } = confusion(y, p);
    let s = 0, k = 0;
    for (let c = 0; c < tp.length; c++) if (actual[c]! > 0) { s += tp[c]! / actual[c]!; k++; }
    return s / k;
  },
  f1: prf('f1', 'binary'), f1_macro: prf('f1', 'macro'), f1_micro: prf('f1', 'micro'), f1_weighted: prf('f1', 'weighted'),
  precision: prf('precision', 'binary'), precision_macro: prf('precision', 'macro'), recall: prf('recall', 'binary'), recall_macro: prf('recall', 'macro'),
};

function meanOf(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

const regression: Record<string, (y: Float64Array, p: Float64Array) => number> = {
  r2: (y, p) => {
    const m = meanOf(y);
    let res = 0, tot = 0;
    for (let i = 0; i < y.length; i++) { res += (y[i]! - p[i]!) ** 2; tot += (y[i]! - m) ** 2; }
    return tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
  },
  explained_variance: (y, p) => {
    const d = y.map((v, i) => v - p[i]!), md = meanOf(d), my = meanOf(y);
    let vd = 0, vy = 0;
    for (let i = 0; i < y.length; i++) { vd += (d[i]! - md) ** 2; vy += (y[i]! - my) ** 2; }
    return vy === 0 ? (vd === 0 ? 1 : 0) : 1 - vd / vy;
  },
  neg_mean_squared_error: (y, p) => -meanOf(y.map((v, i) => (v - p[i]!) ** 2)),
  neg_root_mean_squared_error: (y, p) => -Math.sqrt(meanOf(y.map((v, i) => (v - p[i]!) ** 2))),
  neg_mean_absolute_error: (y, p) => -meanOf(y.map((v, i) => Math.abs(v - p[i]!))),
};

export const SCORING_NAMES = [...Object.keys(classification), ...Object.keys(regression)] as ScoringName[];

/** The scorer for a name, a function or null (the estimator's score). */
export function getScorer(scoring: Scoring | undefined, what = 'scoring'): Scorer {
  if (scoring === null || scoring === undefined) return (est, X, y) => est.score(X, y);
  if (typeof scoring === 'function') return scoring;
  const c = classification[scoring];
  if (c !== undefined) return (est, X, y) => c(y, est.predict(X) as ArrayLike<unknown>);
  const r = regression[scoring];
  if (r !== undefined) return (est, X, y) => r(numbers(y, scoring), numbers(est.predict(X) as ArrayLike<unknown>, scoring));
  throw new ArgumentError(`${what}: unknown scoring "${String(scoring)}"; expected one of ${SCORING_NAMES.join(', ')}, a function or null`);
}
