// C-support vector classification (scikit-learn's SVC, libsvm's C-SVC): one-vs-one subproblems
// solved by SMO with WSS3 (smo-solver.ts), so support, dualCoef and intercept equal scikit-learn's on
// the same data. Labels are numbers or strings, kept sorted in `classes`. The shared machinery
// (decision functions, probabilities, JSON, learned attributes) is in base-svc.ts.
import { ArgumentError } from '@neurite/tensor';
import { BASE_SVC_DEFAULTS, BaseSVC, type BaseSVCParams, type PairCosts } from './base-svc.ts';
import { readEnvelope } from './serialize.ts';

export interface SVCParams extends BaseSVCParams {
  /** Per-class multipliers of C: null (all 1), 'balanced' (n / (classes * count)) or { label: weight }. */
  classWeight: null | 'balanced' | Record<string, number>;
}

export class SVC extends BaseSVC<SVCParams> {
  protected readonly kind = 'SVC';

  constructor(params?: Partial<SVCParams>) {
    super({ ...BASE_SVC_DEFAULTS, classWeight: null }, params);
  }

  protected override validateParams(p: SVCParams): void {
    this.validateShared('SVC', p);
    const w = p.classWeight;
    if (w !== null && w !== 'balanced') {
      if (typeof w !== 'object' || Array.isArray(w)) throw new ArgumentError(`SVC: classWeight must be null, 'balanced' or an object of label -> weight, got ${String(w)}`);
      for (const [k, v] of Object.entries(w)) if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new ArgumentError(`SVC: classWeight["${k}"] must be a finite number >= 0, got ${String(v)}`);
    }
  }

  protected pairCosts(classes: number[] | string[], indices: Int32Array): PairCosts {
    const k = classes.length, w = new Float64Array(k).fill(1);
    const cw = this.params.classWeight;
    if (cw === 'balanced') {
      const counts = new Float64Array(k);
      for (const i of indices) counts[i]!++;
      for (let c = 0; c < k; c++) w[c] = indices.length / (k * counts[c]!);
    } else if (cw !== null) {
      const names = classes.map(String);
      for (const [label, v] of Object.entries(cw)) {
        const c = names.indexOf(label);
        if (c < 0) throw new ArgumentError(`SVC.fit: classWeight names label "${label}", which is not in y (classes ${names.join(', ')})`);
        w[c] = v;
      }
    }
    return { cost: w.map((v) => v * this.params.C), classWeight: w };
  }

  static fromJSON(json: unknown): SVC {
    const { params, state } = readEnvelope('SVC', json);
    return new SVC(params as Partial<SVCParams>).restore(state);
  }
}
