import { describe, expect, it } from 'vitest';
import { inkFromRgba, SIDE, toMnistInput } from './digit-preprocess.ts';

function canvas(width: number, height: number, ink: (x: number, y: number) => number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = ink(x, y);
  return out;
}

function centreOfMass(image: Float32Array): [number, number, number] {
  let mass = 0, cx = 0, cy = 0;
  image.forEach((v, i) => {
    mass += v;
    cx += v * (i % SIDE);
    cy += v * Math.floor(i / SIDE);
  });
  return [cx / mass, cy / mass, mass];
}

function boundingBox(image: Float32Array): { width: number; height: number } {
  let top = SIDE, bottom = -1, left = SIDE, right = -1;
  image.forEach((v, i) => {
    if (v <= 0) return;
    const x = i % SIDE, y = Math.floor(i / SIDE);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
    left = Math.min(left, x);
    right = Math.max(right, x);
  });
  return { width: right - left + 1, height: bottom - top + 1 };
}

describe('MNIST-style preprocessing of a drawing', () => {
  it('returns null for an empty drawing', () => {
    expect(toMnistInput(new Float32Array(100 * 100), 100, 100)).toBeNull();
  });

  it('scales the ink so its longer side is 20 px and centres its mass', () => {
    // A solid 60x120 block in the top-left corner of a 200x200 pad.
    const out = toMnistInput(canvas(200, 200, (x, y) => (x >= 10 && x < 70 && y >= 5 && y < 125 ? 1 : 0)), 200, 200)!;
    expect(out.length).toBe(SIDE * SIDE);
    expect(boundingBox(out)).toEqual({ width: 10, height: 20 });
    const [cx, cy] = centreOfMass(out);
    expect(Math.abs(cx - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 13.5)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...out)).toBeCloseTo(1, 6);
  });

  it('averages the ink of each target cell and keeps values in [0, 1]', () => {
    // A 40x40 checkerboard: every 2x2 source cell lands in one target pixel at half intensity.
    const out = toMnistInput(canvas(40, 40, (x, y) => ((x + y) % 2 === 0 ? 1 : 0)), 40, 40)!;
    for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
    expect(boundingBox(out)).toEqual({ width: 20, height: 20 });
    expect(out.filter((v) => v > 0).every((v) => Math.abs(v - 0.5) < 1e-6)).toBe(true);
  });

  it('reads ink from the red channel of RGBA pixels', () => {
    expect([...inkFromRgba(new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 0, 255, 51, 51, 51, 255]))]).toEqual([1, 0, 0.2].map(Math.fround));
  });
});
