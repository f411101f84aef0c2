import { checkCount, checkNumber, describeValue, invalidArgument } from '../validate.ts';

/**
 * Learning-rate schedules: pure maps from a step count (epochs or optimizer steps, as the caller
 * chooses) to a learning rate. They hold no optimizer; `fit`'s scheduler callback or the user
 * applies `rate(t)` to an optimizer's param groups. Formulas follow PyTorch's lr_scheduler.
 */
export interface LearningRateSchedule {
  /** Learning rate at step `t` (t = 0, 1, 2, ...). */
  rate(t: number): number;
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
 * Cosine annealing from `initial` to `minimum` over `period` steps, then held at `minimum`
 * (SGDR without restarts, Loshchilov and Hutter 2017): min + (initial - min)(1 + cos(pi t / T)) / 2.
 */
export class CosineAnnealingLR implements LearningRateSchedule {
  constructor(readonly initial: number, readonly period: number, readonly minimum = 0) {
    checkPositive('initial', initial);
    checkCount(period, 'CosineAnnealingLR: period', 1);
    checkNumber(minimum, 'CosineAnnealingLR: minimum', { min: 0, max: initial });
  }
  rate(t: number): number {
    checkStep(t);
    if (t >= this.period) return this.minimum;
    return this.minimum + ((this.initial - this.minimum) * (1 + Math.cos((Math.PI * t) / this.period))) / 2;
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
