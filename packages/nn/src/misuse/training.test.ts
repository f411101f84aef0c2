import fc from 'fast-check';
import { Generator, init, type Tensor, tensor } from '@neurite/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { augmentImages, flipImages, inverseAffine, transformImage } from '../data/augment-image.ts';
import { randomDeletion, randomSwap, synonymReplacement } from '../data/augment-text.ts';
import { DataLoader, splitColumns, takeRows } from '../data/data-loader.ts';
import { loadMnist } from '../data/mnist.ts';
import { Linear } from '../layers/linear.ts';
import {
  bceWithLogitsLoss, crossEntropyLoss, hingeLoss, huberLoss, l1Penalty, l2Penalty, maeLoss, mseLoss, squaredHingeLoss,
} from '../losses/losses.ts';
import { clipGradNorm, clipGradValue } from '../optim/clip.ts';
import { ConstantLR, CosineAnnealingLR, ExponentialLR, LinearWarmup, StepLR } from '../optim/lr-schedule.ts';
import type { Optimizer } from '../optim/optimizer.ts';
import { Adagrad, Adam, AdamW, RMSprop, SGD } from '../optim/optimizers.ts';
import { EarlyStopping, LearningRateScheduler, ModelCheckpoint } from '../train/callbacks.ts';
import { evaluate, predict } from '../train/evaluate.ts';
import { fit } from '../train/fit.ts';
import {
  badValue, canary, disposeCanaries, expectTypedOrCorrect, expectTypedOrCorrectAsync, filled, fraction, makeCanaries, optionsWith, property, RUNS, SEED, size,
  smallShape,
} from './harness.ts';

beforeAll(async () => {
  await init();
  makeCanaries();
});
afterAll(() => disposeCanaries());

const reduction = fc.constantFrom('mean', 'sum', 'none');
const finiteOrShape = (out: Tensor) => expect(out.isDisposed).toBe(false);

describe('losses with bad arguments', () => {
  const losses = [mseLoss, maeLoss, hingeLoss, squaredHingeLoss] as ((a: unknown, b: unknown, r: unknown) => Tensor)[];
  it('elementwise losses: a typed error or a loss', () => {
    property(fc.nat(losses.length - 1), smallShape, smallShape, fc.oneof(reduction, badValue), fc.boolean(), (which, s1, s2, r, useCanary) => {
      const a = filled(s1);
      const b = useCanary ? canary(0) : filled(s2, 'float32', 1);
      expectTypedOrCorrect(() => losses[which]!(a, b, r), finiteOrShape);
      a.dispose();
      if (!useCanary) b.dispose();
    });
  });

  it('huber, BCE: a typed error or a loss', () => {
    property(smallShape, fc.boolean(), optionsWith({ delta: fraction, posWeight: fraction, reduction }), (shape, huber, o) => {
      const a = filled(shape);
      const b = filled(shape, 'float32', 2);
      expectTypedOrCorrect(() => (huber ? huberLoss(a, b, o as object) : bceWithLogitsLoss(a, b, o as object)), finiteOrShape);
      a.dispose();
      b.dispose();
    });
  });

  it('crossEntropyLoss: bad labels, weights and options give a typed error', () => {
    const label = fc.oneof(fc.integer({ min: 0, max: 2 }), badValue);
    const labels = fc.oneof(fc.array(label, { maxLength: 4 }).map((v) => (v.every((x) => typeof x === 'number' && Number.isInteger(x) && Math.abs(x) < 2 ** 31) ? Int32Array.from(v as number[]) : v)), badValue);
    property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), labels, optionsWith({ labelSmoothing: fraction, reduction, weights: fc.array(fraction, { maxLength: 4 }) }), (n, c, y, o) => {
      const logits = filled([n, c]);
      expectTypedOrCorrect(() => crossEntropyLoss(logits, y as Int32Array, o as object), finiteOrShape);
      logits.dispose();
    });
  });

  it('penalties: a typed error or a scalar', () => {
    property(fc.oneof(fc.constant('canaries'), badValue), fc.oneof(fraction, badValue), (params, lambda) => {
      const list = params === 'canaries' ? [canary(0), canary(3)] : params;
      expectTypedOrCorrect(() => (typeof lambda === 'number' && lambda > 0.5 ? l1Penalty : l2Penalty)(list as Tensor[], lambda as number), finiteOrShape);
    });
  });
});

describe('optimizers, clipping and schedules with bad arguments', () => {
  const makers = [
    (p: unknown, o: unknown) => new SGD(p as Tensor[], o as { lr: number }),
    (p: unknown, o: unknown) => new Adam(p as Tensor[], o as object),
    (p: unknown, o: unknown) => new AdamW(p as Tensor[], o as object),
    (p: unknown, o: unknown) => new Adagrad(p as Tensor[], o as object),
    (p: unknown, o: unknown) => new RMSprop(p as Tensor[], o as object),
  ];
  const hyper = optionsWith({
    lr: fraction, momentum: fraction, dampening: fraction, nesterov: fc.boolean(), weightDecay: fraction, beta1: fraction, beta2: fraction, eps: fraction, alpha: fraction,
  });

  it('constructors, step, setLearningRate and loadStateDict: a typed error or a working optimizer', () => {
    property(fc.nat(makers.length - 1), fc.oneof(fc.constant('own'), fc.constant('group'), badValue), hyper, badValue, badValue, (which, params, o, lr, state) => {
      const p = filled([3]).keep().setRequiresGrad(true);
      p.grad = filled([3], 'float32', 5);
      const list = params === 'own' ? [p] : params === 'group' ? [{ params: [p], lr: 0.1 }] : params;
      expectTypedOrCorrect(() => {
        const optimizer = makers[which]!(list, o) as Optimizer;
        try {
          optimizer.step();
          expectTypedOrCorrect(() => optimizer.setLearningRate(lr as number));
          expectTypedOrCorrect(() => optimizer.loadStateDict(state as never));
          expectTypedOrCorrect(() => optimizer.loadStateDict({ ...optimizer.stateDict(), steps: [state as number] }));
          optimizer.step(); // a huge but finite lr may overflow the values: that is arithmetic, not misuse
          expect(p.size).toBe(3);
        } finally {
          optimizer.dispose();
        }
      });
      p.dispose();
    });
  });

  it('clipping: a typed error or a clipped gradient', () => {
    property(fc.oneof(fc.constant('own'), badValue), fc.oneof(fraction, badValue), fc.boolean(), (params, limit, byNorm) => {
      const p = filled([4]).keep().setRequiresGrad(true);
      p.grad = filled([4], 'float32', 1);
      const list = params === 'own' ? [p, canary(1)] : params;
      expectTypedOrCorrect(() => (byNorm ? clipGradNorm(list as Tensor[], limit as number) : clipGradValue(list as Tensor[], limit as number)), (norm) => {
        if (byNorm) expect(Number.isFinite(norm)).toBe(true);
        expect([...p.grad!.toArray()].every((v) => Number.isFinite(v))).toBe(true);
      });
      p.dispose();
    });
  });

  it('schedules: a typed error or finite non-negative rates', () => {
    const schedules = [
      (a: unknown, b: unknown, c: unknown) => new ConstantLR(a as number),
      (a: unknown, b: unknown, c: unknown) => new StepLR(a as number, b as number, c as number),
      (a: unknown, b: unknown) => new ExponentialLR(a as number, b as number),
      (a: unknown, b: unknown, c: unknown) => new CosineAnnealingLR(a as number, b as number, c as number),
      (a: unknown, b: unknown, c: unknown) => new LinearWarmup(new ConstantLR(0.1), b as number, c as number),
      (a: unknown, b: unknown) => new LinearWarmup(a as never, b as number),
    ];
    property(fc.nat(schedules.length - 1), fc.oneof(fraction, size), fc.oneof(size, fraction), fc.oneof(fraction, size), fc.oneof(size, badValue), (which, a, b, c, t) => {
      expectTypedOrCorrect(() => schedules[which]!(a, b, c).rate(t as number), (rate) => expect(rate >= 0 && Number.isFinite(rate)).toBe(true));
    });
  });
});

describe('data loading and augmentation with bad arguments', () => {
  const column = fc.oneof(
    fc.record({ data: fc.constantFrom(new Float32Array(6), new Int32Array(4), new Uint8Array(0)), shape: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), badValue), { maxLength: 3 }) }),
    badValue,
  );
  it('DataLoader, splitColumns, takeRows: a typed error or batches covering every row once', () => {
    property(fc.dictionary(fc.constantFrom('x', 'y', 'indices'), column, { maxKeys: 2 }), optionsWith({ batchSize: size, shuffle: fc.boolean(), dropLast: fc.boolean(), seed: fc.nat() }), fc.oneof(fraction, badValue), fc.oneof(fc.array(fc.oneof(fc.nat(3), badValue), { maxLength: 3 }), badValue), (columns, o, f, rows) => {
      expectTypedOrCorrect(() => {
        const loader = new DataLoader(columns as never, o as never);
        const seen = [...loader].flatMap((b) => [...b.indices]);
        if (!loader.dropLast) expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: loader.rows }, (_, i) => i));
      });
      expectTypedOrCorrect(() => splitColumns(columns as never, f as number, 1));
      const first = Object.values(columns as object)[0];
      expectTypedOrCorrect(() => takeRows(first as never, rows as number[]));
    });
  });

  it('loadMnist: a typed error or splits of the asked sizes', () => {
    const digit = fc.oneof({ weight: 4, arbitrary: fc.constant({ raw: new Float32Array(784 * 2) }) }, { weight: 1, arbitrary: fc.oneof(badValue, fc.constant({ raw: [1, 2] })) });
    property(fc.oneof(fc.array(digit, { minLength: 10, maxLength: 10 }), badValue), optionsWith({ trainSize: size, testSize: size, seed: fc.nat() }), (digits, o) => {
      expectTypedOrCorrect(() => loadMnist(digits as never, o as object), ({ train, test }) => {
        expect(train.images.length).toBe(train.count * 784);
        expect(test.labels.length).toBe(test.count);
      });
    });
  });

  it('image augmentation: a typed error or images of the same size', () => {
    const random = new Generator(1);
    const shape = fc.oneof(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })), badValue);
    const o = optionsWith({ flipHorizontal: fraction, maxRotationDegrees: fraction, maxShiftPixels: fraction, scaleRange: fc.tuple(fraction, fraction), noiseStd: fraction, clip: fc.tuple(fraction, fraction), fill: fraction });
    property(shape, o, fc.nat(4), badValue, (s, options, which, bad) => {
      const dims = Array.isArray(s) && s.every((d) => typeof d === 'number' && d >= 0 && Number.isInteger(d)) ? s as number[] : [1, 2, 2, 1];
      const images = new Float32Array(dims.reduce((a, b) => a * b, 1)).map((_, i) => i / 10);
      const calls = [
        () => augmentImages(images, s as never, options as object, random),
        () => flipImages(images, s as never, which % 2 ? 'horizontal' : (bad as 'vertical')),
        () => inverseAffine(dims[1]!, dims[2]!, bad as number, 1, 0, 0),
        () => transformImage(images, new Float32Array(images.length), bad as number, dims[1]!, dims[2]!, dims[3]!, inverseAffine(1, 1, 0, 1, 0, 0)),
        () => augmentImages(images, dims as never, {}, bad as Generator),
      ];
      expectTypedOrCorrect(calls[which]!, (out) => {
        if (out instanceof Float32Array) expect(out.length).toBe(images.length);
      });
    });
  });

  it('text augmentation: a typed error or a token list', () => {
    const random = new Generator(2);
    const tokens = fc.oneof(fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 5 }), badValue, fc.constant([1, 2]));
    property(tokens, fc.oneof(size, fraction), fc.oneof(fc.constant({ a: ['x'], b: [] }), fc.constant({ a: 'x' }), badValue), fc.nat(2), (t, k, syn, which) => {
      const calls = [() => randomDeletion(t as string[], k as number, random), () => randomSwap(t as string[], k as number, random), () => synonymReplacement(t as string[], syn as never, k as number, random)];
      expectTypedOrCorrect(calls[which]!, (out) => expect(Array.isArray(out)).toBe(true));
    });
  });
});

describe('fit, evaluate, predict and callbacks with bad arguments', () => {
  const data = { x: { data: new Float32Array(12).map((_, i) => i / 12), shape: [4, 3] }, y: { data: Int32Array.from([0, 1, 0, 1]), shape: [4] } };

  it('callbacks: a typed error or a callback', () => {
    property(optionsWith({ patience: size, minDelta: fraction, monitor: fc.constantFrom('loss', 'valLoss'), mode: fc.constantFrom('min', 'max'), restoreBestWeights: fc.boolean() }), badValue, fc.nat(2), (o, bad, which) => {
      const calls = [() => new EarlyStopping(o as object), () => new ModelCheckpoint(o as never), () => new LearningRateScheduler(new ConstantLR(0.1), bad as 'epoch')];
      expectTypedOrCorrect(calls[which]!);
    });
  });

  it('evaluate and predict: a typed error or finite figures', () => {
    const model = new Linear(3, 2, { seed: 1 });
    property(optionsWith({ loss: fc.constantFrom('crossEntropy', 'mse'), batchSize: size }), fc.boolean(), (o, ev) => {
      expectTypedOrCorrect(() => (ev ? evaluate(model, data, o as never) : predict(model, data.x, o as object)), (out) => {
        if ('loss' in out) expect(typeof out.loss).toBe('number');
      });
    });
    model.dispose();
  });

  it('fit: a typed error (before any training) or a history', async () => {
    const model = new Linear(3, 2, { seed: 1 });
    const optimizer = new SGD(model.parameters(), { lr: 0.01 });
    const options = fc.oneof(
      badValue,
      fc.record({
        epochs: fc.oneof(fc.integer({ min: 0, max: 1 }), badValue), optimizer: fc.oneof(fc.constant(optimizer), badValue), loss: fc.oneof(fc.constant('crossEntropy'), badValue),
        batchSize: fc.oneof(size, badValue), validationSplit: fc.oneof(fraction, badValue), shuffle: fc.oneof(fc.boolean(), badValue), clipGradNorm: fc.oneof(fraction, badValue),
        l2: fc.oneof(fraction, badValue), yieldEveryMs: fc.oneof(fc.constant(1e9), badValue),
      }, { requiredKeys: ['epochs', 'optimizer', 'loss'] }),
    );
    await fc.assert(
      fc.asyncProperty(options, async (o) => {
        const before = model.parameters().map((p) => [...p.toArray()]);
        let threw = false;
        await expectTypedOrCorrectAsync(async () => {
          try {
            return await fit(model, data, o as never);
          } catch (error) {
            threw = true;
            throw error;
          }
        }, (history) => expect(history.status).toBe('completed'));
        if (threw) expect(model.parameters().map((p) => [...p.toArray()])).toEqual(before);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    optimizer.dispose();
    model.dispose();
  });
});
