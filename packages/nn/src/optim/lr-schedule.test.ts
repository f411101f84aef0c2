import { describe, expect, it } from 'vitest';
import { ArgumentError } from '@neurite/tensor';
import { ConstantLR, CosineAnnealingLR, ExponentialLR, LinearWarmup, StepLR } from './lr-schedule.ts';

describe('learning-rate schedules', () => {
  it('step, exponential and constant', () => {
    const step = new StepLR(0.1, 2, 0.5);
    expect([0, 1, 2, 3, 4].map((t) => step.rate(t))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(new ExponentialLR(1, 0.5).rate(3)).toBe(0.125);
    expect(new ConstantLR(0.3).rate(99)).toBe(0.3);
  });
  it('cosine annealing reaches the minimum at the period and stays there', () => {
    const cos = new CosineAnnealingLR(1, 10, 0.1);
    expect(cos.rate(0)).toBe(1);
    expect(cos.rate(5)).toBeCloseTo(0.55, 12);
    expect(cos.rate(10)).toBe(0.1);
    expect(cos.rate(20)).toBe(0.1);
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
});
