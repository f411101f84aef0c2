/**
 * Spam filters fitted in this worker, kept by id for classifyEmail: per model its hasher settings,
 * the fitted classifier and the threshold chosen on validation data.
 */
import { WorkerArgumentError } from '../errors.ts';
import type { SpamModelKind } from './spam-types.ts';

/** A fitted binary classifier as classifyEmail needs it (LogisticRegression and MultinomialNB of @neurite/ml). */
export interface SpamClassifier {
  readonly classes: readonly number[] | readonly string[];
  predictProba(X: { rows: number; cols: number; data: Float64Array }): { rows: number; cols: number; data: Float64Array };
}

/** How an email becomes a feature row (see spam-features.ts). */
export interface SpamFeatureSettings {
  nFeatures: number;
  /** Signed hashing (alternate sign) and unit-l2 rows: the logistic regression's input. */
  signed: boolean;
  l2: boolean;
}

export interface SpamPipeline {
  features: SpamFeatureSettings;
  model: SpamClassifier;
  threshold: number;
}

export type StoredSpamFilter = Record<SpamModelKind, SpamPipeline>;

/** The oldest filter is dropped beyond this many (each holds two weight tables of nFeatures columns). */
const MAX_SPAM_FILTERS = 3;
const filters = new Map<string, StoredSpamFilter>();
let next = 0;

export function storeSpamFilter(filter: StoredSpamFilter): string {
  const id = `spam-${++next}`;
  filters.set(id, filter);
  while (filters.size > MAX_SPAM_FILTERS) filters.delete(filters.keys().next().value as string);
  return id;
}

export function spamFilter(id: unknown): StoredSpamFilter {
  const entry = typeof id === 'string' ? filters.get(id) : undefined;
  if (entry === undefined) throw new WorkerArgumentError('modelId', `is ${JSON.stringify(id)}; expected the id of a spam filter trained in this worker`);
  return entry;
}
