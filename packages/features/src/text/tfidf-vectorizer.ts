// Text documents to tf-idf weights, as scikit-learn's TfidfVectorizer: CountVectorizer's vocabulary
// and counts, then TfidfTransformer's weighting (the parameters of both, in one transformer).
import type { Matrix } from '@neurite/tensor';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { BaseTransformer } from '../base/transformer.ts';
import { type CsrMatrix, toDense } from '../hashing/sparse.ts';
import type { VectorizerOutput } from '../hashing/hashing-vectorizer.ts';
import { checkCountParams, COUNT_VECTORIZER_DEFAULTS, type CountVectorizerParams, countTerms, fitCounts, tokenizeDocuments, type Vocabulary, vocabularyFromJSON } from './count-vectorizer.ts';
import { checkTfidfParams, inverseDocumentFrequency, TFIDF_DEFAULTS, tfidfOf, type TfidfParams } from './tfidf-transformer.ts';

export type TfidfVectorizerParams = CountVectorizerParams & TfidfParams;

interface TfidfState {
  vocabulary: Vocabulary;
  idf: Float64Array | null;
}

/** TfidfVectorizer<'dense'> (from `output: 'dense'`) returns a Matrix from transform, the default a CsrMatrix. */
export class TfidfVectorizer<O extends VectorizerOutput = 'sparse'> extends BaseTransformer<TfidfVectorizerParams, TfidfState> {
  constructor(params?: Partial<TfidfVectorizerParams> & { output?: O }) {
    super({ ...COUNT_VECTORIZER_DEFAULTS, ...TFIDF_DEFAULTS }, params);
  }

  protected get typeName(): string {
    return 'TfidfVectorizer';
  }

  protected override validateParams(p: TfidfVectorizerParams): void {
    checkCountParams(p, 'TfidfVectorizer');
    checkTfidfParams(p, 'TfidfVectorizer');
  }

  /** Learns the vocabulary and the idf of each term. */
  fit(documents: readonly string[], _y?: unknown): this {
    this.fitWeights(documents, 'TfidfVectorizer.fit');
    return this;
  }

  /** The tf-idf weights of the training documents (as fit then transform, tokenizing once). */
  fitTransform(documents: readonly string[], _y?: unknown): O extends 'dense' ? Matrix : CsrMatrix {
    return this.shaped(this.fitWeights(documents, 'TfidfVectorizer.fitTransform'));
  }

  transform(documents: readonly string[]): O extends 'dense' ? Matrix : CsrMatrix {
    return this.shaped(this.transformSparse(documents));
  }

  transformSparse(documents: readonly string[]): CsrMatrix {
    const state = this.state('transform');
    const tokens = tokenizeDocuments(documents, this.params, 'TfidfVectorizer.transform');
    return tfidfOf(countTerms(tokens, state.vocabulary, this.params.binary), state.idf, this.params, 'TfidfVectorizer.transform');
  }

  getFeatureNamesOut(): string[] {
    return this.state('getFeatureNamesOut').vocabulary.terms.slice();
  }

  get vocabulary(): ReadonlyMap<string, number> {
    return new Map(this.state('vocabulary').vocabulary.index);
  }

  /** The learned idf per term (null with useIdf false). */
  get idf(): Float64Array | null {
    return this.state('idf').idf?.slice() ?? null;
  }

  private fitWeights(documents: readonly string[], what: string): CsrMatrix {
    const p = this.params;
    const { vocabulary, counts } = fitCounts(documents, p, what);
    this.learned = { vocabulary, idf: p.useIdf ? inverseDocumentFrequency(counts, p.smoothIdf) : null };
    return tfidfOf(counts, this.learned.idf, p, what);
  }

  private shaped(X: CsrMatrix): O extends 'dense' ? Matrix : CsrMatrix {
    return (this.params.output === 'dense' ? toDense(X) : X) as O extends 'dense' ? Matrix : CsrMatrix;
  }

  protected stateToJSON(state: TfidfState): unknown {
    return { terms: state.vocabulary.terms, idf: state.idf === null ? null : numbersToJSON(state.idf) };
  }

  static fromJSON(json: TransformerJSON | unknown): TfidfVectorizer<VectorizerOutput> {
    const { params, state } = checkJSON(json, 'TfidfVectorizer');
    const v = new TfidfVectorizer(params as Partial<TfidfVectorizerParams>);
    if (state !== null) {
      const vocabulary = vocabularyFromJSON(state, 'TfidfVectorizer.fromJSON');
      v.learned = { vocabulary, idf: state.idf === null ? null : numbersFromJSON(state.idf, 'TfidfVectorizer.fromJSON: state.idf', vocabulary.terms.length) };
    }
    return v;
  }
}

