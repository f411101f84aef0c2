// nu-support vector regression (scikit-learn's NuSVR, libsvm's nu-SVR): nu in (0, 1] replaces
// epsilon, bounding the fraction of errors outside the tube from above and of support vectors from
// below; the tube's width is learned. Solved by libsvm's Solver_NU over the 2n variables of SVR.
import { ArgumentError, type Matrix } from '@neurite/tensor';
import type { KernelSpec } from './kernel.ts';
import { KERNEL_DEFAULTS, type KernelParams, validateKernelParams } from './params.ts';
import { readEnvelope } from './serialize.ts';
import { BaseSVR } from './svr.ts';
import { type SvrModel, trainEpsilonSvr, type TrainOptions } from './train.ts';

export interface NuSVRParams extends KernelParams {
  nu: number;
}

export class NuSVR extends BaseSVR<NuSVRParams> {
  protected readonly kind = 'NuSVR';

  constructor(params?: Partial<NuSVRParams>) {
    super({ ...KERNEL_DEFAULTS, nu: 0.5 }, params);
  }

  protected override validateParams(p: NuSVRParams): void {
    validateKernelParams('NuSVR', p);
    if (typeof p.nu !== 'number' || !(p.nu > 0 && p.nu <= 1)) throw new ArgumentError(`NuSVR: nu must be a number in (0, 1], got ${String(p.nu)}`);
  }

  protected solve(x: Matrix, target: Float64Array, spec: KernelSpec, options: TrainOptions): SvrModel {
    return trainEpsilonSvr(x, target, spec, this.params.C, 0, options, this.params.nu);
  }

  static fromJSON(json: unknown): NuSVR {
    const { params, state } = readEnvelope('NuSVR', json);
    return new NuSVR(params as Partial<NuSVRParams>).restore(state);
  }
}
