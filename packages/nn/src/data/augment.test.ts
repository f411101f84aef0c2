import { describe, expect, it } from 'vitest';
import { augmentImages, flipImages, inverseAffine, transformImage } from './augment-image.ts';
import { randomDeletion, randomSwap, synonymReplacement } from './augment-text.ts';
import { seededRandom } from './random.ts';

// 3x3 single-channel image 0..8 (row-major).
const image = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7, 8]);
const shape = [1, 3, 3, 1] as const;

function transformed(degrees: number, scale: number, dx: number, dy: number): number[] {
  const out = new Float32Array(9);
  transformImage(image, out, 0, 3, 3, 1, inverseAffine(3, 3, degrees, scale, dx, dy));
  return [...out].map((v) => Math.round(v * 1e6) / 1e6);
}

describe('image augmentation', () => {
  it('flips', () => {
    expect([...flipImages(image, shape, 'horizontal')]).toEqual([2, 1, 0, 5, 4, 3, 8, 7, 6]);
    expect([...flipImages(image, shape, 'vertical')]).toEqual([6, 7, 8, 3, 4, 5, 0, 1, 2]);
  });
  it('shifts by whole pixels exactly, filling with zeros', () => {
    expect(transformed(0, 1, 1, 0)).toEqual([0, 0, 1, 0, 3, 4, 0, 6, 7]);
    expect(transformed(0, 1, 0, -1)).toEqual([3, 4, 5, 6, 7, 8, 0, 0, 0]);
  });
  it('rotates by 90 degrees exactly (counter-clockwise on screen)', () => {
    expect(transformed(90, 1, 0, 0)).toEqual([2, 5, 8, 1, 4, 7, 0, 3, 6]);
    expect(transformed(0, 1, 0, 0)).toEqual([...image]);
  });
  it('scales about the centre with bilinear sampling', () => {
    // zoom x2: output pixel (0,0) samples source (0.5, 0.5) = mean of 0, 1, 3, 4
    expect(transformed(0, 2, 0, 0)[0]).toBeCloseTo(2, 6);
    expect(transformed(0, 2, 0, 0)[4]).toBe(4);
  });
  it('random augmentation is seeded, shape-preserving and clipped', () => {
    const batch = new Float32Array(2 * 28 * 28).map((_, i) => (i % 7) / 7);
    const opts = { maxRotationDegrees: 10, maxShiftPixels: 2, scaleRange: [0.9, 1.1] as const, noiseStd: 0.05, flipHorizontal: 0.5, clip: [0, 1] as const };
    const a = augmentImages(batch, [2, 28, 28, 1], opts, seededRandom(5));
    const b = augmentImages(batch, [2, 28, 28, 1], opts, seededRandom(5));
    const c = augmentImages(batch, [2, 28, 28, 1], opts, seededRandom(6));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.length).toBe(batch.length);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    expect(augmentImages(batch, [2, 28, 28, 1], {}, seededRandom(1))).toEqual(batch);
    expect(() => augmentImages(batch, [3, 28, 28, 1], {}, seededRandom(1))).toThrow(/holds/);
  });
});

describe('text augmentation', () => {
  const tokens = ['the', 'quick', 'brown', 'fox', 'jumps'];
  it('replaces words from the user map only', () => {
    const out = synonymReplacement(tokens, { quick: ['fast'], fox: ['dog', 'wolf'] }, 2, seededRandom(1));
    expect(out[1]).toBe('fast');
    expect(['dog', 'wolf']).toContain(out[3]);
    expect([out[0], out[2], out[4]]).toEqual(['the', 'brown', 'jumps']);
    expect(synonymReplacement(tokens, new Map([['quick', ['fast']]]), 5, seededRandom(1))).toEqual(['the', 'fast', 'brown', 'fox', 'jumps']);
    expect(synonymReplacement(tokens, { constructor: ['x'] }, 5, seededRandom(1))).toEqual(tokens);
  });
  it('deletes with a probability, keeping one token', () => {
    expect(randomDeletion(tokens, 0, seededRandom(1))).toEqual(tokens);
    expect(randomDeletion(tokens, 1, seededRandom(1))).toHaveLength(1);
    const kept = randomDeletion(Array.from({ length: 1000 }, (_, i) => String(i)), 0.3, seededRandom(2));
    expect(kept.length).toBeGreaterThan(650);
    expect(kept.length).toBeLessThan(750);
  });
  it('swaps positions, keeping the multiset', () => {
    const out = randomSwap(tokens, 3, seededRandom(4));
    expect([...out].sort()).toEqual([...tokens].sort());
    expect(randomSwap(tokens, 3, seededRandom(4))).toEqual(out);
  });
});
