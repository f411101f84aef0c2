// Multinomial naive Bayes (counts, e.g. word counts), scikit-learn's MultinomialNB:
// log P(j | c) = log(N_cj + alpha) - log(sum_j' N_cj' + alpha d), and
// log P(x | c) = sum_j x_j log P(j | c) (the multinomial coefficient is the same for every class).
import { ArgumentError, type Matrix } from '@neurite/tensor';
import { multiplyTransposed } from '../base/dense-products.ts';
import { DISCRETE_DEFAULTS, DiscreteNB, type DiscreteNBParams } from './discrete-nb.ts';

export type MultinomialNBParams = DiscreteNBParams;

export class MultinomialNB extends DiscreteNB<MultinomialNBParams> {
  protected override get typeName(): string {
    return 'MultinomialNB';
  }

  constructor(params?: Partial<MultinomialNBParams>) {
    super({ ...DISCRETE_DEFAULTS }, params);
  }

  protected prepare(x: Matrix): Matrix {
    for (let i = 0; i < x.data.length; i++) {
      if (x.data[i]! < 0) throw new ArgumentError(`MultinomialNB: X must be non-negative counts; row ${Math.floor(i / x.cols)}, column ${i % x.cols} is ${x.data[i]}`);
    }
    return x;
  }

  protected featureLogProbFrom(featureCount: Float64Array, _classCount: Float64Array, alpha: number, k: number, d: number): Float64Array {
    const out = new Float64Array(k * d);
    for (let c = 0; c < k; c++) {
      let total = 0;
      for (let j = 0; j < d; j++) total += featureCount[c * d + j]! + alpha;
      const logTotal = Math.log(total);
      for (let j = 0; j < d; j++) out[c * d + j] = Math.log(featureCount[c * d + j]! + alpha) - logTotal;
    }
    return out;
  }

  protected jointLogLikelihood(x: Matrix): Float64Array {
    this.prepare(x);
    const k = this.classes.length;
    const scores = multiplyTransposed(x, { rows: k, cols: x.cols, data: this.featureLogProbValue! }).data;
    const prior = this.classLogPriorValue!;
    for (let i = 0; i < x.rows; i++) for (let c = 0; c < k; c++) scores[i * k + c]! += prior[c]!;
    return scores;
  }

  static fromJSON(json: unknown): MultinomialNB {
    const { params, state } = DiscreteNB.parse('MultinomialNB', json);
    return new MultinomialNB(params as Partial<MultinomialNBParams>).restore(state);
  }
}
