// nu-support vector classification (scikit-learn's NuSVC, libsvm's nu-SVC; Schoelkopf, Smola,
// Williamson and Bartlett, "New support vector algorithms", Neural Computation 12, 2000): nu in (0, 1]
// bounds the fraction of margin errors from above and of support vectors from below, in place of C.
// Each one-vs-one pair is solved by libsvm's Solver_NU and rescaled by 1 / r, so the model has
// the same layout (and the same decision functions) as SVC's. Class weights do not apply to nu-SVC
// in libsvm, so NuSVC has none.
import { ArgumentError } from '@neurite/tensor';
import { BASE_SVC_DEFAULTS, BaseSVC, type BaseSVCParams, type PairCosts } from './base-svc.ts';
import { readEnvelope } from './serialize.ts';

export interface NuSVCParams extends BaseSVCParams {
  /** Upper bound on the fraction of margin errors, lower bound on the fraction of support vectors. */
  nu: number;
}

export class NuSVC extends BaseSVC<NuSVCParams> {
  protected readonly kind = 'NuSVC';

  constructor(params?: Partial<NuSVCParams>) {
    super({ ...BASE_SVC_DEFAULTS, nu: 0.5 }, params);
  }

  protected override validateParams(p: NuSVCParams): void {
    this.validateShared('NuSVC', p);
    if (typeof p.nu !== 'number' || !(p.nu > 0 && p.nu <= 1)) throw new ArgumentError(`NuSVC: nu must be a number in (0, 1], got ${String(p.nu)}`);
  }

  /** libsvm's feasibility check: for every pair, nu (n_i + n_j) / 2 <= min(n_i, n_j). */
  protected pairCosts(classes: number[] | string[], indices: Int32Array): PairCosts {
    const k = classes.length, nu = this.params.nu;
    const counts = new Float64Array(k);
    for (const i of indices) counts[i]!++;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        if ((nu * (counts[a]! + counts[b]!)) / 2 > Math.min(counts[a]!, counts[b]!)) {
          throw new ArgumentError(`NuSVC.fit: nu = ${nu} is infeasible for classes ${String(classes[a])} (${counts[a]}) and ${String(classes[b])} (${counts[b]}): it needs nu (n1 + n2) / 2 <= min(n1, n2)`);
        }
      }
    }
    return { cost: new Float64Array(k).fill(1), classWeight: new Float64Array(k).fill(1), nu };
  }

  static fromJSON(json: unknown): NuSVC {
    const { params, state } = readEnvelope('NuSVC', json);
    return new NuSVC(params as Partial<NuSVCParams>).restore(state);
  }
}
