import { beforeAll, describe, expect, it } from 'vitest';
import { cast, init, rand, scope, tensor } from '../index.ts';
import { expectClose, expectNoLeak, gradCheck } from '../testing.ts';
import { erf } from './erf.ts';

beforeAll(async () => {
  await init();
});

// Golden values: PyTorch 2.13.0, torch.erf on float64.
const X = [-3, -1.5, -0.6, -0.5, -0.4999, -0.1, -1e-5, 0, 1e-30, 0.25, 0.49, 0.5, 0.75, 1, 2, 2.5, 4, 6];
const TORCH = [
  -0.9999779095030014, -0.9661051464753108, -0.6038560908479259, -0.5204998778130465, -0.5204119951613866, -0.1124629160182849,
  -1.1283791670579e-05, 0.0, 1.1283791670955127e-30, 0.27632639016823696, 0.511668261188523, 0.5204998778130465, 0.7111556336535151,
  0.8427007929497149, 0.9953222650189527, 0.999593047982555, 0.9999999845827421, 1.0,
];

describe('erf', () => {
  it('matches torch.erf to float precision (float32 and float64)', () => {
    expectNoLeak(() => scope(() => {
      expectClose(erf(tensor(X)), tensor(TORCH), { atol: 1e-7, rtol: 1.2e-7 });
      const y64 = erf(cast(tensor(new Float64Array(X)), 'float64'));
      expect(y64.dtype).toBe('float64');
      expectClose(y64, cast(tensor(new Float64Array(TORCH)), 'float64'), { atol: 0, rtol: 1e-15 });
      // Relative accuracy near 0 (the series branch), odd symmetry, special values.
      expectClose(erf(cast(tensor(new Float64Array([1e-300, -2e-10])), 'float64')), cast(tensor(new Float64Array([1.1283791670955126e-300, -2.256758334191025e-10])), 'float64'), { atol: 0, rtol: 1e-12 });
      expectClose(erf(tensor([Infinity, -Infinity, NaN])), [1, -1, NaN]);
      expect(Object.is(erf(tensor([-0])).item(), -0)).toBe(true);
      expect(erf(cast(tensor([1, -2]), 'int32')).dtype).toBe('float32');
      expect(erf(tensor([[], []])).shape).toEqual([2, 0]);
    }));
  });

  it('gradient is 2/sqrt(pi) exp(-x^2) (gradCheck on both branches)', () => {
    expectNoLeak(() => scope(() => {
      gradCheck((t) => erf(t), [rand([3, 4], { seed: 1, low: -2.5, high: 2.5 })]);
      gradCheck((t) => erf(t), [tensor([-0.3, 0.1, 0.45, 0.7, 1.2])]);
      const leaf = tensor([0, 1]).setRequiresGrad(true);
      erf(leaf).backward(tensor([1, 1]));
      expectClose(leaf.grad!, [2 / Math.sqrt(Math.PI), (2 / Math.sqrt(Math.PI)) * Math.exp(-1)]);
    }));
  });
});
