import type { PatternName } from '../pretokenize/patterns.ts';

/** What BPE training learned (TrainedBpe holds it; the tokenizer.json writer reads it). */
export interface TrainedBpeData {
  /** vocab[id] is the token of id (in GPT-2's byte alphabet for 'byte' level). */
  readonly vocab: readonly string[];
  /** Merges in rank order. */
  readonly merges: ReadonlyArray<readonly [string, string]>;
  readonly specialTokens: readonly string[];
  readonly level: 'byte' | 'char';
  /** The pre-tokenizer used for training, when it was a named one. */
  readonly pattern: PatternName | 'whitespace' | 'whitespace-split' | undefined;
  readonly continuingSubwordPrefix?: string | undefined;
  readonly endOfWordSuffix?: string | undefined;
}
