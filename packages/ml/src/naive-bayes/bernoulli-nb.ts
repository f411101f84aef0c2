// Bernoulli naive Bayes (binary features), scikit-learn's BernoulliNB: features are first binarised
// (x > binarize; binarize null keeps X as given, which must then be 0/1);
// P(j | c) = (N_cj + alpha) / (N_c + 2 alpha), and
// log P(x | c) = sum_j [x_j log P(j | c) + (1 - x_j) log(1 - P(j | c))] (absent features count too).
import { ArgumentError, type Matrix } from '@neurite/tensor';
import { checkNumberParam } from '../base/hyperparameter-checks.ts';
import { DISCRETE_DEFAULTS, DiscreteNB, type DiscreteNBParams } from './discrete-nb.ts';

export interface BernoulliNBParams extends DiscreteNBParams {
  /** Threshold: x > binarize is 1 (default 0); null: X is already binary. */
  binarize: number | null;
}

export class BernoulliNB extends DiscreteNB<BernoulliNBParams> {
  protected override get typeName(): string {
    return 'BernoulliNB';
  }

  private negativeLogProb?: Float64Array;

  constructor(params?: Partial<BernoulliNBParams>) {
    super({ ...DISCRETE_DEFAULTS, binarize: 0 }, params);
  }

  protected override validateParams(p: BernoulliNBParams): void {
    super.validateParams(p);
    if (p.binarize !== null) checkNumberParam('BernoulliNB', 'binarize', p.binarize);
  }

  protected prepare(x: Matrix): Matrix {
    const t = this.params.binarize;
    if (t === null) {
      for (let i = 0; i < x.data.length; i++) {
        const v = x.data[i]!;
        if (v !== 0 && v !== 1) throw new ArgumentError(`BernoulliNB: with binarize null, X must hold only 0 and 1; row ${Math.floor(i / x.cols)}, column ${i % x.cols} is ${v}`);
      }
      return x;
    }
    return { rows: x.rows, cols: x.cols, data: x.data.map((v) => (v > t ? 1 : 0)) };
  }

  protected featureLogProbFrom(featureCount: Float64Array, classCount: Float64Array, alpha: number, k: number, d: number): Float64Array {
    const out = new Float64Array(k * d), negative = new Float64Array(k * d);
    for (let c = 0; c < k; c++) {
      const logTotal = Math.log(classCount[c]! + 2 * alpha);
      for (let j = 0; j < d; j++) {
        out[c * d + j] = Math.log(featureCount[c * d + j]! + alpha) - logTotal;
        // log(1 - P) = log(N_c - N_cj + alpha) - log(N_c + 2 alpha), without cancellation.
        negative[c * d + j] = Math.log(classCount[c]! - featureCount[c * d + j]! + alpha) - logTotal;
      }
    }
    this.negativeLogProb = negative;
    return out;
  }

  protected jointLogLikelihood(raw: Matrix): Float64Array {
    const x = this.prepare(raw);
    const k = this.classes.length, d = x.cols, n = x.rows, out = new Float64Array(n * k);
    const positive = this.featureLogProbValue!, negative = this.negativeLogProb!, prior = this.classLogPriorValue!;
    for (let c = 0; c < k; c++) {
      let base = prior[c]!;
      for (let j = 0; j < d; j++) base += negative[c * d + j]!;
      for (let i = 0; i < n; i++) {
        let s = base;
        for (let j = 0; j < d; j++) if (x.data[i * d + j] === 1) s += positive[c * d + j]! - negative[c * d + j]!;
        out[i * k + c] = s;
      }
    }
    return out;
  }

  static fromJSON(json: unknown): BernoulliNB {
    const { params, state } = DiscreteNB.parse('BernoulliNB', json);
    return new BernoulliNB(params as Partial<BernoulliNBParams>).restore(state);
  }
}
