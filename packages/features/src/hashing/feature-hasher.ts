// Feature hashing (the "hashing trick", Weinberger et al. 2009), equal to scikit-learn's
// FeatureHasher: each feature name is hashed with signed MurmurHash3 x86_32 of its UTF-8 bytes
// (seed 0 unless set); its column is |h| mod nFeatures (h = -2^31 maps to (2^31 - 1 - (nFeatures - 1))
// mod nFeatures, as scikit-learn defines it), and with alternateSign its value is negated when h < 0
// so collisions cancel in expectation. A string value v of feature f is the feature "f=v" with value 1;
// zero values are skipped. The output is CSR with each row's columns ascending and duplicates summed
// (a cancelling collision stays as an explicit 0, as in scipy).
//
// Inputs (one entry per sample):
//   inputType 'dict'   — Record<string, number | string> or Map<string, number | string>
//   inputType 'pair'   — arrays of [name, value] pairs (value a number or a string)
//   inputType 'string' — arrays of feature names, each with value 1 (e.g. the tokens of a text)
import { ArgumentError, type Matrix, ShapeError } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, type TransformerJSON } from '../base/json.ts';
import { checkBoolean, checkInteger, checkOneOf, describe } from '../base/validate.ts';
import { type CollisionStatistics, collisionStatistics } from './collisions.ts';
import { hashedColumn, murmurhash3String } from './murmurhash3.ts';
import { RowAccumulator } from './row-accumulator.ts';
import { type CsrMatrix, toDense } from './sparse.ts';

export type HashInputType = 'dict' | 'pair' | 'string';
export type FeatureValue = number | string;
export type DictSample = Readonly<Record<string, FeatureValue>> | ReadonlyMap<string, FeatureValue>;
export type PairSample = readonly (readonly [string, FeatureValue])[];
export type StringSample = readonly string[];
export type HashInput = readonly DictSample[] | readonly PairSample[] | readonly StringSample[];

export type HashOutput = 'sparse' | 'dense';

export interface FeatureHasherParams extends Record<string, unknown> {
  /** transform's form: CSR (default, as scikit-learn) or a dense Matrix (for a small nFeatures; what a Pipeline step passes on). */
  output: HashOutput;
  /** Number of output columns, in [1, 2^31 - 1] (default 2^20). */
  nFeatures: number;
  inputType: HashInputType;
  /** Negate the value of features whose hash is negative (default true). */
  alternateSign: boolean;
  /** MurmurHash3 seed, a uint32 (default 0, scikit-learn's fixed seed). */
  seed: number;
}

/** FeatureHasher<'dense'> (from `output: 'dense'`) returns a Matrix from transform, the default a CsrMatrix. */
export class FeatureHasher<O extends HashOutput = 'sparse'> extends BaseTransformer<FeatureHasherParams, true> {
  /** Scratch reused across transform calls (see row-accumulator.ts). */
  private accumulator: RowAccumulator | undefined;

  constructor(params?: Partial<FeatureHasherParams> & { output?: O }) {
    super({ nFeatures: 2 ** 20, output: 'sparse', inputType: 'dict', alternateSign: true, seed: 0 }, params);
    this.learned = true; // stateless: usable without fit, as scikit-learn's FeatureHasher
  }

  protected get typeName(): string {
    return 'FeatureHasher';
  }

  protected override validateParams(p: FeatureHasherParams): void {
    checkInteger(p.nFeatures, 'FeatureHasher: nFeatures', 1, 0x7fffffff);
    checkOneOf(p.output, ['sparse', 'dense'] as const, 'FeatureHasher: output');
    checkOneOf(p.inputType, ['dict', 'pair', 'string'] as const, 'FeatureHasher: inputType');
    checkBoolean(p.alternateSign, 'FeatureHasher: alternateSign');
    checkInteger(p.seed, 'FeatureHasher: seed', 0, 0xffffffff);
  }

  /** Stateless: returns this (the protocol's fit). */
  fit(_raw?: unknown, _y?: unknown): this {
    return this;
  }

  /** Calls `visit(name, value)` for every feature of sample `i` (value 0 included; string values composed). */
  private eachFeature(sample: unknown, i: number, visit: (name: string, value: number) => void): void {
    const type = this.params.inputType;
    const what = `FeatureHasher: sample ${i}`;
    const emit = (name: unknown, value: unknown) => {
      if (typeof name !== 'string') throw new ArgumentError(`${what}: feature names must be strings, got ${describe(name)}`);
      if (typeof value === 'string') visit(`${name}=${value}`, 1);
      else if (typeof value === 'number' && Number.isFinite(value)) visit(name, value);
      else throw new ArgumentError(`${what}: feature ${JSON.stringify(name)} has value ${describe(value)}, expected a finite number or a string`);
    };
    if (type === 'string') {
      if (!Array.isArray(sample)) throw new ArgumentError(`${what} must be an array of strings, got ${describe(sample)}`);
      for (const name of sample) {
        if (typeof name !== 'string') throw new ArgumentError(`${what}: feature names must be strings, got ${describe(name)}`);
        visit(name, 1);
      }
    } else if (type === 'pair') {
      if (!Array.isArray(sample)) throw new ArgumentError(`${what} must be an array of [name, value] pairs, got ${describe(sample)}`);
      for (const pair of sample) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new ArgumentError(`${what}: expected [name, value] pairs, got ${describe(pair)}`);
        emit(pair[0], pair[1]);
      }
    } else if (sample instanceof Map) {
      for (const [name, value] of sample) emit(name, value);
    } else {
      if (sample === null || typeof sample !== 'object' || Array.isArray(sample)) throw new ArgumentError(`${what} must be an object or a Map of feature values, got ${describe(sample)}`);
      for (const name of Object.keys(sample)) emit(name, (sample as Record<string, unknown>)[name]);
    }
  }

  /** The hashed features of `raw`: CSR [samples, nFeatures], or the dense Matrix with output 'dense'. */
  transform(raw: HashInput): O extends 'dense' ? Matrix : CsrMatrix {
    const X = this.transformSparse(raw);
    return (this.params.output === 'dense' ? toDense(X) : X) as O extends 'dense' ? Matrix : CsrMatrix;
  }

  transformSparse(raw: HashInput): CsrMatrix {
    if (!Array.isArray(raw)) throw new ArgumentError(`FeatureHasher.transform: expected an array of samples, got ${describe(raw)}`);
    if (raw.length === 0) throw new ShapeError('FeatureHasher.transform: cannot hash an empty sequence of samples');
    const { nFeatures, alternateSign, seed, inputType } = this.params;
    if (this.accumulator?.columns !== nFeatures) this.accumulator = new RowAccumulator(nFeatures);
    const acc = this.accumulator;
    acc.begin(raw.length);
    const visit = (name: string, value: number) => {
      if (value === 0) return;
      const h = murmurhash3String(name, seed);
      acc.add(hashedColumn(h, nFeatures), alternateSign && h < 0 ? -value : value);
    };
    for (let i = 0; i < raw.length; i++) {
      const sample: unknown = raw[i];
      if (inputType === 'string' && Array.isArray(sample)) {
        // the tokens path, without a callback per feature
        for (let t = 0; t < sample.length; t++) {
          const name: unknown = sample[t];
          if (typeof name !== 'string') throw new ArgumentError(`FeatureHasher: sample ${i}: feature names must be strings, got ${describe(name)}`);
          const h = murmurhash3String(name, seed);
          acc.add(hashedColumn(h, nFeatures), alternateSign && h < 0 ? -1 : 1);
        }
      } else this.eachFeature(sample, i, visit);
      acc.endRow();
    }
    return acc.finish();
  }

  fitTransform(raw: HashInput, _y?: unknown): O extends 'dense' ? Matrix : CsrMatrix {
    return this.transform(raw);
  }

  /** transform, then the dense matrix (only for a small nFeatures: rows * nFeatures values). */
  transformDense(raw: HashInput): Matrix {
    return toDense(this.transformSparse(raw));
  }

  /** Collision statistics of the distinct feature names in `raw` under this hasher (see collisions.ts). */
  collisions(raw: HashInput): CollisionStatistics {
    if (!Array.isArray(raw)) throw new ArgumentError(`FeatureHasher.collisions: expected an array of samples, got ${describe(raw)}`);
    const names = new Set<string>();
    for (let i = 0; i < raw.length; i++) this.eachFeature(raw[i], i, (name) => names.add(name));
    return collisionStatistics(names, this.params.nFeatures, this.params.seed);
  }

  protected stateToJSON(): unknown {
    return {};
  }

  static fromJSON(json: TransformerJSON | unknown): FeatureHasher<HashOutput> {
    const { params } = checkJSON(json, 'FeatureHasher');
    return new FeatureHasher(params as Partial<FeatureHasherParams>);
  }
}
