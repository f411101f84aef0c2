import { describe, expect, it } from 'vitest';
import { ArgumentError, NotFittedError, ShapeError } from '@neurite/tensor';
import { BaseEstimator, checkAborted, FitAbortedError } from './estimator.ts';
import { decodeLabels, encodeLabels, toTargets } from './labels.ts';

class Toy extends BaseEstimator<{ alpha: number; fitIntercept: boolean }> {
  coef?: number;
  constructor(params?: Partial<{ alpha: number; fitIntercept: boolean }>) {
    super({ alpha: 1, fitIntercept: true }, params);
  }
  protected override validateParams(p: { alpha: number }): void {
    if (!(p.alpha >= 0)) throw new ArgumentError(`Toy: alpha must be >= 0, got ${p.alpha}`);
  }
  get weight(): number {
    return this.fitted(this.coef, 'weight');
  }
}

describe('BaseEstimator', () => {
  it('stores defaults and overrides, copies on get, rejects unknown or invalid params', () => {
    const t = new Toy({ alpha: 0.5 });
    expect(t.getParams()).toEqual({ alpha: 0.5, fitIntercept: true });
    t.getParams().alpha = 9;
    expect(t.getParams().alpha).toBe(0.5);
    expect(t.setParams({ fitIntercept: false }).getParams()).toEqual({ alpha: 0.5, fitIntercept: false });
    expect(() => new Toy({ alhpa: 1 } as never)).toThrow(/unknown parameter "alhpa"; expected one of alpha, fitIntercept/);
    expect(() => t.setParams({ alpha: -1 })).toThrow(ArgumentError);
    expect(t.getParams().alpha).toBe(0.5);
  });

  it('guards learned state with NotFittedError', () => {
    const t = new Toy();
    expect(() => t.weight).toThrow(NotFittedError);
    expect(() => t.weight).toThrow(/Toy.weight/);
    t.coef = 2;
    expect(t.weight).toBe(2);
  });

  it('checkAborted throws once the signal fires', () => {
    const c = new AbortController();
    expect(() => checkAborted({ signal: c.signal }, 'Toy.fit')).not.toThrow();
    c.abort();
    expect(() => checkAborted({ signal: c.signal }, 'Toy.fit')).toThrow(FitAbortedError);
  });
});

describe('labels', () => {
  it('encodes sorted classes and decodes back', () => {
    const e = encodeLabels(['b', 'a', 'c', 'a']);
    expect(e.classes).toEqual(['a', 'b', 'c']);
    expect([...e.indices]).toEqual([1, 0, 2, 0]);
    expect(decodeLabels(e.classes, e.indices)).toEqual(['b', 'a', 'c', 'a']);
    expect(encodeLabels([10, -1, 2]).classes).toEqual([-1, 2, 10]);
  });

  it('rejects mixed, non-finite, empty or mis-sized labels', () => {
    expect(() => encodeLabels([1, 'a'] as never)).toThrow(/label 1 is a string/);
    expect(() => encodeLabels([1, NaN])).toThrow(/label 1 is NaN/);
    expect(() => encodeLabels([])).toThrow(ShapeError);
    expect(() => encodeLabels([1, 2], 3)).toThrow(/2 labels for 3 samples/);
    expect(() => toTargets([1, Infinity])).toThrow(/target 1/);
    expect([...toTargets([1, 2.5])]).toEqual([1, 2.5]);
  });
});
