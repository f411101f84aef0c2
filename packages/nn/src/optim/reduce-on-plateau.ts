import { checkCount, checkNumber, checkOneOf, describeValue, invalidArgument, optionsOf } from '../validate.ts';

export interface ReduceLROnPlateauOptions {
  /** 'min' (default): lower metrics are better (a loss); 'max': higher are (an accuracy). */
  mode?: 'min' | 'max';
  /** The rate is multiplied by factor on a plateau (default 0.1, in (0, 1)). */
  factor?: number;
  /** Steps without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 1e-4), relative or absolute per thresholdMode. */
  threshold?: number;
  /** 'rel' (default): better than best (1 -+ threshold); 'abs': better than best -+ threshold. */
  thresholdMode?: 'rel' | 'abs';
  /** Steps after a reduction during which bad steps are not counted (default 0). */
  cooldown?: number;
  /** The rate never goes below minLr (default 0). */
  minLr?: number;
  /** A reduction smaller than eps is skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the learning rate when a metric stops improving (PyTorch ReduceLROnPlateau, same rules
 * and defaults). Unlike the other schedules it is not a function of the step count but of the
 * metrics seen: call `step(metric)` once per epoch (or evaluation) with the monitored value; it
 * returns the rate to use next, e.g. `optimizer.setLearningRate(plateau.step(valLoss))`.
 * A NaN metric never counts as an improvement.
 */
export class ReduceLROnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLr: number;
  readonly eps: number;
  private current: number;
  /** The best metric so far (+Infinity / -Infinity before the first step). */
  best: number;
  /** Steps since the last improvement (reset by a reduction and during cooldown). */
  badSteps = 0;
  /** Steps of cooldown left. */
  cooldownLeft = 0;

  constructor(readonly initial: number, options: ReduceLROnPlateauOptions = {}) {
    options = optionsOf(options, 'ReduceLROnPlateau');
    this.current = checkNumber(initial, 'ReduceLROnPlateau: initial', { min: 0, minExclusive: true });
    this.mode = checkOneOf(options.mode ?? 'min', 'ReduceLROnPlateau: mode', ['min', 'max'] as const);
    this.factor = checkNumber(options.factor ?? 0.1, 'ReduceLROnPlateau: factor', { min: 0, max: 1, minExclusive: true, maxExclusive: true });
    this.patience = checkCount(options.patience ?? 10, 'ReduceLROnPlateau: patience');
    this.threshold = checkNumber(options.threshold ?? 1e-4, 'ReduceLROnPlateau: threshold', { min: 0 });
    this.thresholdMode = checkOneOf(options.thresholdMode ?? 'rel', 'ReduceLROnPlateau: thresholdMode', ['rel', 'abs'] as const);
    this.cooldown = checkCount(options.cooldown ?? 0, 'ReduceLROnPlateau: cooldown');
    this.minLr = checkNumber(options.minLr ?? 0, 'ReduceLROnPlateau: minLr', { min: 0 });
    this.eps = checkNumber(options.eps ?? 1e-8, 'ReduceLROnPlateau: eps', { min: 0 });
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  /** The current learning rate. */
  get lr(): number {
    return this.current;
  }

  private isBetter(metric: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? metric < best * (1 - threshold) : metric < best - threshold;
    return this.thresholdMode === 'rel' ? metric > best * (1 + threshold) : metric > best + threshold;
  }

  /**
   * PyTorch's form, per param group: records the metric and, on a plateau, multiplies each group's
   * own rate by `factor` (never below `minLr`, a number or one per group; a change smaller than
   * `eps` is skipped), as torch's ReduceLROnPlateau(optimizer).step(metric) does. Returns the rates.
   */
  stepOptimizer(optimizer: { paramGroups: { options: { lr: number } }[] }, metric: number, minLr: number | readonly number[] = this.minLr): number[] {
    const groups = optimizer?.paramGroups;
    if (!Array.isArray(groups)) invalidArgument(`ReduceLROnPlateau.stepOptimizer: expected an optimizer, got ${describeValue(optimizer)}`);
    const floors = typeof minLr === 'number' ? groups.map(() => minLr) : [...minLr];
    if (floors.length !== groups.length || floors.some((m) => typeof m !== 'number' || !(m >= 0))) {
      invalidArgument(`ReduceLROnPlateau.stepOptimizer: minLr must be a number >= 0 or one per param group (${groups.length}), got ${describeValue(minLr)}`);
    }
    this.step(metric);
    if (this.reducedLast) {
      groups.forEach((g, i) => {
        const reduced = Math.max(g.options.lr * this.factor, floors[i]!);
        if (g.options.lr - reduced > this.eps) g.options.lr = reduced;
      });
    }
    return groups.map((g) => g.options.lr);
  }

  /** True when the last step() hit a plateau (whether or not the single tracked rate changed). */
  private reducedLast = false;

  /** Records one metric value and returns the learning rate to use from now on. */
  step(metric: number): number {
    this.reducedLast = false;
    if (typeof metric !== 'number') invalidArgument(`ReduceLROnPlateau.step: metric must be a number, got ${describeValue(metric)}`);
    if (this.isBetter(metric)) {
      this.best = metric;
      this.badSteps = 0;
    } else this.badSteps++;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.badSteps = 0;
    }
    if (this.badSteps > this.patience) {
      this.reducedLast = true;
      const reduced = Math.max(this.current * this.factor, this.minLr);
      if (this.current - reduced > this.eps) this.current = reduced;
      this.cooldownLeft = this.cooldown;
      this.badSteps = 0;
    }
    return this.current;
  }
}
