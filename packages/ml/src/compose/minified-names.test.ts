// Minifiers rename classes (an esbuild --minify bundle calls LinearRegression "t"): every saved
// estimator must still write its own type name, and makePipeline must still name steps by class.
import * as features from '@neurite/features';
import { afterEach, describe, expect, it } from 'vitest';
import * as ml from '../index.ts';
import { loadableEstimatorTypes } from './estimator-from-json.ts';
import { makePipeline } from './pipeline.ts';

const exported = { ...features, ...ml } as unknown as Record<string, unknown>;
const restore: (() => void)[] = [];
afterEach(() => restore.splice(0).forEach((f) => f()));

/** Renames a class as a minifier would, until the end of the test. */
function rename(cls: object, to: string): void {
  const before = Object.getOwnPropertyDescriptor(cls, 'name')!;
  Object.defineProperty(cls, 'name', { value: to, configurable: true });
  restore.push(() => Object.defineProperty(cls, 'name', before));
}

describe('type names survive minification', () => {
  const constructible = loadableEstimatorTypes.filter((type) => {
    try {
      new (exported[type] as new () => unknown)();
      return true;
    } catch {
      return false; // needs constructor arguments (steps, members, columns)
    }
  });

  it('covers the estimators that take default parameters', () => {
    expect(constructible.length).toBeGreaterThan(40);
  });

  for (const type of constructible) {
    it(`${type}.toJSON() writes "${type}" under a renamed class`, () => {
      const cls = exported[type] as new () => { toJSON(): { type: string } };
      rename(cls, 't');
      expect(new cls().toJSON().type).toBe(type);
    });
  }

  it('makePipeline names steps by class under renamed classes', () => {
    rename(features.StandardScaler, 'a');
    rename(ml.LogisticRegression, 'b');
    const pipeline = makePipeline(new features.StandardScaler(), new ml.LogisticRegression());
    expect(Object.keys(pipeline.namedSteps)).toEqual(['standardscaler', 'logisticregression']);
  });
});
