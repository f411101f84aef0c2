// Text documents to hashed token counts, as scikit-learn's HashingVectorizer (analyzer 'word'):
// wordTokens (text-tokens.ts) then FeatureHasher with inputType 'string' (signed MurmurHash3,
// alternateSign), then with `binary` every stored value becomes 1, and each row is scaled to unit
// l2 (default) or l1 norm (rows of norm 0 stay 0). Stateless. transform gives CSR, or with
// output 'dense' the dense Matrix (rows x nFeatures values: for a small nFeatures; this is the form
// a step of @neurite/ml's Pipeline passes on). transformSparse and transformDense give either form.
import { type Matrix, ShapeError } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkBoolean, checkInteger, checkOneOf } from '../base/validate.ts';
import { FeatureHasher } from './feature-hasher.ts';
import { type CsrMatrix, normalizeRows, toDense } from './sparse.ts';
import { checkWordTokenParams, documentTokens, type TextVectorizerParams, wordTokens } from './text-tokens.ts';

export type VectorizerOutput = TextVectorizerParams['output'];

export interface HashingVectorizerParams extends TextVectorizerParams {
  nFeatures: number;
  alternateSign: boolean;
  binary: boolean;
  norm: 'l2' | 'l1' | 'none';
}

/** HashingVectorizer<'dense'> (from `output: 'dense'`) returns a Matrix from transform, the default a CsrMatrix. */
export class HashingVectorizer<O extends VectorizerOutput = 'sparse'> extends BaseTransformer<HashingVectorizerParams, true> {
  private hasher: FeatureHasher | undefined;

  constructor(params?: Partial<HashingVectorizerParams> & { output?: O }) {
    super({ nFeatures: 2 ** 20, output: 'sparse', lowercase: true, ngramRange: [1, 1], stopWords: null, alternateSign: true, binary: false, norm: 'l2' }, params);
    this.learned = true; // stateless
  }

  protected get typeName(): string {
    return 'HashingVectorizer';
  }

  protected override validateParams(p: HashingVectorizerParams): void {
    checkInteger(p.nFeatures, 'HashingVectorizer: nFeatures', 1, 0x7fffffff);
    checkOneOf(p.output, ['sparse', 'dense'] as const, 'HashingVectorizer: output');
    checkBoolean(p.alternateSign, 'HashingVectorizer: alternateSign');
    checkBoolean(p.binary, 'HashingVectorizer: binary');
    checkOneOf(p.norm, ['l2', 'l1', 'none'] as const, 'HashingVectorizer: norm');
    checkWordTokenParams(p, 'HashingVectorizer');
    this.hasher = undefined;
  }

  fit(_documents?: unknown, _y?: unknown): this {
    return this;
  }

  /** The tokens (or n-grams) of one document, as this vectorizer hashes them. */
  tokens(document: string): string[] {
    const p = this.params;
    return wordTokens(document, { lowercase: p.lowercase, ngramRange: p.ngramRange, stopWords: p.stopWords ? new Set(p.stopWords) : null });
  }

  /** The documents as CSR, or as a dense Matrix with output 'dense'. */
  transform(documents: readonly string[]): O extends 'dense' ? Matrix : CsrMatrix {
    const X = this.transformSparse(documents);
    return (this.params.output === 'dense' ? toDense(X) : X) as O extends 'dense' ? Matrix : CsrMatrix;
  }

  transformSparse(documents: readonly string[]): CsrMatrix {
    const tokens = documentTokens(documents, this.params, 'HashingVectorizer.transform');
    if (tokens.length === 0) throw new ShapeError('HashingVectorizer.transform: cannot vectorize an empty array of documents');
    const p = this.params;
    this.hasher ??= new FeatureHasher({ nFeatures: p.nFeatures, inputType: 'string', alternateSign: p.alternateSign });
    const X = this.hasher.transform(tokens);
    if (p.binary) X.data.fill(1);
    normalizeRows(X, p.norm);
    return X;
  }

  fitTransform(documents: readonly string[], _y?: unknown): O extends 'dense' ? Matrix : CsrMatrix {
    return this.transform(documents);
  }

  transformDense(documents: readonly string[]): Matrix {
    return toDense(this.transformSparse(documents));
  }

  protected stateToJSON(): unknown {
    return {};
  }

  static fromJSON(json: TransformerJSON | unknown): HashingVectorizer<VectorizerOutput> {
    const { params } = checkJSON(json, 'HashingVectorizer');
    return new HashingVectorizer(params as Partial<HashingVectorizerParams>);
  }
}
