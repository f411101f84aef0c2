// Text documents to hashed token counts, as scikit-learn's HashingVectorizer (analyzer 'word'):
// wordTokens (text-tokens.ts) then FeatureHasher with inputType 'string' (signed MurmurHash3,
// alternateSign), then with `binary` every stored value becomes 1, and each row is scaled to unit
// l2 (default) or l1 norm (rows of norm 0 stay 0). Stateless. transform gives CSR, or with
// output 'dense' the dense Matrix (rows x nFeatures values: for a small nFeatures; this is the form
// a step of @neurite/ml's Pipeline passes on). transformSparse and transformDense give either form.
import { ArgumentError, type Matrix, ShapeError } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkBoolean, checkInteger, checkOneOf, describe } from '../base/validate.ts';
import { FeatureHasher } from './feature-hasher.ts';
import { type CsrMatrix, toDense } from './sparse.ts';
import { wordTokens } from './text-tokens.ts';

export type VectorizerOutput = 'sparse' | 'dense';

export interface HashingVectorizerParams extends Record<string, unknown> {
  nFeatures: number;
  output: VectorizerOutput;
  lowercase: boolean;
  ngramRange: readonly [number, number];
  stopWords: readonly string[] | null;
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
    checkBoolean(p.lowercase, 'HashingVectorizer: lowercase');
    checkBoolean(p.alternateSign, 'HashingVectorizer: alternateSign');
    checkBoolean(p.binary, 'HashingVectorizer: binary');
    checkOneOf(p.norm, ['l2', 'l1', 'none'] as const, 'HashingVectorizer: norm');
    const r = p.ngramRange as unknown;
    if (!Array.isArray(r) || r.length !== 2) throw new ArgumentError(`HashingVectorizer: ngramRange must be [minN, maxN], got ${describe(r)}`);
    checkInteger(r[0], 'HashingVectorizer: ngramRange[0]', 1, 64);
    checkInteger(r[1], 'HashingVectorizer: ngramRange[1]', r[0] as number, 64);
    if (p.stopWords !== null && (!Array.isArray(p.stopWords) || p.stopWords.some((w) => typeof w !== 'string'))) {
      throw new ArgumentError(`HashingVectorizer: stopWords must be null or an array of strings, got ${describe(p.stopWords)}`);
    }
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
    if (!Array.isArray(documents)) throw new ArgumentError(`HashingVectorizer.transform: expected an array of documents (strings), got ${describe(documents)}`);
    if (documents.length === 0) throw new ShapeError('HashingVectorizer.transform: cannot vectorize an empty array of documents');
    const p = this.params;
    const stop = p.stopWords ? new Set(p.stopWords) : null;
    const tokens = documents.map((d, i) => {
      if (typeof d !== 'string') throw new ArgumentError(`HashingVectorizer.transform: document ${i} is ${describe(d)}, expected a string`);
      return wordTokens(d, { lowercase: p.lowercase, ngramRange: p.ngramRange, stopWords: stop });
    });
    this.hasher ??= new FeatureHasher({ nFeatures: p.nFeatures, inputType: 'string', alternateSign: p.alternateSign });
    const X = this.hasher.transform(tokens);
    if (p.binary) X.data.fill(1);
    if (p.norm !== 'none') {
      for (let i = 0; i < X.shape[0]; i++) {
        const start = X.indptr[i]!, end = X.indptr[i + 1]!;
        let norm = 0;
        if (p.norm === 'l2') {
          for (let k = start; k < end; k++) norm += X.data[k]! * X.data[k]!;
          norm = Math.sqrt(norm);
        } else for (let k = start; k < end; k++) norm += Math.abs(X.data[k]!);
        if (norm === 0) continue;
        for (let k = start; k < end; k++) X.data[k]! /= norm;
      }
    }
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
