import { describe, expect, it } from 'vitest';
import { ArgumentError } from '@neurite/tensor';
import { ConstantLR, CosineAnnealingLR, ExponentialLR, LinearWarmup, OneCycleLR, StepLR } from './lr-schedule.ts';
import { ReduceLROnPlateau } from './reduce-on-plateau.ts';

describe('learning-rate schedules', () => {
  it('step, exponential and constant', () => {
    const step = new StepLR(0.1, 2, 0.5);
    expect([0, 1, 2, 3, 4].map((t) => step.rate(t))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(new ExponentialLR(1, 0.5).rate(3)).toBe(0.125);
    expect(new ConstantLR(0.3).rate(99)).toBe(0.3);
  });
  it('cosine annealing reaches the minimum at the period, then rises again as PyTorch does', () => {
    const cos = new CosineAnnealingLR(1, 10, 0.1);
    expect(cos.rate(0)).toBe(1);
    expect(cos.rate(5)).toBeCloseTo(0.55, 12);
    expect(cos.rate(10)).toBeCloseTo(0.1, 12);
    expect(cos.rate(15)).toBeCloseTo(0.55, 12);
    expect(cos.rate(20)).toBeCloseTo(1, 12);
    const rate5 = cos.rate(5); // an earlier step after a later one: same value
    expect(new CosineAnnealingLR(1, 10, 0.1).rate(5)).toBe(rate5);
  });
  it('linear warmup then the wrapped schedule', () => {
    const warm = new LinearWarmup(new StepLR(1, 10, 0.1), 4);
    expect([0, 1, 2, 3, 4, 14].map((t) => warm.rate(t))).toEqual([0, 0.25, 0.5, 0.75, 1, 0.1]);
    expect(new LinearWarmup(new ConstantLR(2), 2, 0.5).rate(1)).toBe(1.5);
  });
  it('rejects bad arguments', () => {
    expect(() => new StepLR(0.1, 0)).toThrow(/stepSize/);
    expect(() => new ExponentialLR(-1, 0.5)).toThrow(/initial/);
    expect(() => new CosineAnnealingLR(1, 10, 2)).toThrow(/minimum/);
    expect(() => new StepLR(1, 1).rate(-1)).toThrow(ArgumentError);
    expect(() => new StepLR(1, 1).rate(0.5)).toThrow(/rate: t must be an integer/);
    expect(() => new StepLR(0.1, 1.5)).toThrow(ArgumentError);
    expect(() => new LinearWarmup(new ConstantLR(1), 2, NaN)).toThrow(ArgumentError);
  });
  it('one cycle rises to maxLr, falls to maxLr / (div finalDiv) at the last step and holds it', () => {
    const one = new OneCycleLR(1, 11, { pctStart: 0.5, divFactor: 10, finalDivFactor: 10, annealStrategy: 'linear' });
    expect(one.rate(0)).toBeCloseTo(0.1, 12);
    expect(one.rate(4)).toBeCloseTo(0.1 + 0.9 * (4 / 4.5), 12);
    expect(Math.max(...Array.from({ length: 11 }, (_, t) => one.rate(t)))).toBeLessThanOrEqual(1);
    expect(one.rate(10)).toBeCloseTo(0.01, 12);
    expect(one.rate(50)).toBe(one.rate(10));
    expect(() => new OneCycleLR(1, 1)).toThrow(/totalSteps/);
    expect(() => new OneCycleLR(1, 4, { pctStart: 0.1 })).toThrow(/phase without steps/);
    expect(() => new OneCycleLR(1, 10, { annealStrategy: 'exp' as 'cos' })).toThrow(ArgumentError);
    expect(() => new OneCycleLR(1, 10, 'cos' as object)).toThrow(ArgumentError);
  });
  it('ReduceLROnPlateau reduces after patience bad steps, honours cooldown and minLr', () => {
    const plateau = new ReduceLROnPlateau(1, { patience: 1, factor: 0.5, cooldown: 1, minLr: 0.3 });
    expect([1, 1, 1, 1, 1, 1, 1].map((m) => plateau.step(m))).toEqual([1, 1, 0.5, 0.5, 0.5, 0.3, 0.3]);
    expect(plateau.step(0.5)).toBe(0.3);
    expect(plateau.best).toBe(0.5);
    expect(new ReduceLROnPlateau(1, { patience: 0 }).step(NaN)).toBeCloseTo(0.1, 12);
    expect(() => new ReduceLROnPlateau(1, { factor: 1 })).toThrow(/factor/);
    expect(() => new ReduceLROnPlateau(1, { mode: 'up' as 'min' })).toThrow(ArgumentError);
    expect(() => new ReduceLROnPlateau(0)).toThrow(/initial/);
    expect(() => new ReduceLROnPlateau(1).step('1' as unknown as number)).toThrow(ArgumentError);
  });
});
