/**
 * Emails to feature rows for the spam filter: lower-cased word tokens (@neurite/features' wordTokens,
 * scikit-learn's default token pattern), hashed into nFeatures columns by FeatureHasher (MurmurHash3
 * x86_32, as scikit-learn's). The logistic regression reads signed hashes on unit-l2 rows; naive
 * Bayes reads plain counts (it models counts, which must be non-negative). Rows are dense float64,
 * the form @neurite/ml's estimators take, so callers hash in chunks of rows where they can.
 */
import type * as Features from '@neurite/features';
import type { SpamFeatureSettings } from './spam-store.ts';

export interface DenseRows {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function emailTokens(features: typeof Features, text: string): string[] {
  return features.wordTokens(text, { lowercase: true });
}

/** The dense feature rows of tokenised emails. */
export function hashEmails(features: typeof Features, settings: SpamFeatureSettings, tokens: readonly string[][]): DenseRows {
  const hasher = new features.FeatureHasher({ nFeatures: settings.nFeatures, inputType: 'string', alternateSign: settings.signed });
  const x = hasher.transformDense(tokens as string[][]);
  if (settings.l2) {
    const d = x.cols;
    for (let i = 0; i < x.rows; i++) {
      let norm = 0;
      for (let j = i * d; j < (i + 1) * d; j++) norm += x.data[j]! * x.data[j]!;
      if (norm === 0) continue;
      const scale = 1 / Math.sqrt(norm);
      for (let j = i * d; j < (i + 1) * d; j++) x.data[j]! *= scale;
    }
  }
  return x;
}

/** P(class 1) of every row: the column of label 1 in predictProba. */
export function spamProbabilities(model: { classes: readonly number[] | readonly string[]; predictProba(x: DenseRows): DenseRows }, x: DenseRows): Float64Array {
  const proba = model.predictProba(x);
  const column = (model.classes as readonly unknown[]).indexOf(1);
  return Float64Array.from({ length: proba.rows }, (_, i) => proba.data[i * proba.cols + column]!);
}
