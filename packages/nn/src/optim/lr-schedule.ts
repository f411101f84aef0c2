import { checkBoolean, checkCount, checkNumber, checkOneOf, describeValue, invalidArgument, optionsOf } from '../validate.ts';

/**
 * Learning-rate schedules: pure maps from a step count (epochs or optimizer steps, as the caller
 * chooses) to a learning rate. They hold no optimizer; `fit`'s scheduler callback or the user
 * applies `rate(t)` to an optimizer's param groups. Formulas follow PyTorch's lr_scheduler.
 */
export interface LearningRateSchedule {
  /** Learning rate at step `t` (t = 0, 1, 2, ...). */
  rate(t: number): number;
  /** Momentum at step `t`, for schedules that cycle it (undefined otherwise). */
  momentum?(t: number): number | undefined;
}

function checkStep(t: number): void {
  checkCount(t, 'rate: t');
}
function checkPositive(name: string, value: number): void {
  checkNumber(value, name, { min: 0, minExclusive: true });
}

/** Constant rate. */
export class ConstantLR implements LearningRateSchedule {
  constructor(readonly initial: number) {
    checkPositive('initial', initial);
  }
  rate(t: number): number {
    checkStep(t);
    return this.initial;
  }
}

/** initial * gamma^floor(t / stepSize) (PyTorch StepLR). */
export class StepLR implements LearningRateSchedule {
  constructor(readonly initial: number, readonly stepSize: number, readonly gamma = 0.1) {
    checkPositive('initial', initial);
    checkCount(stepSize, 'StepLR: stepSize', 1);
    checkPositive('gamma', gamma);
  }
  rate(t: number): number {
    checkStep(t);
    return this.initial * this.gamma ** Math.floor(t / this.stepSize);
  }
}

/** initial * gamma^t (PyTorch ExponentialLR). */
export class ExponentialLR implements LearningRateSchedule {
  constructor(readonly initial: number, readonly gamma: number) {
    checkPositive('initial', initial);
    checkPositive('gamma', gamma);
  }
  rate(t: number): number {
    checkStep(t);
    return this.initial * this.gamma ** t;
  }
}

/**
 * Cosine annealing from `initial` towards `minimum` over `period` steps (SGDR without restarts,
 * Loshchilov and Hutter 2017), PyTorch's CosineAnnealingLR exactly: its chainable recursion, which
 * follows min + (initial - min)(1 + cos(pi t / T)) / 2 and so rises again after the period, with
 * PyTorch's rounding (each rate is computed from the previous one).
 */
export class CosineAnnealingLR implements LearningRateSchedule {
  /** The last rate computed and its step: calls with growing t continue from it. */
  private last: { t: number; lr: number };

  constructor(readonly initial: number, readonly period: number, readonly minimum = 0) {
    checkPositive('initial', initial);
    checkCount(period, 'CosineAnnealingLR: period', 1);
    checkNumber(minimum, 'CosineAnnealingLR: minimum', { min: 0, max: initial });
    this.last = { t: 0, lr: initial };
  }
  rate(t: number): number {
    checkStep(t);
    let { t: step, lr } = t >= this.last.t ? this.last : { t: 0, lr: this.initial };
    const T = this.period, min = this.minimum;
    while (step < t) {
      step++;
      if ((((step - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0) lr = lr + ((this.initial - min) * (1 - Math.cos(Math.PI / T))) / 2;
      else lr = ((1 + Math.cos((Math.PI * step) / T)) / (1 + Math.cos((Math.PI * (step - 1)) / T))) * (lr - min) + min;
    }
    this.last = { t, lr };
    return lr;
  }
}

/**
 * Linear warmup: the rate grows linearly from startFactor * after.rate(0) at t = 0 to
 * after.rate(0) at t = warmupSteps; from then on it is after.rate(t - warmupSteps).
 */
export class LinearWarmup implements LearningRateSchedule {
  constructor(readonly after: LearningRateSchedule, readonly warmupSteps: number, readonly startFactor = 0) {
    if (typeof after !== 'object' || after === null || typeof after.rate !== 'function') invalidArgument(`LinearWarmup: after must be a schedule, got ${describeValue(after)}`);
    checkCount(warmupSteps, 'LinearWarmup: warmupSteps');
    checkNumber(startFactor, 'LinearWarmup: startFactor', { min: 0, max: 1 });
  }
  rate(t: number): number {
    checkStep(t);
    if (t >= this.warmupSteps) return this.after.rate(t - this.warmupSteps);
    const factor = this.startFactor + ((1 - this.startFactor) * t) / this.warmupSteps;
    return this.after.rate(0) * factor;
  }
}

export interface OneCycleOptions {
  /** Fraction of the steps spent rising to maxLr (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' interpolation within each phase. */
  annealStrategy?: 'cos' | 'linear';
  /** The start rate is maxLr / divFactor (default 25). */
  divFactor?: number;
  /** The final rate is the start rate / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (rise, fall back to the start rate, anneal to the final rate) instead of two (default false). */
  threePhase?: boolean;
  /** Cycle the momentum (SGD/RMSprop momentum, Adam's beta1) inversely to the rate (default true, as PyTorch). */
  cycleMomentum?: boolean;
  /** Lowest and highest momentum of the cycle (defaults 0.85 and 0.95). */
  baseMomentum?: number;
  maxMomentum?: number;
}

/**
 * The 1cycle policy (Smith and Topin 2019, PyTorch OneCycleLR): from maxLr / divFactor up to maxLr
 * over the first pctStart of totalSteps, then down to maxLr / (divFactor finalDivFactor) at step
 * totalSteps - 1 (held after it). The rate only: PyTorch also cycles the momentum by default.
 */
export class OneCycleLR implements LearningRateSchedule {
  private readonly phases: { end: number; from: number; to: number }[];
  /** The momentum phases (mirroring the rate's), or undefined when momentum is not cycled. */
  private readonly momentumPhases: { end: number; from: number; to: number }[] | undefined;
  readonly annealStrategy: 'cos' | 'linear';

  constructor(readonly maxLr: number, readonly totalSteps: number, options: OneCycleOptions = {}) {
    options = optionsOf(options, 'OneCycleLR');
    checkPositive('OneCycleLR: maxLr', maxLr);
    checkCount(totalSteps, 'OneCycleLR: totalSteps', 2);
    const pct = checkNumber(options.pctStart ?? 0.3, 'OneCycleLR: pctStart', { min: 0, max: 1, minExclusive: true, maxExclusive: true });
    this.annealStrategy = checkOneOf(options.annealStrategy ?? 'cos', 'OneCycleLR: annealStrategy', ['cos', 'linear'] as const);
    const div = checkNumber(options.divFactor ?? 25, 'OneCycleLR: divFactor', { min: 0, minExclusive: true });
    const finalDiv = checkNumber(options.finalDivFactor ?? 1e4, 'OneCycleLR: finalDivFactor', { min: 0, minExclusive: true });
    const initial = maxLr / div, minimum = initial / finalDiv, up = pct * totalSteps - 1;
    this.phases = checkBoolean(options.threePhase ?? false, 'OneCycleLR: threePhase')
      ? [{ end: up, from: initial, to: maxLr }, { end: 2 * pct * totalSteps - 2, from: maxLr, to: initial }, { end: totalSteps - 1, from: initial, to: minimum }]
      : [{ end: up, from: initial, to: maxLr }, { end: totalSteps - 1, from: maxLr, to: minimum }];
    if (checkBoolean(options.cycleMomentum ?? true, 'OneCycleLR: cycleMomentum')) {
      const base = checkNumber(options.baseMomentum ?? 0.85, 'OneCycleLR: baseMomentum', { min: 0, max: 1 });
      const max = checkNumber(options.maxMomentum ?? 0.95, 'OneCycleLR: maxMomentum', { min: 0, max: 1 });
      // PyTorch's momentum phases: max -> base while the rate rises, base -> max while it falls, then max.
      this.momentumPhases = this.phases.map((phase, i) => ({ end: phase.end, from: i === 1 ? base : max, to: i === 0 ? base : max }));
    }
    this.phases.reduce((start, { end }) => {
      if (!(end > start)) invalidArgument(`OneCycleLR: pctStart ${pct} of ${totalSteps} steps leaves a phase without steps`);
      return end;
    }, 0);
  }

  rate(t: number): number {
    checkStep(t);
    return this.interpolate(this.phases, t);
  }

  /**
   * The momentum at step t when momentum is cycled (PyTorch's cycle_momentum, the default: it moves
   * opposite to the rate, from maxMomentum down to baseMomentum while the rate rises and back), else
   * undefined. `LearningRateScheduler` applies it to SGD's and RMSprop's momentum or Adam's beta1.
   */
  momentum(t: number): number | undefined {
    checkStep(t);
    return this.momentumPhases ? this.interpolate(this.momentumPhases, t) : undefined;
  }

  private interpolate(phases: readonly { end: number; from: number; to: number }[], t: number): number {
    const step = Math.min(t, this.totalSteps - 1);
    let start = 0;
    for (const [i, { end, from, to }] of phases.entries()) {
      if (step <= end || i === phases.length - 1) {
        const pct = (step - start) / (end - start);
        return this.annealStrategy === 'cos' ? to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1) : (to - from) * pct + from;
      }
      start = end;
    }
    return phases[phases.length - 1]!.to;
  }
}
