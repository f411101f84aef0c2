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

export interface AdamOptions { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; amsgrad: boolean }

/**
 * Adam (Kingma and Ba 2015) with bias correction, eps added to sqrt(v_hat) as PyTorch:
 * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr m_hat / (sqrt(v_hat) + eps).
 * weightDecay adds wd p to the gradient (L2); AdamW decays the weights instead.
 * amsgrad (Reddi et al. 2018) divides by the running maximum of v instead (state buffer vMax, kept
 * only when some group asks for amsgrad at construction). The fused kernel has no amsgrad: those
 * groups run the TypeScript loop below on float32 too (one scalar pass, a few times slower than the
 * SIMD kernel; correct to float32 rounding).
 */
export class Adam extends Optimizer<AdamOptions> {
  protected decoupled = false;
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    const o = optionsOf(options, 'Adam');
    super(params, { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false, ...o }, ['m', 'v', ...(anyGroupSets(params, o, 'amsgrad') ? ['vMax'] : [])]);
  }
  protected override validate(o: AdamOptions, where: string): void {
    super.validate(o, where);
    for (const k of ['beta1', 'beta2'] as const) checkNumber(o[k], `${where}: ${k}`, { min: 0, max: 1, maxExclusive: true });
    checkNumber(o.eps, `${where}: eps`, { min: 0 });
    checkOptionalBuffer(this.bufferNames, checkBoolean(o.amsgrad, `${where}: amsgrad`), 'vMax', `${where}: amsgrad`);
  }
  protected update(param: Tensor, grad: Tensor, state: Map<string, Tensor>, o: AdamOptions, t: number): void {
    if (param.dtype === 'float32' && !o.amsgrad) {
      adamStepInPlace_(param, grad, state.get('m')!, state.get('v')!, { lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, decoupled: this.decoupled, step: t });
      return;
    }
    const [p, g, m, v, vMax] = views(param, grad, state.get('m')!, state.get('v')!, ...(o.amsgrad ? [state.get('vMax')!] : []));
    const { lr, beta1, beta2, eps, weightDecay } = o;
    const bc1 = 1 - beta1 ** t;
    const sqrtBc2 = Math.sqrt(1 - beta2 ** t);
    const stepSize = lr / bc1;
    const decay = this.decoupled ? 1 - lr * weightDecay : 1;
    const l2 = this.decoupled ? 0 : weightDecay;
    for (let i = 0; i < p!.length; i++) {
      const w = p![i]! * decay;
      const d = g![i]! + l2 * p![i]!;
      const mi = beta1 * m![i]! + (1 - beta1) * d;
      let vi = beta2 * v![i]! + (1 - beta2) * d * d;
      m![i] = mi;
      v![i] = vi;
      if (vMax !== undefined) vi = vMax[i] = Math.max(vMax[i]!, v![i]!);
      else vi = v![i]!;
      p![i] = w - (stepSize * m![i]!) / (Math.sqrt(vi) / sqrtBc2 + eps);
    }
  }
}

/** Whether the defaults or any param group set the boolean option `key` (which decides an optional state buffer). */
function anyGroupSets(params: unknown, defaults: Record<string, unknown>, key: string): boolean {
  const groups = Array.isArray(params) ? (params as unknown[]) : [];
  return defaults[key] === true || groups.some((g) => typeof g === 'object' && g !== null && (g as Record<string, unknown>)[key] === true);
}

/** An option that needs the optional state buffer `name` can only be on if the optimizer was built with it. */
function checkOptionalBuffer(bufferNames: readonly string[], on: boolean, name: string, what: string): void {
  if (on && !bufferNames.includes(name)) invalidArgument(`${what} can only be turned on for an optimizer constructed with it (its ${name} state is allocated then)`);
}

/** AdamW (Loshchilov and Hutter 2019): Adam with decoupled weight decay p *= 1 - lr wd (default wd 0.01). */
export class AdamW extends Adam {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 0.01, ...optionsOf(options, 'AdamW') });
    this.decoupled = true;
  }
}

export interface AdagradOptions { lr: number; lrDecay: number; eps: number; weightDecay: number; initialAccumulatorValue: number }

/**
 * AdaGrad (Duchi et al. 2011), PyTorch form: s starts at initialAccumulatorValue; g += wd p;
 * s += g^2; p -= lr / (1 + (t - 1) lrDecay) g / (sqrt(s) + eps) at step t.
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: ParamsInput<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    super(params, { lr: 1e-2, lrDecay: 0, eps: 1e-10, weightDecay: 0, initialAccumulatorValue: 0, ...optionsOf(options, 'Adagrad') }, ['sum']);
  }
  protected override validate(o: AdagradOptions, where: string): void {
    super.validate(o, where);
    checkNumber(o.lrDecay, `${where}: lrDecay`, { min: 0 });
    checkNumber(o.eps, `${where}: eps`, { min: 0 });
    checkNumber(o.initialAccumulatorValue, `${where}: initialAccumulatorValue`, { min: 0 });
  }
  protected override initialValue(name: string, o: AdagradOptions): number {
    return name === 'sum' ? o.initialAccumulatorValue : 0;
  }
  protected update(param: Tensor, grad: Tensor, state: Map<string, Tensor>, o: AdagradOptions, t: number): void {
    const lr = o.lr / (1 + (t - 1) * o.lrDecay);
    if (param.dtype === 'float32') {
      adagradStepInPlace_(param, grad, state.get('sum')!, { lr, eps: o.eps, weightDecay: o.weightDecay });
      return;
    }
    const [p, g, s] = views(param, grad, state.get('sum')!) as Float64Array[];
    for (let i = 0; i < p.length; i++) {
      const d = g[i]! + o.weightDecay * p[i]!;
      const si = s[i]! + d * d;
      s[i] = si;
      p[i] = p[i]! - (lr * d) / (Math.sqrt(si) + o.eps);
    }
  }
}

export interface RmspropOptions { lr: number; alpha: number; eps: number; momentum: number; weightDecay: number; centered: boolean }

/**
 * RMSprop (Hinton's lecture 6e, PyTorch form): a = alpha a + (1 - alpha) g^2; with momentum
 * b = momentum b + g / (sqrt(a) + eps), p -= lr b; without, p -= lr g / (sqrt(a) + eps).
 * centered (Graves 2013) also tracks the mean gradient m = alpha m + (1 - alpha) g and divides by
 * sqrt(a - m^2) + eps instead (state buffer gradAvg, kept only when some group asks for centered
 * at construction). The fused kernel is not centered: those groups run the TypeScript loop below on
 * float32 too (one scalar pass, a few times slower than the SIMD kernel).
 */
export class RMSprop extends Optimizer<RmspropOptions> {
  constructor(params: ParamsInput<RmspropOptions>, options: Partial<RmspropOptions> = {}) {
    const o = optionsOf(options, 'RMSprop');
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, momentum: 0, weightDecay: 0, centered: false, ...o },
      ['squareAvg', 'buffer', ...(anyGroupSets(params, o, 'centered') ? ['gradAvg'] : [])]);
  }
  protected override validate(o: RmspropOptions, where: string): void {
    super.validate(o, where);
    checkNumber(o.alpha, `${where}: alpha`, { min: 0, max: 1 });
    checkNumber(o.eps, `${where}: eps`, { min: 0 });
    checkNumber(o.momentum, `${where}: momentum`, { min: 0 });
    checkOptionalBuffer(this.bufferNames, checkBoolean(o.centered, `${where}: centered`), 'gradAvg', `${where}: centered`);
  }
  protected update(param: Tensor, grad: Tensor, state: Map<string, Tensor>, o: RmspropOptions): void {
    if (param.dtype === 'float32' && !o.centered) {
      rmspropStepInPlace_(param, grad, state.get('squareAvg')!, o.momentum > 0 ? state.get('buffer')! : null, { lr: o.lr, alpha: o.alpha, eps: o.eps, weightDecay: o.weightDecay, momentum: o.momentum });
      return;
    }
    const [p, g, a, b, mean] = views(param, grad, state.get('squareAvg')!, state.get('buffer')!, ...(o.centered ? [state.get('gradAvg')!] : []));
    for (let i = 0; i < p!.length; i++) {
      const d = g![i]! + o.weightDecay * p![i]!;
      const ai = o.alpha * a![i]! + (1 - o.alpha) * d * d;
      a![i] = ai;
      let variance = a![i]!;
      if (mean !== undefined) {
        const mi = o.alpha * mean[i]! + (1 - o.alpha) * d;
        mean[i] = mi;
        variance = a![i]! - mean[i]! * mean[i]!;
      }
      const scaled = d / (Math.sqrt(variance) + o.eps);
      if (o.momentum > 0) {
        const bi = o.momentum * b![i]! + scaled;
        b![i] = bi;
        p![i] = p![i]! - o.lr * bi;
      } else p![i] = p![i]! - o.lr * scaled;
    }
  }
}
