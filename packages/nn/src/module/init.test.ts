import { describe, expect, it } from 'vitest';
import { manualSeed } from '@neurite/tensor';
import { gain, kaimingNormal, kaimingUniform, nextDefaultSeed, xavierNormal, xavierUniform } from './init.ts';

function stats(v: Float32Array) {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let variance = 0;
  for (const x of v) variance += (x - mean) ** 2;
  return { mean, std: Math.sqrt(variance / v.length), max: Math.max(...v.map(Math.abs)) };
}

describe('initializers', () => {
  it('Xavier uniform and normal have the stated spread', () => {
    const u = stats(xavierUniform(100_000, 300, 100, 1));
    expect(u.max).toBeLessThanOrEqual(Math.sqrt(6 / 400));
    expect(u.std).toBeCloseTo(Math.sqrt(6 / 400) / Math.sqrt(3), 3);
    const n = stats(xavierNormal(100_000, 300, 100, 2));
    expect(Math.abs(n.mean)).toBeLessThan(0.001);
    expect(n.std / Math.sqrt(2 / 400)).toBeCloseTo(1, 1);
  });
  it('Kaiming uniform and normal have std gain / sqrt(fanIn)', () => {
    const u = stats(kaimingUniform(100_000, 50, 3));
    expect(u.std / (Math.SQRT2 / Math.sqrt(50))).toBeCloseTo(1, 1);
    const n = stats(kaimingNormal(100_000, 50, 4, 'leakyRelu', 0.2));
    expect(n.std / (gain('leakyRelu', 0.2) / Math.sqrt(50))).toBeCloseTo(1, 1);
  });
  it('is seeded: same seed, same weights; another seed, other weights', () => {
    expect(kaimingUniform(10, 5, 9)).toEqual(kaimingUniform(10, 5, 9));
    expect(kaimingUniform(10, 5, 9)).not.toEqual(kaimingUniform(10, 5, 10));
    manualSeed(1);
    const a = [nextDefaultSeed(), nextDefaultSeed()];
    manualSeed(1);
    expect([nextDefaultSeed(), nextDefaultSeed()]).toEqual(a);
    expect(() => xavierUniform(1, 0, 1, 1)).toThrow(/fanIn/);
  });
});
