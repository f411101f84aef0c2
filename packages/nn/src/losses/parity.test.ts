// PyTorch parity of every loss under every reduction (value and input gradient) against fixtures
// written by parity/generate.py (float32, rtol 1e-5).
import { init, memory, mul, scope, sum, type Tensor } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../parity/fixtures.ts';
import { bceWithLogitsLoss, crossEntropyLoss, hingeLoss, huberLoss, maeLoss, mseLoss, nllLoss, type Reduction, squaredHingeLoss } from './losses.ts';

const fixture = loadFixture('losses.safetensors');
let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

type Options = Record<string, unknown>;
const LOSSES: Record<string, (x: Tensor, t: Tensor, reduction: Reduction, options: Options) => Tensor> = {
  mseLoss: (x, t, r) => mseLoss(x, t, r),
  maeLoss: (x, t, r) => maeLoss(x, t, r),
  hingeLoss: (x, t, r) => hingeLoss(x, t, r),
  squaredHingeLoss: (x, t, r) => squaredHingeLoss(x, t, r),
  huberLoss: (x, t, r, o) => huberLoss(x, t, { ...o, reduction: r }),
  bceWithLogitsLoss: (x, t, r, o) => bceWithLogitsLoss(x, t, { ...o, reduction: r }),
  crossEntropyLoss: (x, t, r, o) => crossEntropyLoss(x, t, { ...o, reduction: r }),
  nllLoss: (x, t, r, o) => nllLoss(x, t, { ...o, reduction: r }),
};

interface Case { name: string; fn: string; reduction: Reduction; options?: Options }

describe(`losses match PyTorch ${fixture.torch}`, () => {
  it.each((fixture.cases as unknown as Case[]).map((c) => [c.name, c] as const))('%s', (name, c) => {
    const [x, t, g] = ['x', 't', 'g'].map((k) => fixture.tensor(`${name}.${k}`)) as [Tensor, Tensor, Tensor];
    x.setRequiresGrad(true);
    scope(() => {
      const y = LOSSES[c.fn]!(x, t, c.reduction, c.options ?? {});
      expect(y.shape).toEqual(fixture.entry(`${name}.y`).shape);
      expectClose(y.toArray(), fixture.entry(`${name}.y`).data as Float32Array, `${name} value`);
      sum(mul(y, g)).backward();
    });
    expectClose(x.grad!.toArray(), fixture.entry(`${name}.dx`).data as Float32Array, `${name} gradient`);
    for (const v of [x, t, g]) v.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});
