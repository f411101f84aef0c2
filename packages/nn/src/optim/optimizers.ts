import { adagradStepInPlace_, adamStepInPlace_, rmspropStepInPlace_, sgdStepInPlace_, type Tensor } from '@neurite/tensor';
import { checkBoolean, checkNumber, invalidArgument, optionsOf } from '../validate.ts';
import { Optimizer, type ParamsInput, views } from './optimizer.ts';

/**
 * The optimizers, with PyTorch's update rules (torch.optim, default arguments alike). float32
 * parameters are updated in place by the fused SIMD kernels (one pass per parameter, through @neurite/tensor's `*StepInPlace_` ops);
 * float64 parameters by the TypeScript loops below (float64 arithmetic), which state the formulas.
 */

export interface SgdOptions { lr: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number }

/**
 * SGD: g += wd p; v = momentum v + (1 - dampening) g (v = g on the first step, as PyTorch);
 * g = nesterov ? g + momentum v : v; p -= lr g. With momentum 0 it is plain gradient descent.
 */
export class SGD extends Optimizer<SgdOptions> {
  constructor(params: ParamsInput<SgdOptions>, options: Partial<SgdOptions> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, ...optionsOf(options, 'SGD') } as SgdOptions, ['velocity']);
  }
  protected override validate(o: SgdOptions, where: string): void {
    super.validate(o, where);
    checkNumber(o.momentum, `${where}: momentum`, { min: 0 });
    checkNumber(o.dampening, `${where}: dampening`, { min: 0, max: 1 });
    if (checkBoolean(o.nesterov, `${where}: nesterov`) && (o.momentum <= 0 || o.dampening !== 0)) invalidArgument(`${where}: nesterov needs momentum > 0 and dampening 0`);
  }
  protected update(param: Tensor, grad: Tensor, state: Map<string, Tensor>, o: SgdOptions, t: number): void {
    const velocity = state.get('velocity')!;
    if (param.dtype === 'float32') {
      sgdStepInPlace_(param, grad, velocity, { lr: o.lr, momentum: o.momentum, dampening: o.dampening, nesterov: o.nesterov, weightDecay: o.weightDecay, firstStep: t === 1 });
      return;
    }
    const [p, g, v] = views(param, grad, state.get('velocity')!) as Float64Array[];
    const { lr, momentum, dampening, nesterov, weightDecay } = o;
    for (let i = 0; i < p.length; i++) {
      let d = g[i]! + weightDecay * p[i]!;
      if (momentum !== 0) {
        const buf = t === 1 ? d : momentum * v[i]! + (1 - dampening) * d;
        v[i] = buf;
        d = nesterov ? d + momentum * buf : buf;
      }
      p[i] = p[i]! - lr * d;
    }
  }
}

export interface AdamOptions { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number }

/**
 * Adam (Kingma and Ba 2015) with bias correction, eps added to sqrt(v_hat) as PyTorch:
 * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr m_hat / (sqrt(v_hat) + eps).
 * weightDecay adds wd p to the gradient (L2); AdamW decays the weights instead.
 */
export class Adam extends Optimizer<AdamOptions> {
  protected decoupled = false;
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, ...optionsOf(options, 'Adam') }, ['m', 'v']);
  }
  protected override validate(o: AdamOptions, where: string): void {
    super.validate(o, where);
    for (const k of ['beta1', 'beta2'] as const) checkNumber(o[k], `${where}: ${k}`, { min: 0, max: 1, maxExclusive: true });
    checkNumber(o.eps, `${where}: eps`, { min: 0 });
  }
  protected update(param: Tensor, grad: Tensor, state: Map<string, Tensor>, o: AdamOptions, t: number): void {
    if (param.dtype === 'float32') {
      adamStepInPlace_(param, grad, state.get('m')!, state.get('v')!, { lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, decoupled: this.decoupled, step: t });
      return;
    }
    const [p, g, m, v] = views(param, grad, state.get('m')!, state.get('v')!) as Float64Array[];
    const { lr, beta1, beta2, eps, weightDecay } = o;
    const bc1 = 1 - beta1 ** t;
    const sqrtBc2 = Math.sqrt(1 - beta2 ** t);
    const stepSize = lr / bc1;
    const decay = this.decoupled ? 1 - lr * weightDecay : 1;
    const l2 = this.decoupled ? 0 : weightDecay;
    for (let i = 0; i < p.length; i++) {
      const w = p[i]! * decay;
      const d = g[i]! + l2 * p[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * d;
      const vi = beta2 * v[i]! + (1 - beta2) * d * d;
      m[i] = mi;
      v[i] = vi;
      p[i] = w - (stepSize * mi) / (Math.sqrt(vi) / sqrtBc2 + eps);
    }
  }
}

/** AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay p *= 1 - lr wd (default wd 0.01). */
export class AdamW extends Adam {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 0.01, ...optionsOf(options, 'AdamW') });
    this.decoupled = true;
  }
}

export interface AdagradOptions { lr: number; eps: number; weightDecay: number }

/** AdaGrad (Duchi et al. 2011): s += g^2; p -= lr g / (sqrt(s) + eps). */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: ParamsInput<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, eps: 1e-10, weightDecay: 0, ...optionsOf(options, 'Adagrad') }, ['sum']);
  }
  protected override validate(o: AdagradOptions, where: string): void {
    super.validate(o, where);
    checkNumber(o.eps, `${where}: eps`, { min: 0 });
  }
  protected update(param: Tensor, grad: Tensor, state: Map<string, Tensor>, o: AdagradOptions): void {
    if (param.dtype === 'float32') {
      adagradStepInPlace_(param, grad, state.get('sum')!, { lr: o.lr, eps: o.eps, weightDecay: o.weightDecay });
      return;
    }
    const [p, g, s] = views(param, grad, state.get('sum')!) as Float64Array[];
    for (let i = 0; i < p.length; i++) {
      const d = g[i]! + o.weightDecay * p[i]!;
      const si = s[i]! + d * d;
      s[i] = si;
      p[i] = p[i]! - (o.lr * d) / (Math.sqrt(si) + o.eps);
    }
  }
}

export interface RmspropOptions { lr: number; alpha: number; eps: number; momentum: number; weightDecay: number }

/**
 * RMSprop (Hinton's lecture 6e, PyTorch form): a = alpha a + (1 - alpha) g^2; with momentum
 * b = momentum b + g / (sqrt(a) + eps), p -= lr b; without, p -= lr g / (sqrt(a) + eps).
 */
export class RMSprop extends Optimizer<RmspropOptions> {
  constructor(params: ParamsInput<RmspropOptions>, options: Partial<RmspropOptions> = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, momentum: 0, weightDecay: 0, ...optionsOf(options, 'RMSprop') }, ['squareAvg', 'buffer']);
  }
  protected override validate(o: RmspropOptions, where: string): void {
    super.validate(o, where);
    checkNumber(o.alpha, `${where}: alpha`, { min: 0, max: 1 });
    checkNumber(o.eps, `${where}: eps`, { min: 0 });
    checkNumber(o.momentum, `${where}: momentum`, { min: 0 });
  }
  protected update(param: Tensor, grad: Tensor, state: Map<string, Tensor>, o: RmspropOptions): void {
    if (param.dtype === 'float32') {
      rmspropStepInPlace_(param, grad, state.get('squareAvg')!, o.momentum > 0 ? state.get('buffer')! : null, { lr: o.lr, alpha: o.alpha, eps: o.eps, weightDecay: o.weightDecay, momentum: o.momentum });
      return;
    }
    const [p, g, a, b] = views(param, grad, state.get('squareAvg')!, state.get('buffer')!) as Float64Array[];
    for (let i = 0; i < p.length; i++) {
      const d = g[i]! + o.weightDecay * p[i]!;
      const ai = o.alpha * a[i]! + (1 - o.alpha) * d * d;
      a[i] = ai;
      const scaled = d / (Math.sqrt(ai) + o.eps);
      if (o.momentum > 0) {
        const bi = o.momentum * b[i]! + scaled;
        b[i] = bi;
        p[i] = p[i]! - o.lr * bi;
      } else p[i] = p[i]! - o.lr * scaled;
    }
  }
}
