// Misuse suite, withInt16Rows: wrong dtypes, ranks and shapes of x and y (and values past int16 or
// the int32 bound) must be typed errors; valid calls equal rowDots on the same tensors.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { init, rowDots, type Tensor, withInt16Rows } from '../index.ts';
import { expectNoLeak } from '../testing.ts';
import { assertMisuse, op, tensorArg } from '../../test/misuse.ts';

beforeAll(async () => {
  await init();
});

/** The held rows' products with y inside the call (they are freed when it returns). */
function heldProducts(x: Tensor, y: Tensor): Tensor {
  return withInt16Rows(x, (rows) => rows.rowDots(y));
}

function verify(result: unknown, [x, y]: unknown[]): void {
  const want = rowDots(x as Tensor, y as Tensor);
  expect((result as Tensor).toArray()).toEqual(want.toArray());
  want.dispose();
}

const sizes = fc.integer({ min: 0, max: 3 });

describe('misuse: withInt16Rows', () => {
  it('every call returns a correct result or a typed error; nothing is corrupted or leaked', () => {
    expectNoLeak(() => assertMisuse([
      op('withInt16Rows', heldProducts, [tensorArg(), tensorArg()]),
      fc.tuple(sizes, sizes, sizes).chain(([m, n, d]) => op('withInt16Rows', heldProducts, [
        tensorArg({ shape: fc.constantFrom([m, d], [m, d + 1], [m]), dtypes: ['int32', 'float64'], always: true }),
        tensorArg({ shape: fc.constantFrom([n, d], [n, d + 1]), dtypes: ['int32', 'float64'], always: true }),
      ], { verify })),
    ]));
  });
});
