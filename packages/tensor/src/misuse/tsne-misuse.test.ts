// Misuse suite, t-SNE's Barnes-Hut repulsion: wrong dtypes and shapes, and jump tables that do not
// move forward (which could loop forever) must be typed errors; valid calls match a plain sweep.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, type Tensor, tsneRepulsion2d } from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { assertMisuse, op, tensorArg } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

/** The sweep of tsneRepulsion2d in plain TypeScript. */
function verify(result: unknown, [points, cells, next]: unknown[]): void {
  const y = (points as Tensor).toArray(), c = (cells as Tensor).toArray(), jump = (next as Tensor).toArray();
  const n = (points as Tensor).shape[0]!, size = (cells as Tensor).shape[0]!, out = (result as Tensor).toArray();
  expect((result as Tensor).shape).toEqual([n, 3]);
  for (let i = 0; i < n; i++) {
    let fx = 0, fy = 0, z = 0;
    for (let t = 0; t < size;) {
      const dx = y[2 * i]! - c[4 * t]!, dy = y[2 * i + 1]! - c[4 * t + 1]!, d2 = dx * dx + dy * dy;
      if (c[4 * t + 3]! >= d2) {
        t++;
        continue;
      }
      const count = c[4 * t + 2]!;
      t = jump[t]!;
      if (d2 === 0) {
        z += count - 1;
        continue;
      }
      const w = 1 / (1 + d2);
      z += count * w;
      fx += count * w * w * dx;
      fy += count * w * w * dy;
    }
    expect([out[3 * i], out[3 * i + 1], out[3 * i + 2]]).toEqual([fx, fy, z]);
  }
}

const sizes = fc.integer({ min: 0, max: 3 });

describe('misuse: tsneRepulsion2d', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      op('tsneRepulsion2d', tsneRepulsion2d, [tensorArg(), tensorArg(), tensorArg()]),
      fc.tuple(sizes, sizes).chain(([n, size]) => op('tsneRepulsion2d', tsneRepulsion2d, [
        tensorArg({ shape: fc.constantFrom([n, 2], [n, 3], [n]), dtypes: ['float64', 'float32'], always: true }),
        tensorArg({ shape: fc.constantFrom([size, 4], [size, 2]), dtypes: ['float64', 'float32'], always: true }),
        tensorArg({ shape: fc.constantFrom([size], [size + 1]), dtypes: ['int32', 'float64'], always: true }),
      ], { verify })),
    ]));
  });
});
