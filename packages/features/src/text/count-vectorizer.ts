// Text documents to token counts over a learned vocabulary, as scikit-learn's CountVectorizer
// (analyzer 'word', the tokens of text-tokens.ts). fit collects every token (or n-gram), keeps those
// whose document frequency lies in [minDf, maxDf], then, with maxFeatures, the most frequent over
// the corpus; the vocabulary is numbered in code-point order of its terms, as Python sorts strings.
// transform counts the vocabulary's terms in each document (unknown terms are dropped) into CSR, or
// a dense Matrix with output 'dense' (the form @neurite/ml's estimators take).
import { ArgumentError, type Matrix, ShapeError } from '@neurite/tensor';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { BaseTransformer } from '../base/transformer.ts';
import { checkBoolean, checkFinite, checkInteger, checkOneOf, describe } from '../base/validate.ts';
import { compareCodePoints } from '../encoding/categorical-input.ts';
import { type CsrMatrix, toDense } from '../hashing/sparse.ts';
import { checkWordTokenParams, documentTokens, type TextVectorizerParams } from '../hashing/text-tokens.ts';
import type { VectorizerOutput } from '../hashing/hashing-vectorizer.ts';

export interface CountVectorizerParams extends TextVectorizerParams {
  /**
   * Drop terms found in more documents than this: a fraction of the documents in [0, 1] (default
   * 1, no limit), or a whole count above 1 (scikit-learn's float and int max_df).
   */
  maxDf: number;
  /** Drop terms found in fewer documents than this: a fraction in [0, 1), or a whole count >= 1 (default 1). */
  minDf: number;
  /** Keep only this many terms, the most frequent over the corpus (ties: code-point order); null keeps all. */
  maxFeatures: number | null;
  /** A fixed vocabulary (terms numbered in the given order); fit then learns nothing. */
  vocabulary: readonly string[] | null;
  /** Count presence (1) instead of occurrences. */
  binary: boolean;
}

export const COUNT_VECTORIZER_DEFAULTS: CountVectorizerParams = {
  output: 'sparse', lowercase: true, ngramRange: [1, 1], stopWords: null, maxDf: 1, minDf: 1, maxFeatures: null, vocabulary: null, binary: false,
};

interface Vocabulary {
  terms: string[];
  index: Map<string, number>;
}

/** Checks CountVectorizer's hyperparameters (shared with TfidfVectorizer). */
export function checkCountParams(p: CountVectorizerParams, what: string): void {
  checkOneOf(p.output, ['sparse', 'dense'] as const, `${what}: output`);
  checkWordTokenParams(p, what);
  checkBoolean(p.binary, `${what}: binary`);
  checkFinite(p.maxDf, `${what}: maxDf`, 0);
  if (p.maxDf > 1 && !Number.isInteger(p.maxDf)) throw new ArgumentError(`${what}: maxDf above 1 is a document count and must be a whole number, got ${p.maxDf}`);
  checkFinite(p.minDf, `${what}: minDf`, 0);
  if (p.minDf >= 1 && !Number.isInteger(p.minDf)) throw new ArgumentError(`${what}: minDf from 1 up is a document count and must be a whole number, got ${p.minDf}`);
  if (p.maxFeatures !== null) checkInteger(p.maxFeatures, `${what}: maxFeatures`, 1);
  if (p.vocabulary !== null) {
    if (!Array.isArray(p.vocabulary) || p.vocabulary.length === 0 || p.vocabulary.some((t) => typeof t !== 'string')) {
      throw new ArgumentError(`${what}: vocabulary must be null or a non-empty array of strings, got ${describe(p.vocabulary)}`);
    }
    if (new Set(p.vocabulary).size !== p.vocabulary.length) throw new ArgumentError(`${what}: vocabulary has a repeated term`);
  }
}

/** The vocabulary learned from tokenized documents (scikit-learn's _count_vocab, _limit_features, _sort_features). */
function learnVocabulary(tokens: readonly string[][], p: CountVectorizerParams, what: string): Vocabulary {
  const documentFrequency = new Map<string, number>();
  const termFrequency = new Map<string, number>();
  for (const doc of tokens) {
    const seen = new Set<string>();
    for (const t of doc) {
      if (!seen.has(t)) {
        seen.add(t);
        documentFrequency.set(t, (documentFrequency.get(t) ?? 0) + 1);
        if (p.binary) termFrequency.set(t, (termFrequency.get(t) ?? 0) + 1);
      }
      if (!p.binary) termFrequency.set(t, (termFrequency.get(t) ?? 0) + 1);
    }
  }
  if (documentFrequency.size === 0) throw new ArgumentError(`${what}: empty vocabulary; the documents hold no tokens (perhaps only stop words)`);
  const n = tokens.length;
  const high = p.maxDf <= 1 ? p.maxDf * n : p.maxDf;
  const low = p.minDf < 1 ? p.minDf * n : p.minDf;
  if (high < low) throw new ArgumentError(`${what}: maxDf corresponds to fewer documents (${high}) than minDf (${low})`);
  let terms = [...documentFrequency.keys()].sort(compareCodePoints).filter((t) => {
    const df = documentFrequency.get(t)!;
    return df <= high && df >= low;
  });
  if (p.maxFeatures !== null && terms.length > p.maxFeatures) {
    // The most frequent over the corpus; equal counts keep code-point order (a stable sort).
    const kept = new Set(terms.map((t, i) => [termFrequency.get(t)!, i, t] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, p.maxFeatures).map((e) => e[2]));
    terms = terms.filter((t) => kept.has(t));
  }
  if (terms.length === 0) throw new ArgumentError(`${what}: after pruning, no terms remain; try a lower minDf or a higher maxDf`);
  return { terms, index: new Map(terms.map((t, i) => [t, i])) };
}

/** The documents' tokens; at least one document. */
export function tokenizeDocuments(documents: readonly string[], p: CountVectorizerParams, what: string): string[][] {
  const tokens = documentTokens(documents, p, what);
  if (tokens.length === 0) throw new ShapeError(`${what}: cannot vectorize an empty array of documents`);
  return tokens;
}

/** The vocabulary (learned, or the fixed one) and the counts of the training documents. */
export function fitCounts(documents: readonly string[], p: CountVectorizerParams, what: string): { vocabulary: Vocabulary; counts: CsrMatrix } {
  const tokens = tokenizeDocuments(documents, p, what);
  const vocabulary = p.vocabulary !== null ? { terms: [...p.vocabulary], index: new Map(p.vocabulary.map((t, i) => [t, i])) } : learnVocabulary(tokens, p, what);
  return { vocabulary, counts: countTerms(tokens, vocabulary, p.binary) };
}

/** Counts of the vocabulary's terms per document, as CSR with ascending column indices. */
export function countTerms(tokens: readonly string[][], vocabulary: Vocabulary, binary: boolean): CsrMatrix {
  const indptr = new Int32Array(tokens.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const counts = new Map<number, number>();
  tokens.forEach((doc, i) => {
    counts.clear();
    for (const t of doc) {
      const j = vocabulary.index.get(t);
      if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    for (const j of [...counts.keys()].sort((a, b) => a - b)) {
      indices.push(j);
      values.push(binary ? 1 : counts.get(j)!);
    }
    indptr[i + 1] = indices.length;
  });
  return { indptr, indices: Int32Array.from(indices), data: Float64Array.from(values), shape: [tokens.length, vocabulary.terms.length] };
}

/** CountVectorizer<'dense'> (from `output: 'dense'`) returns a Matrix from transform, the default a CsrMatrix. */
export class CountVectorizer<O extends VectorizerOutput = 'sparse'> extends BaseTransformer<CountVectorizerParams, Vocabulary> {
  constructor(params?: Partial<CountVectorizerParams> & { output?: O }) {
    super(COUNT_VECTORIZER_DEFAULTS, params);
  }

  protected get typeName(): string {
    return 'CountVectorizer';
  }

  protected override validateParams(p: CountVectorizerParams): void {
    checkCountParams(p, 'CountVectorizer');
  }

  /** Learns the vocabulary (or takes the fixed one) from the documents. */
  fit(documents: readonly string[], _y?: unknown): this {
    this.learn(documents, 'CountVectorizer.fit');
    return this;
  }

  /** The counts of the training documents (the same as fit then transform, tokenizing once). */
  fitTransform(documents: readonly string[], _y?: unknown): O extends 'dense' ? Matrix : CsrMatrix {
    return this.shaped(this.learn(documents, 'CountVectorizer.fitTransform'));
  }

  /** The documents' counts as CSR, or as a dense Matrix with output 'dense'. */
  transform(documents: readonly string[]): O extends 'dense' ? Matrix : CsrMatrix {
    return this.shaped(this.transformSparse(documents));
  }

  transformSparse(documents: readonly string[]): CsrMatrix {
    const vocabulary = this.state('transform');
    return countTerms(tokenizeDocuments(documents, this.params, 'CountVectorizer.transform'), vocabulary, this.params.binary);
  }

  /** The vocabulary's terms, in column order (scikit-learn's get_feature_names_out). */
  getFeatureNamesOut(): string[] {
    return this.state('getFeatureNamesOut').terms.slice();
  }

  /** Term -> column (scikit-learn's vocabulary_). */
  get vocabulary(): ReadonlyMap<string, number> {
    return new Map(this.state('vocabulary').index);
  }

  private learn(documents: readonly string[], what: string): CsrMatrix {
    const { vocabulary, counts } = fitCounts(documents, this.params, what);
    this.learned = vocabulary;
    return counts;
  }

  private shaped(X: CsrMatrix): O extends 'dense' ? Matrix : CsrMatrix {
    return (this.params.output === 'dense' ? toDense(X) : X) as O extends 'dense' ? Matrix : CsrMatrix;
  }

  protected stateToJSON(state: Vocabulary): unknown {
    return { terms: state.terms };
  }

  static fromJSON(json: TransformerJSON | unknown): CountVectorizer<VectorizerOutput> {
    const { params, state } = checkJSON(json, 'CountVectorizer');
    const v = new CountVectorizer(params as Partial<CountVectorizerParams>);
    if (state !== null) v.learned = vocabularyFromJSON(state, 'CountVectorizer.fromJSON');
    return v;
  }
}

/** A vocabulary read back from { terms }. */
export function vocabularyFromJSON(state: Record<string, unknown>, what: string): Vocabulary {
  const terms = state.terms;
  if (!Array.isArray(terms) || terms.length === 0 || terms.some((t) => typeof t !== 'string')) throw new ArgumentError(`${what}: state.terms must be a non-empty array of strings, got ${describe(terms)}`);
  const index = new Map((terms as string[]).map((t, i) => [t, i]));
  if (index.size !== terms.length) throw new ArgumentError(`${what}: state.terms has a repeated term`);
  return { terms: terms as string[], index };
}

export type { Vocabulary };
