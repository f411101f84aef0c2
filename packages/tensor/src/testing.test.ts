import { beforeAll, describe, expect, it } from 'vitest';
import { init, scope, tensor } from './index.ts';
import { expectClose, expectNoLeak } from './testing.ts';

beforeAll(async () => {
  await init();
});

describe('expectClose', () => {
  it('checks shape and dtype before values', () => {
    scope(() => {
      expect(() => expectClose(tensor([[1, 2]]), [1, 2])).toThrow(/shape \[1,2\] differs from expected \[2\]/);
      expect(() => expectClose(tensor([1, 2]), tensor([1, 2], undefined, { dtype: 'float64' }))).toThrow(/dtype float32 differs from expected float64/);
      expect(() => expectClose(tensor([1]), [1], { dtype: 'int32' })).toThrow(/dtype/);
      expectClose(tensor([1, 2]), new Float32Array([1, 2]));
    });
  });

  it('NaN matches only NaN and an infinity only the same infinity', () => {
    expectClose([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity]);
    expect(() => expectClose([NaN], [0])).toThrow(/index 0/);
    expect(() => expectClose([0], [NaN])).toThrow(/index 0/);
    expect(() => expectClose([Infinity], [-Infinity])).toThrow();
    expect(() => expectClose([Infinity], [1e30])).toThrow();
  });

  it('uses atol + rtol |expected| and names the worst index', () => {
    expectClose([1.001], [1], { atol: 0, rtol: 2e-3 });
    expect(() => expectClose([1, 2.1, 3.01], [1, 2, 3], { atol: 0.02, rtol: 0 })).toThrow(/index 1 is 2.1/);
  });

  it('expectNoLeak reports tensors left alive', () => {
    let leaked: { dispose(): void } | undefined;
    expect(() => expectNoLeak(() => { leaked = tensor([1]); })).toThrow(/live tensors went from/);
    leaked!.dispose();
  });
});
